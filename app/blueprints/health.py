"""GET /healthz: is the application up and the database reachable?"""
from flask import Blueprint, jsonify
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        return jsonify(status="ok", database="ok")
    except Exception:  # the point of the endpoint is to say so, not to crash
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
