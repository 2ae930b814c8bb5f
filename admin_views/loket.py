"""Loket: the front desk's one screen. NIK first; the applicant, the file and its checklist
in one form; saved, registered or returned and the receipt opened in one step. The rules
are in app/services/loket.py; this module only turns requests into calls and answers."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import abort, current_app, flash, jsonify, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext
from flask_login import current_user
from itsdangerous import BadData, URLSafeTimedSerializer

from admin_views.base import RoleMixin
from app.documents.jenis import DOKUMEN
from app.extensions import db
from app.services import loket
from app.i18n import N_
from app.services.permohonan import BerkasMasihTerbuka, berkas_terbuka
from app.workflow import engine
from app.workflow.declaration import get_workflow
from models import Desa, Permohonan
from models.pemohon import JENIS_KELAMIN, STATUS_PERKAWINAN
from models.permohonan import JENIS_PERMOHONAN

# The document handed to the applicant after each decision (the return slip, once it
# exists among the documents, for a returned file).
DOKUMEN_SESUDAH = {"register": ("tanda_terima",),
                   "kembalikan": ("tanda_pengembalian", "tanda_terima")}
MULAI_MAX_AGE = 8 * 3600


def _mulai_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="loket-mulai")


def mulai_token() -> str:
    """When the clerk opened the form, signed by the server: step 1's time starts here
    and a client cannot move it."""
    return _mulai_serializer().dumps("mulai")


def mulai_dari(token: str | None) -> datetime | None:
    try:
        _value, signed_at = _mulai_serializer().loads(token or "", max_age=MULAI_MAX_AGE,
                                                      return_timestamp=True)
    except BadData:
        return None
    return signed_at.astimezone(timezone.utc).replace(tzinfo=None)


def dokumen_untuk(p: Permohonan, aksi: str):
    for kode in DOKUMEN_SESUDAH[aksi]:
        jenis = DOKUMEN.get(kode)
        if jenis is not None and p.status in jenis.states:
            return jenis
    return None


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def pesan_hasil(hasil: loket.Hasil) -> str:
    p = hasil.permohonan
    if hasil.aksi == "register":
        text = gettext("Permohonan %(nomor)s dicatat dan diregister dengan nomor %(register)s.",
                       nomor=p.nomor_tanda_terima, register=p.register.nomor)
    else:
        text = gettext("Permohonan %(nomor)s dicatat dan dikembalikan ke pemohon. "
                       "Kurang: %(kurang)s.", nomor=p.nomor_tanda_terima,
                       kurang="; ".join(gettext(s.label) for s in p.syarat_kurang))
    if hasil.pemohon_baru:
        text += " " + gettext("Pemohon baru dicatat.")
    elif hasil.diubah:
        text += " " + gettext("Data pemohon diperbarui: %(kolom)s.",
                              kolom=", ".join(gettext(LABELS[n]) for n in hasil.diubah))
    return text


# Field labels, in the screen's order (app/services/loket.FIELDS).
LABELS = {
    "nik": N_("NIK"), "no_kk": N_("No. KK"), "nama": N_("Nama lengkap"),
    "tempat_lahir": N_("Tempat lahir"), "tanggal_lahir": N_("Tanggal lahir"),
    "jenis_kelamin": N_("Jenis kelamin"), "status_perkawinan": N_("Status perkawinan"),
    "alamat": N_("Alamat"), "rt": N_("RT"), "rw": N_("RW"), "desa_id": N_("Desa/Kelurahan"),
    "telepon": N_("Telepon"),
}


def _desa_options() -> list[tuple[int, str]]:
    # The village's own name first, so that typing its first letters selects it.
    rows = db.session.execute(db.select(Desa).order_by(Desa.nama)).scalars()
    return [(d.id, d.nama + (" " + gettext("(kelurahan)") if d.jenis == "kelurahan" else ""))
            for d in rows]


class LoketView(RoleMixin, BaseView):
    roles = ("sekretariat",)

    def _render(self, status: int = 200, nilai=None, errors=None, error=None, terbuka=None):
        nilai = nilai or {}
        jenis = nilai.get("jenis", "baru")
        lahir = loket.baca_tanggal(nilai.get("tanggal_lahir"))
        return self.render(
            "admin/loket.html", nilai=nilai, errors=errors or {}, error=error, terbuka=terbuka,
            dicentang=set(request.form.getlist("syarat")) if request.method == "POST" else set(),
            syarat=loket.daftar_syarat(jenis if jenis in JENIS_PERMOHONAN else "baru", lahir),
            desa_options=_desa_options(), jenis_permohonan=JENIS_PERMOHONAN,
            jk_options=[(k, gettext(v)) for k, v in JENIS_KELAMIN.items()],
            status_options=[(k, gettext(v)) for k, v in STATUS_PERKAWINAN.items()],
            labels=LABELS, mulai=mulai_token(),
            langkah=get_workflow().sop_step(1), awalan_catatan=loket.AWALAN_CATATAN,
        ), status

    @expose("/", methods=("GET",))
    def index(self):
        return self._render()

    @expose("/", methods=("POST",))
    def simpan(self):
        form = request.form
        try:
            hasil = loket.catat_berkas(
                form, form.get("jenis", ""), set(form.getlist("syarat")), form.get("aksi", ""),
                current_user, catatan=form.get("catatan"), mulai=mulai_dari(form.get("mulai")))
        except loket.DataTidakValid as exc:
            return self._refused(422, errors=exc.errors,
                                 error=gettext("Periksa isian yang ditandai merah."))
        except BerkasMasihTerbuka as exc:
            return self._refused(409, error=exc.message, terbuka=exc.terbuka)
        except engine.NotAllowed:
            abort(403)
        except engine.TransitionError as exc:
            return self._refused(exc.status_code if exc.status_code < 500 else 422,
                                 error=exc.message)
        p = hasil.permohonan
        dokumen = dokumen_untuk(p, hasil.aksi)
        cetak_url = (url_for("cetak.dokumen", id=p.id, slug=dokumen.slug) if dokumen else None)
        message = pesan_hasil(hasil)
        if _wants_json():
            return jsonify(ok=True, pesan=message, nomor=p.nomor_tanda_terima,
                           aksi=hasil.aksi, berkas_url=url_for("permohonan.details_view", id=p.id),
                           cetak_url=cetak_url, cetak_judul=dokumen.judul if dokumen else None,
                           mulai=mulai_token())
        flash(message, "success")
        return redirect(url_for("permohonan.details_view", id=p.id))

    def _refused(self, status: int, errors=None, error=None, terbuka=None):
        if _wants_json():
            return jsonify(ok=False, errors=errors or {}, error=error, terbuka=(
                {"nomor": terbuka.nomor_tanda_terima,
                 "url": url_for("permohonan.details_view", id=terbuka.id)}
                if terbuka is not None else None)), status
        return self._render(status, nilai=request.form.to_dict(), errors=errors, error=error,
                            terbuka=terbuka)

    @expose("/pemohon", methods=("POST",))
    def pemohon(self):
        """A NIK's applicant (or what the number itself says), and an open file if any.
        POST, so that NIKs stay out of addresses and access logs."""
        nik = (request.form.get("nik") or "").strip()
        if not (nik.isdigit() and nik.isascii() and len(nik) == 16):
            return jsonify(ok=False, error=gettext("NIK harus 16 digit angka.")), 422
        found = loket.isian_dari_nik(nik)
        terbuka = None
        if found["pemohon"] is not None:
            open_file = berkas_terbuka(found["pemohon"].id)
            if open_file is not None:
                terbuka = {"nomor": open_file.nomor_tanda_terima,
                           "url": url_for("permohonan.details_view", id=open_file.id),
                           "pesan": BerkasMasihTerbuka(open_file).message}
        return jsonify(ok=True, dikenal=found["dikenal"], data=found["data"], terbuka=terbuka)

    @expose("/syarat", methods=("POST",))
    def syarat(self):
        """The checklist for a type and a birth date, as `catat` will record it."""
        jenis = request.form.get("jenis", "")
        if jenis not in JENIS_PERMOHONAN:
            return jsonify(ok=False, error=gettext("Jenis permohonan tidak dikenal.")), 422
        lahir = loket.baca_tanggal(request.form.get("tanggal_lahir"))
        return jsonify(ok=True, syarat=[
            {"kode": r.kode, "label": gettext(r.label), "label_id": r.label, "wajib": r.wajib}
            for r in loket.daftar_syarat(jenis, lahir)])
