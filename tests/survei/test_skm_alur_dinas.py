"""A file of the variant where the card is printed at the Dinas is surveyed like any other:
its proof of hand-over carries the survey's code, the resident answers, and the answer
counts in the service's one IKM (with the service's files handed over), while the daily
check still finds one answer per used invitation."""
from app.extensions import db
from app.survei.periksa import jawaban_sama_dengan_undangan_terpakai
from app.survei.rekap import rekap
from app.timefmt import wib_today
from models import SkmJawaban
from tests.survei.test_skm_survei import answer, code_on, kiosk, proof_text, start


def test_the_variant_s_file_answers_the_service_s_survey(app, login_as, an_application):
    sop_file = an_application("diserahkan")
    dinas_file = an_application("diserahkan", layanan="ktp-el-dinas")
    resident = kiosk(app)
    for p in (sop_file, dinas_file):
        code = code_on(proof_text(login_as, p))
        opened = start(resident, code)
        assert opened.status_code == 302, opened.get_data(as_text=True)[:300]
        assert answer(resident, opened.headers["Location"].rsplit("/", 1)[-1]).status_code == 302
    assert db.session.execute(db.select(SkmJawaban.layanan)).scalars().all() == ["ktp-el"] * 2
    today = wib_today()
    r = rekap("ktp-el", today, today)
    assert (r.hasil.responden, r.diserahkan) == (2, 2)
    assert db.session.execute(jawaban_sama_dengan_undangan_terpakai()).all() == []
