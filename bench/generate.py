"""Fill a database with realistic data at a chosen size, by bulk inserts.

    .venv/bin/python bench/generate.py --size 100000 [--kantor 18] [--database-url URL]

Valid NIKs agreeing with birth date and sex, the 12 villages, every workflow state with
a history that chains, consecutive register numbers per year, counters to match. With
--kantor N, a regency: N offices (kecamatan 35.20.04 and the next codes), each with its
villages and staff (sekretariatNN, sekcamNN, camatNN, adminNN; office 1 keeps the demo
accounts), the files spread evenly over them and numbered per office."""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.access.roles import ADMIN, CAMAT, SEKCAM, SEKRETARIAT  # noqa: E402
from app.services import kantor  # noqa: E402
from app.layanan.ktp_el.demo import create_demo_users  # noqa: E402
from app.services.master import load_master_data  # noqa: E402
from app.services.nik import buat_no_kk  # noqa: E402
from app.services.numbering import RECEIPT_COUNTER, REGISTER_COUNTER  # noqa: E402
from app.services.validation import nik_tanggal  # noqa: E402
from app.workflow.declaration import get_workflow  # noqa: E402
from app.layanan.ktp_el.workflow import (  # noqa: E402
    KTP_EL, LAYANAN,
    DIAJUKAN, DIBATALKAN, DIKEMBALIKAN, DIPROSES, DISAHKAN, DISERAHKAN, DIVERIFIKASI, TEREGISTER,
)
from models import (  # noqa: E402
    Counter, Desa, OfficeSettings, Pemohon, Permohonan, RegisterEntry, SyaratPermohonan,
    TransitionLog, User,
)

BATCH = 20_000
NAMES = ("Agus Budi Joko Slamet Eko Hadi Wahyu Andi Dwi Rizky Siti Sri Dewi Rina Wulan Ayu "
         "Lestari Nur Indah Fitri Bambang Heru Yuni Tri Puji").split()
LAST = "Santoso Wibowo Rahayu Susanti Purnomo Hidayat Kurniawan Setyawati Saputra Utomo".split()
# Where files end up: mostly handed over, some at every other step.
STATE_WEIGHTS = {DISERAHKAN: 70, DISAHKAN: 5, DIVERIFIKASI: 3, DIPROSES: 4,
                 TEREGISTER: 4, DIAJUKAN: 5, DIKEMBALIKAN: 5, DIBATALKAN: 4}

# Every KTP-el type, a new card twice as often as each of the others.
JENIS_BOBOT = (next(iter(KTP_EL.jenis)), *KTP_EL.jenis)


def flush(table, rows: list[dict]) -> None:
    if rows:
        db.session.execute(insert(table), rows)
        rows.clear()


def offices(n: int) -> dict[int, tuple[dict[str, int], list[int]]]:
    """Office id -> (its staff's ids by role, its villages' ids); office 1 is the
    demo office, offices 2..n are added with 12 villages and four accounts each."""
    load_master_data()
    if not db.session.execute(db.select(User)).first():
        create_demo_users()
    hash_ = db.session.execute(db.select(User.password_hash)).scalars().first()
    for k in range(2, n + 1):
        kode = f"35.20.{3 + k:02d}"
        if db.session.execute(db.select(OfficeSettings.id).where(
                OfficeSettings.kode_wilayah == kode)).first():
            continue
        office = kantor.tambah(kode, f"Kecamatan Uji {k:02d}")
        for v in range(12):
            db.session.add(Desa(kode=f"{kode}.{2001 + v}", nama=f"Desa {k:02d}-{v + 1:02d}",
                                jenis="desa", kantor_id=office.id))
        for role in (SEKRETARIAT, SEKCAM, CAMAT, ADMIN):
            db.session.add(User(username=f"{role}{k:02d}", nama=f"Petugas {role} {k:02d}",
                                role=role, password_hash=hash_, kantor_id=office.id))
        db.session.commit()
    out = {}
    for office_id in db.session.execute(db.select(OfficeSettings.id).order_by(
            OfficeSettings.id)).scalars():
        staff = {u.role: u.id for u in db.session.execute(db.select(User).where(
            (User.kantor_id == office_id) | User.kantor_id.is_(None))).scalars()}
        villages = list(db.session.execute(db.select(Desa.id).where(
            Desa.kantor_id == office_id)).scalars())
        out[office_id] = (staff, villages)
    return out


