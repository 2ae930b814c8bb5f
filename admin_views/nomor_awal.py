"""Nomor awal (admin only): where the register, receipt and outgoing-letter numbers
continue this year, and every move of them. The rule is app/services/nomor_awal.py."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, IntegerField
from wtforms.validators import AnyOf, InputRequired, NumberRange

from admin_views.base import RoleMixin
from app.extensions import db
from app.forms import Form
from app.services import nomor_awal
from app.timefmt import wib_today
from models import PerubahanNomor


class NomorAwalForm(Form):
    counter = HiddenField(validators=[AnyOf(tuple(nomor_awal.COUNTERS))])
    terakhir = IntegerField(
        _l("Nomor terakhir yang sudah dipakai"),
        validators=[InputRequired(_l("Isi nomor terakhir yang sudah dipakai di buku.")),
                    NumberRange(1, nomor_awal.MAX_NOMOR,
                                _l("Nomor harus antara %(min)s dan %(max)s."))])


class NomorAwalView(RoleMixin, BaseView):
    permission = "nomor_awal.kelola"

    def _page(self, form: NomorAwalForm | None = None, status: int = 200):
        tahun = wib_today().year
        riwayat = db.session.execute(db.select(PerubahanNomor).order_by(
            PerubahanNomor.at.desc()).limit(50)).scalars().all()
        return self.render("admin/nomor_awal.html", tahun=tahun, form=form,
                           posisi=nomor_awal.posisi(tahun), riwayat=riwayat,
                           labels={k: str(v) for k, v in nomor_awal.COUNTERS.items()},
                           blank=NomorAwalForm(formdata=None)), status

    @expose("/", methods=("GET",))
    def index(self):
        return self._page()

    @expose("/", methods=("POST",))
    def simpan(self):
        form = NomorAwalForm()
        if form.validate():
            try:
                row = nomor_awal.lanjutkan(form.counter.data, wib_today().year,
                                           form.terakhir.data, oleh=current_user,
                                           alamat=request.remote_addr)
            except nomor_awal.NomorAwalInvalid as refused:
                db.session.rollback()
                form.terakhir.errors = [str(refused)]
            else:
                db.session.commit()
                flash(gettext("%(counter)s %(tahun)d dilanjutkan: nomor berikutnya %(nomor)d.",
                              counter=nomor_awal.COUNTERS[row.counter], tahun=row.tahun,
                              nomor=row.ke + 1), "success")
                return redirect(url_for(".index"))
        return self._page(form, 422)
