"""Loket: the front desk's one screen. NIK first; the applicant, the file of the chosen
service (with its declared inputs) and its checklist in one form; saved, the desk's
decision taken (KTP-el: registered or returned) and the receipt opened in one step. The
rules are in app/services/loket.py; this module only turns requests into calls and answers."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext
from flask_login import current_user

from admin_views.base import RoleMixin
from app.extensions import db
from app.services import data_pemohon, loket
from app.errors import http_status
from app.pdp import log_baca
from app.services import stopwatch
from app.services.permohonan import berkas_terbuka, pesan_berkas_terbuka
from app.services.validation import cek_format_nik
from app.workflow import engine
from app.workflow.declaration import get_workflow
from models import Desa, Permohonan
from models.pemohon import JENIS_KELAMIN, STATUS_PERKAWINAN, mask_nik

STOPWATCH = "loket"  # the purpose the form's start time is signed for (step 1's clock)


def dokumen_untuk(p: Permohonan):
    """The document handed to the applicant after the intake: one the decision has just
    made available (the return slip), else the first of the file's state (the receipt)."""
    wf = get_workflow(p.layanan)
    now = wf.documents_in(p.status)
    before = ({d.kode for d in wf.documents_in(wf.initial.target)}
              if p.status != wf.initial.target else set())
    return next((d for d in now if d.kode not in before), now[0] if now else None)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def pesan_hasil(hasil: loket.Hasil) -> str:
    p = hasil.permohonan
    wf = get_workflow(p.layanan)
    if not hasil.aksi:
        text = gettext("Permohonan %(nomor)s dicatat (%(layanan)s).",
                       nomor=p.nomor_tanda_terima, layanan=wf.title)
    elif hasil.aksi == wf.loket.lengkap:
        text = (gettext("Permohonan %(nomor)s dicatat dan diregister dengan nomor %(register)s.",
                        nomor=p.nomor_tanda_terima, register=p.register.nomor)
                if p.register is not None else
                gettext("Permohonan %(nomor)s dicatat: %(tindakan)s.", nomor=p.nomor_tanda_terima,
                        tindakan=gettext(wf.transition(hasil.aksi).label)))
    else:
        text = gettext("Permohonan %(nomor)s dicatat dan dikembalikan ke pemohon. "
                       "Kurang: %(kurang)s.", nomor=p.nomor_tanda_terima,
                       kurang="; ".join(gettext(s.label) for s in p.syarat_kurang))
    if hasil.pemohon_baru:
        text += " " + gettext("Pemohon baru dicatat.")
    elif hasil.diubah:
        text += " " + gettext("Data pemohon diperbarui: %(kolom)s.",
                              kolom=", ".join(gettext(data_pemohon.label(n)) for n in hasil.diubah))
    return text


def _desa_options() -> list[tuple[int, str]]:
    # The village's own name first, so that typing its first letters selects it.
    rows = db.session.execute(db.select(Desa).order_by(Desa.nama)).scalars()
    return [(d.id, d.nama + (" " + gettext("(kelurahan)") if d.jenis == "kelurahan" else ""))
            for d in rows]


def _layanan(value: str | None):
    """The chosen service, else the first this role may record (none at all: 403)."""
    pilihan = loket.layanan_untuk(current_user.role)
    if not pilihan:
        abort(403)
    return loket.layanan_dipilih(value, current_user.role) or pilihan[0]


def _form_awal(wf, errors: dict):
    """The initial transition's declared form, as posted after a refusal (its messages
    beside its fields), else as it starts."""
    form = wf.initial.form_for(None, request.form if request.method == "POST" else None)
    for name, message in errors.items():
        if form is not None and name in form:
            form[name].errors = [message]
    return form


