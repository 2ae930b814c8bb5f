"""Villages (admin only): the Kemendagri code list of the kecamatan."""
import re

from flask_babel import gettext, lazy_gettext as _l

from admin_views.base import SecureModelView

KODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$")


class DesaView(SecureModelView):
    permission = "desa.kelola"
    edit_permission = "desa.kelola"
    column_list = ("kode", "nama", "jenis")
    column_labels = {"kode": _l("Kode Kemendagri"), "nama": _l("Nama"), "jenis": _l("Jenis")}
    column_default_sort = "kode"
    column_choices = {"jenis": [("desa", _l("Desa")), ("kelurahan", _l("Kelurahan"))]}
    form_choices = column_choices
    form_args = {"kode": {"description": _l("Contoh: 35.20.04.2009 (1xxx kelurahan, 2xxx desa)")}}

    def validate_rules(self, form) -> bool:
        ok = True
        if hasattr(form, "kode"):
            kode = (form.kode.data or "").strip()
            if not KODE.match(kode):
                form.kode.errors = [*form.kode.errors,
                                    gettext("Kode harus berbentuk 35.20.04.2009 "
                                             "(digit ke-7: 1 kelurahan, 2 desa).")]
                ok = False
            elif form.jenis.data and kode[9] != ("1" if form.jenis.data == "kelurahan" else "2"):
                form.jenis.errors = [*form.jenis.errors,
                                     gettext("Jenis tidak sesuai kode: 1xxx kelurahan, 2xxx desa.")]
                ok = False
        return ok

    def saved_message(self, model, is_created):
        return gettext("Desa/kelurahan %(nama)s (%(kode)s) disimpan.", nama=model.nama,
                       kode=model.kode)
