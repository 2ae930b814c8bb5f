"""Permohonan: the list, the detail page with checklist, timeline and one button per
transition this role may take now, and the bulk actions, all read from the declaration."""
from flask import abort, flash, g, has_request_context, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.helpers import get_form_data, get_redirect_target
from flask_babel import gettext, lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import case
from sqlalchemy.orm import joinedload, selectinload
from wtforms import HiddenField, IntegerField, SelectChoice, SelectField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from admin_views.base import SecureModelView, refuse_bad_rowids
from admin_views.filters import (ChoiceEqualFilter, DesaFilter, KantorFilter,
                                 TanggalAntaraFilter, daftar_kabupaten, nama_kantor)
from admin_views.formatters import (
    detail_link, jenis_permohonan, nik_masked, status_badge, waktu_pendek,
)
from admin_views.paging import LargeListMixin
from admin_views.validators import ServerStartTime
from app.access.permissions import allowed
from app.blueprints.cetak import pdf_response
from app.errors import http_status
from app.extensions import db
from app.pdp import log_baca
from app.services import cetak_massal as batch
from app.services import (
    data_pemohon, hitung, loket, nik_tersamar, pengesahan, permohonan as permohonan_service,
    stopwatch,
)
from app.services.pencarian import (
    name_matches_more_than, names_matching_upto, pemohon_search_clause, permohonan_search_clause,
    surat_kolektif_untuk_token, tafsir,
)
from app.services.validation import cek_karakter, parse_id
from app.workflow import engine
from app.workflow.declaration import (
    all_jenis, all_states, all_workflows, get_workflow,
)
from models import Dokumen, DokumenTtd, Pemohon, Permohonan

STOPWATCH = "permohonan-baru"  # the purpose the create form's start time is signed for


class NikAndNameLoader(QueryAjaxModelLoader):
    """The applicant picker: an exact NIK by index, else a name fragment; 10 at a time."""

    def get_list(self, term, offset=0, limit=10):
        many = name_matches_more_than(term, hitung.COUNT_CAP_NAMA)
        clause = pemohon_search_clause(term, many=many)
        return list(db.session.execute(
            db.select(Pemohon).where(clause).order_by(Pemohon.nama, Pemohon.id)
            .offset(offset).limit(limit)).scalars())

    def get_one(self, pk):
        # The posted choice: an applicant's id, else no applicant ("Pilih pemohon."), never
        # a query PostgreSQL refuses with a 500.
        number = parse_id(pk)
        return db.session.get(Pemohon, number) if number is not None else None


