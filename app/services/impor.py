"""Bringing in what the office kept on paper or in a spreadsheet: applicants and their
past files, with the state, dates and register numbers they stand at in the paper book.

A spreadsheet (XLSX) or CSV, one row per applicant with at most one file. Every row is
checked first and every problem named (row, column, reason, in Indonesian); then either
everything is written in one transaction or nothing is. Files are written as they stand,
not walked through the workflow (their history happened on paper, so the SOP's step
figures do not count them); the register numbers are kept and the yearly counters are
moved past the highest one, recorded as a change of numbers."""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from flask_babel import gettext
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from app.domain_errors import InvalidInput
from app.extensions import db
from app.services.numbering import (RECEIPT_COUNTER, REGISTER_COUNTER, current_value,
                                    format_receipt_number, format_register_number,
                                    next_value)
from app.services import nomor_awal
from app.services.validation import cek_karakter, cek_pemohon, rt_rw
from app.timefmt import DATE_TYPED, WIB, tanggal_diketik
from app.workflow.declaration import get_workflow
from models import (Desa, OfficeSettings, Pemohon, Permohonan,
                    RegisterEntry, SyaratPermohonan, User)
from models.pemohon import JENIS_KELAMIN, STATUS_PERKAWINAN

# The template's columns, in order: (key, heading). Headings or keys are both read.
KOLOM = (
    ("nik", "NIK"), ("no_kk", "No. KK"), ("nama", "Nama"), ("tempat_lahir", "Tempat lahir"),
    ("tanggal_lahir", "Tanggal lahir"), ("jenis_kelamin", "Jenis kelamin"),
    ("status_perkawinan", "Status perkawinan"), ("alamat", "Alamat"), ("rt", "RT"),
    ("rw", "RW"), ("desa", "Kode desa"), ("telepon", "Telepon"),
    ("jenis", "Jenis permohonan"), ("status", "Status"),
    ("tanggal_diajukan", "Tanggal diajukan"), ("nomor_tanda_terima", "No. tanda terima"),
    ("register_nomor_urut", "No. urut register"), ("register_tanggal", "Tanggal register"),
)
WAJIB = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
         "status_perkawinan", "alamat", "rt", "rw", "desa")
HEADING = dict(KOLOM)
MAX_BARIS = 20_000  # a kecamatan's paper book of several years; more is the wrong file
MAX_BYTES = 10 * 1024 * 1024
# Files recorded on paper came in during office hours: the hour their day is stored at.
JAM_KANTOR = time(8, 0)


class ImporInvalid(InvalidInput, ValueError):
    """The file itself cannot be read (not a spreadsheet, no heading, too large)."""


@dataclass
class Masalah:
    baris: int
    kolom: str
    alasan: str

    def __str__(self) -> str:
        return gettext("Baris %(baris)d, kolom %(kolom)s: %(alasan)s", baris=self.baris,
                       kolom=self.kolom, alasan=self.alasan)


@dataclass
class Hasil:
    masalah: list[Masalah] = field(default_factory=list)
    pemohon: int = 0
    berkas: int = 0
    ditulis: bool = False


# --- reading ------------------------------------------------------------------------

