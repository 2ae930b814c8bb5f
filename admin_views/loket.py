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
from admin_views.loket_form import LoketForm, NikForm, SyaratForm
from app.extensions import db
from app.services import antrian, data_pemohon, loket
from app.errors import http_status
from app.notifikasi.penerima import kanal_kantor
from app.pdp import log_baca
from app.services import stopwatch
from app.services.permohonan import berkas_terbuka, pesan_berkas_terbuka
from app.services.validation import cek_format_nik
from app.workflow import engine
from app.workflow.declaration import get_workflow
from models import Desa, OfficeSettings, Permohonan
from models.notifikasi import KANAL
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


def _form_awal(wf, form: LoketForm | None, errors: dict):
    """The initial transition's declared form, as posted after a refusal (its messages
    beside its fields), else as it starts."""
    declared = wf.initial.form_for(None, form.isian() if form is not None else None)
    for name, message in errors.items():
        if declared is not None and name in declared:
            declared[name].errors = [message]
    return declared


class LoketView(RoleMixin, BaseView):
    permission = "loket.catat"

    def _render(self, form: LoketForm | None = None, status: int = 200, errors=None,
                error=None, terbuka=None):
        """The screen; after a refusal, `form` as posted with `errors` beside the fields."""
        nilai = form.nilai() if form is not None else {}
        pilihan = loket.layanan_untuk(current_user.role)
        wf = _layanan(nilai.get("layanan") or request.args.get("layanan"))
        jenis = nilai.get("jenis") if nilai.get("jenis") in wf.jenis else next(iter(wf.jenis))
        lahir = form.tanggal_lahir.data if form is not None else None
        return self.render(
            "admin/loket.html", nilai=nilai, errors=errors or {}, error=error, terbuka=terbuka,
            dicentang=set(form.syarat.data or ()) if form is not None else set(),
            syarat=loket.daftar_syarat(jenis, lahir, wf.layanan),
            desa_options=_desa_options(), layanan_pilihan=pilihan, wf=wf, jenis=jenis,
            jk_options=[(k, gettext(v)) for k, v in JENIS_KELAMIN.items()],
            status_options=[(k, gettext(v)) for k, v in STATUS_PERKAWINAN.items()],
            labels={name: data_pemohon.label(name) for name in (*loket.FIELDS, "email")},
            mulai=stopwatch.start_token(STOPWATCH), awalan_catatan=loket.AWALAN_CATATAN,
            teks_nik=cek_format_nik("", wajib=True),
            form_awal=_form_awal(wf, form, errors or {}),
            huruf_antrean="".join(k.huruf for k in antrian.KEPERLUAN.values()),
            kanal_options=[(k, gettext(KANAL[k])) for k in kanal_kantor(OfficeSettings.get())],
        ), status

    @expose("/", methods=("GET",))
    def index(self):
        return self._render()

    @expose("/", methods=("POST",))
    def simpan(self):
        form = LoketForm()
        if not form.validate():
            return self._refused(form, 422, errors=form.pesan(),
                                 error=gettext("Periksa isian yang ditandai merah."))
        # No choice sent (a page of before the choice existed): the first service.
        layanan = form.layanan.data or _layanan(None).layanan
        try:
            hasil = loket.catat_berkas(
                form.pemohon(), form.jenis.data or "", set(form.syarat.data or ()),
                form.aksi.data or "", current_user, catatan=form.catatan.data,
                dibuka_at=stopwatch.started_at(form.mulai.data, STOPWATCH),
                layanan=layanan, isian=form.isian(),  # the declared form takes its own fields
                # Asked only where the office sends messages: else the record's stays.
                persetujuan=form.persetujuan() if kanal_kantor(OfficeSettings.get()) else None,
                tiket=form.tiket.data)
        except loket.PemohonInvalid as exc:
            return self._refused(form, http_status(exc), errors=exc.errors,
                                 error=gettext("Periksa isian yang ditandai merah."))
        except engine.NotAllowed:
            abort(403)
        except engine.WorkflowError as exc:
            known = loket.pemohon_dengan_nik(form.nik.data or "")
            terbuka = berkas_terbuka(known.id, layanan) if known is not None else None
            return self._refused(form, 409 if terbuka else http_status(exc), error=exc.message,
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

    def _refused(self, form: LoketForm, status: int, errors=None, error=None, terbuka=None):
        if _wants_json():
            return jsonify(ok=False, errors=errors or {}, error=error, terbuka=(
                {"nomor": terbuka.nomor_tanda_terima,
                 "url": url_for("permohonan.details_view", id=terbuka.id)}
                if terbuka is not None else None)), status
        return self._render(form, status, errors=errors, error=error, terbuka=terbuka)

    @expose("/pemohon", methods=("POST",))
    def pemohon(self):
        """A NIK's applicant (or what the number itself says), and an open file of the
        chosen service if any. POST, so that NIKs stay out of addresses and access logs."""
        form = NikForm()
        if not form.validate():
            return jsonify(ok=False, error=next(iter(form.pesan().values()))), 422
        wf = _layanan(form.layanan.data)
        found = loket.isian_dari_nik(form.nik.data)
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
        form = SyaratForm()
        form.validate()  # the CSRF token and the characters; the choices are checked here
        wf = (loket.layanan_dipilih(form.layanan.data, current_user.role)
              if form.layanan.data else _layanan(None))
        if form.errors or wf is None or form.jenis.data not in wf.jenis:
            return jsonify(ok=False, error=gettext("Jenis permohonan tidak dikenal.")), 422
        return jsonify(ok=True, syarat=[
            {"kode": r.kode, "label": gettext(r.label), "label_id": r.label, "wajib": r.wajib}
            for r in loket.daftar_syarat(form.jenis.data, form.tanggal_lahir.data, wf.layanan)])