class PermohonanView(LargeListMixin, SecureModelView):
    permission = "permohonan.lihat"
    create_permission = "permohonan.catat"
    edit_permission = None  # a file changes only through its workflow transitions
    details_template = "admin/permohonan/details.html"
    create_template = "admin/permohonan/create.html"

    column_list = ("nomor_tanda_terima", "pemohon.nama", "pemohon.nik", "pemohon.desa",
                   "jenis", "status", "register", "created_at")
    column_labels = {
        "nomor_tanda_terima": _l("No. tanda terima"), "pemohon.nama": _l("Nama"),
        "pemohon.nik": _l("NIK"), "pemohon.desa": _l("Desa/Kel."), "jenis": _l("Jenis"),
        "status": _l("Status"), "register": _l("No. register"), "created_at": _l("Diajukan"),
        "pemohon": _l("Pemohon"), "catatan": _l("Catatan"), "mulai": "",
        "menunggu": _l("Lama pemohon menunggu sebelum dilayani (menit)"),
        "kantor": _l("Kantor"),
    }
    # The receipt number is the row's link to its file: no separate actions column (the
    # list fits 1024 px).
    column_display_actions = False
    column_formatters = {
        "nomor_tanda_terima": detail_link,
        "status": status_badge, "pemohon.nik": nik_masked, "created_at": waktu_pendek,
        "jenis": jenis_permohonan,
        "kantor": lambda v, c, m, n: nama_kantor(m.kantor_id),
    }
    column_sortable_list = ("created_at", "nomor_tanda_terima")
    column_default_sort = ("created_at", True)
    column_searchable_list = ("nomor_tanda_terima",)  # replaced by search_query below
    column_filters = (
        ChoiceEqualFilter(Permohonan.status, _l("Status"), all_states),
        ChoiceEqualFilter(Permohonan.jenis, _l("Jenis"), all_jenis),
        DesaFilter(Permohonan.desa_id),
        TanggalAntaraFilter(Permohonan.created_at, _l("Tanggal diajukan")),
        # Last, so the others keep their place in addresses (flt0_0 is the state).
        KantorFilter(Permohonan.kantor_id),
    )

    # The regency's roles list files of every office: the office is a column (in place of
    # the village, so the list still fits 1024 px) and a filter; an office's staff see
    # neither (their office is the only one they see).
    @property
    def _list_columns(self):
        columns = self.__dict__.get("_columns_declared", [])
        if has_request_context() and daftar_kabupaten():
            return [("kantor", self.column_labels["kantor"]),
                    *(c for c in columns if c[0] != "pemohon.desa")]
        return columns

    @_list_columns.setter
    def _list_columns(self, value):
        self.__dict__["_columns_declared"] = value

    def _get_filter_groups(self):
        groups = super()._get_filter_groups()
        if groups and not daftar_kabupaten():
            groups.pop(str(self.column_labels["kantor"]), None)
        return groups

    # The form records a file of the chosen service (`create_form`: its types and the
    # declared inputs of its initial transition, drawn per request from the registry).
    form_columns = ("layanan", "pemohon", "jenis", "catatan", "menunggu", "mulai")
    form_extra_fields = {
        "layanan": SelectField(_l("Layanan"), choices=[],
                               validators=[InputRequired(_l("Pilih layanan."))]),
        "jenis": SelectField(_l("Jenis permohonan"), choices=[],
                             validators=[InputRequired(_l("Pilih jenis permohonan."))]),
        "catatan": TextAreaField(_l("Catatan"), validators=[Optional(), Length(max=1000)]),
        "menunggu": IntegerField(
            _l("Lama pemohon menunggu sebelum dilayani (menit)"), default=0,
            validators=[Optional(), NumberRange(
                0, permohonan_service.MAX_MENUNGGU_MENIT,
                _l("Isi 0 sampai %(n)d menit.", n=permohonan_service.MAX_MENUNGGU_MENIT))]),
        # Signed by the server when it hands out the form: SOP step 1 is timed from it.
        "mulai": HiddenField(validators=[ServerStartTime(STOPWATCH)]),
    }
    form_ajax_refs = {"pemohon": NikAndNameLoader("pemohon", db.session, Pemohon,
                                                  fields=["nama"], page_size=10,
                                                  placeholder=_l("Ketik NIK (16 digit) atau nama"))}
    form_args = {"pemohon": {"label": _l("Pemohon (ketik NIK atau nama)"),
                             "validators": [InputRequired(_l("Pilih pemohon."))]}}

    def get_query(self):
        return super().get_query().options(joinedload(Permohonan.pemohon),
                                           joinedload(Permohonan.register))

    def search_placeholder(self):
        return gettext("NIK, nama, no. tanda terima atau no. register")

    def search_query(self, query, search, many=False):
        return query.filter(permohonan_search_clause(search, many=many))

    def searches_a_name(self, search: str) -> bool:
        return tafsir(search).jenis == "nama"

    def capped_count(self, counted, search, filters, cap):
        # A common name alone: its applicants, read from the text index up to the cap,
        # already say "more than"; the files are counted only for fewer names.
        names = names_matching_upto(search, cap) if search and not filters else None
        files = super().capped_count(counted, search, filters, cap)
        return files if names is None else case((names > cap, cap + 1), else_=files)

    # --- the navbar's search box: one hit opens the file, more open the list -----------
    @expose("/cari", methods=("GET", "POST"))
    def cari_view(self):
        # The navbar's box posts (a NIK never in a URL); a typed-in address still works.
        term = (request.form if request.method == "POST" else request.args).get("q", "")
        term = term.strip()[:300]
        if (msg := cek_karakter(term)):
            # Nothing searched: the list, with the reason beside its search box, a 4xx.
            g.pencarian_ditolak = msg
            return self.list_page()
        kueri = tafsir(term)
        if kueri.jenis == "kosong":
            return redirect(url_for(".index_view"))
        if (kueri.jenis == "token" and allowed("cetak.surat_kolektif", current_user.role)
                and (sid := surat_kolektif_untuk_token(kueri.nilai))):
            return redirect(url_for("surat_kolektif.details_view", id=sid))
        many = kueri.jenis == "nama" and name_matches_more_than(kueri.nilai,
                                                                hitung.COUNT_CAP_NAMA)
        ids = db.session.execute(
            db.select(Permohonan.id).where(permohonan_search_clause(term, many=many))
            .order_by(Permohonan.created_at.desc()).limit(2)).scalars().all()
        if len(ids) == 1:
            return redirect(url_for(".details_view", id=ids[0]))
        if not ids:
            flash(gettext("Tidak ada berkas yang cocok. Cari dengan nama, NIK (16 digit), "
                          "nomor tanda terima (lengkap atau pendek, mis. 51) atau nomor "
                          "register."), "warning")
        # The list searches the same way (search_query) and pages what was found.
        return redirect(url_for(".index_view", search=nik_tersamar.untuk_url(term)))

    # --- create: SOP step 1, through the service -------------------------------------
    def _layanan_form(self):
        """The service the create form is for: the one posted or asked for (?layanan=),
        else the first this role may record."""
        value = (request.form if request.method == "POST" else request.args).get("layanan")
        pilihan = loket.layanan_untuk(current_user.role)
        return loket.layanan_dipilih(value, current_user.role) or (
            pilihan[0] if pilihan else get_workflow())

    def create_form(self, obj=None):
        wf = self._layanan_form()
        pilihan = loket.layanan_untuk(current_user.role)
        fields = _declared_fields(wf.initial.form)
        if len(pilihan) <= 1:  # one service: nothing to choose
            fields["layanan"] = HiddenField(default=wf.layanan)
        form_class = type("PermohonanBaruForm", (self._create_form_class,), fields)
        form = form_class(get_form_data(), obj=obj)
        if len(pilihan) > 1:
            form.layanan.choices = [SelectChoice(w.layanan, gettext(w.title)) for w in pilihan]
        form.jenis.choices = [SelectChoice(k, gettext(v)) for k, v in wf.jenis.items()]
        if request.method == "GET":
            form.layanan.data = wf.layanan
            form.mulai.data = stopwatch.start_token(STOPWATCH)
            if "pemohon_id" in request.args:
                pemohon = db.session.get(Pemohon, parse_id(request.args["pemohon_id"]) or 0)
                if pemohon is None:
                    abort(404)
                form.pemohon.data = pemohon
        return form

    def create_model(self, form):
        # No choice sent (a form of before the choice existed): the first service.
        wf = loket.layanan_dipilih(form.layanan.data or self._layanan_form().layanan,
                                   current_user.role)
        if wf is None:
            form.layanan.errors = [*form.layanan.errors, gettext("Pilih layanan.")]
            return False
        try:
            p = permohonan_service.record(
                form.pemohon.data, form.jenis.data, current_user, catatan=form.catatan.data,
                dibuka_at=stopwatch.started_at(form.mulai.data, STOPWATCH),
                menunggu_menit=form.menunggu.data or 0, layanan=wf.layanan,
                data=request.form)
        except engine.WorkflowError as exc:
            if getattr(exc, "errors", None):  # the declared inputs' messages, per field
                for name, message in exc.errors.items():
                    form[name].errors = [*form[name].errors, message]
                return False
            # Beside the applicant, with a link to their open file if that is why.
            terbuka = (permohonan_service.berkas_terbuka(form.pemohon.data.id, wf.layanan)
                       if form.pemohon.data is not None else None)
            message = link_to_open_file(exc.message, terbuka) if terbuka else exc.message
            form.pemohon.errors = [*form.pemohon.errors, message]
            return False
        self.after_model_change(form, p, True)  # Flask-Admin's own create_model would
        return p

    def saved_message(self, model, is_created):
        return gettext("Permohonan %(nomor)s dicatat.", nomor=model.nomor_tanda_terima)

    def get_save_return_url(self, model, is_created=False):
        return url_for(".details_view", id=model.id)

    # --- detail page --------------------------------------------------------------------
    def get_one(self, id):
        if (number := parse_id(id)) is None:
            abort(404)
        # The file, its checklist, its history and its signed letter in one statement (a
        # file has a handful of each, so the joined rows stay few).
        dokumen_ids = db.select(Dokumen.id).where(Dokumen.permohonan_id == Permohonan.id)
        row = db.session.execute(
            db.select(Permohonan, DokumenTtd).where(Permohonan.id == number)
            .outerjoin(DokumenTtd, DokumenTtd.dokumen_id.in_(dokumen_ids.scalar_subquery()))
            .options(joinedload(Permohonan.syarat), joinedload(Permohonan.riwayat))
        ).unique().first()
        if row is None:
            return None
        g.surat_ttd = row
        return row[0]

    def render(self, template, **kwargs):
        if template == self.details_template and "model" in kwargs:
            model = kwargs["model"]
            kwargs.update(_detail_context(model, kwargs.pop("refused_form", None)))
            log_baca.catat("permohonan", model.id, model.pemohon_id, model.nomor_tanda_terima,
                           kantor_id=model.kantor_id)
        if template == self.create_template:
            kwargs["wf"] = self._layanan_form()
        return super().render(template, **kwargs)

    def _details(self, model, status: int, **extra):
        return self.render(self.details_template, model=model,
                           details_columns=self._details_columns,
                           get_value=self.get_detail_value,
                           return_url=self.get_url(".index_view"), **extra), status

    # (Not `<name>`: Flask-Admin's view wrapper takes that argument name itself.)
    @expose("/<int:id>/transition/<transition>", methods=("POST",))
    def transition_view(self, id: int, transition: str):
        if (refused := self._refuse_control_characters(id)) is not None:
            return refused
        try:
            p = engine.perform(id, transition, current_user, request.form.get("note"),
                               data=request.form, expected_version=_version(request.form))
        except engine.Refused as exc:
            if not exc.errors:
                return self._refused(id, exc)
            # The declared form's messages beside its fields, with what was typed kept.
            flash(gettext("Periksa isian yang ditandai merah."), "danger")
            return self._details(self.get_one(id), http_status(exc),
                                 refused_form=(transition, exc.errors))
        except engine.WorkflowError as exc:
            return self._refused(id, exc)
        wf = get_workflow(p.layanan)
        flash(gettext("Permohonan %(nomor)s: %(tindakan)s berhasil. Status sekarang %(status)s.",
                      nomor=p.nomor_tanda_terima,
                      tindakan=gettext(wf.transition(transition).label),
                      status=gettext(wf.state(p.status).label)), "success")
        _offer_new_documents(p, wf.transition(transition).sources)
        return redirect(url_for(".details_view", id=id))

    def _refused(self, id: int, exc: engine.WorkflowError):
        """A refusal: 403/404 as the error page, else the detail page with the message."""
        status = http_status(exc)
        if status in (403, 404):
            abort(status)
        flash(exc.message, "danger")
        return self._details(self.get_one(id), status)

    @expose("/<int:id>/syarat", methods=("POST",))
    def checklist_view(self, id: int):
        model = self.get_one(id)
        if model is None:
            abort(404)
        if (refused := self._refuse_control_characters(id)) is not None:
            return refused
        try:
            permohonan_service.tick(
                model, set(request.form.getlist("syarat")), current_user,
                catatan={s.kode: request.form.get(f"catatan_{s.kode}", "")
                         for s in model.syarat if f"catatan_{s.kode}" in request.form},
                expected_version=_version(request.form))
        except engine.WorkflowError as exc:
            return self._refused(id, exc)
        flash(gettext("Daftar persyaratan disimpan."), "success")
        return redirect(url_for(".details_view", id=id))

    def _refuse_control_characters(self, id: int):
        """The free-text fields of a transition or checklist post (notes, recipient)."""
        for key, value in request.form.items(multi=True):
            if key != "csrf_token" and (msg := cek_karakter(value, multiline=True)):
                model = self.get_one(id)
                if model is None:
                    abort(404)
                flash(msg, "danger")
                return self._details(model, 422)
        return None

    # --- bulk actions: one per transition name of the registered services ---------------
    # Read from the registry per request, not kept from start-up: a service registered
    # later has its bulk actions too.
    def init_actions(self):
        """Nothing to keep (see `_actions_data`)."""

    # Bulk actions answered with a document: opened in a new tab, so the list stays and
    # reloading it sends nothing again (templates/admin/actions.html).
    actions_new_tab = ("cetak_tanda_terima",)

    @property
    def _actions_data(self):
        # Asked once for each action as a list page is drawn: built once a request.
        data = g.get("permohonan_actions")
        if data is None:
            data = g.permohonan_actions = self._read_actions()
        return data

    def _read_actions(self) -> dict:
        data = {}
        for wf in all_workflows():
            for t in wf.bulk_transitions:
                if t.name in data:
                    continue
                label = _l(t.label)
                confirm = _l(t.confirm) if t.confirm else _l(
                    "%(tindakan)s semua berkas terpilih?", tindakan=label)
                data[t.name] = (_bulk_handler(t.name), label, confirm)
        # Printing many files at once, beside the transitions.
        for name, (handler, label, _roles) in PRINT_ACTIONS.items():
            data[name] = (handler, label, None)
        return data

    @property
    def _actions(self):
        # Not offered: a transition whose form asks for something, taken from each file's
        # page (a list opened before, posting it, is refused file by file: perform_each).
        # Only the actions this role may take are asked (each asks by building its form).
        return [(name, label) for name, (_handler, label, _confirm) in self._actions_data.items()
                if self.is_action_allowed(name) and not _asks_input(name)]

    def is_action_allowed(self, name):
        if name in PRINT_ACTIONS:
            return allowed(PRINT_ACTIONS[name][2], current_user.role)
        # Offered if some service lets this role take it for many files at once (no
        # reason to write per file); each file is checked on its own.
        return any(current_user.role in t.roles for wf in all_workflows()
                   for t in wf.bulk_transitions if t.name == name)

    @expose("/action/", methods=("POST",))
    def action_view(self):
        if not self.is_action_allowed(request.form.get("action", "")):
            abort(403)
        refuse_bad_rowids()
        return self.handle_action()


