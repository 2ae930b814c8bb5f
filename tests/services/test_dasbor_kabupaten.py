"""The regency's dashboard (issue 21): with three offices made here, each figure of the
table equals the same count done in SQL by the test; offices' own limits make their own
late files; the card's way is read from the declarations (a variant's states appear as a
column only when such a variant is registered)."""
from dataclasses import replace
from datetime import timedelta
from fractions import Fraction

import pytest
from sqlalchemy import text

from app.access.roles import OPERATOR, SEKRETARIAT
from app.access.scope import dalam_kantor
from app.extensions import db
from app.layanan.ktp_el.workflow import DISAHKAN, KTP_EL, SERAHKAN
from app.services import kabupaten, statistik
from app.services import kantor as kantor_service
from app.survei.ikm import bulat
from app.survei.rekap import hasil
from app.timefmt import wib_today
from app.workflow.declaration import (State, Transition, all_workflows, register_workflow,
                                      unregister_workflow)
from models import Desa, OfficeSettings, SkmJawaban

# Files per office, by state: A (the first office), B, C.
FILES = {
    "A": ("diajukan", "diproses", "disahkan", "diserahkan"),
    "B": ("diajukan", "diajukan", "diproses", "disahkan", "disahkan"),
    "C": ("teregister",),
}


def _answers(kantor_id: int, scores: list[int]) -> None:
    for s in scores:
        db.session.add(SkmJawaban(kantor_id=kantor_id, layanan="ktp-el", tanggal=wib_today(),
                                  **{f"u{i}": s for i in range(1, 10)}))
    db.session.commit()


@pytest.fixture
def three_offices(app, ctx, an_application):
    """Offices A (Takeran), B (Lembeyan) and C (Nguntoronadi), each with a village and
    its files, walked through the real engine; survey answers in A and B."""
    ids = {"A": OfficeSettings.get(1).id}
    for key, kode, nama in (("B", "35.20.05", "Lembeyan"), ("C", "35.20.06", "Nguntoronadi")):
        office = kantor_service.tambah(kode, nama)
        ids[key] = office.id
        with dalam_kantor(office.id):
            db.session.add(Desa(kode=f"{kode}.2001", nama=f"Desa {nama}", jenis="desa"))
            db.session.commit()
    for key, states in FILES.items():
        with dalam_kantor(ids[key]):
            for state in states:
                an_application(state)
    _answers(ids["A"], [4, 4, 3])
    _answers(ids["B"], [2, 3])
    return ids


def _sql(sql: str, **params) -> dict:
    return {tuple(row[:-1]): row[-1] for row in db.session.execute(text(sql), params)}


def _period():
    today = wib_today()
    return today - timedelta(days=29), today


def test_files_per_state_equal_counts_in_sql(three_offices):
    dasbor = kabupaten.susun(*_period())
    counted = _sql("SELECT kantor_id, status, count(*) FROM permohonan GROUP BY kantor_id, status")
    rows = {b.kantor_id: b for b in dasbor.baris}
    assert set(rows) == set(three_offices.values())
    for col in dasbor.kolom:
        if col.key.startswith("status-"):
            state = col.key.removeprefix("status-")
            for k in rows:
                assert rows[k].nilai[col.key] == counted.get((k, state), 0), (k, state)
            assert dasbor.total.nilai[col.key] == sum(
                n for (_k, s), n in counted.items() if s == state)
    for k, row in rows.items():
        assert row.nilai["jumlah"] == sum(n for (kk, _s), n in counted.items() if kk == k)
    assert dasbor.total.nilai["jumlah"] == sum(len(v) for v in FILES.values())
    # The cards ready at the kecamatan: the SOP's own workflow hands over from 'disahkan'.
    assert rows[three_offices["B"]].nilai["kartu-kecamatan"] == 2
    assert dasbor.total.nilai["kartu-kecamatan"] == 3
    # The Dinas's column only where a registered workflow has the card at the Dinas (the
    # SOP's own has none: tests below; a variant printing at the Dinas adds it).
    assert ("kartu-dinas" in {c.key for c in dasbor.kolom}) == any(
        kabupaten.di_dinas(wf) for wf in all_workflows())


def test_late_files_per_office_by_its_own_limits(three_offices):
    """Each office's late files equal a SQL count against that office's own working-day
    limit; an office that gives a desk more days has fewer late files there."""
    later = statistik.utcnow() + timedelta(days=5)
    b = db.session.get(OfficeSettings, three_offices["B"])
    b.tenggat_hari = {"diajukan": 30, "diproses": 30}
    db.session.commit()
    dasbor = kabupaten.susun(*_period(), now=later)
    rows = {row.kantor_id: row for row in dasbor.baris}
    for office in db.session.execute(db.select(OfficeSettings)).scalars():
        for desk in statistik.desk_limits(office):
            expected = db.session.execute(text(
                "SELECT count(*) FROM permohonan WHERE kantor_id = :k AND status = :s "
                "AND status_changed_at < :t"), {"k": office.id, "s": desk.state,
                                                 "t": desk.latest_on_time(later)}).scalar()
            assert rows[office.id].nilai[f"terlambat-{desk.state}"] == expected, \
                (office.kecamatan, desk.state)
    # 'diproses' waits for working days (no SOP minutes): A's default has passed, B's 30 not.
    assert rows[three_offices["A"]].nilai["terlambat-diproses"] == 1
    assert rows[three_offices["B"]].nilai["terlambat-diproses"] == 0
    assert rows[three_offices["B"]].nilai["terlambat-diajukan"] == 2  # SOP minutes: the same
    assert dasbor.total.nilai["terlambat"] == sum(r.nilai["terlambat"] for r in rows.values())


