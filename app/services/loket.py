"""The front desk in one go (SOP steps 1 and 2): the applicant found by NIK or recorded,
the file of the chosen service recorded (its initial transition, with its declared
inputs) with its checklist ticked, then the desk's declared decision taken (KTP-el:
registered or returned), all in one database transaction: a refusal at any point leaves
nothing behind."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace

from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from app.domain_errors import InvalidInput
from app.extensions import db
from app.notifikasi.penerima import PersetujuanInvalid, catat_persetujuan
from app.services import antrian, data_pemohon
from app.services.alur import alur_kantor
from app.services.nik import baca_nik
from app.services.numbering import take_receipt_number
from app.services.validation import cek_pemohon
from app.timefmt import wib_today
from app.workflow import engine
from app.workflow.declaration import Workflow, all_workflows, get_workflow, variants_of
from models import Desa, Pemohon, Permohonan
from models._time import utcnow
from models.pemohon import STATUS_PERKAWINAN

# The applicant's fields in the intake form's order (the tab order of the screen).
FIELDS = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
          "status_perkawinan", "alamat", "rt", "rw", "desa_id", "telepon")
REQUIRED_TEXT = {"nama": 120, "tempat_lahir": 60, "alamat": 200}


class PemohonInvalid(InvalidInput):
    """Field -> message, shown next to each field; nothing was saved."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors=errors)


@dataclass
class Hasil:
    permohonan: Permohonan
    aksi: str
    pemohon_baru: bool
    diubah: list[str] = field(default_factory=list)  # fields changed on a known applicant


def baca_tanggal(text: str | None) -> date | None:
    """'17/05/1990' as the clerk types it (also 17-05-1990, 17.05.1990, 17051990,
    1990-05-17)."""
    text = (text or "").strip()
    if len(text) == 8 and text.isdigit():  # 17051990, typed without separators
        text = f"{text[:2]}/{text[2:4]}/{text[4:]}"
    for sep in ("/", "-", "."):
        parts = text.split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            try:
                if len(parts[0]) == 4:
                    return date(int(parts[0]), int(parts[1]), int(parts[2]))
                if len(parts[2]) == 4:
                    return date(int(parts[2]), int(parts[1]), int(parts[0]))
            except ValueError:
                return None
    return None


def cek_isian(data: dict) -> dict[str, str]:
    """Every rule of the applicant's fields at the desk, field -> message: the names and
    the address there and within their columns, the marital status and the village
    chosen, then the record's own (`cek_pemohon`: the NIK against the birth date and sex,
    the No. KK, RT/RW, the phone). The Loket's form shows each beside its field."""
    errors: dict[str, str] = {}
    for name, limit in REQUIRED_TEXT.items():
        value = data.get(name) or ""
        if not value:
            errors[name] = gettext("Wajib diisi.")
        elif len(value) > limit:
            errors[name] = gettext("Paling banyak %(n)d karakter.", n=limit)
    if data.get("status_perkawinan") not in STATUS_PERKAWINAN:
        errors["status_perkawinan"] = gettext("Pilih status perkawinan.")
    if data.get("desa_id") is None or db.session.get(Desa, data["desa_id"]) is None:
        errors["desa_id"] = gettext("Pilih desa/kelurahan.")
    for name, message in cek_pemohon(data).items():
        errors.setdefault(name, message)
    return errors


def layanan_untuk(role: str | None) -> list[Workflow]:
    """The services this role may record a file of (their initial transition's roles),
    in the order registered, so the office's default service first, each in the workflow
    the office chose for it: the intake screen's and the create form's choice."""
    return [alur_kantor(wf) for wf in all_workflows()
            if wf.varian_dari is None and role in wf.initial.roles]


def layanan_dipilih(value: str | None, role: str | None) -> Workflow | None:
    """The chosen service, if this role may record it, in the office's workflow now (a
    form opened before the office changed its choice records in the new one); None for
    anything else."""
    return next((wf for wf in layanan_untuk(role)
                 if value in {v.layanan for v in variants_of(wf.varian_dari or wf.layanan)}),
                None)


