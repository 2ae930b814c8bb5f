"""Two offices (issue 21): a spreadsheet or CSV an office's desk takes from a list carries
its own office's rows and none of the other's (the isolation walk reads pages as text, so it
cannot look inside an XLSX; here both formats are opened)."""
import csv
import io

import pytest
from openpyxl import load_workbook

from app.access.roles import SEKRETARIAT
from tests.views.test_kantor_isolation import NAMA_A, NAMA_B, PASSWORD, office_b  # noqa: F401

LISTS = ("/admin/permohonan/", "/admin/pemohon/")


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    if response.mimetype == "text/csv":
        return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    rows = [[str(c) for c in r] for r in book.active.iter_rows(values_only=True)]
    book.close()
    return rows


@pytest.mark.parametrize("fmt", ("xlsx", "csv"))
def test_an_office_export_carries_none_of_the_other_office(app, login_as, office_b, fmt):
    a_desk = login_as(SEKRETARIAT)
    b_desk = type(a_desk)(app.test_client())
    assert b_desk.login(f"{SEKRETARIAT}.lembeyan", PASSWORD).status_code == 302
    for url in LISTS:
        a_text = "\n".join(" ".join(r) for r in _rows(a_desk.client.get(f"{url}export/{fmt}/")))
        b_text = "\n".join(" ".join(r) for r in _rows(b_desk.client.get(f"{url}export/{fmt}/")))
        assert NAMA_A in a_text and NAMA_B not in a_text, url
        assert not any(n in a_text for n in office_b["numbers"]), url
        assert NAMA_B in b_text and NAMA_A not in b_text, url
        assert all(p.nomor_tanda_terima not in b_text for p in office_b["a_files"]), url
