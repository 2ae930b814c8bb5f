"""Accounts (admin only): create, deactivate, reset a password. Accounts are never deleted:
the audit log names them."""
from flask_babel import gettext, lazy_gettext as _l
from wtforms import PasswordField, SelectField
from wtforms.validators import Optional

from admin_views.base import SecureModelView
from admin_views.formatters import waktu_pendek, waktu_wib
from app.i18n import lazy_choices
from app.services.accounts import check_nip, check_password_rules, check_username
from models.user import ROLES


class UserView(SecureModelView):
    permission = "user.kelola"
    edit_permission = "user.kelola"
    column_list = ("username", "nama", "nip", "role", "aktif", "last_login")
    column_details_list = ("username", "nama", "nip", "role", "aktif", "last_login",
                           "created_at")
    column_labels = {"username": _l("Nama pengguna"), "nama": _l("Nama lengkap"), "nip": _l("NIP"),
                     "role": _l("Peran"), "aktif": _l("Aktif"), "last_login": _l("Terakhir masuk"),
                     "created_at": _l("Dibuat")}
    column_formatters = {"last_login": waktu_pendek, "created_at": waktu_pendek,
                         "role": lambda v, c, m, n: gettext(m.role_label)}
    column_formatters_detail = {**column_formatters, "last_login": waktu_wib,
                                "created_at": waktu_wib}
    column_searchable_list = ("username", "nama")
    column_filters = ("role", "aktif")
    form_columns = ("username", "nama", "nip", "role", "aktif", "kata_sandi_baru")
    form_extra_fields = {
        "role": SelectField(_l("Peran"), choices=lazy_choices(ROLES)),
        "kata_sandi_baru": PasswordField(
            _l("Kata sandi baru"), validators=[Optional()],
            description=_l("Kosongkan bila tidak diganti. Minimal 10 karakter.")),
    }

    def validate_rules(self, form) -> bool:
        ok = True
        if not hasattr(form, "kata_sandi_baru"):
            return ok
        password = form.kata_sandi_baru.data or ""
        if form._obj is None and not password:  # a new account (AdminForm keeps the row)
            form.kata_sandi_baru.errors = [*form.kata_sandi_baru.errors,
                                           gettext("Kata sandi wajib diisi untuk akun baru.")]
            ok = False
        elif password and (msg := check_password_rules(password, form.username.data or "",
                                                        form.nama.data)):
            form.kata_sandi_baru.errors = [*form.kata_sandi_baru.errors, msg]
            ok = False
        if (msg := check_username(form.username.data)):
            form.username.errors = [*form.username.errors, msg]
            ok = False
        if (msg := check_nip(form.nip.data)):
            form.nip.errors = [*form.nip.errors, msg]
            ok = False
        return ok

    def saved_message(self, model, is_created):
        if is_created:
            return gettext("Akun %(username)s dibuat.", username=model.username)
        return gettext("Akun %(username)s disimpan.", username=model.username)

    def on_model_change(self, form, model, is_created):
        model.nip = (model.nip or "").strip() or None
        if form.kata_sandi_baru.data:
            model.set_password(form.kata_sandi_baru.data)
