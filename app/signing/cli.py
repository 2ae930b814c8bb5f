"""`flask --app app verify FILE.pdf`: is the signature intact, who signed and when, and
is this exactly a letter the office signed?"""
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from app.signing.validasi import dokumen_bertanda_tangan, periksa_tanda_tangan, sha256
from app.timefmt import waktu


def _load_roots(paths):
    from asn1crypto import pem, x509

    roots = []
    for path in paths:
        data = Path(path).read_bytes()
        if pem.detect(data):
            for _, _, der in pem.unarmor(data, multiple=True):
                roots.append(x509.Certificate.load(der))
        else:
            roots.append(x509.Certificate.load(data))
    return roots


@click.command("verify")
@with_appcontext
@click.option("--trust", "trust", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Sertifikat akar (PEM/DER) yang dipercaya, mis. sertifikat induk BSrE.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def verify(file, trust):
    """Periksa tanda tangan elektronik pada FILE.pdf dan cocokkan dengan dokumen tersimpan."""
    data = Path(file).read_bytes()
    try:
        roots = _load_roots(trust)
    except (ValueError, OSError) as exc:
        raise click.ClickException(f"Sertifikat --trust tidak dapat dibaca: {exc}") from None
    try:
        results = periksa_tanda_tangan(data, roots)
    except ValueError:
        raise click.ClickException(f"{file}: bukan berkas PDF yang dapat dibaca.") from None
    ok = bool(results)
    if not results:
        click.echo("Tanda tangan: tidak ada tanda tangan elektronik pada berkas ini.")
    for r in results:
        ok = ok and r.intact and r.valid and r.whole_file
        click.echo(f"Tanda tangan {r.field}:")
        click.echo(f"  utuh (intact)        : {'ya' if r.intact else 'TIDAK: isi berubah setelah ditandatangani'}")
        click.echo(f"  sah secara kriptografi: {'ya' if r.valid else 'TIDAK'}")
        click.echo(f"  mencakup seluruh berkas: {'ya' if r.whole_file else 'TIDAK: ada tambahan setelah tanda tangan'}")
        click.echo(f"  sertifikat dipercaya : {'ya' if r.trusted else 'tidak (akar sertifikat tidak dikenal; pakai --trust)'}")
        click.echo(f"  penanda tangan       : {r.signer}")
        click.echo(f"  waktu                : {waktu(r.waktu) if r.waktu else '-'}"
                   f"{' (stempel waktu)' if r.timestamp else ''}")
    digest = sha256(data)
    click.echo(f"SHA-256: {digest}")
    stored = dokumen_bertanda_tangan(data)
    if stored:
        d = stored.dokumen
        click.echo(f"Cocok dengan dokumen tersimpan: {d.nomor} ({d.jenis}), ditandatangani "
                   f"{stored.penandatangan_jabatan} {stored.penandatangan_nama} pada "
                   f"{waktu(stored.ditandatangani_at)}.")
    else:
        click.echo("Tidak cocok dengan dokumen tersimpan mana pun.")
    if not (ok and stored):
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(verify)
