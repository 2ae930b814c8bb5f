"""The dashboard card's figures: this quarter against the previous one."""
from __future__ import annotations

from dataclasses import dataclass

from app.survei import periode as periode_mod
from app.survei.rekap import Rekap, rekap_periode, saran_terbaru
from app.timefmt import wib_today
from app.access.permissions import allowed
from app.survei.kuesioner import kuesioner

JENIS = "triwulan"


@dataclass
class Kartu:
    label: str
    label_sebelumnya: str
    sekarang: Rekap
    sebelumnya: Rekap
    saran: list[str]
    unsur: list  # (Unsur, NilaiUnsur now, NilaiUnsur before, weakest?)


def kartu_skm(user, layanan: str | None = None) -> Kartu | None:
    """None for a role that does not see the card. Without a service: the office's default."""
    if not user.is_authenticated or not allowed("skm.kartu", user.role):
        return None
    k = kuesioner(layanan)
    layanan = k.layanan
    tahun, nomor = periode_mod.memuat(JENIS, wib_today())
    prev = periode_mod.sebelumnya(JENIS, tahun, nomor)
    now_r = rekap_periode(layanan, JENIS, tahun, nomor)
    prev_r = rekap_periode(layanan, JENIS, *prev)
    weakest = {u.kode for u in now_r.hasil.terlemah(3)}
    rows = [(u, a, b, a.kode in weakest) for u, a, b in
            zip(k.unsur, now_r.hasil.unsur, prev_r.hasil.unsur)]
    return Kartu(periode_mod.label_layar(JENIS, tahun, nomor),
                 periode_mod.label_layar(JENIS, *prev), now_r, prev_r,
                 saran_terbaru(layanan, now_r.dari, now_r.sampai), rows)
