"""The input forms of KTP-el's transitions: each declared beside its transition
(app/workflow/ktp_el.py, `form=`), checked by the engine before the file is claimed and
drawn by the one macro of the screens (templates/admin/_isian.html)."""
from __future__ import annotations

from flask_babel import gettext, lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, StopValidation

from app.forms import Form
from app.i18n import N_
from app.services.validation import cek_nik

# Who may collect for the applicant, printed and stored in Indonesian; translated on screen.
HUBUNGAN = (N_("Suami"), N_("Istri"), N_("Ayah"), N_("Ibu"), N_("Anak"),
            N_("Saudara kandung"), N_("Kakek/Nenek"), N_("Cucu"), N_("Mertua"),
            N_("Menantu"), N_("Anggota keluarga lain"))
NAMA_WAKIL_MAKS = 120  # the column `Permohonan.penerima_nama`


def satu_spasi(value):
    """WTForms filter: a name as typed, with its runs of spaces made one."""
    return " ".join(value.split()) if isinstance(value, str) else value


class BilaWakil:
    """A representative's field counts only when a representative collects: otherwise
    nothing of it is checked. With `message`: it must be filled in."""
    field_flags: dict = {}  # never `required` in the page: hidden while the applicant collects

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if form.diambil_oleh.data != "wakil":
            field.errors[:] = []
            raise StopValidation()
        if self.message and not field.data:
            raise StopValidation(str(self.message))


class NikWakil:
    """The project's NIK rule (app/services/validation.py), then not the applicant's own."""

    def __call__(self, form, field):
        field.data = (field.data or "").strip()
        if (message := cek_nik(field.data)):
            raise StopValidation(message)
        pemohon = getattr(getattr(form, "permohonan", None), "pemohon", None)
        if pemohon is not None and field.data == pemohon.nik:
            raise StopValidation(gettext("Ini NIK pemohon sendiri: pilih \u201cpemohon sendiri\u201d."))


class PenyerahanForm(Form):
    """SOP step 4: who collects the card, the applicant or a family member with the
    receipt and their own identity card (name, NIK and relationship are printed on the
    proof of hand-over and the register)."""

    class Meta:
        csrf = False  # a part of the page's form, which carries the token

    diambil_oleh = RadioField(
        _l("Diambil oleh"), id="diambil", default="pemohon", validate_choice=False,
        choices=[SelectChoice("pemohon", _l("Pemohon sendiri")),
                 SelectChoice("wakil", _l("Wakil (anggota keluarga)"))])
    wakil_nama = StringField(
        _l("Nama wakil"), id="wakil-nama", filters=[satu_spasi],
        validators=[BilaWakil(_l("Nama wakil wajib diisi.")),
                    Length(max=NAMA_WAKIL_MAKS, message=_l("Nama wakil paling banyak %(max)d huruf."))])
    wakil_nik = StringField(
        _l("NIK wakil"), id="wakil-nik", validators=[BilaWakil(), NikWakil()],
        render_kw={"maxlength": 16, "inputmode": "numeric"})
    wakil_hubungan = SelectField(
        _l("Hubungan dengan pemohon"), id="wakil-hubungan", validate_choice=False,
        choices=[SelectChoice("", _l("— pilih —")), *(SelectChoice(h, _l(h)) for h in HUBUNGAN)],
        validators=[BilaWakil()])

    def validate_diambil_oleh(self, field):
        if field.data not in ("pemohon", "wakil"):
            raise StopValidation(gettext("Pilih siapa yang mengambil: pemohon sendiri atau wakil."))

    def validate_wakil_hubungan(self, field):
        if field.data not in HUBUNGAN:
            raise StopValidation(gettext("Pilih hubungan wakil dengan pemohon."))
