"""What the calling display says, as the names of the sound clips shipped under
static/suara/antrian/ (made offline by scripts/suara_antrian.py): "nomor antrean, A, dua
belas, silakan ke loket, satu". The display plays them one after the other."""
from __future__ import annotations

DIGIT = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

# Each clip and the Indonesian it speaks (the script reads this table).
KLIP = {
    **{d: d for d in DIGIT},
    "sepuluh": "sepuluh", "sebelas": "sebelas", "seratus": "seratus",
    "belas": "belas", "puluh": "puluh", "ratus": "ratus",
    "nomor_antrean": "nomor antrean", "silakan_ke_loket": "silakan ke loket",
    "huruf_a": "a", "huruf_b": "be", "huruf_c": "ce",
}


def angka(n: int) -> list[str]:
    """0–999 in words, one clip a word: 12 → dua belas, 105 → seratus lima."""
    if not 0 <= n <= 999:
        raise ValueError(n)
    if n < 10:
        return [DIGIT[n]]
    if n == 10:
        return ["sepuluh"]
    if n == 11:
        return ["sebelas"]
    if n < 20:
        return [DIGIT[n - 10], "belas"]
    if n < 100:
        return [DIGIT[n // 10], "puluh"] + (angka(n % 10) if n % 10 else [])
    head = ["seratus"] if n < 200 else [DIGIT[n // 100], "ratus"]
    return head + (angka(n % 100) if n % 100 else [])


def panggilan(huruf: str, nomor: int, loket: int) -> list[str]:
    """The clips of one call: nomor antrean A dua belas, silakan ke loket satu."""
    return ["nomor_antrean", f"huruf_{huruf.lower()}", *angka(nomor % 1000),
            "silakan_ke_loket", *angka(loket)]
