"""The questionnaire as a form, built from the declaration: a radio group per element
(large buttons on screen), the profile bands, an optional comment."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from app.forms import Form
from app.i18n import select_choices
from app.survei import undangan
from app.services.pencarian import NIK_AKHIR
from app.survei.kuesioner import PROFIL, Kuesioner
from app.services.validation import angka, nomor_16_digit

SKOR = ("1", "2", "3", "4")


class MulaiForm(Form):
    kode = StringField(_l("Kode survei atau nomor tanda terima"), validators=[
        DataRequired(_l("Ketik kode survei atau nomor tanda terima, atau pindai kode QR.")),
        Length(max=200)])
    nik = StringField(_l("6 digit terakhir NIK"), validators=[Optional(), Length(max=16)])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not ok or undangan.normal(self.kode.data):
            return ok
        # A receipt number is sequential: it opens a survey only with the NIK's end.
        digits = (self.nik.data or "").strip()
        if not (nomor_16_digit(digits) or (len(digits) == NIK_AKHIR and angka(digits))):
            self.nik.errors = [*self.nik.errors, str(_l(
                "Dengan nomor tanda terima, ketik juga 6 digit terakhir NIK pemohon."))]
            return False
        return ok

    def nik_akhir(self) -> str:
        return (self.nik.data or "").strip()[-NIK_AKHIR:]


class _Kuesioner(Form):
    saran = TextAreaField(_l("Saran dan masukan (boleh dikosongkan)"), validators=[
        Optional(), Length(max=500, message=_l("Saran paling banyak 500 huruf."))])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not any(self[k].data for k in self.unsur_fields):
            self.form_errors.append(str(_l("Pilih jawaban untuk sedikitnya satu pertanyaan.")))
            return False
        return ok

    def nilai(self) -> dict[str, int | None]:
        return {k: int(self[k].data) if self[k].data else None for k in self.unsur_fields}

    def profil(self) -> dict[str, str | None]:
        return {k: self[k].data or None for k in PROFIL}


def kuesioner_form(kuesioner: Kuesioner, **kw) -> _Kuesioner:
    """A form class for this questionnaire's elements (its words are data), instantiated."""
    attrs = {"unsur_fields": tuple(u.kolom for u in kuesioner.unsur)}
    for u in kuesioner.unsur:
        # Checked by AnyOf, not by the choices: an element may be left unanswered.
        attrs[u.kolom] = RadioField(
            _l(u.pertanyaan), choices=[SelectChoice(s, _l(j)) for s, j in zip(SKOR, u.jawaban)],
            validate_choice=False, validators=[
                Optional(), AnyOf(SKOR, message=_l("Pilih salah satu dari empat jawaban."))])
    for name, (label, bands) in PROFIL.items():
        attrs[name] = RadioField(_l(label), choices=select_choices(bands), validate_choice=False,
                                 validators=[Optional(), AnyOf(list(bands),
                                                               message=_l("Pilihan tidak dikenal."))])
    form_class = type("KuesionerForm", (_Kuesioner,), attrs)
    return form_class(**kw)
