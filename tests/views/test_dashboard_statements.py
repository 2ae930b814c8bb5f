"""The dashboard's cost does not grow with the office (issue 25): at most 14 statements
for every role, with late files at every desk, answers to the survey and files in every
state. A card added to the dashboard adds its statements here, within the budget.
Measured: administrator 12 (the failed messages' card: one), Sekretariat and operator 12,
Sekcam and Camat 13, the data-protection officer 4. On PostgreSQL the scope told for
row-level security is counted apart, within test_request_statements' SCOPE_BUDGET."""
from datetime import timedelta

import pytest
from sqlalchemy import update

from app.access.roles import EVERYONE
from app.extensions import db
from app.access.permissions import allowed
from app.services import statistik
from app.timefmt import wib_today
from models import Permohonan
from models._kantor import KANTOR_AWAL
from models._time import utcnow
from tests.expected_access import KABUPATEN_BERANDA
from tests.survei.test_skm_ikm import answers
from tests.views.test_request_statements import assert_scope

BUDGET = 14


@pytest.fixture
def busy_office(app, an_application):
    """Files in every state, each desk's oldest waiting for weeks; survey answers."""
    late = [an_application(state) for state in
            ("diajukan", "teregister", "diproses", "diverifikasi", "disahkan")]
    for state in ("diajukan", "diproses", "diserahkan", "dikembalikan", "dibatalkan"):
        an_application(state)
    db.session.execute(update(Permohonan).where(Permohonan.id.in_([p.id for p in late]))
                       .values(status_changed_at=utcnow() - timedelta(days=30)))
    answers((4, 4, 3, 4, 3, 3, 4, 2, 3), (3, 4, 3, 4, 3, 4, 4, 3, 3), tanggal=wib_today())
    db.session.commit()
    return late


# The regency's viewer and administrator land on the regency's table instead
# (tests/views/test_dasbor_kabupaten_halaman.py).
@pytest.mark.parametrize("role", [r for r in EVERYONE if r not in KABUPATEN_BERANDA])
def test_the_dashboard_costs_at_most_14_statements_for_every_role(busy_office, login_as,
                                                                  statements, role):
    browser = login_as(role)
    assert browser.get("/admin/").status_code == 200  # the survey card kept once
    with statements:
        page = browser.get("/admin/")
    assert page.status_code == 200
    assert len(statements) <= BUDGET, f"{len(statements)} statements:\n{statements}"
    assert_scope(statements, role, KANTOR_AWAL)  # PostgreSQL's scope, counted apart
    if role != "ppdp":  # the data-protection officer's home shows no file
        html = page.get_data(as_text=True)
        # Four desks late (the Camat's and Sekcam's by the office's days, the front desk's
        # and the operator's by the SOP's minutes); each late file listed by name for the
        # desks that open files, the counts alone for the others (no one's name).
        assert html.count("desk-late") == 4
        listed = [p.nomor_tanda_terima in html for p in busy_office[:4]]
        assert all(listed) if allowed("permohonan.lihat", role) else not any(listed)


def test_the_late_files_and_counts_come_in_two_statements(app, busy_office, statements):
    with app.test_request_context(), statements:
        report = statistik.overdue()
    assert len([s for s in statements if "permohonan" in s]) == 2, str(statements)
    assert {state: n for state, n in report.per_state.items() if n} == {
        "diajukan": 1, "teregister": 1, "diproses": 1, "diverifikasi": 1}
    assert [o.permohonan.id for o in report.rows] == [p.id for p in busy_office[:4]]
