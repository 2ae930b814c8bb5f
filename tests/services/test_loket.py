"""The front desk's one-go intake, without HTTP: the applicant, the file, its checklist
and the first decision in one transaction, and one open file per person."""
import threading
from datetime import date

import pytest

from app.extensions import db
from app.services import loket
from app.services.nik import baca_nik, buat_nik
from app.services.permohonan import record
from app.workflow import engine
from app.workflow.declaration import get_workflow
from models import Desa, Pemohon, Permohonan, SyaratPermohonan, TransitionLog

KTP = get_workflow()
BerkasMasihTerbuka = engine.Refused  # the refusal of a second open file
COMMON = {r.kode for r in KTP.common_requirements}


def isian(**kw) -> dict:
    """The applicant's typed values, as the Loket's form hands them to the service."""
    desa = db.session.execute(db.select(Desa).order_by(Desa.kode)).scalars().first()
    data = {"nik": "3520045705900001", "no_kk": "3520041503120077", "nama": "Siti Aminah",
            "tempat_lahir": "Magetan", "tanggal_lahir": date(1990, 5, 17), "jenis_kelamin": "P",
            "status_perkawinan": "kawin", "alamat": "Jl. Melati 3", "rt": "001", "rw": "002",
            "desa_id": desa.id, "telepon": None}
    data.update(kw)
    return data


def counts() -> tuple[int, int, int, int]:
    return tuple(db.session.execute(db.select(db.func.count()).select_from(m)).scalar()
                 for m in (Pemohon, Permohonan, SyaratPermohonan, TransitionLog))


def test_new_applicant_complete_file_is_recorded_and_registered(users):
    hasil = loket.catat_berkas(isian(), "baru", COMMON, "register", users["sekretariat"])
    p = hasil.permohonan
    assert hasil.pemohon_baru and p.status == "teregister" and p.register is not None
    assert p.pemohon.nama == "Siti Aminah" and (p.pemohon.rt, p.pemohon.rw) == ("001", "002")
    assert p.pemohon.telepon is None
    assert all(s.terpenuhi for s in p.syarat)
    assert [log.aksi for log in db.session.execute(db.select(TransitionLog).where(
        TransitionLog.permohonan_id == p.id).order_by(TransitionLog.id)).scalars()] \
        == ["ajukan", "register"]


def test_incomplete_file_is_returned_with_the_missing_items_as_note(users):
    hasil = loket.catat_berkas(isian(), "hilang", COMMON, "kembalikan", users["sekretariat"])
    p = hasil.permohonan
    assert p.status == "dikembalikan" and p.register is None
    log = db.session.execute(db.select(TransitionLog).where(
        TransitionLog.permohonan_id == p.id, TransitionLog.aksi == "kembalikan")).scalar_one()
    assert log.catatan == ("Persyaratan belum lengkap: Surat keterangan kehilangan dari "
                           "Kepolisian.")


def test_the_clerks_own_return_note_is_kept(users):
    hasil = loket.catat_berkas(isian(), "hilang", set(), "kembalikan", users["sekretariat"],
                               catatan="Semua berkas tertinggal di rumah.")
    log = db.session.execute(db.select(TransitionLog).where(
        TransitionLog.permohonan_id == hasil.permohonan.id,
        TransitionLog.aksi == "kembalikan")).scalar_one()
    assert log.catatan == "Semua berkas tertinggal di rumah."


def test_known_nik_updates_the_applicant_and_says_what_changed(users, a_pemohon):
    lama = a_pemohon(nama="Budi Santoso")
    form = isian(nik=lama.nik, no_kk=lama.no_kk, nama="Budi Santoso",
                 tanggal_lahir=date(1990, 5, 17), jenis_kelamin="L", tempat_lahir="Magetan",
                 alamat="Jl. Baru 9", rt="001", rw="002", desa_id=lama.desa_id,
                 telepon="081234567890")
    hasil = loket.catat_berkas(form, "baru", COMMON, "register", users["sekretariat"])
    assert not hasil.pemohon_baru and hasil.permohonan.pemohon_id == lama.id
    assert hasil.diubah == ["alamat", "telepon"]
    assert db.session.get(Pemohon, lama.id).alamat == "Jl. Baru 9"
    assert counts()[0] == 1


@pytest.mark.parametrize("aksi, dicentang, field", [
    ("register", COMMON - {"fc_kk"}, "syarat"),      # a required item not ticked
    ("kembalikan", COMMON, "syarat"),                 # nothing missing to return for
])
def test_a_refused_decision_leaves_nothing_behind(users, aksi, dicentang, field):
    before = counts()
    with pytest.raises(loket.PemohonInvalid) as exc:
        loket.catat_berkas(isian(), "baru", dicentang, aksi, users["sekretariat"])
    assert field in exc.value.errors
    assert counts() == before
    # The receipt number was not used up either: the next file takes number 1.
    p = loket.catat_berkas(isian(), "baru", COMMON, "register", users["sekretariat"]).permohonan
    assert p.nomor_tanda_terima.startswith("TT/00001/")


def test_an_edit_of_a_known_applicant_is_undone_when_the_file_is_refused(users, an_application):
    open_file = an_application("diajukan")
    pemohon = open_file.pemohon
    form = isian(nik=pemohon.nik, no_kk=pemohon.no_kk, nama="Nama Lain",
                 tanggal_lahir=date(1990, 5, 17), jenis_kelamin="L", desa_id=pemohon.desa_id)
    with pytest.raises(BerkasMasihTerbuka) as exc:
        loket.catat_berkas(form, "baru", COMMON, "register", users["sekretariat"])
    assert open_file.nomor_tanda_terima in exc.value.message
    db.session.expire_all()
    assert db.session.get(Pemohon, pemohon.id).nama == "Budi Santoso"
    assert counts()[1] == 1


