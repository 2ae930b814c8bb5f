"""Accounts: creation and password rules, shared by the CLI and the admin screens."""
import re
from functools import lru_cache
from pathlib import Path

from flask import has_request_context, request
from flask_babel import gettext

from app.access.roles import ADMIN
from app.domain_errors import InvalidInput
from app.extensions import db
from app.services import sesi
from app.services.validation import cek_karakter
from app.access.scope import kantor_aktif, lingkup_kabupaten
from models import ROLES, RiwayatAkun, User
from models._kantor import kantor_kerja, kantor_tunggal

MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,49}$")


class AccountError(InvalidInput, ValueError):
    pass


def cek_kata_sandi(password: str, username: str, nama: str | None = None) -> str | None:
    if len(password) < MIN_PASSWORD:
        return gettext("Kata sandi minimal %(n)d karakter.", n=MIN_PASSWORD)
    lowered = password.lower()
    for part in [username, *(nama or "").split()]:
        if len(part) >= 3 and part.lower() in lowered:
            return gettext("Kata sandi tidak boleh memuat nama pengguna atau nama Anda.")
    if is_trivial(password):
        return gettext("Kata sandi ini terlalu umum atau mudah ditebak (misalnya 1111111111, "
                       "1234567890, password123). Pilih gabungan beberapa kata.")
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
                nip: str | None = None, kantor_id: int | None = None) -> User:
    username = username.strip()
    if (problem := cek_nama_pengguna(username)):
        raise AccountError(problem)
    if role not in ROLES:
        raise AccountError(f"Peran tidak dikenal: {role}.")
    problem = (cek_karakter(nama) or cek_kata_sandi(password, username, nama)
               or cek_nip(nip))
    if problem:
        raise AccountError(problem)
    if db.session.execute(db.select(User).filter_by(username=username)).scalar():
        raise AccountError(f"Nama pengguna '{username}' sudah dipakai.")
    if kantor_id is None and not lingkup_kabupaten(role):
        if kantor_aktif() is None and kantor_tunggal(db.session) is None:
            raise AccountError("Beberapa kantor ada: sebutkan kantornya (--kantor KODE).")
        kantor_id = kantor_kerja(db.session)
    user = User(username=username, role=role, nama=nama or username, nip=nip or None,
                kantor_id=None if lingkup_kabupaten(role) else kantor_id)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_account_changes(user, None, {})
    db.session.commit()
    return user


# --- an administrator's limits, and the account history ------------------------------

def _active_admins_besides(user_id: int | None, lock: bool = False) -> int:
    stmt = db.select(User.id).where(User.role == ADMIN, User.aktif.is_(True))
    if user_id is not None:
        stmt = stmt.where(User.id != user_id)
    if lock:  # PostgreSQL: two admins demoting each other at once wait for one another
        stmt = stmt.with_for_update()
    return len(db.session.execute(stmt).scalars().all())


def cek_perubahan_akun(by: User, target: User | None, role: str | None,
                         aktif: bool, lock: bool = False) -> dict[str, str]:
    """Field errors for setting `target` (None: a new account) to `role` and `aktif` by
    `by`: no one changes their own role or deactivates themselves, and at least one
    active administrator always remains."""
    errors: dict[str, str] = {}
    if target is None or target.id is None:
        return errors
    if target.id == by.id:
        if role != target.role:
            errors["role"] = gettext("Anda tidak dapat mengubah peran akun Anda sendiri.")
        if target.aktif and not aktif:
            errors["aktif"] = gettext("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    stops_being_admin = target.role == ADMIN and target.aktif and (role != ADMIN
                                                                    or not aktif)
    if stops_being_admin and not errors and _active_admins_besides(target.id, lock) == 0:
        errors["role" if role != ADMIN else "aktif"] = gettext(
            "Harus tetap ada sedikitnya satu administrator aktif.")
    return errors


def record_account_changes(user: User, by: User | None, before: dict) -> list:
    """One `riwayat_akun` row per changed field (`before`: role and aktif as they were,
    None for a new account); a deactivated account's sessions end at once."""
    rows = [catat(kolom, user=user, oleh=by, dari=_text(before.get(kolom)),
                  ke=_text(getattr(user, kolom)))
            for kolom in ("role", "aktif") if before.get(kolom) != getattr(user, kolom)]
    if before.get("aktif") and not user.aktif:
        sesi.akhiri_semua(user.id, "dinonaktifkan")
    return rows


