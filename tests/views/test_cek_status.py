"""The resident's status check: both halves must match, nothing personal leaks."""
from datetime import date

from app.access.roles import SEKRETARIAT
from app.access.scope import dalam_kantor
from app.extensions import db
from app.services import kantor as kantor_service
from app.services import permohonan as permohonan_service
from app.services.accounts import create_user
from app.services.nik import buat_nik, buat_no_kk
from models import Desa, Pemohon
from tests.conftest import Browser


def check(app, nomor, nik, **kw):
    browser = Browser(app.test_client())
    return browser.post("/cek-status", {"nomor": nomor, "nik": nik}, csrf_url="/cek-status", **kw)


def test_match_shows_plain_state_and_masked_name(app, an_application):
    p = an_application("disahkan", nama="Siti Aminah")
    response = check(app, p.nomor_tanda_terima.lower(), p.pemohon.nik)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Disahkan" in html and "KTP-el dapat diambil" in html
    assert "S*** A*****" in html
    assert "Siti Aminah" not in html and p.pemohon.nik not in html and p.pemohon.no_kk not in html


def test_wrong_pairs_get_one_generic_message(app, an_application):
    a, b = an_application("diajukan"), an_application("diproses")
    answers = [check(app, a.nomor_tanda_terima, b.pemohon.nik),
               check(app, "TT/99999/403.404/2026", a.pemohon.nik),
               check(app, a.nomor_tanda_terima, "3520041705900999")]
    for response in answers:
        assert response.status_code == 404
        assert "tidak cocok dengan data kami" in response.get_data(as_text=True)
    bodies = {r.get_data(as_text=True).split("csrf_token")[0] for r in answers}
    assert len(bodies) == 1  # the same page whichever half was wrong


def test_empty_form_is_refused_next_to_the_fields(app):
    response = check(app, "", "")
    assert response.status_code == 422
    assert "NIK wajib diisi" in response.get_data(as_text=True)


def test_rate_limited_per_address(app, an_application):
    p = an_application("diajukan")
    statuses = [check(app, p.nomor_tanda_terima, "3520041705900999",
                      environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code for _ in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    other = check(app, p.nomor_tanda_terima, p.pemohon.nik,
                  environ_base={"REMOTE_ADDR": "192.0.2.8"})
    assert other.status_code == 200


def test_a_short_number_of_any_office_on_a_regencys_server(app, ctx, an_application):
    """A resident of the second office types the short number of the receipt (its
    format is that office's own, TT/00001/35.20.05/…) and the NIK: the check finds it."""
    a = an_application("diproses", nama="Siti Aminah")
    lembeyan = kantor_service.tambah("35.20.05", "Lembeyan")
    with dalam_kantor(lembeyan.id):
        db.session.add(Desa(kode="35.20.05.2001", nama="Lembeyan Kulon", jenis="desa"))
        db.session.commit()
        sekretariat = create_user("sekretariat.lembeyan", SEKRETARIAT, "Lembeyan-2026-aman")
        pemohon = Pemohon(nik=buat_nik(date(1991, 3, 4), "P", 77), no_kk=buat_no_kk(77),
                          nama="Warga Lembeyan", tempat_lahir="Magetan",
                          tanggal_lahir=date(1991, 3, 4), jenis_kelamin="P",
                          status_perkawinan="kawin", alamat="Lembeyan", rt="001", rw="001",
                          desa=db.session.execute(db.select(Desa)).scalars().one())
        db.session.add(pemohon)
        db.session.commit()
        b = permohonan_service.record(pemohon, "baru", sekretariat)
        b_nik, b_nomor = pemohon.nik, b.nomor_tanda_terima
    assert "/35.20.05/" in b_nomor
    short = str(int(b_nomor.split("/")[1]))
    response = check(app, short, b_nik)
    assert response.status_code == 200 and "W**** L*******" in response.get_data(as_text=True)
    # The first office's file keeps its own short number.
    first = check(app, a.nomor_tanda_terima.split("/")[1], a.pemohon.nik)
    assert first.status_code == 200 and "S*** A*****" in first.get_data(as_text=True)
