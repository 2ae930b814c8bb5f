"""The index by PermenPANRB 14/2017 on answers with known results, computed by hand
beside each test, and the Krejcie-Morgan sample size against its published table."""
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from app.extensions import db
from app.survei import periode
from app.timefmt import wib_today
from app.survei.ikm import BOBOT, HasilIkm, NilaiUnsur, mutu_ikm, mutu_nrr, ukuran_sampel
from app.survei.rekap import hasil, profil, rekap, ringkasan_saran, sebaran
from models import SkmJawaban

DAY = date(2026, 10, 14)


def answers(*rows, layanan="ktp-el", tanggal=DAY, **profile):
    """Store rows of nine scores (None: element not answered)."""
    for scores in rows:
        db.session.add(SkmJawaban(layanan=layanan, tanggal=tanggal, **profile,
                                  **{f"u{i + 1}": s for i, s in enumerate(scores)}))
    db.session.commit()


def test_nrr_weighted_by_one_ninth_and_times_25(ctx):
    answers((4, 4, 3, 4, 3, 3, 4, 2, 3),
            (3, 4, 3, 4, 3, 4, 4, 3, 3),
            (4, 3, 2, 4, 3, 3, 4, 2, 4),
            (3, 3, 3, 4, 4, 3, 3, 3, 3))
    h = hasil("ktp-el", DAY, DAY)
    # By hand: sums 14 14 11 16 13 13 15 10 13 over 4 respondents each.
    sums = [14, 14, 11, 16, 13, 13, 15, 10, 13]
    assert [u.jumlah_nilai for u in h.unsur] == sums
    assert [u.responden for u in h.unsur] == [4] * 9
    assert h.unsur[0].nrr == Fraction(14, 4) == Fraction(7, 2)
    assert h.unsur[0].nrr_tertimbang == Fraction(7, 18)
    # Sum of NRR = 119/4; x 1/9 = 119/36 = 3.30556; x 25 = 2975/36 = 82.6389 -> 82.64, B Baik.
    assert h.nilai_interval == Fraction(119, 36)
    assert h.ikm == Fraction(2975, 36)
    assert h.mutu == ("B", "Baik")
    assert h.responden == 4
    assert [u.kode for u in h.terlemah(2)] == ["U8", "U3"]  # NRR 2.5 and 2.75


def test_the_fraction_not_0_111_is_the_weight():
    # Every element at NRR 3.66: 9 x 3.66 x 1/9 x 25 = 91.50 exactly; with the weight
    # rounded to 0.111 it would be 91.41, a different published figure.
    unsur = tuple(NilaiUnsur(f"U{i}", s, 100) for i, s in
                  enumerate((366, 366, 366, 366, 366, 366, 366, 366, 366), start=1))
    h = HasilIkm(100, unsur)
    exact = Fraction(366 * 9, 100) * Fraction(1, 9) * 25
    rounded_weight = sum(Fraction(366, 100) * Fraction(111, 1000) for _ in range(9)) * 25
    assert h.ikm == exact == Fraction(183, 2)             # 91.50
    assert float(rounded_weight) == pytest.approx(91.4085)  # what 0.111 would give
    assert BOBOT == Fraction(1, 9)


def test_an_element_left_unanswered_divides_by_those_who_answered(ctx):
    answers((4, 4, 4, 4, 4, 4, 4, None, 4),
            (3, 3, 3, 3, 3, 3, 3, 2, 3),
            (2, 3, 3, 4, 3, 3, 3, None, 3))
    h = hasil("ktp-el", DAY, DAY)
    u8 = h.unsur[7]
    assert (u8.jumlah_nilai, u8.responden) == (2, 1)
    assert u8.nrr == 2  # 2 / 1, not 2 / 3
    assert h.unsur[0].nrr == 3  # (4 + 3 + 2) / 3
    # By hand: NRR 3, 10/3, 10/3, 11/3, 10/3, 10/3, 10/3, 2, 10/3 -> sum 86/3.
    assert h.nilai_interval == Fraction(86, 27)   # 3.1852
    assert h.ikm == Fraction(2150, 27)            # 79.63 -> B
    assert h.mutu == ("B", "Baik")


def test_a_period_without_answers_has_no_index(ctx):
    answers((4,) * 9, tanggal=date(2026, 9, 30))
    r = rekap("ktp-el", *periode.rentang("triwulan", 2026, 4))
    assert r.hasil.responden == 0
    assert r.hasil.ikm is None and r.hasil.mutu is None and r.hasil.nilai_interval is None
    assert all(u.nrr is None for u in r.hasil.unsur)
    assert r.sampel_minimal == 0 and r.tingkat_respons is None


def test_an_element_nobody_answered_leaves_the_index_undefined(ctx):
    answers((4, 4, 4, 4, 4, 4, 4, None, 4))
    h = hasil("ktp-el", DAY, DAY)
    assert h.unsur[7].nrr is None
    assert h.ikm is None  # not computed over eight elements with a weight of 1/9