def _asks_input(name: str) -> bool:
    return any(t.name == name and t.input_labels() for wf in all_workflows()
               for t in wf.bulk_transitions)


def _declared_fields(form_class) -> dict:
    """The fields of the initial transition's declared form, for the create form to ask
    them too; the engine checks the posted values with the declared form (its rules
    across fields included) when recording."""
    if form_class is None:
        return {}
    return {name: value for name in dir(form_class)
            if isinstance(value := getattr(form_class, name), UnboundField)}


def _bulk_handler(name: str):
    def handler(ids):
        if (msg := cek_karakter(request.form.get("note"), multiline=True)):
            abort(400, description=msg)
        results = engine.perform_each([parse_id(i) for i in ids], name, current_user,
                                      request.form.get("note"))
        ok = sum(r.ok for r in results)
        failed = [r for r in results if not r.ok]
        flash(gettext("%(ok)d berhasil, %(gagal)d gagal.", ok=ok, gagal=len(failed)),
              "success" if not failed else "warning")
        for r in failed:
            flash(f"{r.label}: {r.message}", "danger")
        return redirect(get_redirect_target() or url_for("permohonan.index_view"))
    return handler


def link_to_open_file(message: str, terbuka: Permohonan) -> Markup:
    """A refusal beside the applicant's open file, with a link to it (Markup's % escapes
    every value)."""
    return Markup('%s <a href="%s">%s</a>') % (
        message, url_for("permohonan.details_view", id=terbuka.id),
        gettext("Buka berkas %(nomor)s", nomor=terbuka.nomor_tanda_terima))


