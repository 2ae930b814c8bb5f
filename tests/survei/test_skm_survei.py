"""The resident's survey: offered on the proof of hand-over, one answer per handed-over
file, expiring, rate-limited, nothing personal kept and nothing shown with the file."""
import io
import re
import threading
from datetime import date, datetime, timedelta

from pypdf import PdfReader
from sqlalchemy import inspect

from app.extensions import db
from models import SkmJawaban, SkmPeriode, SkmUndangan
from tests.conftest import Browser

ALL_ANSWERS = {f"u{i}": "4" for i in range(1, 10)} | {"u3": "2", "u8": "3"}


def kiosk(app, **kw) -> Browser:
    return Browser(app.test_client(**kw))


def start(browser, typed, nik="", **kw):
    return browser.post("/survei", {"kode": typed, "nik": nik}, csrf_url="/survei", **kw)


def by_receipt(browser, p, **kw):
    """The resident's way without the card: the receipt number and the NIK's last 6 digits."""
    return start(browser, p.nomor_tanda_terima, nik=p.pemohon.nik[-6:], **kw)


def answer(browser, kode, data=ALL_ANSWERS, **kw):
    return browser.post(f"/survei/{kode}", data, csrf_url="/survei", **kw)


def proof_text(login_as, p) -> str:
    response = login_as("sekretariat").get(f"/admin/permohonan/{p.id}/cetak/bukti-serah-terima.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def code_on(text: str) -> str:
    match = re.search(r"ketik kode ([A-Z0-9]{4}-[A-Z0-9]{4})", text)
    assert match, text
    return match.group(1)


def stored_answers():
    return db.session.execute(db.select(SkmJawaban)).scalars().all()


def test_proof_of_hand_over_offers_the_survey_and_a_reprint_keeps_its_code(
        app, login_as, an_application):
    p = an_application("diserahkan")
    text = proof_text(login_as, p)
    code = code_on(text)
    assert "Survei Kepuasan Masyarakat" in text
    assert f"/survei/{code.replace('-', '')}" in text  # the short address, also in the QR
    assert "satu kali pengisian" in text
    assert code_on(proof_text(login_as, p)) == code


def test_kiosk_by_printed_code_then_back_to_the_start(app, login_as, an_application):
    p = an_application("diserahkan")
    code = code_on(proof_text(login_as, p))
    browser = kiosk(app)
    response = start(browser, code.lower())
    assert response.status_code == 302
    form_url = response.headers["Location"]
    assert form_url.endswith("/survei/" + code.replace("-", ""))
    page = browser.get(form_url).get_data(as_text=True)
    assert "kesesuaian persyaratan pelayanan" in page and "Sangat sopan dan ramah" in page
    assert "<script" not in page  # works without JavaScript
    assert 'content="300; url=/survei"' in page  # left half-done, it goes back to the start
    done = answer(browser, code.replace("-", ""), ALL_ANSWERS | {
        "jenis_kelamin": "P", "umur": "u31", "pendidikan": "sma", "pekerjaan": "wirausaha",
        "saran": "Ruang tunggu agak panas."})
    assert done.status_code == 302 and done.headers["Location"].endswith("/survei/terima-kasih")
    thanks = browser.get("/survei/terima-kasih").get_data(as_text=True)
    assert 'http-equiv="refresh" content="8; url=/survei"' in thanks  # the next resident
    rows = stored_answers()
    assert len(rows) == 1
    row = rows[0]
    assert (row.u1, row.u3, row.u8, row.jenis_kelamin, row.saran) == (
        4, 2, 3, "P", "Ruang tunggu agak panas.")


def test_a_scanned_address_and_the_receipt_number_open_the_same_survey(
        app, login_as, an_application):
    p = an_application("diserahkan")
    browser = kiosk(app)
    by_receipt = start(browser, " " + p.nomor_tanda_terima.lower() + " ", nik=p.pemohon.nik[-6:])
    assert by_receipt.status_code == 302  # the proof need not have been printed
    code = by_receipt.headers["Location"].rsplit("/", 1)[-1]
    scanned = start(browser, f"https://ktpel.takeran.magetankab.go.id/survei/{code}")
    assert scanned.headers["Location"].endswith(code)
    assert code_on(proof_text(login_as, p)).replace("-", "") == code


def test_one_answer_per_handed_over_file(app, an_application):
    p = an_application("diserahkan")
    browser = kiosk(app)
    code = by_receipt(browser, p).headers["Location"].rsplit("/", 1)[-1]
    assert answer(browser, code).status_code == 302
    again = answer(kiosk(app), code)
    assert again.status_code == 409
    assert "sudah diisi" in again.get_data(as_text=True)
    restart = by_receipt(kiosk(app), p)
    assert restart.status_code == 409
    assert kiosk(app).get(f"/survei/{code}").status_code == 409
    assert len(stored_answers()) == 1


def test_a_file_not_yet_handed_over_has_no_survey(app, an_application):
    p = an_application("disahkan")
    response = by_receipt(kiosk(app), p)
    assert response.status_code == 404
    assert "belum diserahkan" in response.get_data(as_text=True)
    unknown = start(kiosk(app), "TT/99999/403.404/2026", nik=p.pemohon.nik[-6:])
    assert unknown.get_data(as_text=True).split("csrf_token")[0] == \
        response.get_data(as_text=True).split("csrf_token")[0]  # the same words either way
    assert kiosk(app).get("/survei/ABCDEFGH").status_code == 404


def test_the_survey_expires_after_the_configured_days(app, an_application):
    old = an_application("diserahkan")
    db.session.get(type(old), old.id).diserahkan_at -= timedelta(days=31)
    db.session.commit()
    response = by_receipt(kiosk(app), old)
    assert response.status_code == 410
    assert "telah berakhir" in response.get_data(as_text=True)
    assert stored_answers() == []

    longer = an_application("diserahkan")
    db.session.get(type(longer), longer.id).diserahkan_at -= timedelta(days=31)
    db.session.commit()
    app.config["SKM_MASA_BERLAKU_HARI"] = 60
    try:
        assert by_receipt(kiosk(app), longer).status_code == 302
    finally:
        app.config["SKM_MASA_BERLAKU_HARI"] = 30


def test_bad_answers_are_refused_and_nothing_is_saved(app, an_application):
    p = an_application("diserahkan")
    browser = kiosk(app)
    code = by_receipt(browser, p).headers["Location"].rsplit("/", 1)[-1]
    empty = answer(browser, code, {})
    assert empty.status_code == 422
    assert "sedikitnya satu pertanyaan" in empty.get_data(as_text=True)
    out_of_scale = answer(browser, code, ALL_ANSWERS | {"u4": "5", "umur": "u99"})
    page = out_of_scale.get_data(as_text=True)
    assert out_of_scale.status_code == 422
    assert "Pilih salah satu dari empat jawaban." in page and "Pilihan tidak dikenal." in page
    too_long = answer(browser, code, ALL_ANSWERS | {"saran": "x" * 501})
    assert too_long.status_code == 422
    assert stored_answers() == []
    # Still open: the resident can correct and send.
    assert answer(browser, code, {"u1": "3"}).status_code == 302
    row = stored_answers()[0]
    assert row.u1 == 3 and row.u2 is None  # an element may be left unanswered


def test_an_answer_keeps_nothing_that_points_back_to_the_file(app, an_application, login_as):
    p = an_application("diserahkan")
    browser = kiosk(app)
    code = by_receipt(browser, p).headers["Location"].rsplit("/", 1)[-1]
    answer(browser, code, ALL_ANSWERS | {"saran": "Petugas sangat membantu"})
    columns = {c.name for c in inspect(SkmJawaban).columns}
    # The office it was given in (its IKM is the office's), and nothing of the file.
    assert columns == {"id", "kantor_id", "layanan", "tanggal", *[f"u{i}" for i in range(1, 10)],
                       "jenis_kelamin", "umur", "pendidikan", "pekerjaan", "saran"}
    assert {c.name for c in inspect(SkmUndangan).columns} == {
        "id", "kantor_id", "permohonan_id", "kode", "berlaku_sampai", "dijawab"}  # no time of answering
    details = login_as("sekretariat").get(f"/admin/permohonan/details/?id={p.id}")
    assert "Petugas sangat membantu" not in details.get_data(as_text=True)


def test_kiosk_is_rate_limited_per_address(app, an_application):
    p = an_application("diserahkan")
    browser = kiosk(app)
    here = {"REMOTE_ADDR": "192.0.2.20"}
    statuses = [start(browser, f"TT/{n:05d}/403.404/2026", environ_base=here).status_code
                for n in range(90000, 90021)]
    assert statuses[:20] == [422] * 20 and statuses[20] == 429  # a number alone: no lookup
    assert "Terlalu banyak percobaan" in start(browser, "x", environ_base=here).get_data(as_text=True)
    guesses = [browser.get(f"/survei/ABCDEF{n:02d}", environ_base=here).status_code
               for n in range(31)]
    assert guesses[:30] == [404] * 30 and guesses[30] == 429
    other = by_receipt(kiosk(app), p, environ_base={"REMOTE_ADDR": "192.0.2.21"})
    assert other.status_code == 302


def test_an_outsider_with_sequential_receipt_numbers_answers_no_survey(app, an_application):
    handed_over = [an_application("diserahkan") for _ in range(4)]
    numbers = [p.nomor_tanda_terima for p in handed_over]
    outsider, here = kiosk(app), {"REMOTE_ADDR": "198.51.100.7"}
    # The number alone, as before: refused by the field, nothing opened.
    alone = [start(outsider, n, environ_base=here) for n in numbers]
    assert {r.status_code for r in alone} == {422}
    assert "6 digit terakhir NIK" in alone[0].get_data(as_text=True)
    # With guessed NIK endings: nothing matches, and after 10 misses the address is refused.
    statuses = [start(outsider, numbers[i % 4], nik=f"{i:06d}", environ_base=here).status_code
                for i in range(12)]
    assert statuses[:10] == [404] * 10 and statuses[10:] == [429, 429]
    refused = start(outsider, numbers[0], nik=handed_over[0].pemohon.nik[-6:],
                    environ_base=here)
    assert refused.status_code == 429  # even a right guess, for the rest of the window
    assert "tidak cocok dari perangkat ini" in refused.get_data(as_text=True)
    assert db.session.execute(db.select(SkmUndangan).filter_by(dijawab=True)).first() is None
    assert stored_answers() == []
    # The residents, each with their own receipt and NIK (or the card's code), still answer.
    resident = kiosk(app)
    for p in handed_over[:2]:
        opened = by_receipt(resident, p)
        assert opened.status_code == 302
        assert answer(resident, opened.headers["Location"].rsplit("/", 1)[-1]).status_code == 302
    with app.test_request_context():
        from app.survei import undangan
        code = undangan.untuk(handed_over[2]).kode
        db.session.commit()
    assert start(resident, undangan.tampil(code)).status_code == 302
    assert len(stored_answers()) == 2


def test_two_submissions_at_once_keep_one_answer(app, an_application):
    p = an_application("diserahkan")
    first = kiosk(app)
    code = by_receipt(first, p).headers["Location"].rsplit("/", 1)[-1]
    browsers = [first, kiosk(app)]
    tokens = [b.csrf("/survei") for b in browsers]
    barrier = threading.Barrier(2)
    statuses = []

    def submit(browser, token):
        barrier.wait()
        statuses.append(browser.client.post(f"/survei/{code}",
                                            data=ALL_ANSWERS | {"csrf_token": token}).status_code)

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(browsers, tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [302, 409]
    db.session.expire_all()
    assert len(stored_answers()) == 1


def test_survey_pages_speak_english_on_request(app, an_application, ctx):
    from tests.survei.test_skm_ikm import answers
    from tests.views.test_translations import _indonesian_in

    answers((4, 4, 3, 4, 3, 3, 4, 2, 3), tanggal=date(2026, 8, 3))
    db.session.add(SkmPeriode(layanan="ktp-el", jenis="triwulan", tahun=2026, nomor=3,
                              dari=date(2026, 7, 1), sampai=date(2026, 9, 30),
                              dipublikasikan_at=datetime(2026, 10, 5)))
    db.session.commit()
    p = an_application("diserahkan")
    browser = kiosk(app)
    code = by_receipt(browser, p).headers["Location"].rsplit("/", 1)[-1]
    browser.post("/bahasa", {"lang": "en", "next": "/survei"}, csrf_url="/survei")
    for url in ("/survei", f"/survei/{code}", "/survei/terima-kasih", "/ikm"):
        page = browser.get(url).get_data(as_text=True)
        assert not _indonesian_in(page), (url, sorted(_indonesian_in(page)))
    assert "How polite and friendly were the staff?" in browser.get(f"/survei/{code}").get_data(
        as_text=True)
    assert "Quarter III 2026" in browser.get("/ikm").get_data(as_text=True)


def test_daily_check_counts_answers_against_used_invitations(app, an_application):
    from app.ops.check import run_checks

    def findings():
        return {f.rule: f.count for f in run_checks() if f.count}

    p = an_application("diserahkan")
    browser = kiosk(app)
    code = by_receipt(browser, p).headers["Location"].rsplit("/", 1)[-1]
    answer(browser, code)
    assert findings() == {}
    db.session.execute(db.delete(SkmJawaban))  # an answer lost
    db.session.commit()
    assert findings() == {"Jawaban survei sama banyak dengan undangan survei yang terpakai": 1}
