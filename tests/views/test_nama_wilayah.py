"""Every page names its own office: on a regency's server a Lembeyan clerk, Lembeyan's
kiosk, TV display and published IKM say Lembeyan, never the first office; a page for every
office (the status check, the login) names the regency alone. A single office's install
keeps its kecamatan in the header."""
import re

import pytest

from app.access.roles import SEKRETARIAT
from app.access.scope import dalam_kantor
from app.extensions import db
from app.services import kantor as kantor_service
from app.services.accounts import create_user
from tests.conftest import Browser


def header(html: str) -> str:
    """The page's <title> and its header bar, as a reader sees them."""
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    bar = re.search(r"<header.*?</header>", html, re.S)
    brand = re.search(r'class="brand-office[^"]*">(.*?)<', html, re.S)
    return " | ".join(" ".join(part.split()) for part in (
        title, re.sub(r"<[^>]+>", " ", bar.group(0)) if bar else "",
        brand.group(1) if brand else ""))


@pytest.fixture
def lembeyan(app, ctx):
    kantor = kantor_service.tambah("35.20.05", "Lembeyan")
    with dalam_kantor(kantor.id):
        create_user("sekretariat.lembeyan", SEKRETARIAT, "Lembeyan-2026-aman")
        db.session.commit()
    return kantor


def test_a_single_office_names_its_kecamatan(app, client):
    assert "Kecamatan Takeran, Kabupaten Magetan" in header(
        client.get("/cek-status").get_data(as_text=True))


@pytest.mark.parametrize("url", ["/antrian?kantor=35.20.05", "/antrian/layar?kantor=35.20.05",
                                 "/ikm?kantor=35.20.05", "/pengaduan?kantor=35.20.05"])
def test_an_offices_public_page_names_that_office(app, client, lembeyan, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Lembeyan" in header(html) or "Kecamatan Lembeyan" in html
    assert "Takeran" not in html


@pytest.mark.parametrize("url", ["/cek-status", "/login", "/tidak-ada"])
def test_a_page_for_every_office_names_the_regency(app, client, lembeyan, url):
    names = header(client.get(url).get_data(as_text=True))
    assert "Kabupaten Magetan" in names
    assert "Takeran" not in names and "Lembeyan" not in names


def test_a_clerk_sees_their_own_office_in_the_navbar(app, login_as, lembeyan):
    browser = Browser(app.test_client())
    assert browser.login("sekretariat.lembeyan", "Lembeyan-2026-aman").status_code == 302
    html = browser.get("/admin/").get_data(as_text=True)
    assert "Kec. Lembeyan" in header(html) and "Takeran" not in header(html)
    # The first office's clerk keeps the first office's name.
    assert "Kec. Takeran" in header(login_as("sekretariat").get("/admin/").get_data(as_text=True))


def test_the_dinas_operator_sees_the_regency_in_the_navbar(app, login_as):
    """A regency role's screens name the regency, on a single office's server too."""
    names = header(login_as("operator").get("/admin/").get_data(as_text=True))
    assert "Kab. Magetan" in names and "Takeran" not in names
