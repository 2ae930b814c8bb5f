"""An administrator's limits: not its own role, not its own deactivation, never the last
active admin; every role or status change is in the account history."""
import re

import pytest

from app.extensions import db
from app.services.accounts import cek_perubahan_akun, create_user
from models import RiwayatAkun, User
from tests.conftest import PASSWORD


def _edit(browser, user: User, **changes):
    form = {"username": user.username, "nama": user.nama, "nip": "", "role": user.role,
            "aktif": "y", "kata_sandi_baru": ""}
    form.update(changes)
    form = {k: v for k, v in form.items() if v is not None}
    return browser.post(f"/admin/user/edit/?id={user.id}", form,
                        csrf_url=f"/admin/user/edit/?id={user.id}")


def _history(app, user_id):
    with app.app_context():
        return [(r.kolom, r.dari, r.ke, r.oleh_id) for r in db.session.execute(
            db.select(RiwayatAkun).where(RiwayatAkun.user_id == user_id)
            .order_by(RiwayatAkun.id)).scalars()]


def test_admin_cannot_make_itself_camat_and_ratify(app, login_as, users, an_application):
    p = an_application("diverifikasi")
    admin = login_as("admin")
    response = _edit(admin, users["admin"], role="camat")
    assert response.status_code == 422
    assert "tidak dapat mengubah peran akun Anda sendiri" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, users["admin"].id).role == "admin"
    # Still an admin: ratifying is refused.
    assert admin.post(f"/admin/permohonan/{p.id}/transition/sahkan",
                      {"note": ""}).status_code == 403


def test_admin_cannot_deactivate_itself(app, login_as, users):
    admin = login_as("admin")
    response = _edit(admin, users["admin"], aktif=None)  # the box unticked
    assert response.status_code == 422
    assert "tidak dapat menonaktifkan akun Anda sendiri" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, users["admin"].id).aktif


def test_the_last_active_admin_cannot_be_removed(app, ctx, users):
    other = User(username="admin2", nama="Admin Dua", role="admin")
    other.set_password(PASSWORD)
    db.session.add(other)
    db.session.commit()
    me = users["admin"]
    # Two admins: demoting the other one is allowed...
    assert cek_perubahan_akun(me, other, "operator", True) == {}
    other.aktif = False
    db.session.commit()
    # ...but with the other one inactive, "me" is the last one: no one may remove it.
    assert "sedikitnya satu administrator aktif" in cek_perubahan_akun(
        other, me, "operator", True)["role"]
    assert "sedikitnya satu administrator aktif" in cek_perubahan_akun(
        other, me, "admin", False)["aktif"]


def test_changes_of_role_and_status_are_in_the_account_history(app, login_as, users):
    admin = login_as("admin")
    target = users["operator"]
    assert _edit(admin, target, role="sekcam").status_code == 302
    assert _edit(admin, target, role="sekcam", aktif=None).status_code == 302
    assert _history(app, target.id) == [("role", "operator", "sekcam", users["admin"].id),
                                        ("aktif", "ya", "tidak", users["admin"].id)]
    html = admin.get("/admin/riwayat-akun/").get_data(as_text=True)
    assert "Sekretaris Kecamatan" in html and "Operator Dispenduk" in html
    assert re.search(r">\s*operator\s*<", html) and re.search(r">\s*admin\s*<", html)


def test_a_new_account_starts_its_history(app, ctx):
    user = create_user("loket2", "sekretariat", "Padi-Menguning-42")
    assert _history(app, user.id) == [("role", None, "sekretariat", None),
                                      ("aktif", None, "ya", None)]


@pytest.mark.parametrize("field", ["role", "aktif"])
def test_no_one_else_limits_apply_to_other_accounts(ctx, users, field):
    me = users["admin"]
    target = users["camat"]
    changes = {"role": ("sekcam", True), "aktif": ("camat", False)}[field]
    assert cek_perubahan_akun(me, target, *changes) == {}


def test_cli_refuses_a_name_with_control_characters(app):
    result = app.test_cli_runner().invoke(
        args=["user", "create", "loket3", "--role", "sekretariat", "--nama", "Sri\x00",
              "--password-stdin"], input="Padi-Menguning-42\n")
    assert result.exit_code == 1 and "karakter yang tidak diizinkan" in result.output
    assert "Traceback" not in result.output
