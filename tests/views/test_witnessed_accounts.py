"""Accounts witnessed: a password reset by the admin is a history row (who, whose, when,
from where), is shown to the owner, and the owner chooses their own password before
anything else; a change of role or of the letters' signer is witnessed the same way."""
from app.extensions import db
from models import RiwayatAkun, User
from tests.conftest import Browser

GIVEN = "Sawah-Hijau-Takeran-7"      # what the admin sets
OWN = "Embung-Kerik-Biru-2027"       # what the owner then chooses
ADMIN_ADDRESS = "10.20.0.99"


def admin_at_their_desk(app) -> Browser:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ADMIN_ADDRESS
    admin = Browser(client)
    assert admin.login("admin").status_code == 302
    return admin


def history(kolom: str) -> list[RiwayatAkun]:
    db.session.expire_all()
    return db.session.execute(db.select(RiwayatAkun).filter_by(kolom=kolom)
                              .order_by(RiwayatAkun.id)).scalars().all()


def reset_password(app, users, role: str, password: str = GIVEN):
    admin = admin_at_their_desk(app)
    uid = users[role].id
    response = admin.post(f"/admin/user/edit/?id={uid}", {
        "username": role, "nama": users[role].nama, "nip": "", "role": role, "aktif": "y",
        "kata_sandi_baru": password}, csrf_url=f"/admin/user/edit/?id={uid}")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return admin


def test_the_admins_reset_is_witnessed_and_the_owner_must_choose_their_own(app, users):
    reset_password(app, users, "camat")
    [row] = history("kata_sandi")
    assert (row.user_id, row.oleh_id, row.ke, row.ip) == (
        users["camat"].id, users["admin"].id, "direset", "10.20.0.99")
    assert row.at is not None

    camat = Browser(app.test_client())
    assert camat.login("camat", GIVEN).status_code == 302
    # Nothing else opens: every page leads to the own-password page, and no act goes through.
    for url in ("/admin/", "/admin/permohonan/", "/admin/pengaturan/", "/akun/kunci-ttd"):
        response = camat.get(url)
        assert response.status_code == 303 and response.headers["Location"].endswith(
            "/akun/kata-sandi"), url
    refused = camat.post("/admin/permohonan/transition/", {"id": "1", "aksi": "sahkan"},
                         csrf_url="/akun/kata-sandi")
    assert refused.status_code == 303
    page = camat.get("/akun/kata-sandi").get_data(as_text=True)
    assert "Kata sandi Anda diatur ulang oleh Petugas Admin pada" in page
    # The password the admin chose does not stay.
    same = camat.post("/akun/kata-sandi", {"lama": GIVEN, "baru": GIVEN, "ulangi": GIVEN},
                      csrf_url="/akun/kata-sandi")
    assert same.status_code == 422 and "berbeda dari kata sandi yang diberikan" in \
        same.get_data(as_text=True)
    done = camat.post("/akun/kata-sandi", {"lama": GIVEN, "baru": OWN, "ulangi": OWN},
                      csrf_url="/akun/kata-sandi")
    assert done.status_code == 302
    assert camat.get("/admin/").status_code == 200
    assert db.session.get(User, users["camat"].id, populate_existing=True).wajib_ganti_sandi \
        is False
    # Once chosen, the page no longer speaks of the reset.
    assert "diatur ulang" not in camat.get("/akun/kata-sandi").get_data(as_text=True)


def test_the_admins_reset_is_listed_on_the_account_history_screen(app, users):
    admin = reset_password(app, users, "sekcam")
    page = admin.get("/admin/riwayat-akun/").get_data(as_text=True)
    assert "Kata sandi" in page and "diatur ulang oleh orang lain" in page
    assert "10.20.0.99" in page


def test_an_account_the_admin_creates_chooses_its_own_password_first(app, users):
    admin = admin_at_their_desk(app)
    response = admin.post("/admin/user/new/", {
        "username": "budi", "nama": "Budi Santoso", "nip": "", "role": "operator",
        "aktif": "y", "kata_sandi_baru": GIVEN}, csrf_url="/admin/user/new/")
    assert response.status_code == 302
    budi = Browser(app.test_client())
    assert budi.login("budi", GIVEN).status_code == 302
    assert budi.get("/admin/permohonan/").status_code == 303
    assert budi.post("/akun/kata-sandi", {"lama": GIVEN, "baru": OWN, "ulangi": OWN},
                     csrf_url="/akun/kata-sandi").status_code == 302
    assert budi.get("/admin/permohonan/").status_code == 200


def test_a_new_account_and_a_role_change_carry_the_address(app, users):
    admin = admin_at_their_desk(app)
    uid = users["operator"].id
    response = admin.post(f"/admin/user/edit/?id={uid}", {
        "username": "operator", "nama": "Petugas Operator", "nip": "", "role": "sekretariat",
        "aktif": "y", "kata_sandi_baru": ""}, csrf_url=f"/admin/user/edit/?id={uid}")
    assert response.status_code == 302
    [row] = history("role")
    assert (row.user_id, row.oleh_id, row.dari, row.ke, row.ip) == (
        uid, users["admin"].id, "operator", "sekretariat", "10.20.0.99")
    assert history("kata_sandi") == []  # no password typed: no reset, no forced change
    assert db.session.get(User, uid).wajib_ganti_sandi is False


def test_a_change_of_the_letters_signer_is_witnessed(app, users):
    from tests.documents.test_lambang import SETTINGS_URL, _form

    admin = admin_at_their_desk(app)
    response = admin.post(SETTINGS_URL, _form(app, camat_nama="Drs. Penyamar", camat_nik=
                                              "3520041309660001"), csrf_url=SETTINGS_URL)
    assert response.status_code == 302
    rows = history("penandatangan")
    changed = {r.ke.partition(":")[0]: r for r in rows}
    assert set(changed) == {"camat_nama", "camat_nik"}
    assert changed["camat_nama"].ke == "camat_nama: Drs. Penyamar"
    assert changed["camat_nik"].ke == "camat_nik: ************0001"  # not the whole NIK
    assert all(r.oleh_id == users["admin"].id and r.ip == "10.20.0.99" for r in rows)


def test_the_migration_goes_down_and_up_with_witnessed_rows(app, users):
    from alembic.script import ScriptDirectory
    from flask_migrate import downgrade, upgrade

    reset_password(app, users, "operator")  # a row of a new kind, and the forced change
    admin_at_their_desk(app).post(f"/admin/user/edit/?id={users['sekcam'].id}", {
        "username": "sekcam", "nama": "Petugas Sekcam", "nip": "", "role": "sekretariat",
        "aktif": "y", "kata_sandi_baru": ""}, csrf_url=f"/admin/user/edit/?id={users['sekcam'].id}")
    db.session.close()  # PostgreSQL: no open transaction may hold the tables migrated
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        downgrade(revision=script.get_revision("0014_saksi").down_revision)
        with db.engine.connect() as conn:
            kinds = [k for (k,) in conn.exec_driver_sql("SELECT kolom FROM riwayat_akun")]
        assert kinds == ["role"]  # the role change stays; the reset cannot be held
        upgrade(revision="heads")
        db.session.remove()
        [row] = db.session.execute(db.select(RiwayatAkun)).scalars().all()
        assert (row.kolom, row.ke, row.ip) == ("role", "sekretariat", None)  # address gone
        assert db.session.get(User, users["operator"].id).wajib_ganti_sandi is False
