"""The demo data set: one account per role and ~50 applications in every state,
with histories spread over the last weeks so the timeline and SLA figures mean something."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, update

from app.extensions import db
from app.services.nik import buat_nik, buat_no_kk
from app.services.numbering import format_register_number
from app.services.permohonan import ajukan, centang_syarat
from app.timefmt import to_wib
from app.workflow import engine
from models import (
    Desa, OfficeSettings, Pemohon, Permohonan, RegisterEntry, SyaratPermohonan, TransitionLog,
    User,
)
from models._time import utcnow

DEMO_PASSWORD = "takeran2026"
DEMO_USERS = (
    ("admin", "Administrator Sistem", "admin", None),
    ("sekretariat", "Sri Wahyuni", "sekretariat", "198504122010012003"),
    ("operator", "Bambang Setiawan", "operator", "199001202015031002"),
    ("sekcam", "Drs. Heru Santoso", "sekcam", "197203151998031004"),
    ("camat", "Jaka Prastawa, S.Sos., M.Si.", "camat", "196609131986031007"),
)
NAMA_L = ("Agus", "Budi", "Joko", "Slamet", "Eko", "Hadi", "Wahyu", "Andi", "Dwi", "Rizky")
NAMA_P = ("Siti", "Sri", "Dewi", "Rina", "Wulan", "Ayu", "Lestari", "Nur", "Indah", "Fitri")
NAMA_BELAKANG = ("Santoso", "Wibowo", "Rahayu", "Susanti", "Purnomo", "Hidayat",
                 "Kurniawan", "Lestari", "Setyawati", "Saputra")
# Paths through the workflow (after 'ajukan') and how many files end on each.
PATHS = (
    ((), 6),
    (("kembalikan",), 4),
    (("kembalikan", "ajukan_ulang", "register"), 4),
    (("register",), 6),
    (("register", "proses"), 6),
    (("register", "proses", "tolak", "proses", "verifikasi"), 4),
    (("register", "proses", "verifikasi"), 4),
    (("register", "proses", "verifikasi", "sahkan"), 6),
    (("register", "proses", "verifikasi", "sahkan", "serahkan"), 8),
    (("batalkan",), 2),
)
# Typical minutes each transition takes (roughly the SOP's standards, sometimes over).
MINUTES = {"register": (1, 4), "kembalikan": (1, 3), "ajukan_ulang": (600, 4000),
           "proses": (2, 7), "verifikasi": (30, 600), "tolak": (20, 300),
           "sahkan": (30, 900), "serahkan": (1, 3), "batalkan": (5, 200)}


def create_demo_users() -> dict[str, User]:
    users = {}
    for username, nama, role, nip in DEMO_USERS:
        user = User(username=username, nama=nama, role=role, nip=nip)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        users[role] = user
    db.session.commit()
    return users


def database_is_empty() -> bool:
    return not db.session.execute(db.select(func.count(User.id))).scalar()


def seed_demo(seed: int = 2026) -> dict[str, User]:
    rng = random.Random(seed)
    users = create_demo_users()
    desa = list(db.session.execute(db.select(Desa).order_by(Desa.kode)).scalars())
    paths = [path for path, count in PATHS for _ in range(count)]
    rng.shuffle(paths)
    for urut, path in enumerate(paths, start=1):
        pemohon = _pemohon(rng, desa, urut)
        jenis = rng.choice(("baru", "baru", "hilang", "rusak", "perubahan_data"))
        p = ajukan(pemohon, jenis, users["sekretariat"])
        walk(p, path, users)
        # Files arrive in order over the last 30 days, so register numbers follow dates.
        start = utcnow() - timedelta(days=30) + timedelta(days=30 * urut / (len(paths) + 2))
        _spread_history(p.id, rng, start)
    _renumber_register_by_time()
    return users


def _renumber_register_by_time() -> None:
    """Demo histories were moved in time after numbering: give the numbers back in the
    order the files were registered, as the office's register would show them."""
    settings = OfficeSettings.get()
    rows = db.session.execute(
        db.select(RegisterEntry, TransitionLog.at)
        .join(TransitionLog, (TransitionLog.permohonan_id == RegisterEntry.permohonan_id)
              & (TransitionLog.aksi == "register"))
        .order_by(TransitionLog.at)).all()
    for entry, _ in rows:  # park the numbers first: (tahun, nomor_urut) is unique
        entry.nomor_urut, entry.nomor = -entry.id, f"tmp-{entry.id}"
    db.session.flush()
    for urut, (entry, _) in enumerate(rows, start=1):
        entry.nomor_urut = urut
        entry.nomor = format_register_number(settings, urut, entry.tahun)
    db.session.commit()


