"""`flask --app app impor pemohon FILE [--dry-run] --oleh USERNAME`: applicants and past
files from a spreadsheet or CSV (app/services/impor.py); `impor templat FILE` writes the
spreadsheet to fill. Every problem is printed as row, column, reason; the exit status is 1
when anything was refused and nothing was written."""
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db
from models import User

impor_cli = AppGroup("impor", help="Impor data dari buku/lembar kerja.")


@impor_cli.command("pemohon")
@click.argument("berkas", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", "coba", is_flag=True,
              help="Periksa saja dan sebutkan setiap masalah; tidak ada yang disimpan.")
@click.option("--oleh", required=True, help="Nama pengguna yang tercatat sebagai pengimpor.")
def impor_pemohon(berkas: Path, coba: bool, oleh: str):
    """Impor pemohon dan berkas lama dari BERKAS (.xlsx atau .csv)."""
    from app.services import impor

    user = db.session.execute(db.select(User).where(User.username == oleh)).scalar()
    if user is None:
        raise click.ClickException(f"Pengguna '{oleh}' tidak ada.")
    try:
        data = berkas.read_bytes()
    except OSError as error:
        raise click.ClickException(f"Berkas tidak dapat dibaca: {error.strerror}.") from None
    try:
        hasil = impor.impor(data, berkas.name, user, coba=coba)
    except impor.ImporInvalid as refused:
        raise click.ClickException(str(refused)) from None
    for masalah in hasil.masalah:
        click.echo(str(masalah))
    if hasil.masalah:
        db.session.rollback()
        click.echo(f"{len(hasil.masalah)} masalah; tidak ada yang disimpan.", err=True)
        raise SystemExit(1)
    if coba:
        click.echo(f"Tidak ada masalah: {hasil.pemohon} pemohon dan {hasil.berkas} berkas "
                   "siap diimpor (belum disimpan).")
        return
    db.session.commit()
    click.echo(f"Diimpor: {hasil.pemohon} pemohon dan {hasil.berkas} berkas.")


@impor_cli.command("templat")
@click.argument("berkas", type=click.Path(dir_okay=False, path_type=Path))
def impor_templat(berkas: Path):
    """Tulis lembar kerja kosong (judul kolom dan satu contoh) ke BERKAS."""
    from app.services import impor

    berkas.write_bytes(impor.templat())
    click.echo(f"Templat ditulis: {berkas}")


def init_app(app: Flask) -> None:
    app.cli.add_command(impor_cli)
