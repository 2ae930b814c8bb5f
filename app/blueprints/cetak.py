"""(placeholder, being written)"""
from flask import Blueprint

bp = Blueprint("cetak", __name__)