def _print_run(run, done):
    """A bulk print handler: `run(ids, user)` from app/services/cetak_massal.py, its refusal
    flashed on the list, else `done(result)`."""
    def handler(ids):
        try:
            result = run(ids, current_user)
        except batch.BatchError as exc:
            flash(exc.message, "danger")
            return redirect(get_redirect_target() or url_for("permohonan.index_view"))
        return done(result)
    return handler


def _receipts_pdf(data: bytes):
    return pdf_response(data, "tanda-terima-kolektif.pdf")


def _open_collective_letter(surat):
    # The letter's own page: its number, its files, the print button (and the signing).
    flash(gettext("Surat pengantar kolektif %(nomor)s dibuat untuk %(n)d berkas.",
                  nomor=surat.nomor, n=len(surat.berkas)), "success")
    return redirect(url_for("surat_kolektif.details_view", id=surat.id))


# name -> (handler, label, permission)
PRINT_ACTIONS = dict(zip(batch.AKSI_CETAK, (
    (_print_run(batch.tanda_terima, _receipts_pdf), _l("Cetak tanda terima (satu PDF)"),
     "cetak.dokumen"),
    (_print_run(batch.buat_surat_kolektif, _open_collective_letter),
     _l("Buat surat pengantar kolektif"), "cetak.surat_kolektif"),
)))


