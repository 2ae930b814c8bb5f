"""What one request costs the database, in statements (issue 25: back to the old counts).
A budget a change overspends fails here with the statements listed."""
import pytest

from app.access.roles import REGENCY_ROLES, WORKING
from app.extensions import db
from models import CetakLog, LogBaca

TRANSITION_BUDGET = 5  # the session, the officer, the file, its claim, its log row
# The session with its officer, the file with its checklist, history and signed letter, the
# applicant's edits, and the read log's row written as the page leaves.
DETAIL_BUDGET = 4
# The 8 for the receipt: the session with its officer, the file with its checklist
# and its clerk, the document with its signed copy and its print count, the print's row, the
# office's settings, its days off, and the read log's row; the first print also inserts the
# document's row with its QR token (one INSERT … ON CONFLICT DO NOTHING, no savepoint).
REPRINT_BUDGET = 7
FIRST_RECEIPT_BUDGET = REPRINT_BUDGET + 1
# PostgreSQL only, counted apart (tests/conftest.py Statements): the scope told for
# row-level security, at the request's first transaction (the session check, before the
# officer is known: the regency's), again once the officer names the office, and at each
# later transaction (after a commit). None on SQLite.
SCOPE_BUDGET = 3


def assert_scope(statements, role: str, office_id: int) -> None:
    """Within the budget, and the last scope told is the officer's: their office, or the
    regency's for a regency role."""
    if db.engine.dialect.name != "postgresql":
        assert statements.scope == []
        return
    assert 0 < len(statements.scope) <= SCOPE_BUDGET, statements.scope
    assert statements.scope[-1] == ({"kantor": "", "lingkup": "kabupaten"}
                                    if role in REGENCY_ROLES
                                    else {"kantor": str(office_id), "lingkup": "kantor"})


def test_a_transition_costs_at_most_5_statements(login_as, an_application, statements):
    p = an_application("teregister")
    operator = login_as("operator")
    operator.get(f"/admin/permohonan/details/?id={p.id}")  # the page it is taken from
    url = f"/admin/permohonan/{p.id}/transition/proses"  # read before counting: the test's own
    with statements:
        response = operator.post(url, {"note": ""})
    assert response.status_code == 302
    assert len(statements) <= TRANSITION_BUDGET, f"{len(statements)} statements:\n{statements}"
    assert_scope(statements, "operator", p.kantor_id)
    page = operator.get(response.headers["Location"]).get_data(as_text=True)
    assert "berhasil. Status sekarang Diproses." in page, page


@pytest.mark.parametrize("role", WORKING)
def test_the_detail_page_costs_at_most_4_statements(login_as, an_application, statements, role):
    p = an_application("teregister")
    desk = login_as(role)
    url = f"/admin/permohonan/details/?id={p.id}"
    with statements:
        response = desk.get(url)
    assert response.status_code == 200 and p.nomor_tanda_terima in response.get_data(as_text=True)
    assert len(statements) <= DETAIL_BUDGET, f"{len(statements)} statements:\n{statements}"
    assert_scope(statements, role, p.kantor_id)


@pytest.mark.parametrize("role", WORKING)
def test_the_receipt_pdf_costs_at_most_8_statements(app, login_as, an_application,
                                                     statements, role):
    p = an_application("teregister")
    clerk = login_as(role)
    url = f"/admin/permohonan/{p.id}/cetak/tanda-terima.pdf"
    for copy, budget in (("first print", FIRST_RECEIPT_BUDGET), ("reprint", REPRINT_BUDGET)):
        with statements:
            response = clerk.get(url)
        assert response.status_code == 200, copy
        assert response.headers["Content-Type"] == "application/pdf", copy
        assert len(statements) <= budget, f"{copy}: {len(statements)}:\n{statements}"
        assert_scope(statements, role, p.kantor_id)
    with app.app_context():  # both prints logged, and both reads of the applicant's data
        assert db.session.execute(db.select(db.func.count(CetakLog.id))).scalar() == 2
        reads = db.session.execute(db.select(LogBaca.jenis).where(
            LogBaca.pemohon_id == p.pemohon_id)).scalars().all()
        assert reads.count("dokumen") == 2
