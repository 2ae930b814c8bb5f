"""The counter page (Panggil antrean): a clerk at counter N calls the next ticket, calls it
again, or skips it; the TV's display speaks each call. Rules: app/services/antrian.py."""
from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext
from flask_login import current_user
from wtforms import HiddenField, IntegerField
from wtforms.validators import NumberRange, Optional

from admin_views.base import RoleMixin
from app.domain_errors import DomainError
from app.errors import http_status
from app.extensions import db
from app.forms import Form
from app.services import antrian
from app.services.antrian_layar import keadaan


class PanggilForm(Form):
    loket = IntegerField(validators=[NumberRange(min=1)])
    keperluan = HiddenField(validators=[Optional()])


class AntrianLoketView(RoleMixin, BaseView):
    permission = "antrian.panggil"

    def is_visible(self) -> bool:
        # Opened from the dashboard's button: the navbar has no room left at 1366 px.
        return False

    def _jumlah_loket(self) -> int:
        return current_app.config["ANTRIAN_JUMLAH_LOKET"]

    def _loket(self) -> int:
        try:
            n = int(request.args.get("loket", "1"))
        except ValueError:
            n = 1
        return min(max(n, 1), self._jumlah_loket())

    def _page(self, loket: int, status: int = 200):
        return self.render("admin/antrian_loket.html", loket=loket,
                           jumlah_loket=self._jumlah_loket(),
                           kini=antrian.sedang_dilayani(loket), nomor_tiket=antrian.nomor_tiket,
                           menunggu=antrian.menunggu()[:15], keadaan=keadaan(),
                           keperluan=antrian.KEPERLUAN, form=PanggilForm(formdata=None)), status

    @expose("/")
    def index(self):
        return self._page(self._loket())

    def _act(self, action, message: str):
        """Take the counter's action; the page again with the reason when it is refused."""
        form = PanggilForm()
        if not form.validate() or form.loket.data > self._jumlah_loket():
            flash(gettext("Loket tidak dikenal."), "danger")
            return self._page(self._loket(), 422)
        loket = form.loket.data
        try:
            tiket = action(loket, form)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "warning")
            return self._page(loket, http_status(exc))
        db.session.commit()
        flash(message % {"nomor": antrian.nomor_tiket(tiket), "loket": loket}, "success")
        return redirect(url_for(".index", loket=loket))

    @expose("/panggil", methods=("POST",))
    def panggil(self):
        return self._act(lambda loket, form: antrian.panggil_berikutnya(
            loket, current_user, form.keperluan.data or None),
            gettext("%(nomor)s dipanggil ke loket %(loket)d."))

    @expose("/ulangi", methods=("POST",))
    def ulangi(self):
        return self._act(lambda loket, form: antrian.ulangi(loket),
                         gettext("%(nomor)s dipanggil ulang ke loket %(loket)d."))

    @expose("/lewati", methods=("POST",))
    def lewati(self):
        return self._act(lambda loket, form: antrian.lewati(loket),
                         gettext("%(nomor)s dilewati."))
