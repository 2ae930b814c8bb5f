"""Accounts (admin only): create, deactivate, reset a password, end sessions. Accounts are
never deleted: the audit log names them. Every role or status change is in `riwayat_akun`."""
from flask import flash
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import inspect
from wtforms import PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from admin_views.base import LogView, SecureModelView
from admin_views.formatters import waktu_pendek, waktu_wib
from app.access.scope import kantor_aktif, lingkup_kabupaten
from app.extensions import db
from app.i18n import N_, select_choices
from admin_views.validators import AccountChange, NewPassword, Rule, strip, strip_or_none
from app.services import sesi
from app.services.accounts import (
    AccountError, cek_nip, cek_nama_pengguna, cek_perubahan_akun, cek_peran_diberikan,
    kantor_akun, peran_boleh_diberikan, record_account_changes, reset_kata_sandi,
)
from app.services.validation import parse_id
from models import OfficeSettings
from models._kantor import kantor_tunggal
from models.user import ROLES, User


def _id_or_none(value):
    return int(value) if value not in (None, "", "None") and str(value).isdigit() else None


class UserView(SecureModelView):
    permission = "user.kelola"
    edit_permission = "user.kelola"

    # Accounts are not narrowed by the models' office filter (a file's history names the
    # Dinas's operator, who belongs to no office): on a regency's server an office's
    # administrator sees its own; a server of one office has one administrator for all.
    def _seen_office(self) -> int | None:
        return None if kantor_tunggal(db.session) is not None else kantor_aktif()

    def _own_office(self, query):
        kantor_id = self._seen_office()
        return query if kantor_id is None else query.filter(User.kantor_id == kantor_id)

    def get_query(self):
        return self._own_office(super().get_query())

    def get_count_query(self):
        return self._own_office(super().get_count_query())

    def get_one(self, id):
        user = super().get_one(id)
        kantor_id = self._seen_office()
        return None if user is None or (kantor_id is not None and user.kantor_id != kantor_id) \
            else user
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
    form_columns = ("username", "nama", "nip", "role", "kantor", "aktif", "kata_sandi_baru")
    form_args = {"username": {"validators": [Rule(cek_nama_pengguna)], "filters": [strip]},
                 "nip": {"validators": [Rule(cek_nip)], "filters": [strip_or_none]},
                 "aktif": {"validators": [AccountChange()]}}
    form_extra_fields = {
        "role": SelectField(_l("Peran"), choices=select_choices(ROLES),
                            validators=[Rule(lambda role: cek_peran_diberikan(current_user, role)),
                                        AccountChange()]),
        # The regency's administrator chooses the office; an office's keeps its own.
        "kantor": SelectField(_l("Kantor"), choices=[], coerce=_id_or_none,
                              validate_choice=False,
                              description=_l("Kosong untuk peran kabupaten (Operator "
                                             "Dispenduk, Pemantau, Administrator Kabupaten).")),
        # Whether a password is needed depends on the row (AdminForm keeps it): a new account.
        "kata_sandi_baru": PasswordField(
            _l("Kata sandi baru"), validators=[NewPassword()],
            description=_l("Kosongkan bila tidak diganti. Minimal 10 karakter.")),
    }

    def _for_this_admin(self, form, model=None):
        form.role.choices = select_choices(peran_boleh_diberikan(current_user))
        offices = db.session.execute(db.select(OfficeSettings).order_by(
            OfficeSettings.kode_wilayah)).scalars()
        own = current_user.kantor_id
        form.kantor.choices = [SelectChoice("", "—")] * lingkup_kabupaten(current_user.role) + [
            SelectChoice(str(k.id), f"{k.kode_wilayah} {k.kecamatan}") for k in offices
            if lingkup_kabupaten(current_user.role) or k.id == own]
        if model is not None and form.kantor.data is None:
            form.kantor.data = model.kantor_id
        return form

    def create_form(self, obj=None):
        return self._for_this_admin(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._for_this_admin(super().edit_form(obj), obj)

    def saved_message(self, model, is_created):
        if is_created:
            return gettext("Akun %(username)s dibuat.", username=model.username)
        return gettext("Akun %(username)s disimpan.", username=model.username)

    def on_model_change(self, form, model, is_created):
        state = inspect(model)
        before = {} if is_created else {
            k: (state.attrs[k].history.deleted or state.attrs[k].history.unchanged or [None])[0]
            for k in ("role", "aktif")}
        if not is_created:
            # Again under the admins' row locks: two admins demoting each other at once.
            old = _Before(model.id, before["role"], before["aktif"])
            if (errors := cek_perubahan_akun(current_user, old, model.role,
                                               bool(model.aktif), lock=True)):
                raise ValidationError(" ".join(errors.values()))
        try:
            model.kantor_id = kantor_akun(current_user, model.role, form.kantor.data)
        except AccountError as exc:
            raise ValidationError(str(exc)) from None
        if form.kata_sandi_baru.data and is_created:
            model.set_password(form.kata_sandi_baru.data)
            model.wajib_ganti_sandi = True  # the admin knows it: the owner chooses their own
        db.session.flush()
        if form.kata_sandi_baru.data and not is_created:
            # The owner chooses their own at the next login; the reset is witnessed.
            reset_kata_sandi(model, form.kata_sandi_baru.data, by=current_user)
        record_account_changes(model, current_user, before)

    @action(sesi.AKHIRI_SESI, _l("Akhiri sesi"),
            _l("Akhiri semua sesi akun terpilih? Penggunanya harus masuk kembali."))
    def akhiri_sesi(self, ids):
        ended = 0
        for raw in ids:
            # Only accounts this administrator may see (an office's, its own).
            if (uid := parse_id(raw)) is not None and self.get_one(str(uid)) is not None:
                ended += sesi.akhiri_semua(uid, "diakhiri_admin",
                                           kecuali_ini=uid == current_user.id)
        db.session.commit()
        flash(gettext("%(n)d sesi diakhiri.", n=ended), "success")


class _Before:
    """The account as it was before this edit, for the limits' check."""

    def __init__(self, id, role, aktif):
        self.id, self.role, self.aktif = id, role, aktif


class RiwayatAkunView(LogView):
    """Account history (admin): who changed whose role, status or password, the office's
    signing key and its signer, from what to what, when and from which address."""

    permission = "riwayat_akun.lihat"
    column_list = ("at", "user", "kolom", "dari", "ke", "oleh", "ip")
    column_labels = {"at": _l("Waktu"), "user": _l("Akun"), "kolom": _l("Yang diubah"),
                     "dari": _l("Dari"), "ke": _l("Menjadi"), "oleh": _l("Oleh"),
                     "ip": _l("Alamat IP")}
    column_filters = ("kolom",)
    column_formatters = {
        "at": waktu_wib,
        "user": lambda v, c, m, n: m.user.username if m.user else gettext("kantor"),
        "oleh": lambda v, c, m, n: m.oleh.username if m.oleh else gettext("baris perintah"),
        "kolom": lambda v, c, m, n: gettext(KOLOM.get(m.kolom, m.kolom)),
        "dari": lambda v, c, m, n: _nilai(m.kolom, m.dari),
        "ke": lambda v, c, m, n: _nilai(m.kolom, m.ke),
        "ip": lambda v, c, m, n: m.ip or "—",
    }


KOLOM = {"role": N_("Peran"), "aktif": N_("Aktif"), "kata_sandi": N_("Kata sandi"),
         "kunci_ttd": N_("Kunci tanda tangan elektronik"),
         "penandatangan": N_("Penanda tangan (pengaturan kantor)")}
# What a password reset or a key's step reads as on screen.
NILAI = {"direset": N_("diatur ulang oleh orang lain"),
         "diganti_sendiri": N_("diganti oleh pemiliknya"),
         "menunggu": N_("diunggah, menunggu konfirmasi Camat"),
         "aktif": N_("dikonfirmasi Camat, berlaku"), "dihapus": N_("dihapus"),
         "ditarik": N_("ditarik atau ditolak sebelum berlaku")}


def _nilai(kolom: str, value: str | None) -> str:
    if value is None:
        return "—"
    if kolom == "role":
        return gettext(ROLES.get(value, value))
    if kolom == "aktif":
        return gettext("Ya") if value == "ya" else gettext("Tidak")
    if kolom == "kunci_ttd":  # "menunggu sha256:…": the step, and which file
        step, _, sidik = value.partition(" ")
        return " ".join(filter(None, (gettext(NILAI.get(step, step)), sidik)))
    return gettext(NILAI[value]) if value in NILAI else value
