"""The daily invariant check finds each kind of damage; backups restore to a sound state."""
import pytest
from sqlalchemy import update

from app.extensions import db
from app.ops.check import run_checks
from models import Permohonan, RegisterEntry, TransitionLog


def failing(app) -> dict[str, int]:
    with app.app_context():
        return {f.rule: f.count for f in run_checks() if f.count}


@pytest.fixture
def walked(an_application):
    return [an_application(state) for state in
            ("diajukan", "dikembalikan", "teregister", "diproses", "disahkan", "diserahkan",
             "dibatalkan")]


def test_a_clean_office_passes(app, walked):
    assert failing(app) == {}
    result = app.test_cli_runner().invoke(args=["check"])
    assert result.exit_code == 0 and "GAGAL" not in result.output


def test_a_state_changed_behind_the_log_is_found(app, walked):
    with app.app_context():
        db.session.execute(update(Permohonan).where(Permohonan.id == walked[0].id)
                           .values(status="disahkan"))
        db.session.commit()
    assert "Status berkas sama dengan riwayat terakhirnya" in failing(app)
    assert app.test_cli_runner().invoke(args=["check"]).exit_code == 1


def test_a_gap_in_register_numbers_is_found(app, walked):
    with app.app_context():
        db.session.execute(update(RegisterEntry).where(RegisterEntry.nomor_urut == 1)
                           .values(nomor_urut=99))
        db.session.commit()
    found = failing(app)
    assert "Nomor register per tahun urut 1..N tanpa celah" in found
    assert "Penghitung nomor tidak di bawah nomor terbesar" in found


def test_a_deleted_log_row_is_found(app, walked):
    with app.app_context():
        last = db.session.execute(db.select(TransitionLog).where(
            TransitionLog.permohonan_id == walked[3].id, TransitionLog.aksi == "register")).scalar()
        db.session.delete(last)
        db.session.commit()
    found = failing(app)
    assert "Setiap nomor register tercatat di riwayat" in found
    assert "Riwayat tiap berkas bersambung (dari = ke sebelumnya)" in found


def test_backup_and_restore_round_trip(app, walked, tmp_path):
    out = tmp_path / "cadangan.dump"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(out)]).exit_code == 0
    with app.app_context():
        db.session.execute(TransitionLog.__table__.delete())
        db.session.commit()
    assert failing(app)
    result = runner.invoke(args=["restore", str(out), "--yes"])
    assert result.exit_code == 0, result.output
    assert failing(app) == {}
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Permohonan.id))).scalar() == 7


def test_a_kept_state_count_that_disagrees_with_a_recount_is_found(app, walked):
    from models import JumlahStatus

    with app.app_context():
        db.session.execute(update(JumlahStatus).where(JumlahStatus.status == "diproses")
                           .values(jumlah=JumlahStatus.jumlah + 5))
        db.session.commit()
    assert failing(app) == {"Jumlah berkas per status di beranda sama dengan hitungan ulang": 1}
    assert app.test_cli_runner().invoke(args=["check"]).exit_code == 1
