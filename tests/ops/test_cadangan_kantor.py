"""One office's backup and restore on a server of two (issue 21): office B is put back as it
was backed up, with its numbers not going back; office A keeps every row it had, value for
value; a file of another office, a damaged file, a file of another schema revision and a
whole-database restore of a server of two offices are refused with nothing changed, as one
sentence and exit 1."""
import re
import sqlite3
from datetime import date

import pytest
from sqlalchemy import select

from app.access.scope import dalam_kantor
from app.extensions import db
from app.ops.cadangan_kantor import SHARED, _where, office_tables
from app.services import permohonan as permohonan_service
from app.services.nik import buat_nik, buat_no_kk
from app.services.numbering import next_value
from app.workflow.declaration import get_workflow
from models import Counter, Desa, Pemohon, Permohonan, User

A, B = "35.20.04", "35.20.05"


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def _refused(result, words: str):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines()
             if line.strip() and not line.startswith("INFO  [alembic")
             and not re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ ", line)]
    assert len(lines) == 1 and words in lines[0], result.output


def snapshot(kantor_id: int) -> dict[str, list[tuple]]:
    """Every row of the office, every column, by table (read below the models' filter)."""
    db.session.remove()
    with db.engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t).where(
            _where(t, kantor_id)))) for t in office_tables()}


@pytest.fixture
def two_offices(app, ctx, an_application, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "SAFETY_BACKUP_DIR", str(tmp_path / "pengaman"))
    with dalam_kantor(1):
        a_ids = [an_application(s).id for s in ("diajukan", "teregister", "diserahkan")]
    assert run(app, "kantor", "tambah", B, "Lembeyan").exit_code == 0
    demo = run(app, "seed-demo", "--kantor", B)
    assert demo.exit_code == 0, demo.output
    return {"a": 1, "b": 2, "a_ids": a_ids}


def _new_file(kantor_id: int, n: int) -> Permohonan:
    """A file recorded in the office by its desk: a receipt number handed out."""
    with dalam_kantor(kantor_id):
        desk = db.session.execute(select(User).where(User.kantor_id == kantor_id,
                                                     User.role == "sekretariat")).scalars().first()
        desa = db.session.execute(select(Desa)).scalars().first()
        pemohon = Pemohon(nik=buat_nik(date(1990, 1, 2), "P", n), no_kk=buat_no_kk(n),
                          nama=f"Sesudah Cadangan {n}", tempat_lahir="Magetan",
                          tanggal_lahir=date(1990, 1, 2), jenis_kelamin="P",
                          status_perkawinan="kawin", alamat="Jl. Baru", rt="001", rw="001",
                          desa=desa)
        db.session.add(pemohon)
        db.session.commit()
        return permohonan_service.record(pemohon, "baru", desk, layanan=get_workflow().layanan)


def _change(kantor_id: int, n: int) -> None:
    _new_file(kantor_id, n)
    with dalam_kantor(kantor_id):
        pemohon = db.session.execute(select(Pemohon).order_by(Pemohon.id)).scalars().first()
        pemohon.nama = "Nama Diubah Sesudah Cadangan"
        db.session.commit()


def _receipt_counters(kantor_id: int) -> dict:
    db.session.remove()
    return {(c.nama, c.tahun): c.nilai for c in db.session.execute(select(Counter).where(
        Counter.kantor_id == kantor_id, Counter.nama != "register")).scalars()}


