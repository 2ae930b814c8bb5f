"""Register extract speed: rows -> seconds -> peak MB and file size, on this machine.

Main MB is this process's peak so far in the run; base MB its peak before the first
extract (the app and its migrations loaded), so the difference is what the extracts added.
Worker MB is the largest worker's peak (the renderers, and the one that merges the chunks):
the workers are forked here (production uses forkserver), so each one also counts the
pages it shares with this process: an upper bound. CPU s is the processor time of this
process and its workers together: on a machine busy with other work the seconds stretch,
the CPU time less so. Load is the machine's one-minute load average when the row was
measured.

    .venv/bin/python bench/pdf.py [--rows 100 1000 5000 10000]
    .venv/bin/python bench/pdf.py --phases     # where one chunk's CPU time goes

--phases renders one full chunk in this process and splits its processor time into
xhtml2pdf's parsing (HTML, CSS, the story of flowables), ReportLab's layout and drawing,
and the writing of the file (fonts subset and embedded, streams compressed).
"""
import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from app import create_app  # noqa: E402
from app.documents import register_extract  # noqa: E402
from app.services.master import load_master_data  # noqa: E402
from app.services.nik import buat_nik  # noqa: E402


def synthetic_rows(n: int) -> list[dict]:
    rows = []
    for i in range(1, n + 1):
        lahir = date(1960 + i % 45, 1 + i % 12, 1 + i % 28)
        # Every file handed over: the last column takes two lines (date, recipient).
        rows.append({"nomor": f"471.13/{i:04d}/403.404/2026", "tanggal": "24-11-2026",
                     "tanda_terima": f"TT/{i:05d}/403.404/2026",
                     "nik": buat_nik(lahir, "LP"[i % 2], i), "nama": f"Pemohon Nomor {i}",
                     "desa": "Kuwonharjo", "jenis": "Baru",
                     "status": "Diserahkan 25-11-2026\nPemohon sendiri"})
    return rows


def cpu_seconds() -> float:
    own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def phases(html: str, rounds: int = 3) -> None:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus.doctemplate import BaseDocTemplate
    from xhtml2pdf import document

    from app.documents.render import html_to_pdf
    spent = {"parse": 0.0, "layout+draw": 0.0, "write": 0.0}

    def timed(owner, name, key):
        original = getattr(owner, name)

        def wrapper(*a, **kw):
            t0 = time.process_time()
            try:
                return original(*a, **kw)
            finally:
                spent[key] += time.process_time() - t0
        setattr(owner, name, wrapper)
        return original

    html_to_pdf(html)  # fonts read and caches warm, as in a worker after its first chunk
    originals = [(document, "pisaStory", timed(document, "pisaStory", "parse")),
                 (BaseDocTemplate, "build", timed(BaseDocTemplate, "build", "layout+draw")),
                 (Canvas, "save", timed(Canvas, "save", "write"))]
    t0 = time.process_time()
    for _ in range(rounds):
        html_to_pdf(html)
    total = (time.process_time() - t0) / rounds
    for owner, name, original in originals:
        setattr(owner, name, original)
    spent["layout+draw"] -= spent["write"]  # the file is written inside the build
    rows = html.count("<tr>") - html.count("<thead")
    print(f"one chunk, {rows} rows: {total:.3f} CPU s, {total / rows * 1000:.2f} ms a row")
    for key, seconds in spent.items():
        print(f"  {key:<12} {seconds / rounds:6.3f} s  {seconds / rounds / total:5.0%}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[100, 1000, 5000, 10000])
    parser.add_argument("--phases", action="store_true")
    args = parser.parse_args()
    db_file = Path(tempfile.mkdtemp()) / "bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}", "SECRET_KEY": "b"})
    out_file = db_file.with_name("extract.pdf")
    with app.test_request_context():
        upgrade(revision="heads")
        load_master_data()
        if args.phases:
            # The second chunk: a full one, without the letterhead or the signature.
            phases(list(register_extract.chunk_html(synthetic_rows(1000),
                                                    register_extract.Filter()))[1])
            return
        base_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{'rows':>7} {'pages':>6} {'seconds':>8} {'CPU s':>6} {'base MB':>8} "
              f"{'main MB':>8} {'worker MB':>10} {'file MB':>8} {'load':>5}")
        for n in args.rows:
            data = synthetic_rows(n)
            t0, cpu0 = time.perf_counter(), cpu_seconds()
            chunks = register_extract.chunk_html(data, register_extract.Filter())
            with open(out_file, "wb") as out:
                # fork: the workers are our children, so their peak memory is measurable
                built = register_extract.build(chunks, out, start_method="fork")
            seconds, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
            main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            pages = len(PdfReader(out_file).pages)  # read back: the file is whole
            assert pages == built, (pages, built)
            file_mb = out_file.stat().st_size / 1e6
            print(f"{n:>7} {pages:>6} {seconds:>8.2f} {cpu:>6.1f} {base_mb:>8.0f} "
                  f"{main_mb:>8.0f} "
                  f"{child_mb:>10.0f} {file_mb:>8.1f} {os.getloadavg()[0]:>5.1f}", flush=True)


if __name__ == "__main__":
    main()
