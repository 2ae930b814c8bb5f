"""The office's own days off (admin only; on a regency's server, the regency's admin).
National holidays and the cuti bersama known when the calendar package was released need
no row; the list says which are already in."""
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from wtforms import validators

from admin_views.base import SecureModelView
from admin_views.formatters import tanggal_id
from admin_views.validators import Rule, strip
from app.services.hari_kerja import boleh_ubah_libur, cek_libur_baru, kalender_nasional
from app.timefmt import wib_today
from app.timefmt import DATE_TYPED

JENIS_LIBUR = [("cuti_bersama", _l("Cuti bersama")), ("libur_lokal", _l("Libur daerah/kantor"))]


class HariLiburView(SecureModelView):
    permission = "libur.kelola"
    edit_permission = "libur.kelola"
    column_list = ("tanggal", "nama", "jenis")
    column_labels = {"tanggal": _l("Tanggal"), "nama": _l("Keterangan"), "jenis": _l("Jenis")}
    column_default_sort = ("tanggal", True)
    column_formatters = {"tanggal": tanggal_id}
    column_choices = {"jenis": JENIS_LIBUR}
    form_choices = column_choices
    form_columns = ("tanggal", "nama", "jenis")
    form_args = {
        "tanggal": {"format": [DATE_TYPED, "%Y-%m-%d"],
                    "description": _l("Format hh/bb/tttt. Libur nasional dan cuti bersama yang "
                                      "sudah ditetapkan pemerintah tidak perlu ditambahkan."),
                    "validators": [validators.InputRequired(_l("Isi tanggal.")),
                                   Rule(cek_libur_baru)]},
        "nama": {"filters": [strip],
                 "validators": [validators.InputRequired(_l("Isi keterangan.")),
                                validators.Length(max=120)]},
    }
    form_widget_args = {"tanggal": {"data-date-format": "DD/MM/YYYY",
                                    "placeholder": _l("hh/bb/tttt"), "autocomplete": "off"}}
    list_template = "admin/libur/list.html"
    draw_rows = False  # its rows carry a delete form (templates/admin/libur/list.html)

    @property
    def can_create(self) -> bool:  # type: ignore[override]
        return super().can_create and boleh_ubah_libur(current_user)

    @property
    def can_edit(self) -> bool:  # type: ignore[override]
        return super().can_edit and boleh_ubah_libur(current_user)

    @property
    def can_delete(self) -> bool:  # type: ignore[override]
        return self.can_edit

    def render(self, template, **kwargs):
        if template == self.list_template:
            tahun = wib_today().year
            kwargs["libur_nasional"] = kalender_nasional(tahun, tahun + 1)
            kwargs["libur_kabupaten"] = not boleh_ubah_libur(current_user)
        return super().render(template, **kwargs)

    def saved_message(self, model, is_created):
        return gettext("Hari libur %(tanggal)s (%(nama)s) disimpan.",
                       tanggal=model.tanggal.strftime("%d/%m/%Y"), nama=model.nama)
