"""Office settings (admin only): one row, edited in place."""
from flask import abort, redirect, send_from_directory, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from admin_views.base import SecureModelView
from app.documents.render import UPLOADS
from app.services.accounts import check_nip
from app.services.lambang import LambangError, simpan_lambang
from app.services.numbering import cek_format_surat_keluar, format_register_number
from app.services.statistik import desks
from app.workflow.declaration import get_workflow
from models import OfficeSettings
from models.settings import DEFAULT_TENGGAT_HARI
from app.access.roles import ROLES


def _tenggat_fields() -> dict[str, IntegerField]:
    """One field per desk the SOP gives no time standard (the Sekcam's, the Camat's)."""
    wf = get_workflow()
    return {f"tenggat_{state}": IntegerField(
        _l("Batas waktu di meja %(meja)s (berkas %(status)s)",
           meja=_l(ROLES[roles[0]]),
           status=_l(wf.state(state).label)),
        default=DEFAULT_TENGGAT_HARI,
        validators=[Optional(), NumberRange(1, 60, _l("Antara 1 dan 60 hari kerja."))],
        description=_l("Hari kerja (Senin–Jumat). SOP tidak memberi standar waktu untuk "
                       "meja ini; berkas yang lebih lama ditandai terlambat di Beranda."))
        for state, roles, minutes in desks(wf) if minutes is None}


TENGGAT_FIELDS = _tenggat_fields()


class PengaturanView(SecureModelView):
    permission = "pengaturan.kelola"
    edit_permission = "pengaturan.kelola"
    can_view_details = False
    column_list = ("kecamatan", "kabupaten", "kode_unit", "camat_nama", "ukuran_kertas")
    form_excluded_columns = ("logo_path", "tenggat_hari")
    column_labels = {
        "kabupaten": _l("Kabupaten"), "kecamatan": _l("Kecamatan"), "alamat": _l("Alamat kantor"),
        "kode_pos": _l("Kode pos"), "telepon": _l("Telepon"), "email": _l("Surel"),
        "kode_wilayah": _l("Kode wilayah"), "kode_unit": _l("Kode unit (nomor surat)"),
        "format_nomor_register": _l("Format nomor register"),
        "format_nomor_surat_keluar": _l("Format nomor surat keluar"), "camat_nama": _l("Nama Camat"),
        "camat_pangkat": _l("Pangkat Camat"), "camat_nip": _l("NIP Camat"),
        "sekcam_nama": _l("Nama Sekcam"), "sekcam_pangkat": _l("Pangkat Sekcam"),
        "sekcam_nip": _l("NIP Sekcam"), "ukuran_kertas": _l("Ukuran kertas"),
    }
    form_choices = {"ukuran_kertas": [("F4", "F4 (215 × 330 mm)"), ("A4", "A4 (210 × 297 mm)")]}
    form_extra_fields = {**TENGGAT_FIELDS, "lambang": FileField(
        _l("Lambang daerah (kop surat)"),
        validators=[FileAllowed(["png", "jpg", "jpeg"],
                                _l("Lambang harus berupa gambar PNG atau JPEG."))],
        description=_l("PNG atau JPEG, maksimal 2 MB. Kosongkan bila tidak diganti."))}
    edit_template = "admin/pengaturan/edit.html"
    form_args = {"format_nomor_register": {
        "description": _l("Gunakan {nomor:04d}, {tahun} dan {kode_unit}; "
                          "contoh 471.13/{nomor:04d}/{kode_unit}/{tahun}")},
                 "format_nomor_surat_keluar": {
        "description": _l("Surat pengantar kolektif; nomor urut dari penghitung surat keluar "
                          "per tahun. Contoh 470/{nomor:03d}/{kode_unit}/{tahun}")}}

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
        return send_from_directory(UPLOADS, settings.logo_path, mimetype="image/png")

    def validate_rules(self, form) -> bool:
        ok = True
        if not hasattr(form, "format_nomor_register"):
            return ok
        fmt = form.format_nomor_register.data or ""
        try:
            sample = format_register_number(_Sample(fmt, form.kode_unit.data or ""), 1, 2026)
            if "{nomor" not in fmt or sample == format_register_number(
                    _Sample(fmt, form.kode_unit.data or ""), 2, 2026):
                raise ValueError
        except (KeyError, ValueError, IndexError, AttributeError):
            form.format_nomor_register.errors = [
                *form.format_nomor_register.errors,
                gettext("Format tidak sah: harus memuat {nomor} dan hanya {nomor}, {tahun}, "
                        "{kode_unit}.")]
            ok = False
        if (msg := cek_format_surat_keluar(form.format_nomor_surat_keluar.data or "",
                                           form.kode_unit.data or "")):
            form.format_nomor_surat_keluar.errors = [*form.format_nomor_surat_keluar.errors, msg]
            ok = False
        for field in ("camat_nip", "sekcam_nip"):
            if (msg := check_nip(form[field].data)):
                form[field].errors = [*form[field].errors, msg]
                ok = False
        upload = form.lambang.data
        if ok and upload and not form.errors:  # kept only from a form that passes
            try:
                form.lambang_baru = simpan_lambang(upload.read(), UPLOADS)
            except LambangError as error:
                form.lambang.errors = [*form.lambang.errors, str(error)]
                ok = False
        return ok

    def saved_message(self, model, is_created):
        return gettext("Pengaturan kantor disimpan.")

    def on_form_prefill(self, form, id):
        settings = OfficeSettings.get()
        for name in TENGGAT_FIELDS:
            form[name].data = settings.tenggat(name.removeprefix("tenggat_"))

    def on_model_change(self, form, model, is_created):
        # Left empty: the default (one working day).
        model.tenggat_hari = {name.removeprefix("tenggat_"): form[name].data
                              for name in TENGGAT_FIELDS if form[name].data is not None}
        # Saved only once the whole form is valid, so a refused form changes nothing.
        if getattr(form, "lambang_baru", None):
            model.logo_path = form.lambang_baru


class _Sample:
    def __init__(self, fmt, kode_unit):
        self.format_nomor_register, self.kode_unit = fmt, kode_unit
