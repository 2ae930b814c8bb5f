"""NIK, No. KK and eligibility rules (docs/glossarium.md)."""
from datetime import date

import pytest

from app.services.validation import cek_kelayakan, cek_nik, cek_no_kk, cek_pemohon

LAHIR = date(1990, 5, 17)


@pytest.mark.parametrize("nik,jk", [
    ("3520041705900001", "L"),
    ("3520045705900001", "P"),   # a woman: day + 40
    ("3171011705909999", "L"),   # registered elsewhere (Jakarta): people move in
])
def test_good_niks(nik, jk):
    assert cek_nik(nik, LAHIR, jk) is None


@pytest.mark.parametrize("nik,jk,message", [
    ("352004170590001", "L", "16 digit"),
    ("35200417059000011", "L", "16 digit"),
    ("35200417059O0001", "L", "16 digit"),
    ("٣٥٢٠٠٤١٧٠٥٩٠٠٠٠١", "L", "16 digit"),        # Arabic-Indic digits
    ("9920041705900001", "L", "kode provinsi 99"),
    ("3500041705900001", "L", "tidak boleh 00"),
    ("3520001705900001", "L", "tidak boleh 00"),
    ("3520041705900000", "L", "0000"),
    ("3520041805900001", "L", "tanggal lahir"),      # day 18, entered 17
    ("3520041706900001", "L", "tanggal lahir"),      # month
    ("3520041705910001", "L", "tanggal lahir"),      # year
    ("3520045705900001", "L", "jenis kelamin"),      # a woman's NIK for a man
    ("3520041705900001", "P", "jenis kelamin"),
    ("3520043213900001", "L", "bukan tanggal"),
])
def test_bad_niks(nik, jk, message):
    problem = cek_nik(nik, LAHIR, jk)
    assert problem and message in problem


@pytest.mark.parametrize("kk,ok", [
    ("3520041503120001", True), ("352004150312000", False), ("0020041503120001", False),
    ("3520001503120001", False), ("35200415031200a1", False),
])
def test_no_kk(kk, ok):
    assert (cek_no_kk(kk) is None) == ok


def test_eligibility_by_age_on_the_application_day():
    born = date(2009, 11, 24)
    assert cek_kelayakan(born, "belum_kawin", date(2026, 11, 24)) is None   # 17 today
    assert "belum berusia 17" in cek_kelayakan(born, "belum_kawin", date(2026, 11, 23))
    for status in ("kawin", "cerai_hidup", "cerai_mati"):
        assert cek_kelayakan(born, status, date(2026, 11, 23)) is None


def test_applicant_record_collects_every_field_error():
    errors = cek_pemohon({"nik": "123", "no_kk": "x", "tanggal_lahir": date(2090, 1, 1),
                          "jenis_kelamin": "X", "rt": "abcd", "rw": "", "telepon": "08a"})
    assert set(errors) == {"nik", "no_kk", "tanggal_lahir", "jenis_kelamin", "rt", "rw",
                           "telepon"}