def _pemohon(rng: random.Random, desa: list[Desa], urut: int) -> Pemohon:
    jk = rng.choice("LP")
    lahir = date(rng.randint(1960, 2008), rng.randint(1, 12), rng.randint(1, 28))
    nama = f"{rng.choice(NAMA_L if jk == 'L' else NAMA_P)} {rng.choice(NAMA_BELAKANG)}"
    pemohon = Pemohon(
        nik=buat_nik(lahir, jk, urut), no_kk=buat_no_kk(urut), nama=nama,
        tempat_lahir="Magetan", tanggal_lahir=lahir, jenis_kelamin=jk,
        status_perkawinan="belum_kawin" if lahir.year > 2000 else "kawin",
        alamat=f"Jl. Desa No. {rng.randint(1, 120)}", rt=f"{rng.randint(1, 9):03d}",
        rw=f"{rng.randint(1, 5):03d}", desa=rng.choice(desa), telepon=None,
    )
    db.session.add(pemohon)
    db.session.flush()
    return pemohon


# The shortest path from 'diajukan' to each state (tests and demo data walk these).
PATH_TO = {
    "diajukan": (),
    "dikembalikan": ("kembalikan",),
    "teregister": ("register",),
    "diproses": ("register", "proses"),
    "diverifikasi": ("register", "proses", "verifikasi"),
    "disahkan": ("register", "proses", "verifikasi", "sahkan"),
    "diserahkan": ("register", "proses", "verifikasi", "sahkan", "serahkan"),
    "dibatalkan": ("batalkan",),
}


def walk(p: Permohonan, path: tuple[str, ...], users: dict[str, User]) -> Permohonan:
    """Take `path` with the right role for each step, ticking the checklist as a clerk would."""
    for name in path:
        if name in ("register", "kembalikan"):
            semua = {s.kode for s in p.syarat}
            centang_syarat(p, semua if name == "register" else set(list(semua)[:1]),
                           users["sekretariat"])
        role_for = {"register": "sekretariat", "kembalikan": "sekretariat",
                    "ajukan_ulang": "sekretariat", "proses": "operator",
                    "verifikasi": "sekcam", "sahkan": "camat", "serahkan": "sekretariat",
                    "batalkan": "sekretariat",
                    "tolak": "sekcam" if p.status == "diproses" else "camat"}
        note = {"kembalikan": "Fotokopi KK belum dilampirkan.",
                "tolak": "Foto tidak sesuai ketentuan latar.",
                "batalkan": "Pemohon membatalkan permohonan."}.get(name)
        p = engine.apply(p.id, name, users[role_for[name]], note)
    return p


def _spread_history(permohonan_id: int, rng: random.Random, start) -> None:
    """Move a demo file's history back in time, keeping its order and realistic durations."""
    logs = list(db.session.execute(
        db.select(TransitionLog).filter_by(permohonan_id=permohonan_id)
        .order_by(TransitionLog.id)).scalars())
    t = start.replace(hour=rng.randint(1, 7))  # 08.00–14.00 WIB
    for i, log in enumerate(logs):
        if i == 0:
            log.durasi_detik = rng.randint(3, 6) * 60
        else:
            lo, hi = MINUTES.get(log.aksi, (1, 10))
            log.durasi_detik = rng.randint(lo, hi) * 60
            t += timedelta(seconds=log.durasi_detik)
        log.at = min(t, utcnow())
    first, last = logs[0].at, logs[-1].at
    at = {lg.aksi: lg.at for lg in logs}
    values = dict(created_at=first, updated_at=last, status_changed_at=last)
    if "sahkan" in at:
        values["disahkan_at"] = at["sahkan"]
    if "serahkan" in at:
        values["diserahkan_at"] = at["serahkan"]
    db.session.execute(update(Permohonan).where(Permohonan.id == permohonan_id).values(**values)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(SyaratPermohonan)
                       .where(SyaratPermohonan.permohonan_id == permohonan_id,
                              SyaratPermohonan.dicentang_at.is_not(None))
                       .values(dicentang_at=first + timedelta(minutes=1))
                       .execution_options(synchronize_session=False))
    reg_log = next((lg for lg in logs if lg.aksi == "register"), None)
    if reg_log:
        db.session.execute(update(RegisterEntry)
                           .where(RegisterEntry.permohonan_id == permohonan_id)
                           .values(tanggal=to_wib(reg_log.at).date())
                           .execution_options(synchronize_session=False))
    db.session.commit()
