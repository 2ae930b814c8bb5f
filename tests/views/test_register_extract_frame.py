"""The Register extract's form and its progress page are staff pages like the others:
the navbar, its search box and the account menu (issue 23)."""

FORM = "/admin/register/cetak/"


def test_the_extract_form_and_its_progress_page_have_the_staff_navbar(app, login_as,
                                                                      an_application, monkeypatch):
    monkeypatch.setitem(app.config, "EXTRACT_SYNC_LIMIT", 0)  # any extract: the queue
    an_application("teregister")
    desk = login_as("sekretariat")
    form = desk.get(FORM).get_data(as_text=True)
    assert 'id="cari-navbar"' in form and 'id="akun-menu"' in form
    started = desk.post(FORM, {}, csrf_url=FORM)
    assert started.status_code == 302, started.get_data(as_text=True)[:300]
    progress = desk.get(started.headers["Location"]).get_data(as_text=True)
    assert 'id="cari-navbar"' in progress and 'id="akun-menu"' in progress
    assert 'http-equiv="refresh"' in progress  # it still follows the job by itself
