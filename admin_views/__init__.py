"""Flask-Admin screens, created inside the factory (a module-level Admin breaks tests)."""
from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from app.extensions import db


def init_admin(app: Flask) -> Admin:
    from admin_views.dashboard import DashboardView
    from admin_views.desa import DesaView
    from admin_views.log import LogCetakView, LogMasukView
    from admin_views.pemohon import PemohonView
    from admin_views.pengaturan import PengaturanView
    from admin_views.permohonan import PermohonanView
    from admin_views.register import RegisterView
    from admin_views.riwayat import RiwayatView
    from admin_views.user import UserView
    from app.i18n import TRANSLATIONS_DIR
    from app.security import csp_nonce
    from models import (AuthLog, CetakLog, Desa, OfficeSettings, Pemohon, Permohonan,
                        RegisterEntry, TransitionLog, User)

    admin = Admin(
        app, name="Layanan KTP-el",
        theme=Bootstrap4Theme(base_template="admin/master.html", fluid=True),
        index_view=DashboardView(name="Beranda", url="/admin"),
        translations_path=str(TRANSLATIONS_DIR),
        csp_nonce_generator=csp_nonce,
    )
    s = db  # Flask-Admin 2.x takes the extension, not the session
    admin.add_view(PermohonanView(Permohonan, s, name="Permohonan", endpoint="permohonan",
                                  url="/admin/permohonan"))
    admin.add_view(PemohonView(Pemohon, s, name="Pemohon", endpoint="pemohon",
                               url="/admin/pemohon"))
    admin.add_view(RegisterView(RegisterEntry, s, name="Register KTP-El", endpoint="register",
                                url="/admin/register"))
    admin.add_view(RiwayatView(TransitionLog, s, name="Riwayat", endpoint="riwayat",
                               url="/admin/riwayat"))
    admin.add_view(LogCetakView(CetakLog, s, name="Cetak dokumen", endpoint="log_cetak",
                                url="/admin/log-cetak", category="Log"))
    admin.add_view(LogMasukView(AuthLog, s, name="Masuk/keluar", endpoint="log_masuk",
                                url="/admin/log-masuk", category="Log"))
    admin.add_view(UserView(User, s, name="Pengguna", endpoint="user", url="/admin/user",
                            category="Pengaturan"))
    admin.add_view(DesaView(Desa, s, name="Desa/Kelurahan", endpoint="desa", url="/admin/desa",
                            category="Pengaturan"))
    admin.add_view(PengaturanView(OfficeSettings, s, name="Kantor", endpoint="pengaturan",
                                  url="/admin/pengaturan", category="Pengaturan"))
    return admin
