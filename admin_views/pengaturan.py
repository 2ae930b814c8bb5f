"""Office settings (admin only): one row, edited in place."""
from flask import redirect, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext as _l

from admin_views.base import SecureModelView
from app.services.accounts import check_nip
from app.services.numbering import format_register_number


class PengaturanView(SecureModelView):
    roles = ("admin",)
    edit_roles = ("admin",)
    can_view_details = False
    column_list = ("kecamatan", "kabupaten", "kode_unit", "camat_nama", "ukuran_kertas")
    form_excluded_columns = ("logo_path",)
    column_labels = {
        "kabupaten": _l("Kabupaten"), "kecamatan": _l("Kecamatan"), "alamat": _l("Alamat kantor"),
        "kode_pos": _l("Kode pos"), "telepon": _l("Telepon"), "email": _l("Surel"),
        "kode_wilayah": _l("Kode wilayah"), "kode_unit": _l("Kode unit (nomor surat)"),
        "format_nomor_register": _l("Format nomor register"), "camat_nama": _l("Nama Camat"),
        "camat_pangkat": _l("Pangkat Camat"), "camat_nip": _l("NIP Camat"),
        "sekcam_nama": _l("Nama Sekcam"), "sekcam_pangkat": _l("Pangkat Sekcam"),
        "sekcam_nip": _l("NIP Sekcam"), "ukuran_kertas": _l("Ukuran kertas"),
    }
    form_choices = {"ukuran_kertas": [("F4", "F4 (215 × 330 mm)"), ("A4", "A4 (210 × 297 mm)")]}
    form_args = {"format_nomor_register": {
        "description": _l("Gunakan {nomor:04d}, {tahun} dan {kode_unit}; "
                          "contoh 471.13/{nomor:04d}/{kode_unit}/{tahun}")}}

    @property
    def can_create(self):  # the one row exists from the master data
        return False

    @expose("/")
    def index_view(self):
        return redirect(url_for(".edit_view", id=1))

    def validate_form(self, form) -> bool:
        ok = super().validate_form(form)
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
        for field in ("camat_nip", "sekcam_nip"):
            if (msg := check_nip(form[field].data)):
                form[field].errors = [*form[field].errors, msg]
                ok = False
        return ok


class _Sample:
    def __init__(self, fmt, kode_unit):
        self.format_nomor_register, self.kode_unit = fmt, kode_unit
