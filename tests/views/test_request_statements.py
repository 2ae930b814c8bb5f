"""What one request costs the database, in statements (issue 25: back to the old counts).
A budget a change overspends fails here with the statements listed."""
import pytest

TRANSITION_BUDGET = 5  # the session, the officer, the file, its claim, its log row
# The session with its officer, the file with its checklist, history and signed letter, the
# applicant's edits, and the read log's row written as the page leaves.
DETAIL_BUDGET = 4


def test_a_transition_costs_at_most_5_statements(login_as, an_application, statements):
    p = an_application("teregister")
    operator = login_as("operator")
    operator.get(f"/admin/permohonan/details/?id={p.id}")  # the page it is taken from
    url = f"/admin/permohonan/{p.id}/transition/proses"  # read before counting: the test's own
    with statements:
        response = operator.post(url, {"note": ""})
    assert response.status_code == 302
    assert len(statements) <= TRANSITION_BUDGET, f"{len(statements)} statements:\n{statements}"
    page = operator.get(response.headers["Location"]).get_data(as_text=True)
    assert "berhasil. Status sekarang Diproses." in page, page


@pytest.mark.parametrize("role", ["operator", "sekretariat", "camat"])
def test_the_detail_page_costs_at_most_4_statements(login_as, an_application, statements, role):
    p = an_application("teregister")
    desk = login_as(role)
    url = f"/admin/permohonan/details/?id={p.id}"
    with statements:
        response = desk.get(url)
    assert response.status_code == 200 and p.nomor_tanda_terima in response.get_data(as_text=True)
    assert len(statements) <= DETAIL_BUDGET, f"{len(statements)} statements:\n{statements}"