def test_bad_fields_come_back_per_field(users):
    with pytest.raises(loket.PemohonInvalid) as exc:
        loket.catat_berkas(isian(nik="3520041705900001", jenis_kelamin="L", nama="",
                                 tanggal_lahir=None, desa_id=999999, status_perkawinan="x"),
                           "baru", COMMON, "register", users["sekretariat"])
    assert set(exc.value.errors) == {"nama", "tanggal_lahir", "desa_id", "status_perkawinan"}
    with pytest.raises(loket.PemohonInvalid) as exc:
        loket.catat_berkas(isian(nik="3520041705900001"), "baru", COMMON, "register",
                           users["sekretariat"])
    assert "jenis kelamin" in exc.value.errors["nik"]
    assert counts() == (0, 0, 0, 0)


def test_only_the_front_desk_records(users):
    with pytest.raises(engine.NotAllowed):
        loket.catat_berkas(isian(), "baru", COMMON, "register", users["operator"])
    assert counts() == (0, 0, 0, 0)


# --- one open file per person --------------------------------------------------------

def test_second_open_file_for_the_same_nik_is_refused_by_the_service(users, an_application):
    first = an_application("diproses")
    with pytest.raises(BerkasMasihTerbuka) as exc:
        record(first.pemohon, "hilang", users["sekretariat"])
    assert "masih memiliki berkas yang belum selesai" in exc.value.message
    assert first.nomor_tanda_terima in exc.value.message and "Diproses" in exc.value.message
    assert counts()[1] == 1


@pytest.mark.parametrize("state", ["diserahkan", "dibatalkan"])
def test_a_finished_file_does_not_block_a_new_one(users, an_application, state):
    old = an_application(state)
    new = record(old.pemohon, "hilang", users["sekretariat"])
    assert new.status == "diajukan" and new.pemohon_id == old.pemohon_id


def test_a_returned_file_is_still_open(users, an_application):
    old = an_application("dikembalikan")
    with pytest.raises(BerkasMasihTerbuka):
        record(old.pemohon, "baru", users["sekretariat"])


def test_two_clerks_recording_the_same_person_at_once_make_one_file(app, users, a_pemohon):
    pemohon_id = a_pemohon().id
    user_id = users["sekretariat"].id
    barrier = threading.Barrier(4)
    outcomes = []

    def one_clerk():
        with app.app_context():
            from models import User
            barrier.wait()
            try:
                record(db.session.get(Pemohon, pemohon_id), "baru", db.session.get(User, user_id))
                outcomes.append("ok")
            except BerkasMasihTerbuka:
                outcomes.append("refused")

    threads = [threading.Thread(target=one_clerk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused", "refused", "refused"]
    db.session.expire_all()
    assert counts()[1] == 1


# --- what the form fills in ----------------------------------------------------------

def test_a_nik_carries_birth_date_and_sex():
    today = date(2026, 12, 1)
    assert baca_nik("3520045705900001", today) == (date(1990, 5, 17), "P")
    assert baca_nik("3520041203080001", today) == (date(2008, 3, 12), "L")
    assert baca_nik(buat_nik(date(1926, 12, 31), "L", 5), today) == (date(1926, 12, 31), "L")
    assert baca_nik("3520043102900001", today) is None  # 31 February
    assert baca_nik("35200412", today) is None


def test_isian_for_a_known_and_an_unknown_nik(a_pemohon):
    known = a_pemohon(nama="Budi Santoso")
    filled = loket.isian_dari_nik(known.nik)
    assert filled["dikenal"] and filled["data"]["nama"] == "Budi Santoso"
    assert filled["data"]["tanggal_lahir"] == "17/05/1990"
    unknown = loket.isian_dari_nik("3520045705900001")
    assert not unknown["dikenal"]
    assert unknown["data"] == {"tanggal_lahir": "17/05/1990", "jenis_kelamin": "P"}


def test_checklist_shown_is_the_one_recorded(users):
    under_17 = date(date.today().year - 16, 1, 1)
    kode = [r.kode for r in loket.daftar_syarat("baru", under_17)]
    assert "buku_nikah" in kode
    assert "buku_nikah" not in [r.kode for r in loket.daftar_syarat("baru", date(1990, 1, 1))]
    assert loket.daftar_syarat("tidak-ada", None) == []


@pytest.mark.parametrize("text, expected", [
    ("17/05/1990", date(1990, 5, 17)), ("17-05-1990", date(1990, 5, 17)),
    ("17.5.1990", date(1990, 5, 17)), ("1990-05-17", date(1990, 5, 17)),
    ("31/02/1990", None), ("17/05/90", None), ("", None), ("kemarin", None)])
def test_dates_as_the_clerk_types_them(text, expected):
    assert loket.baca_tanggal(text) == expected


def test_two_clerks_recording_the_same_new_nik_at_once_make_one_applicant(app, users):
    user_id = users["sekretariat"].id
    form = isian()
    barrier = threading.Barrier(3)
    outcomes = []

    def one_clerk():
        with app.app_context():
            from models import User
            barrier.wait()
            try:
                loket.catat_berkas(form, "baru", COMMON, "register", db.session.get(User, user_id))
                outcomes.append("ok")
            except (loket.PemohonInvalid, BerkasMasihTerbuka):
                outcomes.append("refused")

    threads = [threading.Thread(target=one_clerk) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused", "refused"]
    db.session.expire_all()
    assert counts()[:2] == (1, 1)
