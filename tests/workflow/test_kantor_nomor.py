"""Two offices registering at the same moment (issue 21): each office's register counts
1..N without a gap or a repeat, apart from the other's, and a file takes its own office's
number whoever's scope the worker thread runs in."""
import threading
from datetime import date

from app.access.scope import dalam_kantor
from app.extensions import db
from app.services import kantor as kantor_service
from app.services import permohonan as permohonan_service
from app.services.accounts import create_user
from app.services.nik import buat_nik, buat_no_kk
from app.services.permohonan import tick
from app.workflow import engine
from models import Desa, Pemohon, RegisterEntry, User

PER_OFFICE = 6  # twelve threads: within the connection pool (5 + 10) beside the test's own


def _files_of_b(b, desk) -> list[int]:
    with dalam_kantor(b.id):
        desa = Desa(kode="35.20.05.2001", nama="Lembeyan Kulon", jenis="desa")
        db.session.add(desa)
        db.session.commit()
        ids = []
        for n in range(PER_OFFICE):
            pemohon = Pemohon(nik=buat_nik(date(1990, 1, 2), "L", 7000 + n),
                              no_kk=buat_no_kk(7000 + n), nama=f"Warga B {n}",
                              tempat_lahir="Magetan", tanggal_lahir=date(1990, 1, 2),
                              jenis_kelamin="L", status_perkawinan="kawin", alamat="Lembeyan",
                              rt="001", rw="001", desa=desa)
            db.session.add(pemohon)
            db.session.commit()
            p = permohonan_service.record(pemohon, "baru", desk)
            tick(p, {s.kode for s in p.syarat}, desk)
            ids.append(p.id)
        return ids


def test_two_offices_registering_at_once_each_count_from_one_without_gaps(
        app, ctx, an_application, users):
    with dalam_kantor(1):
        a_ids = []
        for _ in range(PER_OFFICE):
            p = an_application("diajukan")
            tick(p, {s.kode for s in p.syarat}, users["sekretariat"])
            a_ids.append(p.id)
    b = kantor_service.tambah("35.20.05", "Lembeyan")
    b_desk = create_user("meja.lembeyan", "sekretariat", "Lembeyan-2026-aman", kantor_id=b.id)
    b_ids = _files_of_b(b, b_desk)
    work = [(pid, users["sekretariat"].id) for pid in a_ids] + [(pid, b_desk.id) for pid in b_ids]
    barrier = threading.Barrier(len(work), timeout=60)
    errors = []

    def register(pid, user_id):
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                barrier.wait()
                engine.perform(pid, "register", user)
            except Exception as exc:  # reported below
                errors.append(repr(exc))
                barrier.abort()

    threads = [threading.Thread(target=register, args=w) for w in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    db.session.expire_all()
    for kantor_id, ids in ((1, a_ids), (b.id, b_ids)):
        entries = db.session.execute(db.select(RegisterEntry).where(
            RegisterEntry.kantor_id == kantor_id)).scalars().all()
        assert sorted(e.nomor_urut for e in entries) == list(range(1, PER_OFFICE + 1))
        assert {e.permohonan_id for e in entries} == set(ids)
    b_numbers = {e.nomor for e in db.session.execute(db.select(RegisterEntry).where(
        RegisterEntry.kantor_id == b.id)).scalars()}
    assert all("/35.20.05/" in n for n in b_numbers)