def test_sop_and_ikm_per_office_and_pooled_for_the_regency(three_offices):
    dasbor = kabupaten.susun(*_period())
    rows = {row.kantor_id: row for row in dasbor.baris}
    steps = [c for c in dasbor.kolom if c.key.startswith("sop-")]
    assert steps and all(c.persen for c in steps)
    # Step figures as the office dashboard computes them, one office at a time.
    start = statistik.wib_day_start_utc(dasbor.dari)
    end = statistik.wib_day_start_utc(dasbor.sampai + timedelta(days=1))
    for k in three_offices.values():
        with dalam_kantor(k):
            mine = statistik.sop_steps(start, end)
        for col, figure in zip(steps, mine):
            assert rows[k].nilai[col.key] == figure.persen_dalam_standar, (k, col.key)
    assert any(rows[k].nilai[c.key] is not None for k in rows for c in steps)  # steps were timed
    today = wib_today()
    for key, n in (("A", 3), ("B", 2), ("C", 0)):
        k = three_offices[key]
        assert rows[k].nilai["responden-ktp-el"] == n
        with dalam_kantor(k):
            own = hasil("ktp-el", today, today)
        assert rows[k].nilai["ikm-ktp-el"] == (bulat(own.ikm, 2) if own.ikm else None)
    # The regency's IKM pools every answer: scores 4,4,3,2,3 on every element.
    assert dasbor.total.nilai["responden-ktp-el"] == 5
    assert dasbor.total.nilai["ikm-ktp-el"] == bulat(Fraction(4 + 4 + 3 + 2 + 3, 5) * 25, 2)


def test_sorting_by_a_column_keeps_the_unmeasured_last(three_offices):
    dasbor = kabupaten.urutkan(kabupaten.susun(*_period()), "jumlah", turun=True)
    assert [b.nilai["jumlah"] for b in dasbor.baris] == [5, 4, 1]
    dasbor = kabupaten.urutkan(dasbor, "ikm-ktp-el", turun=False)
    assert [b.kantor_id for b in dasbor.baris][-1] == three_offices["C"]  # no answer
    dasbor = kabupaten.urutkan(dasbor, "kantor", turun=True)
    assert [b.nama for b in dasbor.baris] == sorted((b.nama for b in dasbor.baris), reverse=True)
    with pytest.raises(kabupaten.KolomInvalid):
        kabupaten.urutkan(dasbor, "nik")


# A workflow printing the card at the Dinas, declared here as the variant on its branch
# declares it: after ratification, sent to the Dinas, printed by its operator, arrived.
DIKIRIM, TERCETAK, TIBA = "uji_dikirim", "uji_tercetak", "uji_tiba"
VARIAN = replace(
    KTP_EL, layanan="ktp-el-uji",
    states=tuple(s for s in KTP_EL.states if s.name != DISAHKAN) + (
        replace(KTP_EL.state(DISAHKAN)), State(DIKIRIM, "Dikirim ke Dinas", "primary"),
        State(TERCETAK, "Tercetak di Dinas", "info"), State(TIBA, "Tiba di kecamatan", "success")),
    transitions=tuple(t for t in KTP_EL.transitions if t.name != SERAHKAN) + (
        Transition("uji_kirim", "Kirim", (DISAHKAN,), DIKIRIM, (SEKRETARIAT,), forward=True),
        Transition("uji_cetak", "Tercetak", (DIKIRIM,), TERCETAK, (OPERATOR,), forward=True),
        Transition("uji_tiba", "Tiba", (TERCETAK,), TIBA, (SEKRETARIAT,), forward=True),
        replace(KTP_EL.transition(SERAHKAN), sources=(TIBA,))))


@pytest.fixture
def varian(app):
    register_workflow(VARIAN)
    yield VARIAN
    unregister_workflow(VARIAN.layanan)


def test_the_card_s_way_is_read_from_the_declarations(varian):
    assert kabupaten.di_dinas(KTP_EL) == set()
    assert kabupaten.siap_diserahkan(KTP_EL) == {DISAHKAN}
    assert kabupaten.di_dinas(varian) == {DIKIRIM, TERCETAK}
    assert kabupaten.siap_diserahkan(varian) == {TIBA}


def test_cards_at_the_dinas_per_office(three_offices, varian, an_application):
    with dalam_kantor(three_offices["C"]):
        for state in (DIKIRIM, DIKIRIM, TERCETAK, TIBA, DISAHKAN):
            an_application(state, layanan=varian.layanan)
    dasbor = kabupaten.susun(*_period())
    assert {"kartu-dinas", f"status-{DIKIRIM}"} <= {c.key for c in dasbor.kolom}
    rows = {row.kantor_id: row for row in dasbor.baris}
    c = rows[three_offices["C"]].nilai
    assert (c["kartu-dinas"], c["kartu-kecamatan"]) == (3, 1)  # the variant's 'disahkan': no card
    assert rows[three_offices["B"]].nilai["kartu-dinas"] == 0
    assert (dasbor.total.nilai["kartu-dinas"], dasbor.total.nilai["kartu-kecamatan"]) == (3, 4)
