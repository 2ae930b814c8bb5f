"""`flask --app app kantor tambah KODE NAMA`, `kantor daftar`, and one office's backup and
restore (`kantor cadangkan KODE OUT`, `kantor pulihkan KODE IN`): the regency's offices."""
import sys

import click
from flask import Flask
from flask.cli import AppGroup

from app.domain_errors import DomainError

kantor_cli = AppGroup("kantor", help="Kelola kantor kecamatan (satu server untuk kabupaten).")


@kantor_cli.command("tambah")
@click.argument("kode")
@click.argument("nama")
def tambah(kode, nama):
    """Tambah kantor kecamatan KODE (kode Kemendagri, mis. 35.20.05) bernama NAMA."""
    from app.services import kantor

    try:
        row = kantor.tambah(kode, nama)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"Kantor {row.kecamatan} ({row.kode_wilayah}) ditambahkan. Buat administratornya: "
               f"flask --app app user create NAMA --role admin --kantor {row.kode_wilayah}")


@kantor_cli.command("daftar")
def daftar():
    """Daftar kantor: kode, nama, jumlah akun dan berkas."""
    from app.services import kantor

    for row, users, files in kantor.daftar():
        click.echo(f"{row.kode_wilayah}  {row.kecamatan:<30} {users:>4} akun  {files:>8} berkas")


@kantor_cli.command("cadangkan")
@click.argument("kode")
@click.argument("out", type=click.Path(dir_okay=False))
def cadangkan(kode, out):
    """Cadangkan data satu kantor KODE ke berkas OUT (SQLite; boleh saat server berjalan)."""
    from app.ops.cadangan_kantor import cadangkan as do_backup

    try:
        written = do_backup(kode, out)
    except (DomainError, OSError) as exc:
        _refuse(getattr(exc, "message", None) or f"Cadangan gagal ditulis: {exc}")
    click.echo(f"Cadangan kantor {kode} ditulis: {written} "
               f"({written.stat().st_size:,} bita)".replace(",", "."))


@kantor_cli.command("pulihkan")
@click.argument("kode")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Jangan tanya konfirmasi.")
def pulihkan(kode, source, yes):
    """Ganti data kantor KODE dengan isi cadangan SOURCE; kantor lain tidak tersentuh."""
    from app.ops.cadangan_kantor import pulihkan as do_restore

    if not yes:
        click.confirm(f"Data kantor {kode} sekarang akan ditimpa oleh cadangan. Lanjutkan?",
                      abort=True)
    try:
        restored = do_restore(kode, source)
    except DomainError as exc:
        _refuse(exc.message)
    click.echo(f"Kantor {kode} dipulihkan ({restored.get('permohonan', 0)} berkas) dan lulus "
               "pemeriksaan keutuhan; kantor lain tidak diubah.")


def _refuse(message: str):
    """One sentence, exit code 1, no traceback."""
    click.echo(message, err=True)
    sys.exit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(kantor_cli)
