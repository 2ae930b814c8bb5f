"""The office's signed SOP document: its header (number, dates, legal basis ...) and its
procedure as the printed sheet draws it. The steps, executors, standards and the flow
between them come from the workflow declaration; nothing here repeats them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SopHeader:
    nomor_awal: str  # the number up to the office's unit code, which is a setting
    tahun: int
    bagian: str
    tanggal_pembuatan: date
    tanggal_revisi: date | None
    tanggal_efektif: date
    dasar_hukum: tuple[str, ...] = ()
    kualifikasi: tuple[str, ...] = ()
    keterkaitan: tuple[str, ...] = ()
    peralatan: tuple[str, ...] = ()
    peringatan: tuple[str, ...] = ()
    pencatatan: tuple[str, ...] = ()

    def nomor(self, kode_unit: str) -> str:
        return f"{self.nomor_awal}/{kode_unit}/{self.tahun}"


# By the workflow's `layanan`: each service has its own SOP. Worded as signed.
SOP_BY_LAYANAN = {
    "ktp-el": SopHeader(
        "188/51/Kept", 2021, "Bagian Umum", date(2021, 12, 31), None, date(2021, 12, 31),
        dasar_hukum=(
            "UU Nomor 24 Tahun 2013 tentang Perubahan atas UU Nomor 23 Tahun 2006 tentang "
            "Administrasi Kependudukan",
            "UU Nomor 23 Tahun 2006 tentang Administrasi Kependudukan",
            "PP Nomor 37 Tahun 2007 tentang Pelaksanaan UU Nomor 23 Tahun 2006 tentang "
            "Administrasi Kependudukan",
            "Perpres Nomor 96 Tahun 2018 tentang Persyaratan dan Tata Cara Pendaftaran "
            "Penduduk dan Pencatatan Sipil",
            "Perpres Nomor 25 Tahun 2008 tentang Persyaratan dan Tata Cara Pendaftaran "
            "Penduduk dan Pencatatan Sipil",
            "Peraturan Bupati Magetan Nomor 56 Tahun 2016 tentang Kedudukan, Susunan "
            "Organisasi, Tugas dan Fungsi, serta Tata Kerja Kecamatan"),
        kualifikasi=("Mampu mengoperasikan komputer", "Paham proses pelayanan",
                     "Memahami peraturan perundang-undangan yang berlaku",
                     "Menguasai aplikasi SIAK"),
        keterkaitan=("SOP Pelayanan Kartu Keluarga", "SOP Akta Kelahiran"),
        peralatan=("Komputer", "Printer", "Jaringan internet", "ATK"),
        peringatan=("Jika SOP Pelayanan KTP-el tidak dijalankan sesuai prosedur maka akan "
                    "mengakibatkan terjadinya kelambatan penerbitan dokumen dan proses "
                    "seterusnya",),
        pencatatan=("Register KTP-el", "KTP-el", "Berkas pemohon")),
}


@dataclass(frozen=True)
class Baris:
    """One row of the procedure: an activity, its executors and its quality standard, and
    how the flowchart draws it."""
    nomor: str
    kegiatan: str
    pelaksana: tuple[str, ...]  # the lanes ticked; the symbol sits in the first
    kelengkapan: str
    waktu: str
    biaya: str
    output: str
    keterangan: str
    bentuk: str                  # "mulai", "kegiatan", "keputusan", "selesai"
    keputusan: str = ""          # the diamond's question
    kembali_ke: int | None = None  # row index the "Tidak" arrow goes back to
    sumber: tuple[str, ...] = ()   # states the row's activity starts from
    tujuan: tuple[str, ...] = ()   # states it leads to


def prosedur(wf) -> list[Baris]:
    """The SOP's rows in the order a file goes through them: its numbered steps and the
    activities declared between them, each placed by the state it starts from."""
    order = {s.name: i for i, s in enumerate(wf.states)}

    def position(transitions) -> int:
        return min((order[src] if src else -1) for t in transitions for src in t.sources)

    entries = []
    for step in wf.sop_steps:
        ts = [t for t in wf.transitions if t.sop_step == step.number]
        entries.append((position(ts), ts, step))
    for k in wf.sop_kegiatan:
        ts = [wf.transition(k.transition)]
        entries.append((position(ts), ts, k))
    entries.sort(key=lambda e: e[0])

    rows, last_number, suffix = [], 0, 0
    for i, (_, ts, item) in enumerate(entries):
        if hasattr(item, "number"):
            nomor, last_number, suffix = str(item.number), item.number, 0
            waktu = f"{item.waktu_menit} menit" if item.waktu_menit else ""
            biaya = item.biaya
        else:
            suffix += 1
            nomor, waktu, biaya = f"{last_number}{'abcdefgh'[suffix - 1]}", "–", ""
        bentuk = ("mulai" if i == 0 else "selesai" if i == len(entries) - 1
                  else "keputusan" if item.keputusan else "kegiatan")
        # Only the forward transitions of the row (not the return: kembalikan is in step 2
        # beside register) give its own sources and targets.
        sumber = tuple(dict.fromkeys(src for t in ts for src in t.sources if src))
        rows.append(Baris(nomor, item.kegiatan, item.pelaksana, item.kelengkapan, waktu, biaya,
                          item.output, item.keterangan, bentuk, item.keputusan,
                          sumber=sumber, tujuan=tuple(t.target for t in ts)))
    return [_with_return(wf, rows, i) for i in range(len(rows))]


def _with_return(wf, rows: list[Baris], i: int) -> Baris:
    """Where a decision's "Tidak" leads: the row that takes the file up again after the
    transition that sends it back (a return to the applicant, a rejection to the operator)."""
    row = rows[i]
    if row.bentuk != "keputusan":
        return row
    forward = {r_target for r in rows[i + 1:i + 2] for r_target in r.sumber}
    back = [t for src in row.sumber for t in wf.transitions_from(src)
            if not wf.state(t.target).terminal and t.target not in forward
            and t.target not in row.sumber]
    for t in back:
        target = _row_taking_up(wf, rows, t.target, i)
        if target is not None:
            return Baris(**{**row.__dict__, "kembali_ke": target})
    return row


def _row_taking_up(wf, rows: list[Baris], state: str, current: int) -> int | None:
    for _ in range(len(wf.states)):
        taking = next((j for j, r in enumerate(rows) if state in r.sumber), None)
        if taking is not None and taking != current:
            return taking
        if taking == current:  # back at this desk: the row that brought the file here
            return next((j for j, r in enumerate(rows) if state in r.tujuan and j != current),
                        None)
        onward = [t for t in wf.transitions_from(state) if not wf.state(t.target).terminal]
        if not onward:
            return None
        state = onward[0].target
    return None


def pelaksana(wf) -> tuple[str, ...]:
    """The lanes: as declared, else every executor in the order the steps name them."""
    if wf.pelaksana:
        return wf.pelaksana
    names = [n for s in (*wf.sop_steps, *wf.sop_kegiatan) for n in s.pelaksana]
    return tuple(dict.fromkeys(names))
