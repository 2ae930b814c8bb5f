"""Passwords are checked against a shipped list of common ones and trivial patterns."""
import pytest

from app.services.accounts import cek_kata_sandi, common_passwords
from tests.conftest import PASSWORD


@pytest.mark.parametrize("password", [
    "1111111111", "1234567890", "0987654321", "qwertyuiop", "abcdefghij", "ABCDEFGHIJ",
    "password123", "Password2026!", "bismillah123", "indonesia2026", "takeran2026",
    "abcabcabcabc", "1212121212", "aaaaabbbbb", "zzzzzzzzzzzz",
])
def test_common_and_trivial_passwords_are_refused(ctx, password):
    assert "terlalu umum" in (cek_kata_sandi(password, "operator") or "")


@pytest.mark.parametrize("password", [
    PASSWORD, "Sawah-Hijau-Takeran-7", "Padi-Menguning-42", "Kantor-Magetan-2026!",
    "kuda lumping menari", "Gunung Lawu 3265 m",
])
def test_passphrases_pass(ctx, password):
    assert cek_kata_sandi(password, "operator") is None


def test_the_list_ships_with_the_code():
    assert {"123456", "password", "bismillah", "rahasia"} <= common_passwords()
    assert len(common_passwords()) > 100


def test_own_password_change_refuses_a_trivial_one(login_as):
    browser = login_as("camat")
    response = browser.post("/akun/kata-sandi", {"lama": PASSWORD, "baru": "1111111111",
                                                 "ulangi": "1111111111"},
                            csrf_url="/akun/kata-sandi")
    assert response.status_code == 422 and "terlalu umum" in response.get_data(as_text=True)
