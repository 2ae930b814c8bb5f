"""The Loket's forms (Flask-WTF, CSRF included): the intake, the NIK lookup and the
checklist preview. Each rule is a validator over the one rule of the services
(app/services/loket.py `cek_isian`, the NIK's through app/services/validation.py), its
message beside its field; `pemohon()` gives the service typed values, never the request.

To add a field to the intake: declare it on `LoketForm` with its validators, draw it in
templates/admin/loket.html, and hand its value to the service in `LoketView.simpan`."""
from __future__ import annotations

from functools import partial

from flask_babel import gettext
from wtforms import BooleanField, HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import StopValidation

from admin_views.validators import RecordRule, Rule, strip
from app.domain_errors import DomainError
from app.forms import Form
from app.notifikasi.penerima import cek_persetujuan
from app.services import antrian
from app.services.loket import FIELDS, baca_tanggal, cek_isian
from app.services.validation import cek_format_nik, parse_id, rt_rw
from app.timefmt import DATE_TYPED

# The applicant's rules (app/services/loket.py `cek_isian`: the NIK against the birth
# date and sex through `cek_pemohon`, as the applicant's edit form checks it), each
# field's message beside it.
PEMOHON = RecordRule(cek_isian, *FIELDS)
# Messages to the resident (app/notifikasi/): consent, the channel the office uses and its
# address (the phone, or the e-mail), as the applicant's edit form checks them.
PERSETUJUAN = RecordRule(cek_persetujuan, "telepon", "email", "notifikasi_setuju",
                         "notifikasi_kanal")


def tiket_hari_ini(text: str | None) -> str | None:
    """Why a typed queue number is no ticket of today (app/services/antrian.py `cari`)."""
    if not text:
        return None
    try:
        antrian.cari(text)
    except DomainError as error:
        return error.errors.get("tiket") or error.message
    return None


def satu_spasi(value):
    """A name as typed, its runs of spaces made one."""
    return " ".join(value.split()) if isinstance(value, str) else value


class TanggalField(StringField):
    """A date as the clerk types it (17/05/1990, 17-05-1990, 17051990, 1990-05-17): `data`
    the date or None, the text kept to show again."""

    def process_formdata(self, valuelist):
        self.raw_text = (valuelist[0] if valuelist else "").strip()
        self.data = baca_tanggal(self.raw_text)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime(DATE_TYPED) if self.data else ""


def tanggal_terbaca(form, field):
    if getattr(field, "raw_text", "") and field.data is None:
        raise StopValidation(gettext("Tanggal lahir tidak valid: tulis hh/bb/tttt, "
                                     "misalnya 17/05/1990."))


class DesaField(StringField):
    """The village by its id; `data` the id (an int), or None for anything else."""

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = parse_id(text)  # the village itself: app/services/loket.py `cek_isian`

    def _value(self):
        return self.raw_data[0] if self.raw_data else str(self.data or "")


class _Form(Form):
    def pesan(self) -> dict[str, str]:
        """The first message per field, as the screen's script shows them."""
        return {name: str(messages[0]) for name, messages in self.errors.items() if messages}


class LoketForm(_Form):
    """SOP steps 1–2 in one form: the applicant, the file of the chosen service, the ticked
    items, the desk's decision and its note. The service, the type and the decision are
    the declaration's (checked by app/services/loket.py for the clerk's role); the initial
    transition's own inputs are its declared form's (`isian()`, checked by the engine)."""

    nik = StringField(filters=[strip], validators=[PEMOHON])
    no_kk = StringField(filters=[strip], validators=[PEMOHON])
    nama = StringField(filters=[satu_spasi], validators=[PEMOHON])
    tempat_lahir = StringField(filters=[strip], validators=[PEMOHON])
    tanggal_lahir = TanggalField(validators=[tanggal_terbaca, PEMOHON])
    jenis_kelamin = StringField(filters=[strip], validators=[PEMOHON])
    status_perkawinan = StringField(validators=[PEMOHON])
    alamat = StringField(filters=[strip], validators=[PEMOHON])
    rt = StringField(filters=[strip], validators=[PEMOHON])
    rw = StringField(filters=[strip], validators=[PEMOHON])
    desa_id = DesaField(validators=[PEMOHON])
    telepon = StringField(filters=[strip], validators=[PEMOHON, PERSETUJUAN])
    email = StringField(filters=[strip], validators=[PERSETUJUAN])
    notifikasi_setuju = BooleanField(validators=[PERSETUJUAN])
    notifikasi_kanal = StringField(filters=[strip], validators=[PERSETUJUAN])
    tiket = StringField(filters=[strip], validators=[Rule(tiket_hari_ini)])

    layanan = StringField(filters=[strip])
    jenis = StringField(filters=[strip])
    syarat = SelectMultipleField(validate_choice=False)
    aksi = StringField(filters=[strip])
    catatan = TextAreaField(filters=[strip])
    mulai = HiddenField()  # when the server handed out the form (step 1's clock)

    def process(self, formdata=None, obj=None, data=None, extra_filters=None, **kwargs):
        formdata = self.meta.wrap_formdata(self, formdata)
        self.posted = formdata  # for the initial transition's declared form (`isian`)
        super().process(formdata, obj, data=data, extra_filters=extra_filters, **kwargs)

    def pemohon(self) -> dict:
        """The applicant's values, typed, as the service records them."""
        data = {name: self[name].data for name in FIELDS}
        data["rt"], data["rw"] = rt_rw(data["rt"]), rt_rw(data["rw"])
        data["telepon"] = data["telepon"] or None
        return data

    def persetujuan(self) -> dict:
        """The resident's consent to messages, as the service records it."""
        return {"setuju": bool(self.notifikasi_setuju.data),
                "kanal": self.notifikasi_kanal.data or None, "email": self.email.data or ""}

    def isian(self):
        """The posted values the initial transition's declared form reads its fields from."""
        return self.posted

    def nilai(self) -> dict[str, str]:
        """Every field as typed, to draw the form again after a refusal."""
        # A checkbox's `_value()` is its value when ticked, ticked or not.
        return {field.name: ("y" if field.data else "") if isinstance(field, BooleanField)
                else field._value() for field in self
                if field.name != "csrf_token" and hasattr(field, "_value")}


class NikForm(_Form):
    """The NIK lookup: only the number's shape (the rest comes from the record)."""

    nik = StringField(filters=[strip],
                      validators=[Rule(partial(cek_format_nik, wajib=True))])
    layanan = StringField(filters=[strip])


class SyaratForm(_Form):
    """The checklist preview: the service, the type and the birth date as typed so far."""

    layanan = StringField(filters=[strip])
    jenis = StringField(filters=[strip])
    tanggal_lahir = TanggalField()
