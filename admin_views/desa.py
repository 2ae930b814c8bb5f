"""Villages (admin only): the Kemendagri code list of the kecamatan."""
from flask_babel import gettext, lazy_gettext as _l

from admin_views.base import SecureModelView
from admin_views.validators import FieldsRule, Rule
from app.services.master import cek_jenis_desa, cek_kode_desa


class DesaView(SecureModelView):
    permission = "desa.kelola"
    edit_permission = "desa.kelola"
    column_list = ("kode", "nama", "jenis")
    column_labels = {"kode": _l("Kode Kemendagri"), "nama": _l("Nama"), "jenis": _l("Jenis")}
    column_default_sort = "kode"
    column_choices = {"jenis": [("desa", _l("Desa")), ("kelurahan", _l("Kelurahan"))]}
    form_choices = column_choices
    form_args = {
        "kode": {"description": _l("Contoh: 35.20.04.2009 (1xxx kelurahan, 2xxx desa)"),
                 "validators": [Rule(cek_kode_desa)]},
        "jenis": {"validators": [FieldsRule(cek_jenis_desa, "kode", "jenis")]},
    }

    def saved_message(self, model, is_created):
        return gettext("Desa/kelurahan %(nama)s (%(kode)s) disimpan.", nama=model.nama,
                       kode=model.kode)
