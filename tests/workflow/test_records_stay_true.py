"""After ratification the printed data is frozen: an edit of the applicant is recorded in
the file's history (old -> new, who, when) and the letters keep the ratified values."""
from app.extensions import db
from models import Pemohon, PerubahanPemohon
from tests.documents.test_documents import pdf_text


def _edit_pemohon(app, browser, pemohon_id: int, **changes):
    with app.app_context():
        p = db.session.get(Pemohon, pemohon_id)
        form = {"nik": p.nik, "no_kk": p.no_kk, "nama": p.nama, "tempat_lahir": p.tempat_lahir,
                "tanggal_lahir": p.tanggal_lahir.isoformat(), "jenis_kelamin": p.jenis_kelamin,
                "status_perkawinan": p.status_perkawinan, "alamat": p.alamat, "rt": p.rt,
                "rw": p.rw, "desa": str(p.desa_id), "telepon": p.telepon or ""}
    form.update(changes)
    url = f"/admin/pemohon/edit/?id={pemohon_id}"
    return browser.post(url, form, csrf_url=url)


def test_an_edit_after_ratification_is_recorded_and_the_letter_keeps_the_ratified_name(
        app, login_as, an_application, users):
    p = an_application("disahkan", nama="Siti Aminah")
    desk = login_as("sekretariat")
    assert _edit_pemohon(app, desk, p.pemohon_id, nama="Siti Rahayu",
                         alamat="Jl. Baru 2").status_code == 302
    _, text = pdf_text(desk.get(f"/admin/permohonan/{p.id}/cetak/surat-pengantar.pdf"))
    assert "Siti Aminah" in text and "Siti Rahayu" not in text
    assert "Jl. Raya Takeran" in text and "Jl. Baru 2" not in text
    with app.app_context():
        rows = {(r.kolom, r.lama, r.baru, r.oleh_id) for r in db.session.execute(
            db.select(PerubahanPemohon)).scalars()}
    sekretariat = users["sekretariat"].id
    assert rows == {("nama", "Siti Aminah", "Siti Rahayu", sekretariat),
                    ("alamat", "Jl. Raya Takeran", "Jl. Baru 2", sekretariat)}
    html = desk.get(f"/admin/permohonan/details/?id={p.id}").get_data(as_text=True)
    part = html.split("Perubahan data pemohon")[1]
    assert "Siti Aminah" in part and "Siti Rahayu" in part and "Petugas Sekretariat" in part
    assert "tetap memuat data saat disahkan" in part


def test_before_ratification_documents_print_the_current_data(app, login_as, an_application):
    p = an_application("diajukan", nama="Budi Santoso")
    desk = login_as("sekretariat")
    assert _edit_pemohon(app, desk, p.pemohon_id, nama="Budi Prasetyo").status_code == 302
    _, text = pdf_text(desk.get(f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf"))
    assert "Budi Prasetyo" in text
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(PerubahanPemohon.id))).scalar() == 1


def test_an_unchanged_save_records_nothing(app, login_as, an_application):
    p = an_application("disahkan")
    assert _edit_pemohon(app, login_as("sekretariat"), p.pemohon_id).status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(PerubahanPemohon.id))).scalar() == 0