def keputusan(wf: Workflow) -> tuple[str, ...]:
    """The decisions the desk may send with the intake: the declared pair, else none
    (the empty word: record only)."""
    return (wf.loket.lengkap, wf.loket.kurang) if wf.loket else ("",)


def pemohon_dengan_nik(nik: str) -> Pemohon | None:
    return db.session.execute(db.select(Pemohon).where(Pemohon.nik == nik)).scalar()


def isian_dari_nik(nik: str, hari_ini: date | None = None) -> dict:
    """What the form can fill in for a NIK: a known applicant's record, else the birth
    date and sex the number itself carries."""
    pemohon = pemohon_dengan_nik(nik)
    if pemohon is not None:
        values = {name: getattr(pemohon, name) for name in FIELDS}
        values["tanggal_lahir"] = pemohon.tanggal_lahir.strftime("%d/%m/%Y")
        values["telepon"] = pemohon.telepon or ""
        values.update(email=pemohon.email or "", notifikasi_setuju=pemohon.notifikasi_setuju,
                      notifikasi_kanal=pemohon.notifikasi_kanal or "")
        return {"dikenal": True, "pemohon": pemohon, "data": values}
    dari_nik = baca_nik(nik, hari_ini or wib_today())
    data = {}
    if dari_nik:
        data = {"tanggal_lahir": dari_nik[0].strftime("%d/%m/%Y"), "jenis_kelamin": dari_nik[1]}
    return {"dikenal": False, "pemohon": None, "data": data}


def daftar_syarat(jenis: str, tanggal_lahir: date | None, layanan: str | None = None):
    """The checklist a file of this type will get for an applicant born on that day (the
    same call `catat` makes, so the screen shows exactly what is recorded)."""
    wf = get_workflow(layanan)
    if jenis not in wf.jenis:
        return []
    orang = SimpleNamespace(tanggal_lahir=tanggal_lahir) if tanggal_lahir else None
    return wf.checklist_for(jenis, orang, wib_today())


def dikembalikan(permohonan) -> bool:
    """Whether the file sits where the desk's return leaves it (a service may declare no
    desk decision)."""
    wf = get_workflow(permohonan.layanan)
    return wf.loket is not None and permohonan.status == wf.transition(wf.loket.kurang).target


# The return note the clerk starts from: the missing items, in the office's words (kept
# in the file's history, printed for the applicant). The screen builds the same text.
AWALAN_CATATAN = "Persyaratan belum lengkap: "


def catatan_pengembalian(kurang) -> str:
    return AWALAN_CATATAN + "; ".join(s.label for s in kurang) + "."


