"""Beranda: today's work, the office against its SOP standards, and the volume."""
import io
import re
from datetime import date, datetime, timedelta

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_admin import AdminIndexView, expose
from flask_babel import gettext
from flask_login import current_user

from admin_views.ekspor import XLSX_TYPE
from admin_views.filters import BULAN
from app import deployment
from app.access.permissions import allowed
from app.blueprints.cetak import pdf_response
from app.documents import laporan_bulanan as laporan_dokumen
from app.errors import http_status
from app.extensions import db
from app.i18n import ui_locale
from app.notifikasi import ringkasan as ringkasan_pesan
from app.ops import backup_log
from app.pdp import insiden, permintaan
from app.services import (alur, antrian, kop, kunci_ttd, laporan_bulanan, laporan_ttd, pengaduan,
                          pengesahan, statistik)
from app.survei.kartu import kartu_skm
from app.services.validation import cek_karakter
from app.timefmt import WIB, rentang_diketik, tanggal
from app.workflow.declaration import all_jenis
from app.workflow.errors import Refused, WorkflowError
from models import CetakLog, OfficeSettings
from models._time import utcnow


DEFAULT_PERIOD = "30"  # "this month" is empty on the 1st of every month


# Months offered in the period chooser, counted back from this one.
MONTHS_BACK = 24


