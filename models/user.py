import hashlib
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
import sqlalchemy as sa
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.access.roles import ROLES
from app.extensions import db
from models._time import utcnow


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    nama: Mapped[str] = mapped_column(String(120))
    nip: Mapped[str | None] = mapped_column(String(18))
    role: Mapped[str] = mapped_column(String(20))
    # The office (kantor) the account works in; none for the regency's roles, whose scope
    # is every office (app/access/roles.py SCOPE).
    kantor_id: Mapped[int | None] = mapped_column(ForeignKey("office_settings.id"))
    password_hash: Mapped[str] = mapped_column(String(255))
    aktif: Mapped[bool] = mapped_column(default=True)
    last_login: Mapped[datetime | None]
    # Set when someone else (the admin) resets the password: the owner must choose a new
    # one before anything else (app/blueprints/akun.py).
    wajib_ganti_sandi: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def set_password(self, password: str) -> None:
        # scrypt in production (settings.py); the tests configure a cheap method.
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() \
            else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def session_id(self) -> str:
        """What a login session stores: the id and a fingerprint of the current password
        hash, so a password reset (by the admin or oneself) ends every other session."""
        fingerprint = hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]
        return f"{self.id}:{fingerprint}"

    def get_id(self) -> str:
        return self.session_id

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return bool(self.aktif)

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    def __str__(self) -> str:
        return f"{self.nama} ({self.role_label})"
