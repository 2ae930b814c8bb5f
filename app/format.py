"""Pure formatting of what the office prints, used by services and templates alike (no
request, no database): a NIP, a survey period."""

NAMA_BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember")
ROMAWI = ("I", "II", "III", "IV")


def format_nip(nip: str | None) -> str:
    """NIP as printed on letters: 19660913 198603 1 007."""
    if not nip or len(nip) != 18:
        return nip or ""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def label_periode(jenis: str, tahun: int, nomor: int) -> str:
    """'Triwulan IV 2026', 'Maret 2026', 'Semester I 2026', 'Tahun 2026' (Indonesian, as
    printed; screens show the same words)."""
    if jenis == "bulan":
        return f"{NAMA_BULAN[nomor - 1]} {tahun}"
    if jenis == "tahun":
        return f"Tahun {tahun}"
    return f"{jenis.title()} {ROMAWI[nomor - 1]} {tahun}"
