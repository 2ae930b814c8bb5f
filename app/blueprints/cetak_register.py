"""The Register KTP-el extract: a filter form; small extracts come back at once, larger
ones run on the task queue with a progress bar and a download link."""
import io
from pathlib import Path

from flask import (Blueprint, abort, current_app, redirect, send_file,
                   url_for)
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional
from wtforms.widgets import TextInput

from app import jobs
from app.auth import permission_required
from app.blueprints.cetak import pdf_response
from app.documents import register_extract
from app.errors import http_status
from app.extensions import db
from app.pdp import log_baca
from app.timefmt import DATE_TYPED
from app.workflow.declaration import all_jenis, all_states
from models import CetakLog, Desa, OfficeSettings

bp = Blueprint("cetak_register", __name__, url_prefix="/admin/register/cetak")


class ExtractForm(FlaskForm):
    # Typed dd/mm/yyyy as everywhere (a browser's date input shows its own language's
    # order, mm/dd/yyyy in an English browser); ISO still read.
    dari = DateField(_l("Dari tanggal"), validators=[Optional()], widget=TextInput(),
                     format=[DATE_TYPED, "%Y-%m-%d"],
                     render_kw={"placeholder": _l("hh/bb/tttt"), "autocomplete": "off"})
    sampai = DateField(_l("Sampai tanggal"), validators=[Optional()], widget=TextInput(),
                       format=[DATE_TYPED, "%Y-%m-%d"],
                       render_kw={"placeholder": _l("hh/bb/tttt"), "autocomplete": "off"})
    desa = SelectField(_l("Desa/Kelurahan"), validators=[Optional()])
    jenis = SelectField(_l("Jenis"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.desa.choices = [("", gettext("Semua desa/kelurahan"))] + [
            (str(d.id), d.nama) for d in db.session.execute(
                db.select(Desa).order_by(Desa.nama)).scalars()]
        # Every registered service's types and states, read now (not at start-up).
        self.jenis.choices = [("", gettext("Semua jenis"))] + [
            (name, gettext(label)) for name, label in all_jenis()]
        self.status.choices = [("", gettext("Semua status"))] + [
            (name, gettext(label)) for name, label in all_states()]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.dari.data and self.sampai.data and self.dari.data > self.sampai.data:
            self.sampai.errors.append(gettext("Tanggal akhir tidak boleh sebelum tanggal awal."))
            ok = False
        return ok

    def to_params(self) -> dict:
        """The filter as the job stores it (JSON)."""
        f = self.to_filter()
        return {"dari": f.dari.isoformat() if f.dari else None,
                "sampai": f.sampai.isoformat() if f.sampai else None,
                "desa_id": f.desa_id, "jenis": f.jenis, "status": f.status}

    def to_filter(self) -> register_extract.Filter:
        return register_extract.Filter(
            dari=self.dari.data, sampai=self.sampai.data,
            desa_id=int(self.desa.data) if self.desa.data else None,
            jenis=self.jenis.data or None, status=self.status.data or None)


@bp.route("/", methods=["GET", "POST"])
@permission_required("cetak.register")
def form():
    form = ExtractForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _form_page(form), status
    f = form.to_filter()
    data = register_extract.rows(f)
    if len(data) <= current_app.config["EXTRACT_SYNC_LIMIT"]:
        _log_print(f)
        out = io.BytesIO()
        register_extract.build(register_extract.chunk_html(data, f), out)
        return pdf_response(out.getvalue(), "register-ktp-el.pdf")
    try:
        job = jobs.start(current_user, "register", form.to_params())
    except jobs.JobRefused as refused:
        return _form_page(form, refused=refused), http_status(refused)
    _log_print(f)
    return redirect(url_for(".progress", job_id=job.id))


def _staff_page(template: str, **context):
    """Drawn in the staff pages' frame (navbar, menu, search box) through the Register
    list's admin view (the owner of its list's endpoint), which leads here and gives the
    frame what it reads."""
    view = current_app.view_functions["register.index_view"].__self__
    return view.render(template, **context)


def _form_page(form: ExtractForm, refused: "jobs.JobRefused | None" = None):
    return _staff_page("cetak/register_form.html", form=form, refused=refused,
                       kertas=OfficeSettings.get().ukuran_kertas)


def _log_print(f: register_extract.Filter) -> None:
    db.session.add(CetakLog(jenis="register", user_id=current_user.id,
                            keterangan=f.describe()[:300]))
    db.session.commit()
    log_baca.catat("register", keterangan=f.describe())


@bp.get("/<job_id>/")
@permission_required("cetak.register")
def progress(job_id: str):
    job = jobs.get_for(job_id, current_user)
    if job is None or job.kind != "register":
        abort(404)
    return _staff_page("cetak/register_progress.html", job=job)


@bp.get("/<job_id>.pdf")
@permission_required("cetak.register")
def download(job_id: str):
    # The owner and the role are checked again here, not only when the job was started.
    job = jobs.get_for(job_id, current_user)
    if job is None or job.kind != "register" or job.status != "done" or not job.result_path:
        abort(404)
    path = Path(job.result_path)
    if not path.is_file():
        abort(404)
    log_baca.catat("register", keterangan=f"Unduhan petikan, pekerjaan {job.id}")
    return send_file(path, mimetype="application/pdf", download_name="register-ktp-el.pdf",
                     max_age=0)
