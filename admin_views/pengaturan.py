"""Office settings (admin only): one row, edited in place."""
from flask import abort, current_app, flash, redirect, send_from_directory, url_for
from flask_admin import expose
from flask_admin.helpers import get_form_data
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileAllowed, FileField
from wtforms import IntegerField, SelectChoice, SelectField
from wtforms.fields.core import UnboundField
from wtforms.validators import Length, NumberRange, Optional

from admin_views.base import SecureModelView
from app.documents.render import uploads_folder
from app.notifikasi.penerima import cek_kanal_siap
from app.services import alur, kunci_ttd
from app.services.accounts import cek_nip
from app.services.lambang import periksa_lambang, simpan_png
from admin_views.validators import FieldsRule, Rule, Upload
from app.services.numbering import cek_format_register, cek_format_surat_keluar
from app.services.statistik import desks
from app.services.validation import cek_format_nik
from app.signing.sertifikat import MAX_BYTES as P12_MAX_BYTES, periksa_p12, terpasang
from app.workflow.declaration import get_workflow, variants_of
from models import OfficeSettings
from models.notifikasi import EMAIL, WA
from models.office_settings import DEFAULT_TENGGAT_HARI, PENGADUAN_HARI_MAKS
from app.access.roles import ROLES
from app.i18n import N_

# The SIGNER setting (app/settings.py) in the office's words.
CARA_TTD = {"none": N_("tidak dipakai: dokumen ditandatangani basah"),
            "local": N_("sertifikat kantor (PKCS#12) di server ini"),
            "bsre": N_("BSrE (Balai Besar Sertifikasi Elektronik)")}


def _tenggat_fields() -> dict[str, IntegerField]:
    """One field per desk the SOP gives no time standard (KTP-el: the Sekcam's, the
    Camat's), of every workflow the office runs or has files in now (read per request, not
    at start-up): a variant's desks once the office chooses it."""
    fields = {}
    for wf in alur.dipakai():
        for state, roles, minutes in desks(wf):
            if minutes is not None or f"tenggat_{state}" in fields:
                continue
            fields[f"tenggat_{state}"] = IntegerField(
                _l("Batas waktu di meja %(meja)s (berkas %(status)s)",
                   meja=_l(ROLES[roles[0]]), status=_l(wf.state(state).label)),
                default=DEFAULT_TENGGAT_HARI,
                validators=[Optional(), NumberRange(1, 60, _l("Antara 1 dan 60 hari kerja."))],
                description=_l("Hari kerja (Senin–Jumat). SOP tidak memberi standar waktu "
                               "untuk meja ini; berkas yang lebih lama ditandai terlambat di "
                               "Beranda."))
    return fields


def _alur_field() -> UnboundField | None:
    """The office's choice of workflow for its new KTP-el files: the default service and
    its declared variants, in the declaration's words; none without a variant."""
    sop = get_workflow().layanan
    pilihan = variants_of(sop)
    if len(pilihan) < 2:
        return None
    return SelectField(
        _l("Alur KTP-el untuk permohonan baru"),
        choices=[SelectChoice(wf.layanan, gettext(wf.alur or wf.title)) for wf in pilihan],
        coerce=lambda value: value or sop,  # sent empty: the SOP's
        description=_l("Sejak 2025 banyak kabupaten merekam dan mencetak KTP-el di Dinas "
                       "Kependudukan dan Pencatatan Sipil. Berlaku untuk permohonan yang "
                       "dicatat sesudah disimpan; berkas yang sudah ada tetap pada alurnya."))


def _p12(data: bytes) -> bytes:
    periksa_p12(data)  # SertifikatError with the reason, else the archive as sent
    return data


def _tenggat_names(form) -> list[str]:
    return [name for name in form._fields if name.startswith("tenggat_")]


