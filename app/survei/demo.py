"""Demo answers: most handed-over demo files answered their survey on the day of the
hand-over, mostly content, with a few comments, so the card and the report show figures."""
from __future__ import annotations

import random

from app.extensions import db
from app.survei import undangan
from app.timefmt import to_wib
from app.survei.kuesioner import PROFIL, kuesioner
from models import Permohonan, SkmJawaban

SARAN = ("Ruang tunggu agak panas.", "Pelayanan cepat, terima kasih.", "Petugas ramah.",
         "Tambah kursi di ruang tunggu.", "Informasi persyaratan sebaiknya ditempel di depan.")


def isi_jawaban_demo(seed: int = 2026) -> int:
    rng = random.Random(seed)
    files = db.session.execute(db.select(Permohonan).where(
        Permohonan.diserahkan_at.is_not(None)).order_by(Permohonan.id)).scalars().all()
    n = 0
    for p in files:
        row = undangan.untuk(p)
        if rng.random() > 0.75:
            continue  # not everyone answers
        scores = {u.kolom: rng.choice((2, 3, 3, 3, 4, 4)) for u in kuesioner(p.layanan).unsur}
        if rng.random() < 0.2:
            scores["u8"] = None  # never made a complaint: left unanswered
        row.dijawab = True
        db.session.add(SkmJawaban(
            layanan=kuesioner(p.layanan).layanan,  # a variant's file: its service's
            tanggal=to_wib(p.diserahkan_at).date(), **scores,
            **{name: rng.choice(list(bands)) for name, (_l, bands) in PROFIL.items()},
            saran=rng.choice(SARAN) if rng.random() < 0.4 else None))
        n += 1
    db.session.commit()
    return n
