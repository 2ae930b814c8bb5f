"""Pemohon: search by NIK and name, filter by village; validated against the NIK rules.
Paged by key like the files (admin_views/paging.py): a million applicants at any depth."""
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from wtforms import validators

from admin_views.base import SecureModelView
from admin_views.paging import LargeListMixin
from admin_views.formatters import nik_masked, rt_rw_cell, tanggal_id, tanggal_pendek
from admin_views.validators import RecordRule, UniqueInOffice, strip, strip_or_none
from app.i18n import lazy_choices
from app.pdp import log_baca
from app.notifikasi.penerima import cek_persetujuan, terapkan
from app.services.data_pemohon import catat_perubahan
from app.timefmt import DATE_TYPED
from app.services.pencarian import Kueri, names_matching_upto, pemohon_search_clause, tafsir
from app.services.validation import cek_pemohon, rt_rw
from models.notifikasi import KANAL
from models.pemohon import JENIS_KELAMIN, STATUS_PERKAWINAN, Pemohon, mask_nik

FIELDS = ("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
          "status_perkawinan", "alamat", "rt", "rw", "desa", "telepon")

RULES = RecordRule(cek_pemohon, *FIELDS)
# Messages about the files: consent, the chosen channel and its address (app/notifikasi/).
PESAN = ("email", "notifikasi_setuju", "notifikasi_kanal")
# Consent, channel and address together. First in each field's chain: an empty phone is
# wrong only when WhatsApp was chosen, which the field's Optional() would never let through.
PERSETUJUAN = RecordRule(cek_persetujuan, "telepon", *PESAN)


class PemohonView(LargeListMixin, SecureModelView):
    permission = "pemohon.lihat"
    edit_permission = "pemohon.ubah"
    column_list = ("nik", "nama", "jenis_kelamin", "tanggal_lahir", "desa", "rt", "rw")
    column_labels = {
        "nik": _l("NIK"), "no_kk": _l("No. KK"), "nama": _l("Nama"), "tempat_lahir": _l("Tempat lahir"),
        "tanggal_lahir": _l("Tanggal lahir"), "jenis_kelamin": _l("Jenis kelamin"),
        "status_perkawinan": _l("Status perkawinan"), "alamat": _l("Alamat"), "rt": _l("RT"), "rw": _l("RW"),
        "desa": _l("Desa/Kelurahan"), "desa.nama": _l("Desa/Kelurahan"), "telepon": _l("Telepon"),
        "created_at": _l("Dicatat"), "email": _l("Surel"),
        "notifikasi_setuju": _l("Setuju menerima pesan"),
        "notifikasi_kanal": _l("Saluran pesan"),
    }
    column_details_list = FIELDS + PESAN
    column_searchable_list = ("nik", "nama")
    column_filters = ("desa.nama", "jenis_kelamin")
    column_default_sort = ("id", True)
    column_formatters = {"nik": nik_masked, "tanggal_lahir": tanggal_pendek,
                         "rt": rt_rw_cell, "rw": rt_rw_cell}
    # The full NIK on the detail page, for those who work the file.
    column_formatters_detail = {"tanggal_lahir": tanggal_id, "rt": rt_rw_cell, "rw": rt_rw_cell}
    details_template = "admin/pemohon/details.html"
    column_choices = {"jenis_kelamin": lazy_choices(JENIS_KELAMIN),
                      "status_perkawinan": lazy_choices(STATUS_PERKAWINAN),
                      "notifikasi_kanal": lazy_choices(KANAL)}
    form_columns = FIELDS + PESAN
    form_choices = {**column_choices, "notifikasi_kanal": [("", "—"), *lazy_choices(KANAL)]}
    # Each field's rules from app/services/validation.py (across fields: the NIK against
    # the birth date and sex), shown beside the field.
    form_args = {
        "nik": {"label": _l("NIK"), "filters": [strip],
                "validators": [RULES, UniqueInOffice(Pemohon.nik)],
                "description": _l("16 digit, sesuai tanggal lahir dan jenis kelamin")},
        "no_kk": {"label": _l("No. KK"), "filters": [strip], "validators": [RULES]},
        # Typed as the office writes dates (17/05/1990); ISO still accepted from scripts.
        "tanggal_lahir": {"format": [DATE_TYPED, "%Y-%m-%d"], "validators": [RULES],
                          "description": _l("Format hh/bb/tttt, contoh 17/05/1990")},
        "rt": {"filters": [strip], "validators": [RULES]},
        "rw": {"filters": [strip], "validators": [RULES]},
        "telepon": {"validators": [PERSETUJUAN, validators.Optional(), RULES],
                    "filters": [strip_or_none]},
        "email": {"filters": [strip_or_none], "validators": [PERSETUJUAN]},
        "notifikasi_setuju": {"validators": [PERSETUJUAN], "description": _l(
            "Pemohon setuju menerima kabar berkasnya (dikembalikan, teregister, disahkan, "
            "KTP-el tiba, diserahkan) lewat saluran yang dipilihnya.")},
        "notifikasi_kanal": {"filters": [strip_or_none], "validators": [PERSETUJUAN]},
        "desa": {"validators": [validators.InputRequired(_l("Pilih desa/kelurahan."))]},
        # (The names and the address: the typed-text rule every admin form applies.)
        "jenis_kelamin": {"validators": [RULES]},
    }
    form_widget_args = {"nik": {"inputmode": "numeric", "maxlength": 16},
                        "no_kk": {"inputmode": "numeric", "maxlength": 16},
                        "tanggal_lahir": {"data-date-format": "DD/MM/YYYY",
                                          "placeholder": _l("hh/bb/tttt"), "autocomplete": "off"},
                        "rt": {"inputmode": "numeric", "maxlength": 3},
                        "rw": {"inputmode": "numeric", "maxlength": 3}}

    def search_placeholder(self):
        return gettext("NIK (16 digit) atau nama")

    def search_query(self, query, search, many=False):
        return query.filter(pemohon_search_clause(search, many=many))

    def searches_a_name(self, search: str) -> bool:
        return tafsir(search) == Kueri("nama", search.strip()[:100])

    def capped_count(self, counted, search, filters, cap):
        # A name alone: the applicants are the names the text index finds, counted there
        # up to the cap (not collected whole to be counted, 130 ms for a common name).
        plain_name = search and tafsir(search) == Kueri("nama", search.strip()[:100])
        names = names_matching_upto(search, cap) if plain_name and not filters else None
        return super().capped_count(counted, search, filters, cap) if names is None else names

    def render(self, template, **kwargs):
        # The record's page and its edit form show the whole NIK: each view is logged.
        model = kwargs.get("model")
        if model is not None and template in (self.details_template, self.edit_template):
            log_baca.catat("pemohon" if template == self.details_template else "pemohon_ubah",
                           model.id, model.id, mask_nik(model.nik))
        return super().render(template, **kwargs)

    def saved_message(self, model, is_created):
        if is_created:
            return gettext("Pemohon %(nama)s dicatat.", nama=model.nama)
        return gettext("Data pemohon %(nama)s disimpan.", nama=model.nama)

    def on_model_change(self, form, model, is_created):
        # RT/RW as the office writes them: 001, whatever was typed.
        model.rt, model.rw = rt_rw(model.rt), rt_rw(model.rw)
        terapkan(model, {name: form[name].data for name in ("telepon", *PESAN)})
        if not is_created:
            catat_perubahan(model, current_user)  # old -> new, in the files' timelines
