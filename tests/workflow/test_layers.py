"""The layers of the application, written once (the README's table of floors says the same):
a module imports only from its own floor or the floors below it, and no modules import
each other in a circle. Every import counts, those inside functions too, read by AST."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. A module belongs to the floor of the longest prefix that names it.
FLOORS = (
    ("ground", ("app.extensions", "app.settings", "app.paths", "app.i18n", "app.timefmt",
                "app.format", "app.access", "app.assets", "app.deployment", "app.database",
                "app.throttle", "app.logs", "app.domain_errors",
                "app.private_files", "app.maintenance")),
    ("models", ("models",)),
    ("workflow", ("app.workflow",)),
    ("services", ("app.services", "app.documents", "app.signing", "app.survei", "app.jobs",
                  "app.queue", "app.forms", "app.pdp", "app.notifikasi", "app.panduan", "app.ops.backup_log")),
    ("layanan", ("app.layanan",)),
    ("web", ("admin_views", "app.blueprints", "app.cli", "app.impor_cli", "app.kantor_cli", "app.kantor_publik", "app.ops", "app.pdp.cli",
             "app.auth",
             "app.errors", "app.routing", "app.security", "app.templating")),
    ("factory", ("app",)),
)
# Models import nothing of the application but the ground they stand on.
MODELS_MAY_IMPORT = ("app.extensions", "app.i18n", "app.access.roles", "app.access.scope",
                     "app.format")


def modules() -> dict[str, Path]:
    found = {}
    for folder in ("app", "models", "admin_views"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def floor_of(module: str) -> int:
    best = None
    for number, (_, prefixes) in enumerate(FLOORS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (number, len(prefix))
    assert best is not None, f"{module} has no floor: add it to FLOORS (and the README)"
    return best[0]


def imports(path: Path, known: dict[str, Path]) -> list[tuple[str, int]]:
    """(module imported, line) for every import of our own code in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                full = f"{node.module}.{a.name}"
                found.append((full if full in known else node.module, node.lineno))
    return [(m, line) for m, line in found if m.split(".")[0] in ("app", "models", "admin_views")]


def graph() -> dict[str, list[tuple[str, int]]]:
    known = modules()
    return {m: imports(path, known) for m, path in known.items()}


def where(module: str, line: int) -> str:
    return f"{modules()[module].relative_to(ROOT)}:{line}"


def test_no_import_runs_up_a_floor():
    found = []
    for module, targets in graph().items():
        mine = floor_of(module)
        for target, line in targets:
            if floor_of(target) > mine:
                found.append(f"{where(module, line)} {FLOORS[mine][0]} imports "
                             f"{FLOORS[floor_of(target)][0]}: {target}")
    assert not found, "\n".join(found)


def test_models_import_only_the_ground():
    found = [f"{where(m, line)} imports {t}" for m, targets in graph().items()
             if m.split(".")[0] == "models" for t, line in targets
             if t.split(".")[0] != "models" and not t.startswith(MODELS_MAY_IMPORT)]
    assert not found, "\n".join(found)


def test_no_circle_of_imports():
    edges = {m: {t for t, _ in targets if t != m} for m, targets in graph().items()}
    # A package's __init__ that re-exports its own modules is not a circle of its own.
    circles, state = [], {}

    def visit(module, path):
        state[module] = "open"
        for target in sorted(edges.get(module, ())):
            if target not in edges:
                continue
            if state.get(target) == "open":
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    lines = {(m, t): line for m, targets in graph().items() for t, line in targets}
    assert not circles, "\n".join(
        " -> ".join(f"{a} ({where(a, lines[a, b])})" for a, b in zip(c, c[1:])) + f" -> {c[-1]}"
        for c in circles)


def test_the_rule_reads_every_module():
    for module in modules():
        floor_of(module)
