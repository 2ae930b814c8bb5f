"""The Survei Kepuasan Masyarakat of a service, declared as data beside its workflow
(PermenPANRB 14/2017, Pedoman Penyusunan Survei Kepuasan Masyarakat).

The nine elements (unsur) and their 1-4 scale are the regulation's; the questions and
answers below are the regulation's sample questionnaire, which the office may word for its
service in its own package (app/layanan/). Words are marked N_: kept Indonesian, translated where a screen shows them."""
from __future__ import annotations

from dataclasses import dataclass

from app.i18n import N_


@dataclass(frozen=True)
class Unsur:
    kode: str             # U1 ... U9: also the answer's column (u1 ... u9)
    nama: str
    pertanyaan: str
    jawaban: tuple[str, str, str, str]  # scores 1, 2, 3, 4

    @property
    def kolom(self) -> str:
        return self.kode.lower()


@dataclass(frozen=True)
class Kuesioner:
    layanan: str
    judul: str
    unsur: tuple[Unsur, ...]

    def get(self, kode: str) -> Unsur:
        return next(u for u in self.unsur if u.kode == kode)


UNSUR = (
    Unsur("U1", N_("Persyaratan"),
          N_("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan "
             "jenis pelayanannya?"),
          (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai"))),
    Unsur("U2", N_("Sistem, mekanisme dan prosedur"),
          N_("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
          (N_("Tidak mudah"), N_("Kurang mudah"), N_("Mudah"), N_("Sangat mudah"))),
    Unsur("U3", N_("Waktu penyelesaian"),
          N_("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
          (N_("Tidak cepat"), N_("Kurang cepat"), N_("Cepat"), N_("Sangat cepat"))),
    Unsur("U4", N_("Biaya/tarif"),
          N_("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
          (N_("Sangat mahal"), N_("Cukup mahal"), N_("Murah"), N_("Gratis"))),
    Unsur("U5", N_("Produk spesifikasi jenis pelayanan"),
          N_("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
             "tercantum dalam standar pelayanan dengan hasil yang diberikan?"),
          (N_("Tidak sesuai"), N_("Kurang sesuai"), N_("Sesuai"), N_("Sangat sesuai"))),
    Unsur("U6", N_("Kompetensi pelaksana"),
          N_("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam "
             "pelayanan?"),
          (N_("Tidak kompeten"), N_("Kurang kompeten"), N_("Kompeten"), N_("Sangat kompeten"))),
    Unsur("U7", N_("Perilaku pelaksana"),
          N_("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
             "kesopanan dan keramahan?"),
          (N_("Tidak sopan dan ramah"), N_("Kurang sopan dan ramah"), N_("Sopan dan ramah"),
           N_("Sangat sopan dan ramah"))),
    Unsur("U8", N_("Penanganan pengaduan, saran dan masukan"),
          N_("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
          (N_("Tidak ada"), N_("Ada tetapi tidak berfungsi"), N_("Berfungsi kurang maksimal"),
           N_("Dikelola dengan baik"))),
    Unsur("U9", N_("Sarana dan prasarana"),
          N_("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
          (N_("Buruk"), N_("Cukup"), N_("Baik"), N_("Sangat baik"))),
)

# The respondent profile the questionnaire asks for, in bands only: nothing else personal
# is stored with an answer. Each field may be left empty.
PROFIL: dict[str, tuple[str, dict[str, str]]] = {
    "jenis_kelamin": (N_("Jenis kelamin"), {"L": N_("Laki-laki"), "P": N_("Perempuan")}),
    "umur": (N_("Umur"), {
        "u20": N_("20 tahun ke bawah"), "u21": N_("21–30 tahun"), "u31": N_("31–40 tahun"),
        "u41": N_("41–50 tahun"), "u51": N_("51–60 tahun"), "u61": N_("61 tahun ke atas")}),
    "pendidikan": (N_("Pendidikan"), {
        "sd": N_("SD ke bawah"), "smp": N_("SMP"), "sma": N_("SMA/sederajat"),
        "diploma": N_("D1–D4"), "s1": N_("S1"), "s2": N_("S2"), "s3": N_("S3")}),
    "pekerjaan": (N_("Pekerjaan"), {
        "pns": N_("PNS"), "tni": N_("TNI"), "polri": N_("POLRI"), "swasta": N_("Swasta"),
        "wirausaha": N_("Wirausaha"), "lainnya": N_("Lainnya")}),
}

# Each service's questionnaire, declared in its package (app/layanan/) and registered by
# `create_app`, like its workflow.
_KUESIONER: dict[str, Kuesioner] = {}


def register_kuesioner(k: Kuesioner, layanan: str | None = None) -> Kuesioner:
    """`layanan`: a variant of k's service (its files answer k, counted with the service's:
    one IKM per service whichever workflow the office runs)."""
    _KUESIONER[layanan or k.layanan] = k
    return k


def varian_kuesioner() -> dict[str, str]:
    """Each variant registered -> the service whose questionnaire its files answer."""
    return {key: k.layanan for key, k in _KUESIONER.items() if key != k.layanan}


def layanan_kuesioner(layanan: str) -> list[str]:
    """The services whose files answer `layanan`'s questionnaire: it and its variants."""
    return [key for key, k in _KUESIONER.items() if k.layanan == layanan]


def kuesioner(layanan: str | None = None) -> Kuesioner:
    """The service's questionnaire; without a service, the office's default (the one
    registered first): the survey screens that show one service."""
    if layanan is None:
        return next(iter(_KUESIONER.values()))
    return _KUESIONER[layanan]
