"""Beranda: today's work, the office against its SOP standards, and the volume."""
from datetime import date, datetime, timedelta

from flask import abort, current_app, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_babel import gettext
from flask_login import current_user

from app import deployment
from app.access.permissions import allowed
from app.i18n import ui_locale
from app.ops import backup_log
from app.services import kop, statistik
from app.survei.kartu import kartu_skm
from app.timefmt import WIB, tanggal
from app.workflow.declaration import all_jenis, all_workflows
from models import OfficeSettings


DEFAULT_PERIOD = "30"  # "this month" is empty on the 1st of every month


def period_from_args(args, today: date) -> tuple[date, date, str]:
    """(first day, last day, label) from ?periode=bulan|7|30 or ?dari=&sampai=;
    by default the last 30 days."""
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

    @expose("/")
    def index(self):
        today = datetime.now(WIB).date()
        dari, sampai, label = period_from_args(request.args, today)
        start = statistik.wib_day_start_utc(dari)
        end = statistik.wib_day_start_utc(sampai + timedelta(days=1))
        layanan = []  # one block of figures per declared service
        for wf in all_workflows():
            counts = statistik.per_state(wf)
            layanan.append({
                "wf": wf, "counts": counts,
                "menunggu": statistik.waiting_for(current_user.role, counts, wf),
                "langkah": statistik.sop_steps(start, end, wf),
                "desk_limits": statistik.desk_limits(wf=wf),
                "terlambat": statistik.overdue(wf=wf),
            })
        jenis = dict(all_jenis())
        return self.render(
            "admin/dashboard.html", layanan=layanan, periode_label=label, dari=dari,
            sampai=sampai, periode=request.args.get("periode", DEFAULT_PERIOD),
            target_persen=statistik.TARGET_PERSEN,
            kop_kurang=(kop.kekurangan(OfficeSettings.get(), current_app.config.get("PUBLIC_URL"))
                        if allowed("pengaturan.kelola", current_user.role) else []),
            peringatan_server=(deployment.warnings(current_app)
                               if allowed("pengaturan.kelola", current_user.role)
                               else []),
            cadangan=(backup_log.read() if allowed("pengaturan.kelola", current_user.role)
                      else None),
            baru_hari_ini=statistik.new_between(statistik.wib_day_start_utc(today),
                                                statistik.wib_day_start_utc(today + timedelta(days=1))),
            per_hari=[(d.strftime("%d/%m"), n) for d, n in statistik.per_day(30, today)],
            per_desa=statistik.per_desa(start, end),
            per_jenis=[(gettext(jenis.get(j, j)), n)
                       for j, n in statistik.per_jenis(start, end)],
            skm=kartu_skm(current_user),
        )
