"""Static files: every stylesheet, script and icon a page names carries its version, a
browser keeps it for a year and asks no more; a changed file gets a new address."""
import os
import re

from flask import url_for

from app.paths import ROOT

ASSET = re.compile(r'(?:href|src)="(/(?:admin/)?static/[^"]+)"')


def _assets(html: str) -> list[str]:
    return [a.replace("&amp;", "&") for a in ASSET.findall(html)]


def test_every_asset_of_a_page_is_versioned_and_kept_a_year(login_as):
    desk = login_as("sekretariat")
    page = desk.get("/admin/permohonan/")
    assets = _assets(page.get_data(as_text=True))
    ours = [a for a in assets if a.startswith("/static/")]
    admins = [a for a in assets if a.startswith("/admin/static/")]
    assert ours and admins, assets
    for asset in assets:
        assert re.search(r"[?&]v=[\w.]+", asset), asset
        response = desk.get(asset)
        assert response.status_code == 200, asset
        cache = response.headers["Cache-Control"]
        assert "max-age=31536000" in cache and "immutable" in cache, (asset, cache)
        assert "no-store" not in cache and "no-cache" not in cache, (asset, cache)
    # The page itself, with full NIKs, is still never kept.
    assert page.headers["Cache-Control"] == "no-store"


def test_an_address_without_its_version_is_asked_again_each_time(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "max-age=31536000" not in response.headers.get("Cache-Control", "")


def test_a_changed_file_gets_a_new_address(app):
    path = ROOT / "static" / "css" / "app.css"
    before = os.stat(path)
    with app.test_request_context():
        first = url_for("static", filename="css/app.css")
        try:
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000_000))
            second = url_for("static", filename="css/app.css")
        finally:
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        # Flask-Admin's own version (its library's) is kept as it gives it.
        jquery = url_for("admin.static", filename="vendor/jquery.min.js", v="3.5.1")
    assert first != second and "v=" in first and "v=" in second
    assert jquery.endswith("v=3.5.1")


def test_a_missing_file_is_still_404(client):
    assert client.get("/static/css/tidak-ada.css?v=1").status_code == 404
