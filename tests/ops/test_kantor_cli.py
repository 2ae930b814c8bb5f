"""The regency's offices from the command line: add one (its Kemendagri code checked), list
them, give an office its accounts and demo data, check one office or all; every mistake
a sentence and exit 1, never a traceback."""
from app.extensions import db
from models import Permohonan, RegisterEntry, User


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def test_an_office_is_added_listed_given_accounts_and_demo_data(app, ctx):
    added = run(app, "kantor", "tambah", "35.20.05", "Lembeyan")
    assert added.exit_code == 0 and "Kecamatan Lembeyan (35.20.05) ditambahkan" in added.output
    assert run(app, "user", "create", "desk.lembeyan", "--role", "sekretariat", "--kantor",
               "35.20.05", "--password-stdin", input="Lembeyan-2026-aman\n").exit_code == 0
    demo = run(app, "seed-demo", "--kantor", "35.20.05")
    assert demo.exit_code == 0 and "sekretariat.352005" in demo.output, demo.output
    listed = run(app, "kantor", "daftar").output.splitlines()
    lembeyan = next(line for line in listed if line.startswith("35.20.05"))
    files = db.session.execute(db.select(db.func.count(Permohonan.id)).where(
        Permohonan.kantor_id == 2)).scalar()
    assert files > 20 and f"{files} berkas" in lembeyan and "Kecamatan Lembeyan" in lembeyan
    desk = db.session.execute(db.select(User).where(User.username == "desk.lembeyan")).scalar_one()
    assert desk.kantor_id == 2
    # The register of the new office counts from 1, beside the first office's.
    first = db.session.execute(db.select(db.func.min(RegisterEntry.nomor_urut)).where(
        RegisterEntry.kantor_id == 2)).scalar()
    assert first == 1
    assert run(app, "check", "--kantor", "35.20.05").exit_code == 0
    assert run(app, "seed-demo", "--kantor", "35.20.05").output.strip().endswith(
        "sudah berisi data: data demo tidak dimuat.")


def test_a_gap_in_one_office_fails_its_check_and_the_whole_not_the_other(app, ctx):
    run(app, "kantor", "tambah", "35.20.05", "Lembeyan")
    run(app, "seed-demo", "--kantor", "35.20.05")
    entry = db.session.execute(db.select(RegisterEntry).where(RegisterEntry.kantor_id == 2)
                               .order_by(RegisterEntry.id)).scalars().first()
    entry.nomor_urut += 100
    db.session.commit()
    assert run(app, "check", "--kantor", "35.20.05").exit_code == 1
    assert run(app, "check", "--kantor", "35.20.04").exit_code == 0
    assert run(app, "check").exit_code == 1


def test_mistakes_are_a_sentence_and_exit_1(app, ctx):
    for args, said in (
            (("kantor", "tambah", "35.20", "X"), "Kode kecamatan harus berbentuk 35.20.04"),
            (("kantor", "tambah", "35.20.04", "Takeran"), "sudah ada"),
            (("check", "--kantor", "35.20.99"), "Tidak ada kantor dengan kode 35.20.99"),
            (("user", "create", "x", "--role", "operator", "--kantor", "35.20.04",
              "--password-stdin"), "bekerja untuk semua kantor")):
        result = run(app, *args, input="Abcdefgh-12345\n")
        assert result.exit_code == 1 and said in result.output, (args, result.output)
        assert "Traceback" not in result.output
