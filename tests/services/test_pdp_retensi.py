"""Retention by the office's archive schedule (UU 27/2022 Pasal 42–44): a report first,
then the run that anonymises the applicants whose files ended longer ago than the
schedule's years; the register keeps its numbers, every figure stays."""
from datetime import date, datetime, timedelta

from sqlalchemy import update

from app.extensions import db
from app.ops.check import run_checks
from app.pdp import retensi
from app.services import statistik
from app.survei import rekap
from app.workflow.declaration import get_workflow
from models import (LogBaca, OfficeSettings, Pemohon, Permohonan, RegisterEntry,
                    TransitionLog)
from models._time import utcnow
from tests.documents.test_lambang import SETTINGS_URL, _form

LONG_AGO = utcnow() - timedelta(days=6 * 366)


def age(p, when=LONG_AGO):
    """The file ended (or stood still) at `when`; its applicant was recorded then."""
    db.session.execute(update(Permohonan).where(Permohonan.id == p.id)
                       .values(status_changed_at=when))
    db.session.execute(update(Pemohon).where(Pemohon.id == p.pemohon_id).values(created_at=when))
    db.session.commit()


def figures():
    wf = get_workflow()
    start, end = datetime(2000, 1, 1), datetime(2100, 1, 1)
    volume = statistik.volume(start, end)
    return (statistik.per_state(wf), volume.per_desa, volume.per_jenis,
            [(f.jumlah, f.median_detik) for f in statistik.sop_steps(start, end, wf)],
            db.session.execute(db.select(db.func.count(TransitionLog.id))).scalar(),
            rekap.diserahkan(wf.layanan, date(2000, 1, 1), date(2100, 1, 1)),
            sorted(db.session.execute(db.select(RegisterEntry.nomor, RegisterEntry.permohonan_id))
                   .all()))


def test_report_then_run_anonymises_what_expired_and_keeps_numbers_and_figures(
        app, ctx, login_as, an_application):
    old = an_application("diserahkan", nama="Sulastri Wulandari", jenis_kelamin="P")
    cancelled = an_application("dibatalkan", nama="Joko Purnomo")
    recent = an_application("diserahkan", nama="Budi Santoso")
    still_open = an_application("teregister", nama="Agus Hidayat")
    for p in (old, cancelled, still_open):
        age(p)
    old_id, old_pemohon, nomor = old.id, old.pemohon_id, old.register.nomor
    db.session.add(LogBaca(user_id=old.created_by_id, peran="sekretariat", jenis="pemohon",
                           pemohon_id=old_pemohon, ip="10.0.0.7", keterangan="352004••••••0001",
                           at=utcnow() - timedelta(days=3 * 366)))
    db.session.commit()
    before = figures()

    runner = app.test_cli_runner()
    report = runner.invoke(args=["pdp", "retensi"])
    assert report.exit_code == 0, report.output
    assert "Pemohon: 2" in report.output and "Berkas permohonan: 2" in report.output
    assert "Log akses data pribadi: 1" in report.output and "Belum ada yang diubah" in report.output
    db.session.expire_all()
    assert db.session.get(Pemohon, old_pemohon).nama == "Sulastri Wulandari"

    run = runner.invoke(args=["pdp", "retensi", "--jalankan"])
    assert run.exit_code == 0 and "Dianonimkan: Pemohon 2, Berkas permohonan 2" in run.output
    db.session.expire_all()
    gone = db.session.get(Pemohon, old_pemohon)
    assert gone.nama == "(dianonimkan)" and gone.dianonimkan_at is not None
    assert gone.nik.startswith("X") and len(gone.nik) == 16 and gone.alamat == "-"
    assert gone.jenis_kelamin == "P" and gone.tanggal_lahir == date(1990, 1, 1)
    assert db.session.get(Pemohon, cancelled.pemohon_id).nama == "(dianonimkan)"
    for kept in (recent, still_open):
        assert db.session.get(Pemohon, kept.pemohon_id).dianonimkan_at is None
    # The register keeps its number, beside a tombstone; figures and checks unchanged.
    assert db.session.get(Permohonan, old_id).register.nomor == nomor
    assert figures() == before
    assert all(f.count == 0 for f in run_checks())
    log = db.session.execute(db.select(LogBaca)).scalar_one()
    assert (log.pemohon_id, log.ip, log.keterangan) == (None, None, None)
    # Nothing left to do; the screens show the tombstone and print nothing of it.
    assert "Pemohon: 0" in runner.invoke(args=["pdp", "retensi"]).output
    clerk = login_as("sekretariat")
    html = clerk.get("/admin/register/").get_data(as_text=True)
    assert nomor in html and "Sulastri" not in html
    assert clerk.get(f"/admin/permohonan/{old_id}/cetak/tanda-terima.pdf").status_code == 409


def test_the_years_are_the_office_settings_and_the_weekly_job_is_declared(app, ctx, login_as,
                                                                         an_application):
    p = an_application("diserahkan")
    age(p, utcnow() - timedelta(days=3 * 366))
    runner = app.test_cli_runner()
    assert "Pemohon: 0" in runner.invoke(args=["pdp", "retensi"]).output  # 5 years by default
    admin = login_as("admin")
    page = admin.get(SETTINGS_URL).get_data(as_text=True)
    assert "Retensi berkas selesai (tahun)" in page
    refused = admin.post(SETTINGS_URL, _form(app, retensi_berkas_tahun="0"), csrf_url=SETTINGS_URL)
    assert refused.status_code == 422 and "Isi 1 sampai 100 tahun." in refused.get_data(as_text=True)
    assert admin.post(SETTINGS_URL, _form(app, retensi_berkas_tahun="2"),
                      csrf_url=SETTINGS_URL).status_code == 302
    db.session.expire_all()
    assert OfficeSettings.get().retensi_berkas_tahun == 2
    assert "Pemohon: 1" in runner.invoke(args=["pdp", "retensi"]).output
    huey = app.extensions["huey"]
    saturday_evening_utc = datetime(2026, 12, 5, 19, 0)  # Sunday 02.00 WIB

    def names(at):
        return {t.name for t in huey.read_periodic(at)}
    assert "retensi_pdp" in names(saturday_evening_utc)
    assert "retensi_pdp" not in names(saturday_evening_utc + timedelta(days=1))


def test_the_weekly_job_logs_its_report_before_it_acts(app, ctx, an_application, caplog):
    p = an_application("dibatalkan")
    age(p)
    with caplog.at_level("INFO", logger="app.pdp.retensi"):
        retensi.mingguan()
    messages = [r.getMessage() for r in caplog.records if r.name == "app.pdp.retensi"]
    assert messages == ["Retensi data pribadi, akan dianonimkan: Pemohon: 1, Berkas permohonan: 1, "
                        "Log akses data pribadi: 0, Pengaduan: 0",
                        "Retensi data pribadi selesai: Pemohon: 1, Berkas permohonan: 1, "
                        "Log akses data pribadi: 0, Pengaduan: 0"]
    db.session.expire_all()
    assert db.session.get(Pemohon, p.pemohon_id).dianonimkan_at is not None
