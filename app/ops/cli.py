"""`flask --app app check`, `backup OUT`, `restore IN`."""
import sys

import click
from flask import Flask
from flask.cli import with_appcontext


@click.command("check")
@click.option("--kantor", default=None,
              help="Kode kantor kecamatan (mis. 35.20.05): periksa kantor itu saja.")
@with_appcontext
def check(kantor):
    """Periksa keutuhan data: status, riwayat dan register saling sesuai (semua kantor,
    atau satu dengan --kantor)."""
    from app.access.scope import dalam_kantor
    from app.domain_errors import DomainError
    from app.ops.check import run_checks
    from app.services import kantor as kantor_service

    kantor_id = None
    if kantor:
        try:
            kantor_id = kantor_service.cari(kantor).id
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
    bad = 0
    with dalam_kantor(kantor_id):
        findings = run_checks()
    for finding in findings:
        mark = "OK   " if finding.count == 0 else "GAGAL"
        click.echo(f"{mark} {finding.rule}" + (f": {finding.count} ({finding.examples})"
                                               if finding.count else ""))
        bad += finding.count
    if bad:
        sys.exit(1)


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False))
@with_appcontext
def backup(out):
    """Cadangkan basis data ke OUT (boleh saat server berjalan)."""
    from app.ops import backup_log
    from app.ops.backup import RestoreRefused, backup as do_backup

    try:
        written = do_backup(out)
    except (RestoreRefused, OSError) as exc:
        message = getattr(exc, "message", None) or f"Cadangan gagal ditulis: {exc}"
        backup_log.failed(message)
        _refuse(message)
    backup_log.succeeded(written)
    click.echo(f"Cadangan ditulis: {written} ({written.stat().st_size:,} bita)".replace(",", "."))


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Jangan tanya konfirmasi.")
@with_appcontext
def restore(source, yes):
    """Pulihkan basis data dari cadangan SOURCE (menimpa data sekarang)."""
    from app.ops.backup import RestoreRefused, restore as do_restore

    if not yes:
        click.confirm("Data sekarang akan ditimpa oleh cadangan. Lanjutkan?", abort=True)
    try:
        safety = do_restore(source)
    except RestoreRefused as exc:
        _refuse(exc.message)
    click.echo(f"Basis data dipulihkan dan lulus pemeriksaan keutuhan. Data sebelumnya "
               f"disimpan di {safety}.")


def _refuse(message: str):
    """One sentence, exit code 1, no traceback."""
    click.echo(message, err=True)
    sys.exit(1)


def init_app(app: Flask) -> None:
    for command in (check, backup, restore):
        app.cli.add_command(command)
