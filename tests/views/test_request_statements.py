"""What one request costs the database, in statements (issue 25: back to the old counts).
A budget a change overspends fails here with the statements listed."""
TRANSITION_BUDGET = 5  # the session, the officer, the file, its claim, its log row


def test_a_transition_costs_at_most_5_statements(login_as, an_application, statements):
    p = an_application("teregister")
    operator = login_as("operator")
    operator.get(f"/admin/permohonan/details/?id={p.id}")  # the page it is taken from
    with statements:
        response = operator.post(f"/admin/permohonan/{p.id}/transition/proses", {"note": ""})
    assert response.status_code == 302
    assert len(statements) <= TRANSITION_BUDGET, f"{len(statements)} statements:\n{statements}"
    page = operator.get(response.headers["Location"]).get_data(as_text=True)
    assert "berhasil. Status sekarang Diproses." in page, page