def test_periods_other_services_and_days_outside_are_not_counted(ctx):
    answers((1,) * 9, layanan="kk")  # another service's answer (its declaration comes later)
    answers((2,) * 9, tanggal=date(2026, 9, 30))
    answers((3,) * 9, tanggal=date(2026, 10, 1))
    answers((4,) * 9, tanggal=date(2026, 12, 31))
    q4 = hasil("ktp-el", *periode.rentang("triwulan", 2026, 4))
    assert q4.responden == 2 and q4.unsur[0].nrr == Fraction(7, 2)
    assert hasil("ktp-el", *periode.rentang("bulan", 2026, 9)).unsur[0].nrr == 2
    assert hasil("ktp-el", *periode.rentang("semester", 2026, 2)).responden == 3
    assert hasil("ktp-el", *periode.rentang("tahun", 2026, 1)).responden == 3


@pytest.mark.parametrize("ikm, grade", [
    (Fraction(10000, 100), "A"), (Fraction(8831, 100), "A"), (Fraction(8830, 100), "B"),
    (Fraction(7661, 100), "B"), (Fraction(7660, 100), "C"), (Fraction(6500, 100), "C"),
    (Fraction(6499, 100), "D"), (Fraction(25), "D"),
    # Graded as published (two decimals, half up): 88.305 shows as 88.31.
    (Fraction(88305, 1000), "A"), (Fraction(883049, 10000), "B"),
])
def test_grade_intervals_of_the_regulation(ikm, grade):
    assert mutu_ikm(ikm)[0] == grade


@pytest.mark.parametrize("nrr, grade", [
    (Fraction(4), "A"), (Decimal("3.5324"), "A"), (Decimal("3.532"), "B"),
    (Decimal("3.0644"), "B"), (Decimal("3.064"), "C"), (Decimal("2.60"), "C"),
    (Decimal("2.5996"), "D"), (Fraction(1), "D"),
])
def test_element_grades_by_interval_values(nrr, grade):
    assert mutu_nrr(Fraction(nrr))[0] == grade


@pytest.mark.parametrize("n, s", [(10, 10), (100, 80), (200, 132), (500, 217), (1000, 278),
                                  (5000, 357), (10000, 370), (100000, 383), (0, 0), (1, 1)])
def test_krejcie_morgan_sample_size_matches_the_published_table(n, s):
    assert ukuran_sampel(n) == s


def test_period_ranges():
    assert periode.rentang("bulan", 2026, 2) == (date(2026, 2, 1), date(2026, 2, 28))
    assert periode.rentang("triwulan", 2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert periode.rentang("semester", 2026, 1) == (date(2026, 1, 1), date(2026, 6, 30))
    assert periode.rentang("tahun", 2026, 1) == (date(2026, 1, 1), date(2026, 12, 31))
    assert periode.sebelumnya("triwulan", 2026, 1) == (2025, 4)
    assert periode.memuat("triwulan", date(2026, 12, 1)) == (2026, 4)
    assert periode.label("triwulan", 2026, 4) == "Triwulan IV 2026"
    with pytest.raises(periode.PeriodeInvalid):
        periode.rentang("triwulan", 2026, 5)


def test_distribution_profile_and_comments_are_counted_by_the_database(ctx):
    answers((4, 3, 3, 4, 4, 4, 4, 1, 2), jenis_kelamin="P", umur="u31", pendidikan="sma",
            pekerjaan="wirausaha")
    answers((4, 2, 3, 4, 4, 4, 4, None, 2), jenis_kelamin="L", umur="u31")
    db.session.add_all([SkmJawaban(layanan="ktp-el", tanggal=DAY, u1=3, saran=t) for t in
                        ("Ruang tunggu panas", "ruang tunggu panas ", "Petugas ramah")])
    db.session.commit()
    assert sebaran("ktp-el", DAY, DAY)["U1"] == (0, 0, 3, 2)
    assert sebaran("ktp-el", DAY, DAY)["U8"] == (1, 0, 0, 0)
    p = dict(profil("ktp-el", DAY, DAY)["jenis_kelamin"])
    assert p == {"L": 1, "P": 1, None: 3}
    assert dict(profil("ktp-el", DAY, DAY)["umur"])["u31"] == 2
    total, rows = ringkasan_saran("ktp-el", DAY, DAY)
    assert total == 3
    assert [(t.strip().lower(), n) for t, n in rows] == [("ruang tunggu panas", 2),
                                                        ("petugas ramah", 1)]


def test_sample_reached_is_judged_against_the_files_handed_over(ctx, an_application):
    answers((4,) * 9, (3,) * 9, tanggal=wib_today())
    today = wib_today()
    assert rekap("ktp-el", today, today).sampel_tercapai is None  # nothing handed over
    an_application("diserahkan")
    an_application("diserahkan")
    an_application("diserahkan")
    r = rekap("ktp-el", today, today)
    assert r.diserahkan == 3 and r.sampel_minimal == 3
    assert r.sampel_tercapai is False and r.tingkat_respons == 66.7
