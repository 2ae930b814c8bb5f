"""Bantuan: the staff guide (docs/panduan/) served inside the application. Each role's
"Bantuan" opens its own page; anonymous visitors go to the login; no HTML written in a
guide file reaches the page; pictures come from docs/panduan/gambar/ and nowhere else."""
import re

import pytest

from app import panduan
from app.access.roles import EVERYONE

ROLE_TITLE = {role: panduan.page_path(panduan.role_page(role)).read_text(
    encoding="utf-8").splitlines()[0][2:] for role in EVERYONE}


@pytest.mark.parametrize("role", sorted(ROLE_TITLE))
def test_bantuan_opens_the_page_of_ones_own_role(login_as, role):
    browser = login_as(role)
    navbar = browser.get("/admin/", follow_redirects=True).get_data(as_text=True)  # home page
    assert 'id="bantuan-link" href="/bantuan/"' in navbar
    response = browser.client.get("/bantuan/", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == f"/bantuan/{panduan.role_page(role)}"
    page = response.get_data(as_text=True)
    assert "<h1" in page and ROLE_TITLE[role] in page
    # The other pages are one click away: the index and the messages.
    assert 'href="/bantuan/README"' in page and 'href="/bantuan/pesan"' in page


def test_every_guide_page_and_picture_it_shows_is_served(login_as):
    browser = login_as("operator")
    for md in sorted(panduan.DIR.glob("*.md")):
        response = browser.get(f"/bantuan/{md.stem}")
        assert response.status_code == 200, md.name
        for src in _pictures(response.get_data(as_text=True)):
            picture = browser.get(src)
            assert picture.status_code == 200 and picture.mimetype == "image/png", src


def _pictures(html: str) -> list[str]:
    return re.findall(r'<img [^>]*src="([^"]+)"', html)


@pytest.mark.parametrize("url", ["/bantuan/", "/bantuan/sekretariat", "/bantuan/gambar/x.png"])
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", ["/bantuan/tidak-ada", "/bantuan/..%2Fsettings",
                                 "/bantuan/gambar/..%2F..%2FREADME.md", "/bantuan/gambar/x.svg",
                                 "/bantuan/gambar/tidak-ada.png"])
def test_names_outside_the_guide_are_not_found(login_as, url):
    assert login_as("camat").get(url).status_code == 404


def test_html_in_a_guide_file_is_shown_as_text(login_as, tmp_path, monkeypatch):
    (tmp_path / "coba.md").write_text(
        "# Coba\n\n<script>alert('x')</script>\n\n"
        "Teks <img src=x onerror=alert(1)> dan <b>tebal</b>.\n\n"
        "[tautan](javascript:alert(1)) [situs lain](https://contoh.invalid/) "
        "[halaman](operator.md#loket) ![gambar](../../app/settings.py)\n",
        encoding="utf-8")
    monkeypatch.setattr(panduan, "DIR", tmp_path)
    page = login_as("sekretariat").get("/bantuan/coba").get_data(as_text=True)
    article = page[page.index('<article'):page.index('</article>')]
    assert "<script>alert" not in article and "&lt;script&gt;alert" in article
    assert "<img src=x" not in article and "<b>" not in article
    assert "javascript:" not in article and "contoh.invalid" not in article
    assert 'href="/bantuan/operator#loket"' in article
    assert "settings.py" not in article