def _offer_new_documents(p: Permohonan, sources) -> None:
    """A document the transition has just made available (the return slip on return, the
    proof on hand-over) is offered for printing at once."""
    wf = get_workflow(p.layanan)
    before = {d.kode for src in sources if src for d in wf.documents_in(src)}
    for d in wf.documents_in(p.status):
        if d.kode not in before:
            flash(Markup('<a href="{}" target="_blank" rel="noopener" class="alert-link">{}</a>')
                  .format(url_for("cetak.dokumen", id=p.id, slug=d.slug),
                          gettext("Cetak %(judul)s", judul=d.judul)), "info")


def _version(form) -> int | None:
    value = form.get("version", "")
    return int(value) if value.isdigit() else None


def _transition_forms(model: Permohonan, options, refused_form) -> dict:
    """Each offered transition's declared form, as it starts; the refused one as it was
    posted (a password never drawn back), with its messages beside its fields."""
    forms = {}
    for option in options:
        t = option.transition
        refused = refused_form is not None and refused_form[0] == t.name
        form = t.form_for(model, request.form if refused else None)
        if form is None:
            continue
        for name, message in (refused_form[1].items() if refused else ()):
            if name in form:
                form[name].errors = [message]
        forms[t.name] = form
    return forms


def _surat_ttd(model: Permohonan):
    # Read with the file by get_one on the detail page; read here on other paths.
    loaded = g.get("surat_ttd")
    if loaded is not None and loaded[0] is model:
        return loaded[1]
    return pengesahan.surat_ttd_of(model)


def _detail_context(model: Permohonan, refused_form=None) -> dict:
    wf = get_workflow(model.layanan)
    options = engine.options_for(model, current_user)
    logs = model.riwayat
    pengembalian = None
    if loket.dikembalikan(model):
        # The reason stands at the top of the page, not only in the timeline.
        pengembalian = next((log for log in reversed(logs) if log.aksi == wf.loket.kurang),
                            None)
    return {
        "wf": wf,
        "pengembalian": pengembalian,
        # The desk's return starts from the missing items, as on the intake screen.
        "catatan_awal": ({wf.loket.kurang: loket.catatan_pengembalian(model.syarat_kurang)}
                         if wf.loket and model.syarat_kurang else {}),
        "state": wf.state(model.status),
        "options": options,
        "forms": _transition_forms(model, options, refused_form),
        "logs": [(log, wf.standard_minutes(log.aksi)) for log in logs],
        "perubahan": data_pemohon.riwayat_perubahan(model.pemohon_id),
        "kolom_pemohon": data_pemohon.KOLOM,
        "can_tick": engine.may_tick(model, current_user),
        "surat_ttd": _surat_ttd(model),
    }
