"""Our forms give WTForms their options in its own shape (SelectChoice): no deprecation
warning comes from our code, whichever module WTForms names as its source."""
import warnings

import pytest

from app.survei.forms import kuesioner_form


def _choice_warnings(seen) -> list[str]:
    return [str(w.message) for w in seen
            if issubclass(w.category, DeprecationWarning) and "choices" in str(w.message)
            and "flask_admin" not in w.filename]


@pytest.mark.parametrize("role,url", [("sekretariat", "/admin/permohonan/new/"),
                                      ("admin", "/admin/user/new/")])
def test_our_admin_forms_draw_their_options_without_a_deprecation(login_as, role, url):
    browser = login_as(role)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert browser.get(url).status_code == 200
    assert not _choice_warnings(seen)


def test_the_questionnaire_draws_its_answers_without_a_deprecation(app):
    from app.survei.kuesioner import kuesioner

    with app.test_request_context(), warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        form = kuesioner_form(kuesioner("ktp-el"), meta={"csrf": False})
        for field in form:
            field()
    assert not _choice_warnings(seen)