class PengaturanView(SecureModelView):
    permission = "pengaturan.kelola"
    edit_permission = "pengaturan.kelola"
    can_view_details = False
    export_enabled = False  # one row of settings, no list
    column_list = ("kecamatan", "kabupaten", "kode_unit", "camat_nama", "ukuran_kertas")
    form_excluded_columns = ("logo_path", "tenggat_hari", "alur_ktp")  # alur_ktp: a select
    column_labels = {
        "kabupaten": _l("Kabupaten"), "kecamatan": _l("Kecamatan"), "alamat": _l("Alamat kantor"),
        "kode_pos": _l("Kode pos"), "telepon": _l("Telepon"), "email": _l("Surel"),
        "kode_wilayah": _l("Kode wilayah"), "kode_unit": _l("Kode unit (nomor surat)"),
        "format_nomor_register": _l("Format nomor register"),
        "format_nomor_surat_keluar": _l("Format nomor surat keluar"), "camat_nama": _l("Nama Camat"),
        "camat_pangkat": _l("Pangkat Camat"), "camat_nip": _l("NIP Camat"),
        "sekcam_nama": _l("Nama Sekcam"), "sekcam_pangkat": _l("Pangkat Sekcam"),
        "sekcam_nip": _l("NIP Sekcam"), "ukuran_kertas": _l("Ukuran kertas"),
        "camat_nik": _l("NIK Camat (untuk BSrE)"),
        "retensi_berkas_tahun": _l("Retensi berkas selesai (tahun)"),
        "retensi_log_baca_tahun": _l("Retensi log akses data pribadi (tahun)"),
        "standar_pelayanan": _l("Standar pelayanan"),
        "maklumat_pelayanan": _l("Maklumat pelayanan"),
        "pengaduan_hari": _l("Batas jawaban pengaduan (hari kerja)"),
        "notifikasi_wa": _l("Kirim pesan ke pemohon lewat WhatsApp"),
        "notifikasi_email": _l("Kirim pesan ke pemohon lewat surel"),
    }
    form_choices = {"ukuran_kertas": [("F4", "F4 (215 × 330 mm)"), ("A4", "A4 (210 × 297 mm)")]}
    form_extra_fields = {"lambang": FileField(
        _l("Lambang daerah (kop surat)"),
        validators=[FileAllowed(["png", "jpg", "jpeg"],
                                _l("Lambang harus berupa gambar PNG atau JPEG.")),
                    Upload(periksa_lambang)],
        description=_l("PNG atau JPEG, maksimal 2 MB. Kosongkan bila tidak diganti.")),
        "sertifikat_tte": FileField(
            _l("Sertifikat elektronik Camat (PKCS#12, .p12/.pfx)"),
            validators=[FileAllowed(["p12", "pfx"],
                                    _l("Sertifikat harus berkas .p12 atau .pfx.")),
                        Upload(_p12, P12_MAX_BYTES + 1)],
            description=_l("Untuk tanda tangan elektronik lokal (SIGNER=local). Disimpan di "
                           "server dengan izin 0600; berlaku setelah Camat sendiri "
                           "mengonfirmasinya dengan passphrase-nya, sampai itu kunci lama "
                           "(atau tidak ada) tetap berlaku. Kosongkan bila tidak diganti."))}
    edit_template = "admin/pengaturan/edit.html"
    form_args = {
        "format_nomor_register": {
            "description": _l("Gunakan {nomor:04d}, {tahun} dan {kode_unit}; "
                              "contoh 471.13/{nomor:04d}/{kode_unit}/{tahun}"),
            "validators": [FieldsRule(cek_format_register, "format_nomor_register",
                                      "kode_unit")]},
        "format_nomor_surat_keluar": {
            "description": _l("Surat pengantar kolektif; nomor urut dari penghitung surat keluar "
                              "per tahun. Contoh 470/{nomor:03d}/{kode_unit}/{tahun}"),
            "validators": [FieldsRule(lambda fmt, unit: cek_format_surat_keluar(
                fmt or "", unit or ""), "format_nomor_surat_keluar", "kode_unit")]},
        "camat_nik": {"validators": [Rule(cek_format_nik)]},
        "camat_nip": {"validators": [Rule(cek_nip)]},
        # The archive schedule (JRA): after these years the data is anonymised.
        # (Not sent: kept as it is; left empty: the schedule's default, see on_model_change.)
        "retensi_berkas_tahun": {
            "validators": [Optional(), NumberRange(1, 100, _l("Isi 1 sampai 100 tahun."))],
            "description": _l("Sesudah berkas diserahkan atau dibatalkan; lalu data pemohon "
                              "dianonimkan (nomor register tetap).")},
        "retensi_log_baca_tahun": {
            "validators": [Optional(), NumberRange(1, 100, _l("Isi 1 sampai 100 tahun."))]},
        "sekcam_nip": {"validators": [Rule(cek_nip)]},
        # UU 25/2009: published on /standar-pelayanan; Perpres 76/2013 caps the answer at
        # 60 days (Magetan publishes 14 working days).
        "standar_pelayanan": {"validators": [Optional(), Length(max=10000)],
                              "description": _l("Tampil di halaman publik /standar-pelayanan: "
                                                "persyaratan, prosedur, waktu, biaya, produk.")},
        "maklumat_pelayanan": {"validators": [Optional(), Length(max=4000)],
                               "description": _l("Janji kantor kepada warga, tampil di halaman "
                                                 "publik /standar-pelayanan.")},
        "pengaduan_hari": {
            "validators": [Optional(), NumberRange(1, PENGADUAN_HARI_MAKS, _l(
                "Antara 1 dan 60 hari kerja (Perpres 76/2013)."))],
            "description": _l("Pengaduan yang belum dijawab sesudahnya ditandai terlambat di "
                              "Beranda.")},
        # Messages to residents (app/notifikasi/): the gateway and the mail server are
        # the server's settings (NOTIFY_WA_URL, NOTIFY_SMTP_HOST…); the office chooses.
        "notifikasi_wa": {"validators": [Rule(lambda on: cek_kanal_siap(WA, on))],
                          "description": _l(
            "Lewat gateway WhatsApp yang disewa kantor (alamat dan token diisi petugas TI di "
            "server: NOTIFY_WA_URL, NOTIFY_WA_TOKEN). Hanya kepada pemohon yang setuju.")},
        "notifikasi_email": {"validators": [Rule(lambda on: cek_kanal_siap(EMAIL, on))],
                             "description": _l(
            "Lewat server surel kantor (NOTIFY_SMTP_HOST, NOTIFY_SMTP_FROM di server). Hanya "
            "kepada pemohon yang setuju.")},
    }

    @property
    def can_create(self):  # the one row exists from the master data
        return False

    @expose("/")
    def index_view(self):
        return redirect(url_for(".edit_view", id=1))

    @expose("/lambang.png")
    def lambang(self):
        """The emblem now on the letterhead, for the preview on the settings page."""
        settings = OfficeSettings.get()
        if not settings.logo_path:
            abort(404)
        return send_from_directory(uploads_folder(), settings.logo_path, mimetype="image/png")

    def saved_message(self, model, is_created):
        return gettext("Pengaturan kantor disimpan.")

    def edit_form(self, obj=None):
        alur = _alur_field()
        fields = {"alur_ktp": alur} if alur is not None else {}
        fields.update(_tenggat_fields())
        # The uploads drawn again after them, so the limits stay beside the other settings.
        for name in ("lambang", "sertifikat_tte"):
            f = self.form_extra_fields[name]
            fields[name] = UnboundField(f.field_class, *f.args, **f.kwargs)
        form_class = type("PengaturanForm", (self._edit_form_class,), fields)
        form = form_class(get_form_data(), obj=obj)
        if "alur_ktp" in form and form.alur_ktp.data is None:  # not chosen yet: the SOP's
            form.alur_ktp.data = get_workflow().layanan
        return form

    def on_form_prefill(self, form, id):
        settings = OfficeSettings.get()
        for name in _tenggat_names(form):
            form[name].data = settings.tenggat(name.removeprefix("tenggat_"))

    def on_model_change(self, form, model, is_created):
        for name in ("retensi_berkas_tahun", "retensi_log_baca_tahun", "pengaduan_hari"):
            if getattr(model, name) is None:
                setattr(model, name, OfficeSettings.__table__.c[name].default.arg)
        # The SOP's own workflow is kept as no choice (None), as every office starts.
        if model.alur_ktp == get_workflow().layanan:
            model.alur_ktp = None
        # Left empty: the default (one working day).
        model.tenggat_hari = {name.removeprefix("tenggat_"): form[name].data
                              for name in _tenggat_names(form) if form[name].data is not None}
        # The uploads, checked by their validators, are stored only now that the whole
        # form is valid, so a refused form keeps nothing.
        checked = getattr(form, "checked", {})
        if "lambang" in checked:
            model.logo_path = simpan_png(checked["lambang"], uploads_folder())
        kunci_ttd.catat_penandatangan(model, by=current_user)
        if "sertifikat_tte" in checked:
            # Waits for the Camat's own confirmation; the key in force stays in force.
            kunci_ttd.unggah(checked["sertifikat_tte"], by=current_user)

    @expose("/kunci/batalkan", methods=["POST"])
    def batalkan_kunci(self):
        if kunci_ttd.batalkan(current_user):
            flash(gettext("Kunci yang menunggu konfirmasi Camat dibatalkan."), "success")
        return redirect(url_for(".edit_view", id=1))

    @expose("/kunci/hapus", methods=["POST"])
    def hapus_kunci(self):
        if kunci_ttd.hapus(current_user):
            flash(gettext("Kunci tanda tangan elektronik dihapus; surat tidak dapat "
                          "ditandatangani secara elektronik sampai kunci baru dikonfirmasi "
                          "Camat."), "warning")
        return redirect(url_for(".edit_view", id=1))

    def render(self, template, **kwargs):
        kwargs.setdefault("sertifikat_at", terpasang(kunci_ttd.p12_path()))
        kwargs.setdefault("sertifikat", kunci_ttd.sertifikat_berlaku())
        kwargs.setdefault("kunci_menunggu_at", kunci_ttd.menunggu_sejak())
        kwargs.setdefault("signer", gettext(CARA_TTD.get(current_app.config.get("SIGNER", "none"),
                                                          CARA_TTD["none"])))
        return super().render(template, **kwargs)
