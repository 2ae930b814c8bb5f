"""The staff guide (docs/panduan/) against the real application in a browser, so it cannot
drift: every on-screen word a page quotes as «Label» is on the screen its section names,
every message pesan.md quotes is one the application says, and every picture a section
shows is that section's screen. With PANDUAN_SHOTS=1 the pictures are taken again into
docs/panduan/gambar/ (1024 px wide, top of the screen, palette PNG); without it nothing
is written into the checkout."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app import panduan
from tests.e2e.test_loket_browser import wait_focus
from tests.signing.test_tte import cert, local_signer, signer_config  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
SHOTS = os.environ.get("PANDUAN_SHOTS") == "1"
SHOT_VIEWPORT = {"width": 1024, "height": 720}
LABEL = re.compile(r"«([^»]+)»")
PICTURE = re.compile(r"\]\(gambar/([a-z0-9-]+\.png)\)")

# Each guide page's sections (its "## " headings; "" is the text above the first one) ->
# the screens the section speaks of, as that page's role sees them. Its labels must each
# be on one of them; its picture is the first. A section quoting no label and showing no
# picture needs none; a section that quotes one and is missing here fails the test.
SCREENS = {
    "README": ("sekretariat", {"": ["/admin/"]}),
    "sekretariat": ("sekretariat", {
        "1. Membuka aplikasi dan melihat Beranda": ["/admin/"],
        "2. Mencatat berkas di Loket": ["/admin/loket/", "/admin/"],
        "3. Memeriksa berkas yang Diajukan": ["{diajukan}", "/admin/"],
        "4. Pemohon datang lagi dengan berkas yang Dikembalikan": ["{dikembalikan}"],
        # The Dinas variant's steps: its ratified file, the letter of its files, one printed.
        "5. Menyerahkan KTP-el": ["{disahkan}", "{dinas_disahkan}", "/admin/permohonan/",
                                  "{surat_dinas}", "{dinas_tercetak}"],
        "6. Mencari dan mengekspor daftar": ["/admin/permohonan/"],
        "7. Mencetak register, lembar SOP, dan surat kolektif": ["/admin/register/",
                                                                  "/admin/permohonan/"],
        "8. Impor dari buku": ["/admin/impor/"],
        "9. Mengganti kata sandi": ["/akun/kata-sandi", "/admin/"],
        "10. Antrean: memanggil nomor": ["/admin/antrian/", "/admin/"],
    }),
    "operator": ("operator", {
        "1. Melihat berkas yang menunggu": ["/admin/"],
        "2. Memproses berkas": ["{teregister}"],
        "3. Berkas yang ditolak kembali": ["{teregister}"],
        "4. Register dan ekspor": ["/admin/register/"],
        "4. KTP-el tercetak (alur cetak di Dinas)": ["/admin/", "/admin/permohonan/",
                                                     "{dinas_dikirim}"],
    }),
    "sekcam": ("sekcam", {
        "1. Melihat berkas yang menunggu": ["/admin/"],
        "2. Verifikasi (paraf) atau tolak": ["{diproses}"],
        "3. Survei Kepuasan Masyarakat": ["/admin/skm-periode/"],
        "4. Log cetak dokumen": ["/admin/log-cetak/"],
    }),
    "camat": ("camat", {
        "1. Melihat berkas yang menunggu": ["/admin/"],
        "2. Mengesahkan atau menolak berkas": ["{diverifikasi}"],
        "3. Menandatangani surat pengantar kolektif": ["{surat}", "/admin/register/"],
        "4. Survei Kepuasan Masyarakat dan laporan": ["/admin/"],
        "5. Memasang kunci tanda tangan baru": ["/akun/kunci-ttd", "/admin/"],
    }),
    "ppdp": ("ppdp", {
        "1. Beranda: yang harus dijawab": ["/admin/"],
        "2. Memeriksa akses data pribadi": ["/admin/log-baca/"],
        "3. Permintaan pemilik data": ["/admin/permintaan-subjek/new/", "/admin/permintaan-subjek/"],
        "4. Insiden kebocoran": ["/admin/insiden-kebocoran/"],
    }),
    "pemantau": ("pemantau", {
        "1. Dasbor kabupaten": ["/admin/kabupaten/"],
    }),
    "admin_kabupaten": ("admin_kabupaten", {
        "": ["/admin/kabupaten/"],
        "2. Akun administrator kantor": ["/admin/user/"],
        "5. Hari libur": ["/admin/hari-libur/"],
    }),
    "pengaduan": ("sekcam", {
        "1. Daftar pengaduan": ["/admin/pengaduan/", "/admin/"],
        "2. Menugaskan, menjawab, dan menutup": ["{pengaduan}", "{pengaduan_dijawab}"],
        "3. Mencatat pengaduan dari SP4N-LAPOR!, telepon, atau surat": [
            "/admin/pengaduan/new/"],
    }),
    "admin": ("admin", {
        "1. Beranda dan peringatan": ["/admin/"],
        "2. Data kantor": ["/admin/pengaturan/edit/?id=1", "/admin/"],
        "3. Pengguna": ["/admin/user/new/", "/admin/user/"],
        "4. Desa, hari libur, dan nomor awal": ["/admin/nomor-awal/"],
        "5. Log": ["/admin/log-masuk/"],
        "6. Pesan ke pemohon": ["/admin/templat-pesan/", "/admin/pesan/",
                                "/admin/pengaturan/edit/?id=1"],
    }),
}

# What a user can read on the page: its text (menus folded away included, scripts not),
# the values of buttons and fields' placeholders; whitespace folded.
SCREEN_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('script, style, template').forEach(el => el.remove());
  const out = [body.textContent];
  for (const el of document.querySelectorAll('input[type=submit], input[type=button], [placeholder]')) {
    out.push(el.value || '', el.getAttribute('placeholder') || '');
  }
  // A list's options, each on its own (the body's text runs them together).
  for (const el of document.querySelectorAll('option')) out.push(el.textContent);
  return out.join('\\n');
}"""


