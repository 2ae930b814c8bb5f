"""Command-line verbs: `flask --app app user create`, `seed-demo`, `seed-master`."""
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app.extensions import db
from models import ROLES, Permohonan, User

user_cli = AppGroup("user", help="Kelola akun pengguna.")


@user_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(sorted(ROLES)))
@click.option("--nama", default=None, help="Nama lengkap (bawaan: USERNAME).")
@click.option("--nip", default=None, help="NIP 18 digit (opsional).")
@click.option("--password-stdin", is_flag=True, help="Baca kata sandi dari standar input.")
@click.option("--kantor", default=None,
              help="Kode kantor kecamatan (mis. 35.20.04) untuk peran kantor; bawaan: satu-satunya.")
def user_create(username, role, nama, nip, password_stdin, kantor):
    """Buat akun USERNAME dengan peran ROLE."""
    from app.access.scope import lingkup_kabupaten
    from app.domain_errors import DomainError
    from app.services import kantor as kantor_service
    from app.services.accounts import AccountError, create_user

    kantor_id = None
    if kantor and lingkup_kabupaten(role):
        raise click.ClickException(f"Peran {ROLES[role]} bekerja untuk semua kantor: "
                                   "jangan isi --kantor.")
    if kantor:
        try:
            kantor_id = kantor_service.cari(kantor).id
        except DomainError as exc:
            raise click.ClickException(exc.message) from None

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Kata sandi", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(username, role, password, nama=nama, nip=nip, kantor_id=kantor_id)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Akun '{user.username}' ({user.role_label}) dibuat.")


@click.command("seed-master")
@with_appcontext
def seed_master():
    """Muat data induk: desa/kelurahan Takeran dan pengaturan kantor."""
    from app.services.master import load_master_data

    click.echo(f"Data induk: {load_master_data()} baris ditambahkan.")


@click.command("seed-demo")
@click.option("--kantor", default=None,
              help="Kode kantor kecamatan lain (mis. 35.20.05): data demo kantor kedua.")
@click.option("--nama", default=None, help="Nama kecamatan itu bila kantornya belum ada.")
@with_appcontext
def seed_demo(kantor, nama):
    """Data induk, lalu data demo (hanya bila basis data masih kosong)."""
    from app.layanan.ktp_el import demo
    from app.services.master import load_master_data
    from app.survei.demo import isi_jawaban_demo

    load_master_data()
    if kantor:
        _seed_demo_kantor(kantor, nama)
        return
    if demo.database_is_empty():
        # Demo files are ratified without an electronic signature: no one's passphrase.
        signer = current_app.config.get("SIGNER")
        current_app.config["SIGNER"] = "none"
        try:
            users = demo.seed_demo()
        finally:
            current_app.config["SIGNER"] = signer
        isi_jawaban_demo()
        files = db.session.execute(db.select(db.func.count(Permohonan.id))).scalar()
        click.echo(f"Data demo dimuat: {len(users)} akun dan {files} permohonan di semua status.")
    else:
        click.echo("Basis data sudah berisi data: data demo tidak dimuat.")
    if db.session.execute(db.select(User).where(User.username.in_(demo.demo_usernames()))).first():
        click.echo("Akun demo (kata sandi: %s): %s" % (
            demo.DEMO_PASSWORD, ", ".join(demo.demo_usernames())))


def _seed_demo_kantor(kode: str, nama: str | None) -> None:
    """A second office's demo: the office (added if new), six villages, its staff (names
    ending in the office's code), files in every state; the Dinas's operator is shared."""
    from app.access.scope import dalam_kantor
    from app.domain_errors import DomainError
    from app.layanan.ktp_el import demo
    from app.services import kantor as kantor_service
    from models import Desa

    try:
        office = kantor_service.cari(kode)
    except DomainError:
        try:
            office = kantor_service.tambah(kode, nama or "Contoh")
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
    akhiran = "." + office.kode_wilayah.replace(".", "")
    with dalam_kantor(office.id):
        if not demo.office_is_empty():
            click.echo(f"{office.kecamatan} sudah berisi data: data demo tidak dimuat.")
            return
        if not db.session.execute(db.select(Desa.id)).first():
            for i in range(1, 7):
                db.session.add(Desa(kode=f"{office.kode_wilayah}.{2000 + i}",
                                    nama=f"Desa Contoh {i}", jenis="desa"))
            db.session.commit()
        signer = current_app.config.get("SIGNER")
        current_app.config["SIGNER"] = "none"
        try:
            demo.seed_demo(seed=office.id, akhiran=akhiran)
        finally:
            current_app.config["SIGNER"] = signer
        files = db.session.execute(db.select(db.func.count(Permohonan.id))).scalar()
    click.echo(f"Data demo {office.kecamatan} ({office.kode_wilayah}): {files} permohonan. "
               "Akun (kata sandi: %s): %s" % (demo.DEMO_PASSWORD,
                                               ", ".join(demo.demo_usernames(akhiran))))


def init_app(app: Flask) -> None:
    from app import impor_cli, kantor_cli
    from app.documents import cli as documents_cli
    from app.ops import cli as ops_cli
    from app.pdp import cli as pdp_cli
    from app.signing import cli as signing_cli

    documents_cli.init_app(app)
    impor_cli.init_app(app)
    kantor_cli.init_app(app)
    ops_cli.init_app(app)
    pdp_cli.init_app(app)
    signing_cli.init_app(app)
    app.cli.add_command(user_cli)
    app.cli.add_command(seed_master)
    app.cli.add_command(seed_demo)
