"""Nothing but a service's declaration package (app/layanan/<service>/) names its states,
its service id, its document codes and its application types, and nothing but the roles
module and the permissions table names a role: every string literal in the application's
Python (by AST) and every quoted literal in its templates is compared with the declared
names. A new literal anywhere else fails here, with its file and line."""
import ast
import re
from pathlib import Path

from app.access.roles import ROLES
from app.workflow.declaration import all_workflows

ROOT = Path(__file__).resolve().parents[2]
CODE = ("app", "admin_views", "models", "bench")
DECLARATIONS = ("app/layanan/", "app/access/roles.py", "app/access/permissions.py")


def declared_names() -> dict[str, str]:
    names = {role: "role" for role in ROLES}
    for wf in all_workflows():
        names.update({s.name: "state" for s in wf.states})
        names.update({kode: "type" for kode in wf.jenis})
        names.update({d.kode: "document" for d in wf.documents})
        names[wf.layanan] = "service"
    return names


# Words that happen to spell a declared name and mean something else where they stand.
HOMONYMS = {
    ("app/blueprints/akun.py", "baru"): "the new password's field",
    ("app/services/loket.py", "baru"): "a new applicant (pemohon baru)",
    ("bench/load.py", "baru"): "the benchmark posts a KTP-el form",
    ("app/services/numbering.py", "tanda_terima"): "the receipt numbers' counter, every service's",
    ("app/services/pencarian.py", "tanda_terima"): "a search for a receipt number",
    ("app/documents/register_extract.py", "tanda_terima"): "the receipt-number column",
    ("app/documents/register_pages.py", "tanda_terima"): "the receipt-number column",
    ("bench/pdf.py", "tanda_terima"): "the receipt-number column",
}


def literals_outside_the_declaration() -> list[str]:
    names = declared_names()
    found = []
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = str(path.relative_to(ROOT))
            if rel.startswith(DECLARATIONS):
                continue
            for node in ast.walk(ast.parse(path.read_text(), rel)):
                if (isinstance(node, ast.Constant) and node.value in names
                        and (rel, node.value) not in HOMONYMS):
                    found.append(f"{rel}:{node.lineno} {names[node.value]} {node.value!r}")
    quoted = re.compile(r"""['"](\w+)['"]""")
    for path in sorted((ROOT / "templates").rglob("*.html")):
        rel = str(path.relative_to(ROOT))
        for lineno, line in enumerate(path.read_text().splitlines(), start=1):
            for match in quoted.finditer(line):
                if match.group(1) in names:
                    found.append(f"{rel}:{lineno} {names[match.group(1)]} {match.group(1)!r}")
    return found


def test_no_state_or_role_literal_outside_the_declaration():
    found = literals_outside_the_declaration()
    assert not found, "\n".join(found)


# The factory registers each service; the CLI seeds KTP-el's demo data.
KTP_EL_READERS = {"app/__init__.py", "app/cli.py"}


def test_no_screen_service_document_or_check_pins_ktp_el():
    """Screens, blueprints, services, documents and the checks read a file's service from
    the registry (`get_workflow(p.layanan)`), never a service's declaration package."""
    found = []
    for folder in ("admin_views", "app"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = str(path.relative_to(ROOT))
            if rel.startswith("app/layanan/") or rel in KTP_EL_READERS:
                continue
            for node in ast.walk(ast.parse(path.read_text(), rel)):
                names = ([node.module] if isinstance(node, ast.ImportFrom) and node.module
                         else [a.name for a in node.names] if isinstance(node, ast.Import)
                         else [])
                names += [f"{node.module}.{a.name}" for a in getattr(node, "names", [])
                          if isinstance(node, ast.ImportFrom) and node.module]
                if any(n == "app.layanan" or n.startswith("app.layanan.") for n in names):
                    found.append(f"{rel}:{node.lineno}")
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if "ktp_el." in path.read_text():
            found.append(str(path.relative_to(ROOT)))
    assert not found, "\n".join(found)
