"""`flask --app app pdp retensi [--jalankan]`: the archive schedule's report, then its run."""
import click
from flask import Flask
from flask.cli import AppGroup

pdp_cli = AppGroup("pdp", help="Pelindungan data pribadi (UU 27/2022).")


@pdp_cli.command("retensi")
@click.option("--jalankan", is_flag=True,
              help="Anonimkan yang sudah melewati masa retensi (tanpa ini: laporan saja).")
def retensi_command(jalankan):
    """Laporan data yang melewati masa retensi arsip; dengan --jalankan, anonimkan."""
    from app.pdp import retensi

    laporan = retensi.laporan()
    click.echo("Melewati masa retensi (akan dianonimkan):")
    for jenis, n in laporan.baris():
        click.echo(f"  {jenis}: {n}")
    if not jalankan:
        click.echo("Belum ada yang diubah. Jalankan dengan --jalankan untuk menganonimkan.")
        return
    hasil = retensi.jalankan()
    click.echo("Dianonimkan: " + ", ".join(f"{jenis} {n}" for jenis, n in hasil.baris()) + ".")


def init_app(app: Flask) -> None:
    app.cli.add_command(pdp_cli)