class LoketView(RoleMixin, BaseView):
    permission = "loket.catat"

    def _render(self, status: int = 200, nilai=None, errors=None, error=None, terbuka=None):
        nilai = nilai or {}
        pilihan = loket.layanan_untuk(current_user.role)
        wf = _layanan(nilai.get("layanan") or request.args.get("layanan"))
        jenis = nilai.get("jenis") if nilai.get("jenis") in wf.jenis else next(iter(wf.jenis))
        lahir = loket.baca_tanggal(nilai.get("tanggal_lahir"))
        return self.render(
            "admin/loket.html", nilai=nilai, errors=errors or {}, error=error, terbuka=terbuka,
            dicentang=set(request.form.getlist("syarat")) if request.method == "POST" else set(),
            syarat=loket.daftar_syarat(jenis, lahir, wf.layanan),
            desa_options=_desa_options(), layanan_pilihan=pilihan, wf=wf, jenis=jenis,
            jk_options=[(k, gettext(v)) for k, v in JENIS_KELAMIN.items()],
            status_options=[(k, gettext(v)) for k, v in STATUS_PERKAWINAN.items()],
            labels={name: data_pemohon.label(name) for name in loket.FIELDS},
            mulai=stopwatch.start_token(STOPWATCH), awalan_catatan=loket.AWALAN_CATATAN,
            form_awal=_form_awal(wf, errors or {}),
        ), status

    @expose("/", methods=("GET",))
    def index(self):
        return self._render()

    @expose("/", methods=("POST",))
    def simpan(self):
        form = request.form
        # No choice sent (a page of before the choice existed): the first service.
        layanan = form.get("layanan") or _layanan(None).layanan
        try:
            hasil = loket.catat_berkas(
                form, form.get("jenis", ""), set(form.getlist("syarat")), form.get("aksi", ""),
                current_user, catatan=form.get("catatan"),
                dibuka_at=stopwatch.started_at(form.get("mulai"), STOPWATCH),
                layanan=layanan, isian=form)  # the declared form takes its own fields
        except loket.PemohonInvalid as exc:
            return self._refused(http_status(exc), errors=exc.errors,
                                 error=gettext("Periksa isian yang ditandai merah."))
        except engine.NotAllowed:
            abort(403)
        except engine.WorkflowError as exc:
            known = loket.pemohon_dengan_nik((form.get("nik") or "").strip())
            terbuka = berkas_terbuka(known.id, layanan) if known is not None else None
            return self._refused(409 if terbuka else http_status(exc), error=exc.message,
                                 terbuka=terbuka)
        p = hasil.permohonan
        dokumen = dokumen_untuk(p)
        cetak_url = (url_for("cetak.dokumen", id=p.id, slug=dokumen.slug) if dokumen else None)
        message = pesan_hasil(hasil)
        if _wants_json():
            return jsonify(ok=True, pesan=message, nomor=p.nomor_tanda_terima,
                           aksi=hasil.aksi, berkas_url=url_for("permohonan.details_view", id=p.id),
                           cetak_url=cetak_url, cetak_judul=dokumen.judul if dokumen else None,
                           mulai=stopwatch.start_token(STOPWATCH))
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
        """A NIK's applicant (or what the number itself says), and an open file of the
        chosen service if any. POST, so that NIKs stay out of addresses and access logs."""
        nik = (request.form.get("nik") or "").strip()
        if (salah := cek_format_nik(nik)) or not nik:
            return jsonify(ok=False, error=salah or gettext("NIK harus 16 digit angka.")), 422
        wf = _layanan(request.form.get("layanan"))
        found = loket.isian_dari_nik(nik)
        terbuka = None
        if found["pemohon"] is not None:
            log_baca.catat("loket", found["pemohon"].id, found["pemohon"].id,
                           mask_nik(found["pemohon"].nik))
            open_file = berkas_terbuka(found["pemohon"].id, wf.layanan)
            if open_file is not None:
                terbuka = {"nomor": open_file.nomor_tanda_terima,
                           "url": url_for("permohonan.details_view", id=open_file.id),
                           "pesan": pesan_berkas_terbuka(open_file)}
        return jsonify(ok=True, dikenal=found["dikenal"], data=found["data"], terbuka=terbuka)

    @expose("/syarat", methods=("POST",))
    def syarat(self):
        """The checklist for a service, a type and a birth date, as `catat` will record it."""
        wf = (loket.layanan_dipilih(request.form["layanan"], current_user.role)
              if request.form.get("layanan") else _layanan(None))
        jenis = request.form.get("jenis", "")
        if wf is None or jenis not in wf.jenis:
            return jsonify(ok=False, error=gettext("Jenis permohonan tidak dikenal.")), 422
        lahir = loket.baca_tanggal(request.form.get("tanggal_lahir"))
        return jsonify(ok=True, syarat=[
            {"kode": r.kode, "label": gettext(r.label), "label_id": r.label, "wajib": r.wajib}
            for r in loket.daftar_syarat(jenis, lahir, wf.layanan)])