def bulan_pilihan(today: date) -> list[tuple[str, str]]:
    """('2026-11', 'November 2026') for this month and the ones before it."""
    out, year, month = [], today.year, today.month
    for _ in range(MONTHS_BACK):
        out.append((f"{year:04d}-{month:02d}", f"{gettext(BULAN[month - 1])} {year}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


def period_from_args(args, today: date) -> tuple[date, date, str]:
    """(first day, last day, label) from ?periode=bulan|7|30|YYYY-MM, a typed range
    ?rentang=01/11/2026 s.d. 30/11/2026, or ?dari=&sampai= (ISO); by default the last 30
    days."""
    if args.get("rentang"):
        try:
            dari, sampai = rentang_diketik(args["rentang"])
        except ValueError:
            abort(400, gettext("Rentang tanggal tidak valid: tulis seperti 01/11/2026 s.d. "
                               "30/11/2026."))
        if dari > sampai:
            abort(400, gettext("Tanggal awal periode tidak boleh sesudah tanggal akhir."))
        locale = ui_locale()
        return dari, sampai, f"{tanggal(dari, locale)} – {tanggal(sampai, locale)}"
    if re.fullmatch(r"\d{4}-\d{2}", args.get("periode", "")):
        year, month = map(int, args["periode"].split("-"))
        if not (1 <= month <= 12 and 2000 <= year <= today.year + 1):
            abort(400, gettext("Periode tidak dikenal."))
        dari, sampai = laporan_bulanan.bulan(year, month)
        return dari, sampai, f"{gettext(BULAN[month - 1])} {year}"
    if args.get("dari") or args.get("sampai"):
        try:
            dari = date.fromisoformat(args.get("dari", ""))
            sampai = date.fromisoformat(args.get("sampai", ""))
        except ValueError:
            abort(400, gettext("Tanggal periode tidak valid: gunakan format TTTT-BB-HH."))
        if dari > sampai:
            abort(400, gettext("Tanggal awal periode tidak boleh sesudah tanggal akhir."))
        locale = ui_locale()
        return dari, sampai, f"{tanggal(dari, locale)} – {tanggal(sampai, locale)}"
    periode = args.get("periode", DEFAULT_PERIOD)
    if periode in ("7", "30"):
        days = int(periode)
        return today - timedelta(days=days - 1), today, gettext("%(n)d hari terakhir", n=days)
    if periode != "bulan":
        abort(400, gettext("Periode tidak dikenal."))
    return today.replace(day=1), today, gettext("bulan ini")


class DashboardView(AdminIndexView):
    def is_accessible(self) -> bool:
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    def is_visible(self) -> bool:
        # No office's Beranda in the menu of those sent on to the regency's table.
        return not (current_user.is_authenticated
                    and allowed("kabupaten.beranda", current_user.role))

    @expose("/")
    def index(self):
        if allowed("pdp.beranda", current_user.role):
            # The data-protection officer's home: the clocks, no file figures or names.
            return self.render("admin/pdp/beranda.html", permintaan=permintaan.terbuka(),
                               insiden=insiden.terbuka(), jenis_permintaan=permintaan.JENIS)
        if allowed("kabupaten.beranda", current_user.role):
            # The regency's viewer and administrator work no office's files: their home is
            # every office's figures, not one office's desks summed over the regency.
            return redirect(url_for("kabupaten.index", **request.args))
        today = datetime.now(WIB).date()
        dari, sampai, label = period_from_args(request.args, today)
        start = statistik.wib_day_start_utc(dari)
        end = statistik.wib_day_start_utc(sampai + timedelta(days=1))
        layanan = []  # one block of figures per declared service
        per_layanan = statistik.per_layanan()
        for wf in alur.dipakai(per_layanan):
            counts = per_layanan.get(wf.layanan, {})
            layanan.append({
                "wf": wf, "counts": counts,
                "menunggu": statistik.waiting_for(current_user.role, counts, wf),
                "langkah": statistik.sop_steps(start, end, wf,
                                               statistik.dengan_berkas(per_layanan)),
                "desk_limits": statistik.desk_limits(wf=wf),
                "terlambat": statistik.overdue(wf=wf),
            })
        jenis = dict(all_jenis())
        per_hari = statistik.per_day(30, today)
        volume = statistik.volume(start, end)
        return self.render(
            "admin/dashboard.html", layanan=layanan, periode_label=label, dari=dari,
            sampai=sampai, periode=request.args.get("periode", DEFAULT_PERIOD),
            rentang=request.args.get("rentang", ""), bulan_pilihan=bulan_pilihan(today),
            target_persen=statistik.TARGET_PERSEN,
            sertifikat_habis=(kunci_ttd.peringatan_kedaluwarsa()
                              if allowed("kunci_ttd.konfirmasi", current_user.role)
                              or allowed("pengaturan.kelola", current_user.role) else None),
            sekarang=utcnow(),
            kunci_menunggu=(kunci_ttd.menunggu()
                            if allowed("kunci_ttd.konfirmasi", current_user.role) else None),
            kop_kurang=(kop.kekurangan(OfficeSettings.get())
                        if allowed("pengaturan.kelola", current_user.role) else []),
            peringatan_server=(deployment.warnings(current_app)
                               if allowed("pengaturan.kelola", current_user.role)
                               else []),
            cadangan=(backup_log.read() if allowed("pengaturan.kelola", current_user.role)
                      else None),
            baru_hari_ini=per_hari[-1][1],  # the last day of the 30 is today
            per_hari=[(d.strftime("%d/%m"), n) for d, n in per_hari],
            per_desa=volume.per_desa,
            per_jenis=[(gettext(jenis.get(j, j)), n) for j, n in volume.per_jenis],
            skm=kartu_skm(current_user),
            laporan_tte=(pengesahan.signer_active()
                         and allowed(laporan_ttd.PERMISSION, current_user.role)),
            tte_totp=current_app.config.get("BSRE_TOTP", False),
            pengaduan_terlambat=(pengaduan.daftar_terlambat()
                                 if allowed("pengaduan.lihat", current_user.role) else None),
            tunggu_antrean=antrian.waktu_tunggu(dari, sampai),
            pesan_gagal=(ringkasan_pesan.gagal(start, end)
                         if allowed("notifikasi.lihat", current_user.role) else None),
        )

    def _laporan(self):
        if not allowed("laporan.unduh", current_user.role):
            abort(403)
        dari, sampai, _ = period_from_args(request.args, datetime.now(WIB).date())
        return laporan_bulanan.susun(dari, sampai)

    @expose("/laporan.pdf")
    def laporan_pdf(self):
        """On paper for the Camat's hand; with a signer set, a draft marked so (the
        signed copy is the Camat's, below)."""
        laporan = self._laporan()
        data = laporan_dokumen.pdf(laporan, konsep=pengesahan.signer_active())
        _log_print(laporan, "PDF")
        return pdf_response(data, laporan_dokumen.nama_berkas(laporan, "pdf"))

    @expose("/laporan.pdf", methods=("POST",))
    def laporan_pdf_ttd(self):
        """The Camat signs the report with the passphrase (or TOTP) typed on Beranda."""
        if not allowed(laporan_ttd.PERMISSION, current_user.role):
            abort(403)
        laporan = self._laporan()
        secret = request.form.get("passphrase")
        try:
            if (msg := cek_karakter(secret)):
                raise Refused(msg)
            data = laporan_ttd.pdf_ttd(laporan, current_user, secret)
        except WorkflowError as exc:
            flash(exc.message, "danger")
            return self.index(), http_status(exc)
        _log_print(laporan, "PDF bertanda tangan elektronik")
        return pdf_response(data, laporan_dokumen.nama_berkas(laporan, "pdf"))

    @expose("/laporan.xlsx")
    def laporan_xlsx(self):
        laporan = self._laporan()
        data = laporan_dokumen.xlsx(laporan)
        _log_print(laporan, "XLSX")
        return send_file(io.BytesIO(data), as_attachment=True,
                         download_name=laporan_dokumen.nama_berkas(laporan, "xlsx"),
                         mimetype=XLSX_TYPE)


def _log_print(laporan, fmt: str) -> None:
    db.session.add(CetakLog(jenis="laporan", user_id=current_user.id, keterangan=(
        f"{laporan_dokumen.judul(laporan.dari, laporan.sampai)} ({fmt})")[:300]))
    db.session.commit()