def catat_berkas(data: dict, jenis: str, dicentang: set[str], aksi: str, by,
                 catatan: str | None = None, dibuka_at: datetime | None = None,
                 layanan: str | None = None, isian: dict | None = None,
                 persetujuan: dict | None = None, tiket: str | None = None) -> Hasil:
    """Record (or update) the applicant of `data` (the typed values of `FIELDS`, as the
    Loket's form gives them: a date, a village id), record the file of `layanan` (its initial
    transition, given the declared inputs in `isian`), tick its checklist, and take the
    desk's decision: `aksi` = the service's `loket.lengkap` (every required item ticked)
    or `loket.kurang` (the missing items as the note); "" for a service that declares
    none. One transaction (engine.atomic): any refusal rolls back all of it.
    `dibuka_at`: when the server handed out the form (step 1's start); without `layanan`,
    the office's default service. `persetujuan` ({"setuju", "kanal", "email"}): the
    resident's consent to messages, recorded before the decision so that its message (registered,
    returned) goes out; None leaves the record's as it is. `tiket`: the visitor's queue
    number as printed (A-007), joined to the new file so the wait before the desk counts."""
    layanan = get_workflow().layanan if layanan is None else layanan
    wf = layanan_dipilih(layanan, by.role)
    if wf is None:
        if layanan in {w.layanan for w in all_workflows()}:
            raise engine.NotAllowed(gettext("Peran Anda tidak berwenang mencatat permohonan."))
        raise PemohonInvalid({"layanan": gettext("Pilih layanan.")})
    if aksi not in keputusan(wf):
        raise engine.NotFound(gettext("Tindakan tidak dikenal."))
    if jenis not in wf.jenis:
        raise PemohonInvalid({"jenis": gettext("Pilih jenis permohonan.")})
    data = {name: data.get(name) for name in FIELDS}
    if (errors := cek_isian(data)):  # the form said it beside each field; so for any caller
        raise PemohonInvalid(errors)
    hasil = {}

    def work():
        pemohon = pemohon_dengan_nik(data["nik"])
        hasil["baru"] = pemohon is None
        hasil["diubah"] = []
        if pemohon is None:
            pemohon = Pemohon(**data)
            db.session.add(pemohon)
        else:
            hasil["diubah"] = [n for n in FIELDS if getattr(pemohon, n) != data[n]]
            for name in hasil["diubah"]:
                setattr(pemohon, name, data[name])
            if "desa_id" in hasil["diubah"]:  # the change log reads the relationship
                pemohon.desa = db.session.get(Desa, data["desa_id"])
            data_pemohon.catat_perubahan(pemohon, by)  # old -> new, as the edit form does
        db.session.flush()
        if persetujuan is not None:
            catat_persetujuan(pemohon, bool(persetujuan.get("setuju")), persetujuan.get("kanal"),
                              telepon=data["telepon"] or "", email=persetujuan.get("email") or "")
        now = utcnow()
        durasi = (int((now - dibuka_at).total_seconds())
                  if dibuka_at is not None and dibuka_at <= now else None)
        p = engine.record(wf.layanan, pemohon, jenis, by, data=isian, durasi_detik=durasi,
                          at=now, receipt_number=take_receipt_number)
        engine.tick(p.id, dicentang, by)
        if tiket:
            antrian.hubungkan(antrian.cari(tiket), p)
        if not aksi:
            return p
        db.session.flush()
        db.session.expire(p, ["syarat"])
        kurang = p.syarat_kurang
        if aksi == wf.loket.lengkap and kurang:
            raise PemohonInvalid({"syarat": gettext(
                "Syarat wajib belum lengkap: %(syarat)s. Centang semuanya untuk %(tindakan)s, "
                "atau kembalikan berkas.", syarat="; ".join(gettext(s.label) for s in kurang),
                tindakan=gettext(wf.transition(aksi).label))})
        if aksi == wf.loket.kurang and not kurang:
            raise PemohonInvalid({"syarat": gettext(
                "Semua syarat wajib sudah dicentang: berkas dapat langsung diregister.")})
        note = None
        if aksi == wf.loket.kurang:
            note = (catatan or "").strip()[:1000] or catatan_pengembalian(kurang)
        return engine.perform(p.id, aksi, by, note)

    try:
        p = engine.atomic(work)
    except (PersetujuanInvalid, antrian.AntrianInvalid, antrian.TiketNotFound,
            antrian.TiketConflict) as exc:  # beside their fields, as the form says them
        raise PemohonInvalid(exc.errors or {"tiket": exc.message}) from None
    except engine.Refused as exc:
        if exc.errors:  # the initial transition's declared inputs, beside their fields
            raise PemohonInvalid(exc.errors) from None
        raise
    except IntegrityError:
        # Another clerk recorded this NIK a moment ago: look it up again.
        raise PemohonInvalid({"nik": gettext(
            "NIK ini baru saja dicatat oleh petugas lain. Ketik ulang NIK untuk memuat "
            "datanya.")}) from None
    db.session.refresh(p)
    return Hasil(permohonan=p, aksi=aksi, pemohon_baru=hasil["baru"], diubah=hasil["diubah"])
