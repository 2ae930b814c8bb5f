"""The regency's dashboard: every office's figures in one table, sortable, for a period; on
paper and as a workbook. Figures only (app/services/kabupaten.py)."""
import io
from datetime import datetime

from flask import abort, request, send_file
from flask_admin import BaseView, expose
from flask_babel import gettext

from admin_views.base import RoleMixin
from admin_views.dashboard import DEFAULT_PERIOD, bulan_pilihan, period_from_args
from admin_views.ekspor import XLSX_TYPE
from app.blueprints.cetak import pdf_response
from app.documents import dasbor_kabupaten as dokumen
from app.services import kabupaten
from app.timefmt import WIB


def _dasbor() -> tuple[kabupaten.Dasbor, str]:
    """The table the URL asks for: its period (?periode=, ?rentang=) and its order
    (?urut=<column>&arah=naik|turun); (table, the period's label)."""
    dari, sampai, label = period_from_args(request.args, datetime.now(WIB).date())
    arah = request.args.get("arah", "naik")
    if arah not in ("naik", "turun"):
        abort(400, gettext("Arah urutan tidak dikenal: naik atau turun."))
    try:
        return kabupaten.urutkan(kabupaten.susun(dari, sampai),
                                 request.args.get("urut", "kantor"), arah == "turun"), label
    except kabupaten.KolomInvalid as exc:
        abort(400, exc.message)


class DasborKabupatenView(RoleMixin, BaseView):
    permission = "kabupaten.dasbor"

    @expose("/")
    def index(self):
        dasbor, label = _dasbor()
        return self.render(
            "admin/kabupaten/dasbor.html", dasbor=dasbor, periode_label=label,
            periode=request.args.get("periode", DEFAULT_PERIOD),
            rentang=request.args.get("rentang", ""),
            bulan_pilihan=bulan_pilihan(datetime.now(WIB).date()),
            urut=request.args.get("urut", "kantor"), arah=request.args.get("arah", "naik"),
            target_persen=kabupaten.TARGET_PERSEN)

    @expose("/dasbor.pdf")
    def pdf(self):
        dasbor, _label = _dasbor()
        return pdf_response(dokumen.pdf(dasbor), dokumen.nama_berkas(dasbor, "pdf"))

    @expose("/dasbor.xlsx")
    def xlsx(self):
        dasbor, _label = _dasbor()
        return send_file(io.BytesIO(dokumen.xlsx(dasbor)), as_attachment=True,
                         download_name=dokumen.nama_berkas(dasbor, "xlsx"), mimetype=XLSX_TYPE)
