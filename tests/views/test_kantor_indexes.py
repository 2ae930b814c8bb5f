"""An office's lists read its own rows only (issue 21, scale): on a server of several
offices every list statement of an office's page is a range of an index that leads with
the office (migration 0028_indeks_kantor), not a walk over every office's rows in order
with seventeen of eighteen dropped. Read from SQLite's plans, which its planner makes by
rule, not by the table's size; PostgreSQL's plans depend on its statistics and are shown
at a regency's size by bench/plans.py."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from app.access.scope import dalam_kantor
from app.extensions import db
from app.services import kantor as kantor_service

LISTED = ("permohonan", "pemohon", "register_entry")
OWN = ("(kantor_id=?", "(desa_id=?", "(pemohon_id=?")
PAGES = {
    "files, newest first": "/admin/permohonan/",
    "files in one state": "/admin/permohonan/?flt0_0=diproses",
    "files, a name searched": "/admin/permohonan/?search=Santoso",
    "applicants, a name searched": "/admin/pemohon/?search=Santoso",
    "files, a late desk on the dashboard": "/admin/",
    "applicants, newest first": "/admin/pemohon/",
    "register, newest first": "/admin/register/",
}


@pytest.fixture
def two_offices(app, ctx, an_application):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's plans; PostgreSQL's are measured by bench/plans.py")
    kantor_service.tambah("35.20.05", "Lembeyan")
    with dalam_kantor(1):
        files = [an_application(state) for state in ("diajukan", "diproses", "teregister")]
        files[0].status_changed_at -= timedelta(days=30)  # late at its desk: on the dashboard
        db.session.commit()


def _plans(client, url: str) -> list[tuple[str, list[str]]]:
    seen = []

    def keep(conn, cursor, statement, parameters, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    with db.engine.connect() as conn:
        return [(statement, [row[-1] for row in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters)]) for statement, parameters in seen]


def _reads_other_offices(statement: str, line: str, plan: list[str]) -> bool:
    """A plan line that reads one of the lists' tables (by name, not a joined alias) by
    anything but its office: a walk, or a range of an index without the office, in a
    statement narrowed to the office. Lookups by primary key are one row each; a village
    and an applicant are one office's."""
    table = _table(line)
    return (table is not None and f"{table}.kantor_id = ?" in statement
            and not any(own in line for own in OWN) and "PRIMARY KEY" not in line)


def _reads_the_whole_office(statement: str, line: str, plan: list[str]) -> bool:
    """An office's every row read (its index with the office alone) where the statement
    asks for fewer: only a count of the office, or a list in that index's order, reads
    them all (SQLite without statistics takes an equality for a few rows, and would
    read the office to find the few files of `pemohon_id IN (…)`)."""
    table = _table(line)
    if table is None or not line.endswith("(kantor_id=?)"):
        return False
    counts_the_office = re.search(
        rf"WHERE {table}\.kantor_id = \?(\s*\)|\s*$|\s+LIMIT)", statement) is not None
    in_its_order = "ORDER BY" in statement and not any("FOR ORDER BY" in p for p in plan)
    return not (counts_the_office or in_its_order)


def _table(line: str) -> str | None:
    return next((t for t in LISTED if line.startswith((f"SCAN {t} ", f"SEARCH {t} "))
                 or line == f"SCAN {t}"), None)


@pytest.mark.parametrize("page", PAGES)
def test_an_offices_list_reads_only_its_own_rows(two_offices, login_as, page):
    walks = [(statement, line) for statement, plan in _plans(login_as("camat"), PAGES[page])
             for line in plan if _reads_other_offices(statement, line, plan)
             or _reads_the_whole_office(statement, line, plan)]
    assert walks == [], "\n\n".join(f"{line}\n  in {' '.join(s.split())[:300]}"
                                    for s, line in walks)
