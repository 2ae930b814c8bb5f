"""(placeholder, being written)"""
from flask import Blueprint

bp = Blueprint("verifikasi", __name__)
