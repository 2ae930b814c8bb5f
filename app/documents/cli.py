"""`flask --app app register-export --from DATE --to DATE OUT.pdf`, with a progress bar."""
import os

import click
from flask import Flask
from flask.cli import with_appcontext

from app.documents import register_extract


@click.command("register-export")
@with_appcontext
@click.option("--from", "dari", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Tanggal awal (YYYY-MM-DD).")
@click.option("--to", "sampai", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Tanggal akhir (YYYY-MM-DD).")
@click.option("--jenis", default=None, help="baru, hilang, rusak atau perubahan_data.")
@click.option("--status", default=None, help="Status berkas, mis. diserahkan.")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def register_export(dari, sampai, jenis, status, out):
    """Cetak petikan Register KTP-el ke berkas PDF OUT."""
    f = register_extract.Filter(dari=dari.date() if dari else None,
                                sampai=sampai.date() if sampai else None,
                                jenis=jenis, status=status)
    data = register_extract.rows(f)
    chunks = register_extract.chunk_html(data, f)
    with click.progressbar(length=len(chunks), label=f"{len(data)} baris") as bar:
        state = {"done": 0}

        def progress(done, total):
            bar.update(done - state["done"])
            state["done"] = done

        with open(out, "wb") as fh:
            pages = register_extract.build(chunks, fh, progress)
    size = os.path.getsize(out)
    click.echo(f"Ditulis: {out} ({len(data)} baris, {pages} halaman, {size // 1024} KB)")


def init_app(app: Flask) -> None:
    app.cli.add_command(register_export)
