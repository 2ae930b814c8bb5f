"""NIK, No. KK and eligibility rules, shared by forms, the CLI and the services.
Each check returns the message to show next to the field (in the user's language), or None."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext

from models.pemohon import BELUM_KAWIN, STATUS_PERKAWINAN

# Kemendagri province codes (Papua's new provinces 93–96 included).
KODE_PROVINSI = {
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
    "31", "32", "33", "34", "35", "36", "51", "52", "53",
    "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
    "81", "82", "91", "92", "93", "94", "95", "96",
}
STATUS_PERNAH_KAWIN = frozenset(STATUS_PERKAWINAN) - {BELUM_KAWIN}  # married, now or before
UMUR_WAJIB_KTP = 17


def _kode_wilayah(nomor: str, nama: str) -> str | None:
    if nomor[:2] not in KODE_PROVINSI:
        return gettext("%(nama)s: kode provinsi %(kode)s tidak dikenal.",
                       nama=nama, kode=nomor[:2])
    if nomor[2:4] == "00" or nomor[4:6] == "00":
        return gettext("%(nama)s: kode kabupaten/kota atau kecamatan tidak boleh 00.", nama=nama)
    return None


def cek_no_kk(no_kk: str | None) -> str | None:
    no_kk = (no_kk or "").strip()
    if not nomor_16_digit(no_kk):
        return gettext("Nomor KK harus 16 digit angka.")
    return _kode_wilayah(no_kk, gettext("Nomor KK"))


def cek_nik(nik: str | None, tanggal_lahir: date | None = None,
            jenis_kelamin: str | None = None) -> str | None:
    """NIK = PPKKCC DDMMYY SSSS; women have 40 added to the day."""
    nik = (nik or "").strip()
    if (salah_bentuk := cek_format_nik(nik, wajib=True)):
        return salah_bentuk
    salah_wilayah = _kode_wilayah(nik, "NIK")
    if salah_wilayah:
        return salah_wilayah
    if nik[12:] == "0000":
        return gettext("NIK: nomor urut (4 digit terakhir) tidak boleh 0000.")
    hari, bulan, tahun2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    perempuan = hari > 40
    if perempuan:
        hari -= 40
    if not (1 <= hari <= 31 and 1 <= bulan <= 12):
        return gettext("NIK: bagian tanggal lahir (digit 7–12) bukan tanggal yang mungkin.")
    if tanggal_lahir is not None:
        if (hari, bulan, tahun2) != (tanggal_lahir.day, tanggal_lahir.month,
                                     tanggal_lahir.year % 100):
            return gettext("NIK tidak sesuai dengan tanggal lahir: digit 7–12 seharusnya "
                           "%(ddmmyy)s.", ddmmyy=nik_tanggal(tanggal_lahir, jenis_kelamin))
    if jenis_kelamin in ("L", "P") and perempuan != (jenis_kelamin == "P"):
        return gettext("NIK tidak sesuai dengan jenis kelamin: untuk perempuan tanggal lahir "
                       "ditambah 40 (41–71), untuk laki-laki tidak.")
    return None


def nik_tanggal(tanggal_lahir: date, jenis_kelamin: str | None) -> str:
    """The DDMMYY part a NIK must carry for this birth date and sex."""
    hari = tanggal_lahir.day + (40 if jenis_kelamin == "P" else 0)
    return f"{hari:02d}{tanggal_lahir.month:02d}{tanggal_lahir.year % 100:02d}"


def umur_pada(tanggal_lahir: date, pada: date | None = None) -> int:
    pada = pada or date.today()
    return pada.year - tanggal_lahir.year - (
        (pada.month, pada.day) < (tanggal_lahir.month, tanggal_lahir.day)
    )


def cek_kelayakan(tanggal_lahir: date, status_perkawinan: str,
                  tanggal_permohonan: date) -> str | None:
    """UU 24/2013 art. 63: 17 or older on the day, or married / previously married."""
    if umur_pada(tanggal_lahir, tanggal_permohonan) >= UMUR_WAJIB_KTP:
        return None
    if status_perkawinan in STATUS_PERNAH_KAWIN:
        return None
    return gettext("Pemohon belum wajib KTP-el: belum berusia 17 tahun pada tanggal "
                   "permohonan dan belum pernah kawin (UU 24/2013 pasal 63).")


def cek_tanggal_lahir(tanggal_lahir: date | None, hari_ini: date | None = None) -> str | None:
    hari_ini = hari_ini or date.today()
    if tanggal_lahir is None:
        return gettext("Tanggal lahir wajib diisi.")
    if tanggal_lahir > hari_ini:
        return gettext("Tanggal lahir tidak boleh di masa depan.")
    if tanggal_lahir.year < 1900:
        return gettext("Tanggal lahir tidak masuk akal (sebelum 1900).")
    return None


def cek_pemohon(data: dict, hari_ini: date | None = None) -> dict[str, str]:
    """All field errors of an applicant record, keyed by field name."""
    errors: dict[str, str] = {}
    tgl = data.get("tanggal_lahir")
    if (msg := cek_tanggal_lahir(tgl, hari_ini)):
        errors["tanggal_lahir"] = msg
        tgl = None
    if data.get("jenis_kelamin") not in ("L", "P"):
        errors["jenis_kelamin"] = gettext("Pilih jenis kelamin: L atau P.")
    if (msg := cek_nik(data.get("nik"), tgl, data.get("jenis_kelamin"))):
        errors["nik"] = msg
    if (msg := cek_no_kk(data.get("no_kk"))):
        errors["no_kk"] = msg
    for field in ("rt", "rw"):
        value = (data.get(field) or "").strip()
        if not (angka(value) and 1 <= len(value) <= 3):
            errors[field] = gettext("%(field)s harus angka 1–3 digit.", field=field.upper())
    if (msg := cek_telepon(data.get("telepon"))):
        errors["telepon"] = msg
    # Typed text: no control character (a NUL the database refuses) and no direction
    # override (a name that reads otherwise than it is stored).
    for field in TEKS_PEMOHON:
        value = data.get(field)
        if isinstance(value, str) and (msg := cek_karakter(value)):
            errors.setdefault(field, msg)
    return errors


TEKS_PEMOHON = ("nik", "no_kk", "nama", "tempat_lahir", "alamat", "rt", "rw", "telepon")


def nomor_16_digit(text: str) -> bool:
    """The shape of a NIK and of a No. KK: sixteen digits 0–9."""
    return angka(text) and len(text) == 16


def cek_format_nik(nik: str | None, wajib: bool = False) -> str | None:
    """The NIK's shape, the one place its 16-digit rule is said: where only the shape is
    checked (no birth date to hold it against), and the first step of `cek_nik`. Left
    empty, fine unless `wajib`."""
    nik = (nik or "").strip()
    if (nik or wajib) and not nomor_16_digit(nik):
        return gettext("NIK harus 16 digit angka.")
    return None


def angka(text: str) -> bool:
    """Digits 0–9 only: `'٠١٢'.isdigit()` and `'²'.isdigit()` are true, hence the ASCII test."""
    return text.isascii() and text.isdigit()


def cek_telepon(telepon: str | None) -> str | None:
    telepon = (telepon or "").strip()
    if telepon and not (angka(telepon.removeprefix("+")) and 8 <= len(telepon) <= 15):
        return gettext("Nomor telepon harus 8–15 digit angka (boleh diawali +).")
    return None


def rt_rw(value: str | None) -> str:
    """RT/RW as the family card writes them: three digits ('3' -> '003')."""
    value = (value or "").strip()
    return value.zfill(3) if value.isdigit() and len(value) <= 3 else value
# --- characters and ids from outside ------------------------------------------------

# Bidirectional embeddings/overrides (U+202A–202E) and isolates (U+2066–2069): they make
# "Budi" display as something else on screen and in print.
_BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
_MULTILINE_OK = frozenset("\t\r\n")


def karakter_terlarang(value: str, multiline: bool = False) -> str | None:
    """The first control character (NUL, C0/C1 controls, DEL; tab and line breaks only
    where the field has several lines) or bidirectional override in `value`, or None.
    Refused everywhere, so SQLite stores what PostgreSQL would have refused too."""
    for ch in value:
        code = ord(ch)
        if multiline and ch in _MULTILINE_OK:
            continue
        if code < 0x20 or 0x7F <= code <= 0x9F or code in _BIDI:
            return ch
    return None


def cek_karakter(value: str | None, multiline: bool = False) -> str | None:
    if value and karakter_terlarang(value, multiline) is not None:
        return gettext("Isian memuat karakter yang tidak diizinkan (karakter kendali atau "
                       "pengubah arah teks). Ketik ulang isian ini.")
    return None


# Integer primary keys are 32-bit on PostgreSQL; SQLite's are 64-bit. Larger is no row.
MAX_ID = 2**31 - 1


def parse_id(value, minimum: int = 1) -> int | None:
    """A row id (or a page number: `minimum=0`) from a URL or a form: ASCII digits within
    range, else None (a 404). `'²'.isdigit()` is true, hence the ASCII test."""
    text = "" if value is None else str(value)
    if not angka(text) or len(text) > 10:
        return None
    number = int(text)
    return number if minimum <= number <= MAX_ID else None
