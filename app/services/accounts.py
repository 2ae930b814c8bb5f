"""Accounts: creation and password rules, shared by the CLI and the admin screens."""
import re

from flask_babel import gettext

from app.extensions import db
from models import ROLES, User

MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,49}$")


class AccountError(ValueError):
    pass


def cek_kata_sandi(password: str, username: str, nama: str | None = None) -> str | None:
    if len(password) < MIN_PASSWORD:
        return gettext("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD)
    lowered = password.lower()
    for part in [username, *(nama or "").split()]:
        if len(part) >= 3 and part.lower() in lowered:
            return gettext("Kata sandi tidak boleh memuat nama pengguna atau nama Anda.")
    return None


def cek_kata_sandi_baru(password: str | None, username: str | None, nama: str | None,
                       new_account: bool) -> str | None:
    """The account form's password: required for a new account, else optional; when
    given, it follows the password rules."""
    if not password:
        return gettext("Kata sandi wajib diisi untuk akun baru.") if new_account else None
    return cek_kata_sandi(password, username or "", nama)


def cek_nama_pengguna(username: str | None) -> str | None:
    if not USERNAME.match(username or ""):
        return gettext("Nama pengguna 2–50 karakter: huruf kecil, angka, titik, garis bawah "
                       "atau tanda hubung.")
    return None


def cek_nip(nip: str | None) -> str | None:
    if nip and not (nip.isdigit() and nip.isascii() and len(nip) == 18):
        return gettext("NIP harus 18 digit angka.")
    return None


def create_user(username: str, role: str, password: str, nama: str | None = None,
                nip: str | None = None) -> User:
    username = username.strip()
    if (problem := cek_nama_pengguna(username)):
        raise AccountError(problem)
    if role not in ROLES:
        raise AccountError(f"Peran tidak dikenal: {role}.")
    problem = cek_kata_sandi(password, username, nama) or cek_nip(nip)
    if problem:
        raise AccountError(problem)
    if db.session.execute(db.select(User).filter_by(username=username)).scalar():
        raise AccountError(f"Nama pengguna '{username}' sudah dipakai.")
    user = User(username=username, role=role, nama=nama or username, nip=nip or None)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user
