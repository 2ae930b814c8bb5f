"""Impor (Sekretariat, administrator): a spreadsheet of applicants and past files checked
row by row, then brought in whole or not at all (app/services/impor.py)."""
from __future__ import annotations

import io

from flask import flash, redirect, request, send_file, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField

from admin_views.base import RoleMixin
from admin_views.ekspor import XLSX_TYPE
from app.extensions import db
from app.forms import Form
from app.services import impor


class ImporForm(Form):
    berkas = FileField(_l("Berkas (.xlsx atau .csv)"), validators=[
        FileRequired(_l("Pilih berkas yang akan diimpor.")),
        FileAllowed(["xlsx", "csv"], _l("Pilih berkas .xlsx atau .csv."))])
    coba = BooleanField(_l("Periksa saja, jangan simpan"), default=True)


class ImporView(RoleMixin, BaseView):
    permission = "impor.jalankan"

    @expose("/", methods=("GET",))
    def index(self):
        return self.render("admin/impor.html", form=ImporForm(), hasil=None, kolom=impor.KOLOM)

    @expose("/", methods=("POST",))
    def kirim(self):
        form = ImporForm()
        hasil = None
        if form.validate():
            upload = form.berkas.data
            try:
                hasil = impor.impor(upload.read(impor.MAX_BYTES + 1), upload.filename or "",
                                    current_user, coba=form.coba.data,
                                    alamat=request.remote_addr)
            except impor.ImporInvalid as refused:
                form.berkas.errors = [str(refused)]
            else:
                if hasil.ditulis:
                    db.session.commit()
                    flash(gettext("Diimpor: %(p)d pemohon dan %(b)d berkas.", p=hasil.pemohon,
                                  b=hasil.berkas), "success")
                    return redirect(url_for(".index"))
                db.session.rollback()
        status = 200 if hasil is not None and not hasil.masalah else 422
        return self.render("admin/impor.html", form=form, hasil=hasil,
                           kolom=impor.KOLOM), status

    @expose("/templat.xlsx")
    def templat(self):
        return send_file(io.BytesIO(impor.templat()), mimetype=XLSX_TYPE, as_attachment=True,
                         download_name="templat-impor-pemohon.xlsx")