def fold(text: str) -> str:
    return " ".join(text.split())


def sections(name: str) -> dict[str, str]:
    """A guide page's sections: heading -> its text ("" the text above the first)."""
    found, heading = {"": []}, ""
    for line in panduan.page_path(name).read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
            found[heading] = []
        else:
            found[heading].append(line)
    return {h: "\n".join(lines) for h, lines in found.items()}


def labels(text: str) -> list[str]:
    return [fold(label) for label in LABEL.findall(text)]


def test_every_section_quoting_the_screen_names_its_screen():
    """The table above and the guide agree: no section left out, none made up."""
    for name, (_role, screens) in SCREENS.items():
        quoting = {h for h, text in sections(name).items() if labels(text) or PICTURE.search(text)}
        assert quoting == set(screens), name
    assert set(SCREENS) | {"pesan"} == {p.stem for p in panduan.DIR.glob("*.md")}


def test_every_message_pesan_quotes_is_one_the_application_says():
    with open(ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        said = {re.sub(r"%\(\w+\)[sd]|%s", "…", m.id) for m in read_po(fh)
                if isinstance(m.id, str) and m.id}
    quoted = labels(panduan.page_path("pesan").read_text(encoding="utf-8"))
    assert len(quoted) >= 30
    for message in quoted:
        # "…" stands for a number, a name, or the rest of a long message.
        pattern = re.compile(".*".join(re.escape(part) for part in message.split("…")))
        assert any(pattern.fullmatch(m) for m in said), message


@pytest.fixture
def office(an_application, users):
    """A file in each state a guide page shows, and a collective letter awaiting the
    Camat's signature."""
    from app.services import cetak_massal

    files = {state: an_application(state) for state in (
        "diajukan", "dikembalikan", "teregister", "diproses", "diverifikasi", "disahkan")}
    paths = {state: f"/admin/permohonan/details/?id={p.id}" for state, p in files.items()}
    ratified = [files["disahkan"], an_application("disahkan", nama="Hana Pertiwi")]
    surat = cetak_massal.buat_surat_kolektif([p.id for p in ratified], users["sekretariat"])
    paths["surat"] = f"/admin/surat-kolektif/details/?id={surat.id}"
    # Files of an office whose cards are printed at the Dinas (the variant's guide steps).
    dinas = {state: an_application(state, layanan="ktp-el-dinas", nama="Rina Dinas")
             for state in ("disahkan", "dikirim_dinas", "tercetak")}
    paths.update({f"dinas_{s.split('_')[0]}": f"/admin/permohonan/details/?id={p.id}"
                  for s, p in dinas.items()})
    kirim = cetak_massal.buat_surat_kolektif(
        [dinas["disahkan"].id, an_application("disahkan", layanan="ktp-el-dinas").id],
        users["sekretariat"])
    paths["surat_dinas"] = f"/admin/surat-kolektif/details/?id={kirim.id}"
    paths.update(_pengaduan(users))
    # The office sends WhatsApp messages (the Loket then asks for consent) and a visitor
    # holds a queue ticket the Loket's picture shows typed in.
    from app.extensions import db
    from app.services import antrian
    from models import OfficeSettings

    settings = OfficeSettings.get()
    settings.notifikasi_wa, settings.notifikasi_email = True, False
    paths["tiket"] = antrian.nomor_tiket(antrian.ambil("pengajuan"))
    db.session.commit()
    return paths


def _pengaduan(users) -> dict[str, str]:
    """A complaint just received and one answered, for the complaints page."""
    from app.services import pengaduan

    baru, _ = pengaduan.ajukan(pengaduan.Isian(
        nama="Sri Wahyuni", telepon="081234567890", kategori="waktu",
        isi="Sudah tiga minggu KTP-el saya belum jadi dan tidak ada kabar dari kantor."))
    dijawab, _ = pengaduan.ajukan(pengaduan.Isian(
        nama="Budi Santoso", telepon="085712345678", kategori="sarana",
        isi="Kursi ruang tunggu kurang, banyak warga berdiri."))
    pengaduan.jawab(dijawab, "Kursi tambahan sudah dipasang di ruang tunggu.",
                    users["sekcam"])
    return {"pengaduan": f"/admin/pengaduan/details/?id={baru.id}",
            "pengaduan_dijawab": f"/admin/pengaduan/details/?id={dijawab.id}"}


def _fill_loket(page, paths: dict[str, str]) -> None:
    """A new applicant half-entered, as the clerk sees the Loket mid-work: the queue
    ticket, the applicant's fields, the consent to messages, the type and its checklist."""
    kb = page.keyboard
    page.fill("#f-tiket", paths["tiket"])
    page.focus("#f-nik")
    kb.type("3520045705900001")  # unknown NIK: the applicant's fields open
    wait_focus(page, "f-no_kk")
    for field, text in (("no_kk", "3520041503120077"), ("nama", "Siti Aminah"),
                        ("tempat_lahir", "Magetan"), ("alamat", "Jl. Melati 3"), ("rt", "1"),
                        ("rw", "2"), ("telepon", "081234567890")):
        page.fill(f"#f-{field}", text)
    for field in ("status_perkawinan", "desa_id"):  # the first real choice
        page.select_option(f"#f-{field}", index=1)
    page.check("#f-notifikasi_setuju")
    page.select_option("#f-notifikasi_kanal", "wa")
    page.select_option("#f-jenis", "baru")
    page.wait_for_selector("#syarat-fc_akta_ijazah")
    page.check("#syarat-semua")
    page.evaluate("document.activeElement.blur()")
    page.wait_for_timeout(400)  # the save button's colour change, finished


# Screens the guide shows mid-work: filled in before they are read and shot.
FILL = {"/admin/loket/": _fill_loket}


def walk(clerk, name: str, paths: dict[str, str]) -> None:
    role, screens = SCREENS[name]
    user = clerk(f"panduan-{name}").login(role)
    page = user.page
    page.set_viewport_size(SHOT_VIEWPORT)
    missing = []
    for heading, text in sections(name).items():
        if heading not in screens:
            continue
        shown = []
        for path in screens[heading]:
            response = user.goto(path.format(**paths))
            assert response.status < 400, (name, heading, path, response.status)
            if path in FILL:
                FILL[path](page, paths)
            shown.append(fold(page.evaluate(SCREEN_TEXT)))
            if len(shown) == 1 and (pictures := PICTURE.findall(text)):
                shoot(page, pictures[0])
        for label in labels(text):
            # "…" stands for a number or a name, as in pesan.md.
            word = re.compile(r"(?<!\w)" + r".{1,40}?".join(
                re.escape(part) for part in label.split("…")) + r"(?!\w)")
            if not any(word.search(s) for s in shown):
                missing.append(f"{name} § {heading or '(awal)'}: «{label}»")
    assert not missing, "Not on the screen the guide names:\n" + "\n".join(missing)


def shoot(page, picture: str) -> None:
    """The top of the screen, as the guide shows it; only when asked (PANDUAN_SHOTS=1)."""
    if not SHOTS:
        return
    from PIL import Image

    path = panduan.GAMBAR / picture
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path))
    # A screen has few colours: a 256-colour palette keeps text sharp at a third the size.
    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(colors=256)
    small.save(path, optimize=True)


@pytest.mark.parametrize("name", ["README", "sekretariat", "operator", "sekcam", "admin", "ppdp",
                                  "pengaduan", "pemantau", "admin_kabupaten"])
def test_guide_page_matches_the_screens(clerk, office, name):
    walk(clerk, name, office)


def test_camat_guide_matches_the_screens(clerk, office, local_signer):  # noqa: F811
    # The electronic signature set (as in the office that uses it): the passphrase asked.
    walk(clerk, "camat", office)
