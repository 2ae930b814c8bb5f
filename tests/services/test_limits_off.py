"""Limits turned off (RATELIMIT_ENABLED=False, as the benchmark harness runs the product) is
a setting the product accepts: the per-name login throttle and the passphrase limit then
count nothing, and nothing breaks: no traceback in the log, no 500. Each runs in a fresh
process, as the harness does: the suite's own limiter was set up with limits on."""
import subprocess
import sys
import textwrap

from tests.conftest import CHECKOUT
from tests.signing.tte_support import make_cert

FRESH_APP = """
import logging, sys
from app import create_app
from tests.conftest import PASSWORD, Browser
app = create_app({{"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": {url!r},
                  "RATELIMIT_ENABLED": False, **{config!r}}})
"""


def run_fresh(app, body: str, **config) -> subprocess.CompletedProcess:
    """`body` under an app made in a new process with the limits off; its output."""
    code = FRESH_APP.format(url=app.config["SQLALCHEMY_DATABASE_URI"], config=config)
    return subprocess.run([sys.executable, "-c", code + textwrap.dedent(body)], cwd=CHECKOUT,
                          capture_output=True, text=True, timeout=120)


def test_a_login_with_limits_off_writes_no_traceback(app, users):
    done = run_fresh(app, """
        print(Browser(app.test_client()).login("camat", "salah").status_code)
        print(Browser(app.test_client()).login("camat", PASSWORD).status_code)
    """)
    assert done.stdout.split() == ["401", "302"], done.stderr
    assert "Traceback" not in done.stderr and "AssertionError" not in done.stderr


def test_a_signed_ratification_with_limits_off_is_done(app, an_application, users, tmp_path):
    cert = make_cert()
    key = tmp_path / "penandatangan.p12"
    key.write_bytes(cert.p12)
    key.chmod(0o600)
    p = an_application("diverifikasi")
    done = run_fresh(app, f"""
        camat = Browser(app.test_client())
        assert camat.login("camat").status_code == 302
        page, url = "/admin/permohonan/details/?id={p.id}", "/admin/permohonan/{p.id}/transition/sahkan"
        data = {{"note": "", "version": "{p.version}"}}
        print(camat.post(url, {{**data, "passphrase": "salah-ketik"}}, csrf_url=page).status_code)
        print(camat.post(url, {{**data, "passphrase": {cert.passphrase!r}}}, csrf_url=page).status_code)
        print(camat.get(page).get_data(as_text=True).count("Surat Pengantar ditandatangani elektronik"))
    """, SIGNER="local", SIGNER_P12_PATH=str(key), SIGNER_TSA_URL=None)
    assert done.stdout.split() == ["422", "302", "1"], done.stderr
    assert "Traceback" not in done.stderr
