"""Every URL the application serves (Flask-Admin's included) x every role x its methods,
against the expected answer: no unexpected 200, no 500."""
import pytest
from werkzeug.routing import IntegerConverter

from tests.expected_access import (ANTRIAN_PUBLIC, KIRIM_KOLEKTIF, KUNCI_TTD, LAPORAN_TTD,
                                   PENGADUAN_KELOLA, PENGADUAN_PUBLIC)
from tests.expected_access import (DELETERS, EVERYONE, PRINTING, SCREENS, SIGNING_KOLEKTIF, SKM_PUBLIC,
                                   SKM_VIEWS, SKM_WRITERS, TRANSITIONS, VIEWS, WORKING)

PUBLIC = {"static", "admin.static", "auth.login", "public.home", "public.cek_status", "public.favicon",
          "verifikasi.show", "verifikasi.cek_berkas", "health.healthz",
          "i18n.switch_language"} | SKM_PUBLIC | PENGADUAN_PUBLIC | ANTRIAN_PUBLIC
ALLOWED = {  # endpoint prefix -> roles that may use it (from the one expected table)
    "admin.": EVERYONE, "akun.": EVERYONE, "auth.logout": EVERYONE,
    **{view.replace("-", "_") + ".": roles for view, roles in (VIEWS | SKM_VIEWS).items()},
    **{(name if "." in name else name + "."): roles for name, roles in PRINTING.items()},
    **{screen + ".": roles for screen, roles in SCREENS.items()},
}


# Switched off for every role: records are never deleted or edited inline, and the one
# settings row is never created by hand. (Exports follow their list.)
DISABLED = (".delete_view", ".ajax_update", "pengaturan.create_view")


# Narrower than their view: writing is the front desk's, a transition its roles' (the walk
# posts `proses`), and an action post naming no action is refused for everyone.
EXACT = {
    "pemohon.create_view": {"sekretariat"}, "pemohon.edit_view": {"sekretariat"},
    "permohonan.create_view": {"sekretariat"}, "permohonan.checklist_view": {"sekretariat"},
    "permohonan.edit_view": set(), "permohonan.action_view": set(),
    "permohonan.transition_view": TRANSITIONS[("proses", "teregister")],
    "surat_kolektif.tandatangani_view": SIGNING_KOLEKTIF,
    "surat_kolektif.kirim_view": KIRIM_KOLEKTIF,
    "admin.laporan_pdf_ttd": LAPORAN_TTD,
    # A day off entered by mistake is removed (it is a setting, not a record).
    "hari_libur.delete_view": DELETERS["hari-libur"],
    "pengaturan.export": set(),  # one row of settings: no list to export
    **SKM_WRITERS,
    **{f"pengaduan.{name}": PENGADUAN_KELOLA
       for name in ("create_view", "tugaskan_view", "jawab_view", "tutup_view", "lapor_view")},
}
# The office's signing key: confirmed on the Camat's own page, by the Camat alone.
EXACT["akun.kunci_ttd_view"] = KUNCI_TTD


def allowed_roles(endpoint: str) -> set[str]:
    if endpoint in EXACT:  # before DISABLED: a follow-up of the survey may be deleted
        return EXACT[endpoint]
    if endpoint.endswith(DISABLED):
        return set()
    for prefix, roles in sorted(ALLOWED.items(), key=lambda kv: -len(kv[0])):
        if endpoint == prefix or endpoint.startswith(prefix):
            return roles
    raise AssertionError(f"no expectation for endpoint {endpoint}: add it to ALLOWED")


def concrete(rule, ids) -> str:
    values = {}
    for arg in rule.arguments:
        numeric = isinstance(rule._converters.get(arg), IntegerConverter)  # ours included
        values[arg] = ids["permohonan"] if numeric else {
            "filename": "css/app.css", "slug": "tanda-terima", "aksi": "proses",
            "export_type": "csv", "token": "x", "job_id": "x", "transition": "proses",
            "layanan": "ktp-el"}.get(arg, "x")
    return rule.build(values, append_unknown=False)[1]


@pytest.fixture
def ids(an_application):
    return {"permohonan": an_application("teregister").id}


@pytest.mark.parametrize("role", [None, *sorted(EVERYONE)])
def test_every_url_answers_as_expected(app, login_as, client, ids, role):
    browser = login_as(role) if role else None
    failures = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint == "auth.logout":
            continue  # logout would end the walk; tests/views/test_security.py covers it
        roles = allowed_roles(rule.endpoint)
        url = concrete(rule, ids)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if browser is None:
                response = client.open(url, method=method)
                ok = response.status_code in (302, 400) and (
                    response.status_code == 400 or "/login" in response.headers["Location"])
            else:
                if method == "POST":
                    response = browser.post(url, {"note": ""}, csrf_url="/akun/kata-sandi")
                else:
                    response = browser.client.open(url, method=method)
                code = response.status_code
                ok = code == 403 if role not in roles else code != 403 and code < 500
            if not ok:
                failures.append(f"{role} {method} {url} ({rule.endpoint}): {response.status_code}")
    assert not failures, "\n".join(failures)