def catat(kolom: str, *, user: User | None, oleh: User | None, ke: str,
          dari: str | None = None):
    """One witnessed change in `riwayat_akun`: who, whose, what, when and, from a request,
    the address it came from (None from the command line). Added to the caller's
    transaction, so the change and its record commit together."""
    row = RiwayatAkun(user_id=user.id if user else None, oleh_id=oleh.id if oleh else None,
                      kolom=kolom, dari=dari and dari[:200], ke=ke[:200],
                      ip=request.remote_addr if has_request_context() else None)
    db.session.add(row)
    return row


def reset_kata_sandi(user: User, password: str, by: User | None) -> None:
    """Someone else sets `user`'s password (the admin, or the CLI): witnessed, every
    session of the owner ends, and the owner must choose their own at the next login."""
    own = by is not None and by.id == user.id  # an admin setting their own: no reset
    user.set_password(password)
    user.wajib_ganti_sandi = not own
    sesi.akhiri_semua(user.id, "sandi_direset")
    catat("kata_sandi", user=user, oleh=by, ke="diganti_sendiri" if own else "direset")


def reset_terakhir(user: User):
    """The latest reset of `user`'s password by someone else (a `riwayat_akun` row)."""
    return db.session.execute(
        db.select(RiwayatAkun).filter_by(user_id=user.id, kolom="kata_sandi")
        .order_by(RiwayatAkun.id.desc()).limit(1)).scalar()


def _text(value) -> str | None:
    if value is None:
        return None
    return ("ya" if value else "tidak") if isinstance(value, bool) else str(value)


# --- common passwords and trivial patterns -------------------------------------------

_COMMON_FILE = Path(__file__).with_name("kata_sandi_umum.txt")
_KEYBOARD_RUNS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm",
                  "abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_trivial(password: str) -> bool:
    """A known common password (also with digits or symbols added at the end), too few
    different characters, one short unit repeated, or a run along the keyboard or
    alphabet, forwards or backwards (1234567890, 0987654321, qwertyuiop)."""
    lowered = password.lower()
    base = lowered.rstrip("0123456789!@#$%^&*()-_=+.,?~ ")
    common = common_passwords()
    if lowered in common or base in common or len(set(lowered)) < 4:
        return True
    for size in range(1, len(lowered) // 2 + 1):
        unit = lowered[:size]
        if (unit * (len(lowered) // size + 1))[:len(lowered)] == lowered:
            return True
    return any(lowered in run or lowered in run[::-1] for run in _KEYBOARD_RUNS) or any(
        base and (base in run or base in run[::-1]) and len(base) >= 6 for run in _KEYBOARD_RUNS)


# --- offices: which roles an administrator may give, and in which office -------------

def peran_boleh_diberikan(oleh) -> dict[str, str]:
    """The roles `oleh` may give: on a regency's server an office's administrator gives its
    office's roles only, the regency's every role (docs/kantor.md); a server of one office
    has only its administrator, who gives every role (the Dinas's operator included)."""
    if lingkup_kabupaten(oleh.role) or kantor_tunggal(db.session) is not None:
        return dict(ROLES)
    return {r: label for r, label in ROLES.items() if not lingkup_kabupaten(r)}


def cek_peran_diberikan(oleh, role: str | None) -> str | None:
    if role not in peran_boleh_diberikan(oleh):
        return gettext("Peran ini hanya dapat diberikan oleh Administrator Kabupaten.")
    return None


def kantor_akun(oleh, role: str, kantor_id: int | None) -> int | None:
    """The office of an account `oleh` saves with `role`: none for a regency role; the
    administrator's own for an office's administrator; the one chosen for the regency's
    (who must choose). Raises AccountError."""
    if lingkup_kabupaten(role):
        return None
    if not lingkup_kabupaten(oleh.role):
        return oleh.kantor_id
    if not kantor_id:
        raise AccountError(gettext("Pilih kantor akun ini."))
    return kantor_id
