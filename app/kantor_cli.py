"""`flask --app app kantor tambah KODE NAMA` and `kantor daftar`: the regency's offices."""
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


def init_app(app: Flask) -> None:
    app.cli.add_command(kantor_cli)
