"""Public pages, no login: the resident's status check."""
from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.extensions import limiter
from app.forms import Form
from app.workflow.declaration import get_workflow
from app.services.loket import dikembalikan
from app.services.pencarian import berkas_untuk_cek_status

bp = Blueprint("public", __name__)


class CekStatusForm(Form):
    nomor = StringField(_l("Nomor tanda terima"), validators=[
        DataRequired(_l("Nomor tanda terima wajib diisi.")), Length(max=40)])
    nik = StringField(_l("NIK"), validators=[DataRequired(_l("NIK wajib diisi.")),
                                             Length(max=16)])


@bp.get("/")
def home():
    return redirect(url_for("admin.index"))


@bp.get("/favicon.ico")
def favicon():
    # Asked for by pages without our <head>, such as the browser's own PDF viewer.
    return redirect(url_for("static", filename="img/favicon.png"), code=301)


@bp.route("/cek-status", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"],
               error_message=lambda: gettext("Terlalu banyak permintaan cek status. "
                                             "Coba lagi dalam satu menit."))
def cek_status():
    form = CekStatusForm()
    if not form.validate_on_submit():
        return render_template("public/cek_status.html", form=form), (
            422 if form.is_submitted() else 200)
    # Both must match; a wrong pair says nothing about which half was wrong.
    p = berkas_untuk_cek_status(form.nomor.data, form.nik.data)
    if p is None:
        return render_template("public/cek_status.html", form=form, error=gettext(
            "Nomor tanda terima dan NIK tidak cocok dengan data kami.")), 404
    wf = get_workflow(p.layanan)
    # A returned file says what is missing, in the checklist's own words.
    kurang = p.syarat_kurang if dikembalikan(p) else []
    return render_template("public/cek_status.html", form=CekStatusForm(formdata=None),
                           p=p, state=wf.state(p.status), kurang=kurang)
