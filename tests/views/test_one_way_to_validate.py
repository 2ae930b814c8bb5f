"""One way to validate a form: WTForms validators over the services' rules. No screen
overrides Flask-Admin's validation with its own checks, the front desk reads no raw
`request.form`, and the NIK's 16-digit rule is written in one place."""
import ast
import re
from pathlib import Path

from app.extensions import db
from app.services.validation import cek_format_nik, cek_nik
from app.workflow.declaration import get_workflow
from models import Desa, Pemohon, Permohonan

ROOT = Path(__file__).resolve().parents[2]
JSON = {"Accept": "application/json"}


def python_files(*folders: str):
    for folder in folders:
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_no_admin_screen_checks_a_form_by_hand():
    overrides = []
    for path in python_files("admin_views"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef) and node.name == "validate_rules":
                overrides.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if (isinstance(node, ast.FunctionDef) and node.name == "validate_form"
                    and path.name != "base.py"):  # base: the 4xx and GET handling, no rule
                overrides.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not overrides, f"rules belong in WTForms validators: {overrides}"


def test_the_front_desk_reads_no_raw_form():
    for name in ("admin_views/loket.py", "app/services/loket.py"):
        source = (ROOT / name).read_text()
        assert "request.form" not in source, name
        assert not re.search(r"\bform\.(get|getlist)\(", source), name


def test_the_nik_rule_is_written_once():
    message, comparisons = [], []
    for path in python_files("app", "admin_views", "models"):
        text = path.read_text()
        where = str(path.relative_to(ROOT))
        message += [where] * text.count("NIK harus 16 digit angka")
        comparisons += [f"{where}: {m.group(0)}" for m in re.finditer(
            r"len\([^)]*\)\s*(?:==|!=|in)\s*\(?[^\n]*?\b16\b", text)]
    assert message == ["app/services/validation.py"], message
    assert comparisons == ["app/services/validation.py: len(text) == 16"], comparisons
    for template in (ROOT / "templates").rglob("*.html"):
        assert "NIK harus 16 digit angka" not in template.read_text(), template
    # The one rule, through both its doors.
    assert cek_nik("35200417059000") == cek_format_nik("35200417059000")
    assert cek_format_nik("", wajib=True) and not cek_format_nik("")


def intake(**kw) -> dict:
    desa = db.session.execute(db.select(Desa).order_by(Desa.kode)).scalars().first()
    data = {"nik": "3520045705900001", "no_kk": "3520041503120077", "nama": "Siti Aminah",
            "tempat_lahir": "Magetan", "tanggal_lahir": "17/05/1990", "jenis_kelamin": "P",
            "status_perkawinan": "kawin", "alamat": "Jl. Melati 3", "rt": "1", "rw": "2",
            "desa_id": str(desa.id), "jenis": "baru", "aksi": "register",
            "syarat": [r.kode for r in get_workflow().common_requirements]}
    data.update(kw)
    return data


def test_the_loket_form_refuses_a_post_without_its_token_and_saves_nothing(app, login_as):
    browser = login_as("sekretariat")
    browser.get("/admin/loket/")
    response = browser.client.post("/admin/loket/", data=intake(), headers=JSON)  # no token
    assert response.status_code == 400
    assert db.session.execute(db.select(Permohonan)).first() is None


def test_the_loket_says_every_bad_field_at_once_in_indonesian(login_as):
    response = login_as("sekretariat").post(
        "/admin/loket/", intake(nik="35200457059", nama="  ", tanggal_lahir="31/02/1990",
                                desa_id="x", status_perkawinan=""),
        csrf_url="/admin/loket/", headers=JSON)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors["nik"] == "NIK harus 16 digit angka."
    assert errors["nama"] == "Wajib diisi."
    assert errors["tanggal_lahir"].startswith("Tanggal lahir tidak valid")
    assert errors["desa_id"] == "Pilih desa/kelurahan."
    assert errors["status_perkawinan"] == "Pilih status perkawinan."
    assert db.session.execute(db.select(Pemohon)).first() is None


def test_the_loket_form_hands_the_service_typed_values(login_as):
    response = login_as("sekretariat").post(
        "/admin/loket/", intake(nama="Siti   Aminah", tanggal_lahir="17051990", telepon=""),
        csrf_url="/admin/loket/", headers=JSON)
    assert response.status_code == 200, response.get_json()
    pemohon = db.session.execute(db.select(Pemohon)).scalar_one()
    assert (pemohon.nama, pemohon.rt, pemohon.rw, pemohon.telepon) == (
        "Siti Aminah", "001", "002", None)
    assert pemohon.tanggal_lahir.isoformat() == "1990-05-17"


def test_a_field_added_to_the_loket_form_is_checked_and_drawn_like_the_others(app, ctx):
    """How the message-consent field will come: a field and its validator on the form; its
    message, its value as typed and the CSRF check come with it."""
    from wtforms import BooleanField, SelectChoice, SelectField
    from wtforms.validators import ValidationError

    from admin_views.loket_form import LoketForm

    class WithConsent(LoketForm):
        setuju_pesan = BooleanField()
        saluran = SelectField(choices=[SelectChoice("", ""), SelectChoice("wa", "WhatsApp"),
                                       SelectChoice("sms", "SMS")])

        def validate_saluran(self, field):
            if self.setuju_pesan.data and not field.data:
                raise ValidationError("Pilih saluran pesan.")

    with app.test_request_context("/admin/loket/", method="POST",
                                  data=intake(setuju_pesan="y", saluran="")):
        app.config["WTF_CSRF_ENABLED"] = False
        try:
            form = WithConsent()
            assert not form.validate()
        finally:
            app.config["WTF_CSRF_ENABLED"] = True
        assert form.pesan() == {"saluran": "Pilih saluran pesan."}
        assert form.nilai()["setuju_pesan"] == "y"
        assert form.pemohon()["rt"] == "001"