def generate(size: int, seed: int = 7, kantor_count: int = 1) -> None:
    rng = random.Random(seed)
    wf = get_workflow()
    staff = offices(kantor_count)
    office_ids = sorted(staff)
    start_id = (db.session.execute(db.select(db.func.max(Permohonan.id))).scalar() or 0) + 1
    states, weights = zip(*STATE_WEIGHTS.items())
    paths = wf.paths()  # the shortest route to each state, from the declaration
    buffers = {t: [] for t in ("pemohon", "permohonan", "syarat", "log", "register")}
    register_seq: dict[tuple[int, int], int] = {}
    receipt_seq: dict[tuple[int, int], int] = {}
    t0 = time.perf_counter()
    # Ten years of files, oldest first, so numbers follow time.
    begin = datetime(2016, 1, 4, 1, 0)
    span = (datetime(2026, 11, 20) - begin).total_seconds()
    for i in range(size):
        pid = start_id + i
        kid = office_ids[pid % len(office_ids)]
        users, desa = staff[kid]
        kode_unit = "403.404" if kid == office_ids[0] else f"35.20.{3 + kid:02d}"
        jk = "LP"[rng.random() < 0.5]
        lahir = date(rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28))
        # Region and serial derived from the id: unique for any size, never serial 0000.
        kab, kec, serial = 20 + pid // (9999 * 99), (pid // 9999) % 99 + 1, pid % 9999 + 1
        nik = f"35{kab:02d}{kec:02d}{nik_tanggal(lahir, jk)}{serial:04d}"
        created = begin + timedelta(seconds=span * i / size)
        jenis = rng.choice(JENIS_BOBOT)
        state = rng.choices(states, weights)[0]
        path = (wf.initial.name,) + paths[state]
        buffers["pemohon"].append(dict(
            id=pid, nik=nik, no_kk=buat_no_kk(pid), tempat_lahir="Magetan",
            nama=f"{rng.choice(NAMES)} {rng.choice(NAMES)} {rng.choice(LAST)}",
            tanggal_lahir=lahir, jenis_kelamin=jk,
            status_perkawinan="kawin" if lahir.year < 2000 else "belum_kawin",
            alamat=f"Jl. Desa No. {rng.randint(1, 200)}", rt=f"{rng.randint(1, 12):03d}",
            rw=f"{rng.randint(1, 6):03d}", desa_id=(village := rng.choice(desa)),
            created_at=created, kantor_id=kid))
        year = created.year
        receipt_seq[kid, year] = receipt_seq.get((kid, year), 0) + 1
        at, prev = created, None
        changed = created
        reg = None
        for step in path:
            first = step == wf.initial.name
            duration = rng.randint(120, 400) if first else rng.randint(60, 420)
            at = at + timedelta(seconds=0 if first else duration)
            t = wf.transition(step)
            role = t.roles_at(prev)[0]
            buffers["log"].append(dict(permohonan_id=pid, kantor_id=kid, dari=prev, ke=t.target,
                                       aksi=step,
                                       actor_id=users[role], actor_role=role,
                                       at=at, durasi_detik=duration,
                                       catatan="Alasan uji." if t.note_required else None))
            prev, changed = t.target, at
            if step == wf.register_transition:
                register_seq[kid, at.year] = register_seq.get((kid, at.year), 0) + 1
                n = register_seq[kid, at.year]
                reg = dict(tahun=at.year, nomor_urut=n, kantor_id=kid,
                           nomor=f"471.13/{n:04d}/{kode_unit}/{at.year}",
                           permohonan_id=pid, tanggal=(at + timedelta(hours=7)).date(),
                           diregister_oleh_id=users[SEKRETARIAT], created_at=at)
        if reg:
            buffers["register"].append(reg)
        buffers["permohonan"].append(dict(
            id=pid, layanan=LAYANAN, pemohon_id=pid, desa_id=village, jenis=jenis, status=state,
            kantor_id=kid, nomor_tanda_terima=f"TT/{receipt_seq[kid, year]:05d}/{kode_unit}/{year}",
            created_at=created, updated_at=changed, status_changed_at=changed,
            created_by_id=users[SEKRETARIAT], version=len(path)))
        ticked = state not in wf.checklist.states
        for k, req in enumerate(wf.checklist_for(jenis)):
            buffers["syarat"].append(dict(permohonan_id=pid, kode=req.kode, label=req.label,
                                          urutan=k, wajib=req.wajib, terpenuhi=ticked))
        if len(buffers["log"]) >= BATCH:
            _flush_all(buffers)
            if (i + 1) % 100_000 < 5_000:
                print(f"  {i + 1:>9} berkas, {time.perf_counter() - t0:6.1f} s", flush=True)
    _flush_all(buffers)
    for (kid, year), n in register_seq.items():
        db.session.merge(Counter(kantor_id=kid, nama=REGISTER_COUNTER, tahun=year, nilai=n))
    for (kid, year), n in receipt_seq.items():
        db.session.merge(Counter(kantor_id=kid, nama=RECEIPT_COUNTER, tahun=year, nilai=n))
    db.session.commit()
    if db.session.get_bind().dialect.name == "postgresql":
        for table in ("pemohon", "permohonan"):
            db.session.execute(db.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    else:
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    print(f"{size} berkas dalam {time.perf_counter() - t0:.1f} s")


def _flush_all(buffers) -> None:
    flush(Pemohon.__table__, buffers["pemohon"])
    flush(Permohonan.__table__, buffers["permohonan"])
    flush(SyaratPermohonan.__table__, buffers["syarat"])
    flush(TransitionLog.__table__, buffers["log"])
    flush(RegisterEntry.__table__, buffers["register"])
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--kantor", type=int, default=1,
                        help="offices of the regency (18 in Kabupaten Magetan)")
    parser.add_argument("--database-url", default=None,
                        help="default: bench/out/bench-SIZE.sqlite")
    args = parser.parse_args()
    url = args.database_url
    if url is None:
        out = Path(__file__).resolve().parent / "out"
        out.mkdir(exist_ok=True)
        path = out / f"bench-{args.size}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    from app.settings import normalise_database_url
    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url)})
    with app.app_context():
        upgrade(revision="heads")
        generate(args.size, kantor_count=args.kantor)
        from app.ops.check import run_checks
        bad = [f for f in run_checks() if f.count]
        print("pemeriksaan keutuhan:", "OK" if not bad else bad)


if __name__ == "__main__":
    main()
