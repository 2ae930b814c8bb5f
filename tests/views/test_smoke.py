def test_login_page_and_dashboard(login_as):
    browser = login_as("sekretariat")
    page = browser.get("/admin/").get_data(as_text=True)
    assert "Petugas Sekretariat" in page


def test_application_walks_to_handover(an_application):
    p = an_application("diserahkan")
    assert p.status == "diserahkan"
    assert p.register.nomor.startswith("471.13/0001/403.404/")