def test_office_b_is_put_back_and_office_a_keeps_its_changes(app, two_offices, tmp_path):
    out = tmp_path / "lembeyan.sqlite"
    written = run(app, "kantor", "cadangkan", B, str(out))
    assert written.exit_code == 0 and "Cadangan kantor 35.20.05 ditulis" in written.output
    assert out.stat().st_mode & 0o777 == 0o600
    backed_up = snapshot(2)
    # The file holds B's rows and none of A's: A's names and files are not in it.
    with sqlite3.connect(out) as file:
        assert {r[0] for r in file.execute("SELECT kantor_id FROM permohonan")} == {2}
        assert file.execute("SELECT count(*) FROM permohonan").fetchone()[0] == \
            len(backed_up["permohonan"]) > 20
        assert [r[0] for r in file.execute("SELECT kode_wilayah FROM office_settings")] == [B]
        assert {r[0] for r in file.execute("SELECT kantor_id FROM user")} == {2}

    _change(2, 7001)
    _change(1, 7002)
    counters_b = _receipt_counters(2)
    a_before = snapshot(1)
    assert snapshot(2) != backed_up

    restored = run(app, "kantor", "pulihkan", B, str(out), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "Kantor 35.20.05 dipulihkan" in restored.output
    after = snapshot(2)
    for table, rows in backed_up.items():
        if table != "counter":
            assert after[table] == rows, table
    # Numbers handed out since the backup stay handed out.
    assert _receipt_counters(2) == counters_b
    # A: every row, every value, as it was just before B's restore (its change kept).
    assert snapshot(1) == a_before
    assert any(r for r in a_before["pemohon"] if "Nama Diubah Sesudah Cadangan" in r)
    assert run(app, "check").exit_code == 0
    # B's next file does not take a receipt number given out before the restore.
    year = next(iter(counters_b))[1]
    with dalam_kantor(2):
        assert next_value("tanda_terima", year, 2) > counters_b.get(("tanda_terima", year), 0)


def test_refusals_change_nothing(app, two_offices, tmp_path):
    a_file, b_file = tmp_path / "takeran.sqlite", tmp_path / "lembeyan.sqlite"
    assert run(app, "kantor", "cadangkan", A, str(a_file)).exit_code == 0
    assert run(app, "kantor", "cadangkan", B, str(b_file)).exit_code == 0
    whole = tmp_path / "semua.sqlite"
    assert run(app, "backup", str(whole)).exit_code == 0
    _change(2, 7003)
    before = (snapshot(1), snapshot(2))

    _refused(run(app, "kantor", "pulihkan", B, str(a_file), "--yes"),
             "cadangan kantor 35.20.04, bukan 35.20.05")
    damaged = tmp_path / "rusak.sqlite"
    data = bytearray(b_file.read_bytes())
    data[len(data) // 2:len(data) // 2 + 4096] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    result = run(app, "kantor", "pulihkan", B, str(damaged), "--yes")
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "rusak" in result.output or "bukan cadangan kantor" in result.output, result.output
    older = tmp_path / "lama.sqlite"
    older.write_bytes(b_file.read_bytes())
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0025_pesan_aduan'")
    _refused(run(app, "kantor", "pulihkan", B, str(older), "--yes"), "versi basis data lain")
    gap = tmp_path / "celah.sqlite"
    gap.write_bytes(b_file.read_bytes())
    with sqlite3.connect(gap) as conn:
        conn.execute("UPDATE register_entry SET nomor_urut = nomor_urut + 100 "
                     "WHERE id = (SELECT max(id) FROM register_entry)")
    _refused(run(app, "kantor", "pulihkan", B, str(gap), "--yes"), "pemeriksaan keutuhan gagal")
    _refused(run(app, "kantor", "pulihkan", "35.20.99", str(b_file), "--yes"),
             "Tidak ada kantor dengan kode 35.20.99")
    if db.engine.dialect.name == "sqlite":
        _refused(run(app, "restore", str(whole), "--yes"), "memuat 2 kantor")
    assert (snapshot(1), snapshot(2)) == before


def test_a_whole_database_restore_of_two_offices_is_refused(app, two_offices, tmp_path):
    whole = tmp_path / "semua.dump"
    assert run(app, "backup", str(whole)).exit_code == 0
    _change(1, 7004)
    before = (snapshot(1), snapshot(2))
    _refused(run(app, "restore", str(whole), "--yes"), "mengembalikan kantor lain")
    assert (snapshot(1), snapshot(2)) == before
    # Said in so many words, every office goes back.
    assert run(app, "restore", str(whole), "--yes", "--semua-kantor").exit_code == 0
    assert snapshot(1) != before[0] and snapshot(2) == before[1]


def test_every_table_is_divided_by_office():
    """A new table must be named in app/ops/cadangan_kantor.py, or an office's backup
    would leave it out silently."""
    for table in office_tables():
        assert table.name not in SHARED
        _where(table, 1)  # raises UnplannedTableError for a table it cannot divide


def test_a_file_whose_rows_point_into_another_office_is_refused(app, two_offices, tmp_path):
    out = tmp_path / "lembeyan.sqlite"
    assert run(app, "kantor", "cadangkan", B, str(out)).exit_code == 0
    with sqlite3.connect(out) as file:  # a checklist item hung on a file of office A
        file.execute("UPDATE syarat_permohonan SET permohonan_id = ? WHERE id = "
                     "(SELECT min(id) FROM syarat_permohonan)", (two_offices["a_ids"][0],))
    before = (snapshot(1), snapshot(2))
    _refused(run(app, "kantor", "pulihkan", B, str(out), "--yes"),
             "merujuk data di luar kantor 35.20.05")
    assert (snapshot(1), snapshot(2)) == before