def _cell(value) -> str:
    """A cell as text: a number typed without quotes (a NIK in Excel) loses no digit,
    a date cell reads as the office writes dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(DATE_TYPED)
    if isinstance(value, date):
        return value.strftime(DATE_TYPED)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_key(text: str) -> str | None:
    text = text.strip().lower()
    for key, heading in KOLOM:
        if text in (key, heading.lower()):
            return key
    return None


def baca(data: bytes, nama_berkas: str) -> list[dict[str, str]]:
    """The rows of an uploaded or given file, keyed by column; ImporInvalid if unreadable."""
    if len(data) > MAX_BYTES:
        raise ImporInvalid(gettext("Berkas terlalu besar: maksimal 10 MB."))
    if nama_berkas.lower().endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError):
            raise ImporInvalid(gettext("Berkas bukan lembar kerja XLSX yang dapat dibaca."))
        rows = [[_cell(v) for v in r] for r in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    elif nama_berkas.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImporInvalid(gettext("Berkas CSV harus ber-encoding UTF-8."))
        delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    else:
        raise ImporInvalid(gettext("Pilih berkas .xlsx atau .csv."))
    rows = [r for r in rows if any(r)]
    if not rows:
        raise ImporInvalid(gettext("Berkas kosong."))
    keys = [_header_key(h) for h in rows[0]]
    missing = [HEADING[k] for k in WAJIB if k not in keys]
    if missing:
        raise ImporInvalid(gettext("Baris pertama harus berisi judul kolom; tidak ada: %(kolom)s.",
                                   kolom=", ".join(missing)))
    if len(rows) - 1 > MAX_BARIS:
        raise ImporInvalid(gettext("Paling banyak %(n)d baris sekali impor.", n=MAX_BARIS))
    return [{k: (r[i] if i < len(r) else "") for i, k in enumerate(keys) if k}
            for r in rows[1:]]


# --- checking -----------------------------------------------------------------------

def _pilihan(text: str, options: dict[str, str]) -> str | None:
    """A code typed as its key or its label (any case)."""
    lowered = text.strip().lower()
    for key, label in options.items():
        if lowered in (key.lower(), str(label).lower()):
            return key
    return None


@dataclass
class _Baris:
    nomor: int
    pemohon: dict
    desa: Desa
    jenis: str | None = None
    status: str | None = None
    diajukan: date | None = None
    tanda_terima: str | None = None
    register_urut: int | None = None
    register_tanggal: date | None = None


def periksa(rows: list[dict[str, str]], layanan: str | None = None,
            hari_ini: date | None = None) -> tuple[list[_Baris], list[Masalah]]:
    wf = get_workflow(layanan)
    hari_ini = hari_ini or datetime.now(WIB).date()
    desa = {d.kode: d for d in db.session.execute(db.select(Desa)).scalars()}
    states = {s.name: s.label for s in wf.states}
    may_have_register, needs_register = _register_states(wf)
    seen_nik: dict[str, int] = {}
    seen_register: dict[tuple[int, int], int] = {}
    seen_receipt: dict[str, int] = {}
    good, problems = [], []
    for n, row in enumerate(rows, start=2):  # row 1 is the heading
        def bad(key: str, reason: str) -> None:
            problems.append(Masalah(n, HEADING[key], reason))

        for key, value in row.items():
            if (msg := cek_karakter(value)):
                bad(key, msg)
        for key in WAJIB:
            if not row.get(key):
                bad(key, gettext("Wajib diisi."))
        data = {k: row.get(k, "") for k in ("nik", "no_kk", "nama", "tempat_lahir", "alamat",
                                             "rt", "rw", "telepon")}
        data["tanggal_lahir"] = tanggal_diketik(row.get("tanggal_lahir", ""))
        if row.get("tanggal_lahir") and data["tanggal_lahir"] is None:
            bad("tanggal_lahir", gettext("Tanggal tidak sah: tulis hh/bb/tttt."))
        data["jenis_kelamin"] = _pilihan(row.get("jenis_kelamin", ""), JENIS_KELAMIN)
        data["status_perkawinan"] = _pilihan(row.get("status_perkawinan", ""), STATUS_PERKAWINAN)
        if row.get("status_perkawinan") and data["status_perkawinan"] is None:
            bad("status_perkawinan", gettext("Tidak dikenal: pilih %(pilihan)s.",
                                             pilihan=", ".join(map(str, STATUS_PERKAWINAN.values()))))
        if all(row.get(k) for k in ("tanggal_lahir", "jenis_kelamin")):
            for key, msg in cek_pemohon(data, hari_ini).items():
                bad(key, msg)
        if row.get("nik"):
            if row["nik"] in seen_nik:
                bad("nik", gettext("NIK sama dengan baris %(baris)d.", baris=seen_nik[row["nik"]]))
            seen_nik.setdefault(row["nik"], n)
        d = desa.get(row.get("desa", ""))
        if row.get("desa") and d is None:
            bad("desa", gettext("Kode desa tidak ada di daftar desa kantor (contoh 35.20.04.2009)."))
        for key, limit in (("nama", 120), ("tempat_lahir", 60), ("alamat", 200)):
            if len(row.get(key, "")) > limit:
                bad(key, gettext("Paling banyak %(n)d huruf.", n=limit))
        baris = _Baris(n, data, d)
        if any(row.get(k) for k in ("jenis", "status", "tanggal_diajukan")):
            baris.jenis = _pilihan(row.get("jenis", ""), wf.jenis)
            if baris.jenis is None:
                bad("jenis", gettext("Tidak dikenal: pilih %(pilihan)s.",
                                     pilihan=", ".join(wf.jenis.values())))
            baris.status = _pilihan(row.get("status", ""), states)
            if baris.status is None:
                bad("status", gettext("Tidak dikenal: pilih %(pilihan)s.",
                                      pilihan=", ".join(states.values())))
            baris.diajukan = tanggal_diketik(row.get("tanggal_diajukan", ""))
            if baris.diajukan is None:
                bad("tanggal_diajukan", gettext("Tanggal tidak sah: tulis hh/bb/tttt."))
            elif baris.diajukan > hari_ini:
                bad("tanggal_diajukan", gettext("Tanggal ini belum tiba."))
            if (tt := row.get("nomor_tanda_terima")):
                if len(tt) > 40:
                    bad("nomor_tanda_terima", gettext("Paling banyak %(n)d huruf.", n=40))
                elif tt in seen_receipt:
                    bad("nomor_tanda_terima", gettext("Sama dengan baris %(baris)d.",
                                                      baris=seen_receipt[tt]))
                seen_receipt.setdefault(tt, n)
                baris.tanda_terima = tt
            urut = row.get("register_nomor_urut", "")
            if urut or row.get("register_tanggal"):
                if not (urut.isascii() and urut.isdigit() and 0 < int(urut) < 1_000_000):
                    bad("register_nomor_urut", gettext("Isi angka nomor urut di buku register."))
                else:
                    baris.register_urut = int(urut)
                baris.register_tanggal = tanggal_diketik(row.get("register_tanggal", ""))
                if baris.register_tanggal is None:
                    bad("register_tanggal", gettext("Tanggal tidak sah: tulis hh/bb/tttt."))
                elif baris.diajukan and baris.register_tanggal < baris.diajukan:
                    bad("register_tanggal", gettext("Sebelum tanggal diajukan."))
                if baris.register_urut and baris.register_tanggal:
                    key = (baris.register_tanggal.year, baris.register_urut)
                    if key in seen_register:
                        bad("register_nomor_urut", gettext("Sama dengan baris %(baris)d.",
                                                           baris=seen_register[key]))
                    seen_register.setdefault(key, n)
                if baris.status and baris.status not in may_have_register:
                    bad("status", gettext("Berkas berstatus ini belum diregister; kosongkan "
                                          "nomor register atau ubah statusnya."))
            elif baris.status in needs_register:
                bad("register_nomor_urut", gettext("Berkas berstatus ini sudah diregister: "
                                                   "isi nomor urut dan tanggal register."))
        good.append(baris)
    problems += _against_the_database(good)
    problems.sort(key=lambda m: (m.baris, [k for _, k in KOLOM].index(m.kolom)
                                 if m.kolom in HEADING.values() else 0))
    return good, problems


def _closure(wf, start: set[str], skip: str | None = None) -> set[str]:
    reached, changed = set(start), True
    while changed:
        changed = False
        for t in wf.transitions:
            if t.name != skip and t.target not in reached and any(
                    s in reached for s in t.sources):
                reached.add(t.target)
                changed = True
    return reached


def _register_states(wf) -> tuple[set[str], set[str]]:
    """(states a registered file can stand in, states only a registered file reaches)."""
    registering = wf.loket.lengkap
    after = _closure(wf, {t.target for t in wf.transitions if t.name == registering})
    before = _closure(wf, {wf.initial.target}, skip=registering)
    return after, after - before


def _against_the_database(rows: list[_Baris]) -> list[Masalah]:
    problems = []
    niks = [b.pemohon["nik"] for b in rows if b.pemohon.get("nik")]
    taken = set()
    for i in range(0, len(niks), 500):
        taken |= set(db.session.execute(db.select(Pemohon.nik).where(
            Pemohon.nik.in_(niks[i:i + 500]))).scalars())
    for b in rows:
        if b.pemohon.get("nik") in taken:
            problems.append(Masalah(b.nomor, HEADING["nik"],
                                    gettext("NIK ini sudah ada di aplikasi.")))
        if b.tanda_terima and db.session.execute(db.select(Permohonan.id).where(
                Permohonan.nomor_tanda_terima == b.tanda_terima)).first():
            problems.append(Masalah(b.nomor, HEADING["nomor_tanda_terima"],
                                    gettext("Nomor tanda terima ini sudah ada di aplikasi.")))
        if b.register_urut and b.register_tanggal and db.session.execute(
                db.select(RegisterEntry.id).where(
                    RegisterEntry.tahun == b.register_tanggal.year,
                    RegisterEntry.nomor_urut == b.register_urut)).first():
            problems.append(Masalah(b.nomor, HEADING["register_nomor_urut"],
                                    gettext("Nomor register ini sudah ada di aplikasi.")))
    return problems


# --- writing ------------------------------------------------------------------------

def _at(day: date) -> datetime:
    """The office hour of that day, as the naive UTC the database stores."""
    return datetime.combine(day, JAM_KANTOR, WIB).astimezone(timezone.utc).replace(tzinfo=None)


def impor(data: bytes, nama_berkas: str, oleh: User, coba: bool = False,
          layanan: str | None = None, alamat: str | None = None) -> Hasil:
    """Check every row; unless `coba` (a dry run) and when no row has a problem, write
    them all in the caller's transaction (the caller commits). ImporInvalid when the file
    cannot be read at all."""
    rows = baca(data, nama_berkas)
    good, problems = periksa(rows, layanan)
    hasil = Hasil(masalah=problems, pemohon=len(good),
                  berkas=sum(1 for b in good if b.status))
    if problems or coba:
        return hasil
    wf = get_workflow(layanan)
    settings = OfficeSettings.get()
    highest: dict[int, int] = {}
    for b in good:
        p = Pemohon(**{k: v for k, v in b.pemohon.items() if k != "telepon"},
                    telepon=b.pemohon.get("telepon") or None, desa=b.desa)
        p.rt, p.rw = rt_rw(p.rt), rt_rw(p.rw)
        db.session.add(p)
        if not b.status:
            continue
        at = _at(b.diajukan)
        changed = _at(b.register_tanggal) if b.register_tanggal else at
        nomor_tt = b.tanda_terima or format_receipt_number(
            settings, next_value(RECEIPT_COUNTER, b.diajukan.year), b.diajukan.year)
        f = Permohonan(layanan=wf.layanan, pemohon=p, jenis=b.jenis, status=b.status,
                       nomor_tanda_terima=nomor_tt, created_at=at, status_changed_at=changed,
                       created_by_id=oleh.id,
                       catatan=gettext("Diimpor dari buku/lembar kerja (baris %(baris)d).",
                                       baris=b.nomor))
        lengkap = b.status != wf.initial.target
        for i, req in enumerate(wf.checklist_for(b.jenis, p, b.diajukan)):
            f.syarat.append(SyaratPermohonan(kode=req.kode, label=req.label, urutan=i,
                                             wajib=req.wajib, terpenuhi=lengkap))
        db.session.add(f)
        if b.register_urut:
            tahun = b.register_tanggal.year
            db.session.add(RegisterEntry(
                tahun=tahun, nomor_urut=b.register_urut,
                nomor=format_register_number(settings, b.register_urut, tahun),
                permohonan=f, tanggal=b.register_tanggal, diregister_oleh_id=oleh.id))
            highest[tahun] = max(highest.get(tahun, 0), b.register_urut)
    db.session.flush()
    for tahun, nomor in highest.items():
        # The counter continues after the highest number brought in (never moved back).
        if current_value(REGISTER_COUNTER, tahun) < nomor:
            nomor_awal.lanjutkan(REGISTER_COUNTER, tahun, nomor, oleh=oleh, alamat=alamat)
    hasil.ditulis = True
    return hasil


def templat() -> bytes:
    """The spreadsheet to fill: the headings and one example row."""
    book = Workbook()
    ws = book.active
    ws.title = "Pemohon"
    ws.append([heading for _, heading in KOLOM])
    ws.append(["3520045705900001", "3520041503120001", "Siti Aminah", "Magetan", "17/05/1990",
               "P", "Kawin", "Jl. Raya Takeran No. 5", "001", "002", "35.20.04.2009",
               "081234567890", "Baru (pemula)", "Diserahkan", "03/02/2026",
               "", "51", "03/02/2026"])
    for column in ws.columns:  # text cells: Excel keeps the NIK's 16 digits and leading zeros
        for cell in column:
            cell.number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
