"""Flask-Admin screens, created inside the factory (a module-level Admin breaks tests)."""
from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext as _l, lazy_pgettext

from app.extensions import db


def init_admin(app: Flask) -> Admin:
    from admin_views.antrian import AntrianLoketView
    from admin_views.bantuan import BantuanView
    from admin_views.dashboard import DashboardView
    from admin_views.desa import DesaView
    from admin_views.impor import ImporView
    from admin_views.kabupaten import DasborKabupatenView
    from admin_views.libur import HariLiburView
    from admin_views.nomor_awal import NomorAwalView
    from admin_views.notifikasi import PesanView, TemplatPesanView
    from admin_views.log import LogCetakView, LogMasukView
    from admin_views.loket import LoketView
    from admin_views.pdp import InsidenKebocoranView, LogBacaView, PermintaanSubjekView
    from admin_views.pemohon import PemohonView
    from admin_views.pengaduan import PengaduanView
    from admin_views.pengaturan import PengaturanView
    from admin_views.permohonan import PermohonanView
    from admin_views.register import RegisterView
    from admin_views.riwayat import RiwayatView
    from admin_views.skm import SkmPeriodeView, SkmTindakLanjutView
    from admin_views.surat import SuratKolektifView
    from admin_views.user import RiwayatAkunView, UserView
    from app.i18n import TRANSLATIONS_DIR
    from app.security import csp_nonce
    from models import (AuthLog, CetakLog, Desa, HariLibur, InsidenKebocoran, LogBaca,
                        OfficeSettings, Pemohon, Pengaduan, PermintaanSubjek, Permohonan, Pesan,
                        RegisterEntry, RiwayatAkun, SkmPeriode, SkmTindakLanjut, SuratKolektif,
                        TransitionLog, User)

    admin = Admin(
        app, name=_l("Layanan KTP-el"),
        theme=Bootstrap4Theme(base_template="admin/master.html", fluid=True),
        index_view=DashboardView(name=_l("Beranda"), url="/admin"),
        translations_path=str(TRANSLATIONS_DIR),
        csp_nonce_generator=csp_nonce,
    )
    settings = _l("Pengaturan")  # one menu category, named in the user's language
    s = db  # Flask-Admin 2.x takes the extension, not the session
    admin.add_view(DasborKabupatenView(name=_l("Dasbor kabupaten"), endpoint="kabupaten",
                                       url="/admin/kabupaten"))
    admin.add_view(LoketView(name=_l("Loket"), endpoint="loket", url="/admin/loket"))
    admin.add_view(AntrianLoketView(name=_l("Antrean"), endpoint="antrian_loket",
                                    url="/admin/antrian"))
    admin.add_view(PermohonanView(Permohonan, s, name=lazy_pgettext("menu", "Permohonan"), endpoint="permohonan",
                                  url="/admin/permohonan"))
    admin.add_view(PemohonView(Pemohon, s, name=lazy_pgettext("menu", "Pemohon"), endpoint="pemohon",
                               url="/admin/pemohon"))
    admin.add_view(RegisterView(RegisterEntry, s, name=_l("Register KTP-el"), endpoint="register",
                                url="/admin/register"))
    admin.add_view(SuratKolektifView(SuratKolektif, s, name=_l("Surat kolektif"),
                                     endpoint="surat_kolektif", url="/admin/surat-kolektif"))
    admin.add_view(RiwayatView(TransitionLog, s, name=_l("Riwayat"), endpoint="riwayat",
                               url="/admin/riwayat"))
    admin.add_view(PengaduanView(Pengaduan, s, name=_l("Pengaduan"), endpoint="pengaduan",
                                 url="/admin/pengaduan"))
    skm = _l("Survei Kepuasan")
    admin.add_view(SkmPeriodeView(SkmPeriode, s, name=_l("Periode SKM"), endpoint="skm_periode",
                                  url="/admin/skm-periode", category=skm))
    admin.add_view(SkmTindakLanjutView(SkmTindakLanjut, s, name=_l("Tindak lanjut SKM"),
                                       endpoint="skm_tindak_lanjut",
                                       url="/admin/skm-tindak-lanjut", category=skm))
    log = _l("Log")
    admin.add_view(LogCetakView(CetakLog, s, name=_l("Cetak dokumen"), endpoint="log_cetak",
                                url="/admin/log-cetak", category=log))
    admin.add_view(LogMasukView(AuthLog, s, name=_l("Masuk/keluar"), endpoint="log_masuk",
                                url="/admin/log-masuk", category=log))
    admin.add_view(LogBacaView(LogBaca, s, name=_l("Akses data pribadi"), endpoint="log_baca",
                               url="/admin/log-baca", category=log))
    admin.add_view(PesanView(Pesan, s, name=_l("Pesan ke pemohon"), endpoint="pesan",
                             url="/admin/pesan", category=log))
    pdp = _l("Data pribadi")
    admin.add_view(PermintaanSubjekView(PermintaanSubjek, s, name=_l("Permintaan pemilik data"),
                                        endpoint="permintaan_subjek",
                                        url="/admin/permintaan-subjek", category=pdp))
    admin.add_view(InsidenKebocoranView(InsidenKebocoran, s, name=_l("Insiden kebocoran"),
                                        endpoint="insiden_kebocoran",
                                        url="/admin/insiden-kebocoran", category=pdp))
    admin.add_view(UserView(User, s, name=_l("Pengguna"), endpoint="user", url="/admin/user",
                            category=settings))
    admin.add_view(RiwayatAkunView(RiwayatAkun, s, name=_l("Riwayat akun"),
                                   endpoint="riwayat_akun", url="/admin/riwayat-akun",
                                   category=settings))
    admin.add_view(DesaView(Desa, s, name=_l("Desa/Kelurahan"), endpoint="desa", url="/admin/desa",
                            category=settings))
    admin.add_view(HariLiburView(HariLibur, s, name=_l("Hari libur kantor"), endpoint="hari_libur",
                                 url="/admin/hari-libur", category=settings))
    admin.add_view(ImporView(name=_l("Impor dari buku"), endpoint="impor", url="/admin/impor",
                             category=settings))
    admin.add_view(NomorAwalView(name=_l("Nomor awal"), endpoint="nomor_awal",
                                 url="/admin/nomor-awal", category=settings))
    admin.add_view(TemplatPesanView(name=_l("Templat pesan"), endpoint="templat_pesan",
                                    url="/admin/templat-pesan", category=settings))
    admin.add_view(PengaturanView(OfficeSettings, s, name=_l("Kantor"), endpoint="pengaturan",
                                  url="/admin/pengaturan", category=settings))
    admin.add_view(BantuanView(name=_l("Bantuan"), endpoint="bantuan", url="/bantuan"))
    return admin
