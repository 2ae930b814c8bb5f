"""What the calling display shows and says: today's latest calls (newest first) with the
clips that speak each one, and how many wait per purpose. Numbers and counters only."""
from __future__ import annotations

from app.extensions import db
from app.services.antrian import KEPERLUAN, nomor_tiket
from app.services.antrian_suara import panggilan
from app.timefmt import wib_today
from models import AntrianTiket

TERAKHIR = 6  # calls shown beside the current one


def keadaan() -> dict:
    hari = wib_today()
    dipanggil = db.session.execute(
        db.select(AntrianTiket).where(AntrianTiket.tanggal == hari,
                                      AntrianTiket.dipanggil_at.is_not(None),
                                      AntrianTiket.loket.is_not(None))
        .order_by(AntrianTiket.dipanggil_at.desc(), AntrianTiket.id.desc())
        .limit(TERAKHIR)).scalars().all()
    menunggu = dict(db.session.execute(
        db.select(AntrianTiket.keperluan, db.func.count()).where(
            AntrianTiket.tanggal == hari, AntrianTiket.status == "menunggu")
        .group_by(AntrianTiket.keperluan)).all())
    return {
        "tanggal": hari.isoformat(),
        # `kali` counts the calls of a ticket: a recall changes it, so the display speaks.
        "panggilan": [{"id": t.id, "nomor": nomor_tiket(t), "loket": t.loket,
                       "kali": t.panggilan, "keperluan": str(KEPERLUAN[t.keperluan].label),
                       "ucapan": panggilan(KEPERLUAN[t.keperluan].huruf, t.nomor, t.loket)}
                      for t in dipanggil],
        "menunggu": [{"keperluan": str(k.label), "huruf": k.huruf,
                      "jumlah": menunggu.get(k.kode, 0)} for k in KEPERLUAN.values()],
    }
