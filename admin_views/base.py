"""What every admin screen shares: the role check on every endpoint, CSRF, Indonesian
answers with 4xx on bad input, and read-only views that expose no write route at all."""
import copy

from flask import abort, g, jsonify, redirect, request, session, url_for
from flask_admin.babel import gettext as admin_gettext
from flask_admin import expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.form import FormOpts
from flask_admin.helpers import is_form_submitted
from flask_babel import gettext
from flask_babel.speaklater import LazyString
from flask_login import current_user

from app.forms import Form
from app.services import nik_tersamar
from app.services.validation import cek_karakter, karakter_terlarang, parse_id

from admin_views import ekspor, list_rows
from admin_views.formatters import waktu_pendek, waktu_wib
from admin_views.paging import LargeListMixin
from app.access.permissions import may


class AdminForm(Form):
    """Flask-WTF's CSRF and our character check for Flask-Admin forms too (create, edit,
    delete, actions)."""

    def __init__(self, *args, **kwargs):
        # Flask-Admin's own form base keeps the edited row; its Unique validator needs it
        # to tell "this same record" from "another record with that value".
        self._obj = kwargs.get("obj", args[1] if len(args) > 1 else None)
        super().__init__(*args, **kwargs)


class RoleMixin:
    # The entry of the permissions table (app/access/permissions.py) that opens this view.
    permission: str = ""

    def is_accessible(self) -> bool:
        return may(self.permission)

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)


class SecureModelView(RoleMixin, ModelView):
    form_base_class = AdminForm
    can_delete = False
    export_enabled = True
    export_types = ekspor.FORMATS
    can_view_details = True
    can_set_page_size = True
    page_size = 25
    page_size_options = (25, 50, 100)
    list_template = "admin/model_list.html"
    # The rows drawn in one piece (admin_views/list_rows.py); False for a list template
    # that changes a row's own blocks.
    draw_rows = True
    details_template = "admin/model_details.html"
    # Permissions (app/access/permissions.py) to create or edit, within the view's own;
    # None: nobody. create_permission None falls back to edit_permission.
    edit_permission: str | None = None
    create_permission: str | None = None

    # --- what comes in the URL: ids and numbers in range, no control characters -------
    @expose("/", methods=("GET", "POST"))
    def index_view(self):
        if request.method == "POST":
            return redirect(self._searched_url())
        _refuse_bad_list_args(self.page_size_options)
        return self.list_page()

    def _searched_url(self) -> str:
        """The list's own search box posts (templates/admin/model_list.html): back to the
        list, its settings kept, the term in the URL only if it is no NIK."""
        args = {k: v for k, v in request.form.items() if k != "csrf_token" and v}
        if "search" in args:
            args["search"] = nik_tersamar.untuk_url(args["search"])
        return self.get_url(".index_view", **args)

    def list_page(self):
        """The list as asked. A search refused for its characters (`g.pencarian_ditolak`):
        the list without it, the reason beside the search box
        (templates/admin/model_list.html), and a 4xx."""
        response = super().index_view()
        return (response, 422) if g.get("pencarian_ditolak") else response

    def _get_list_extra_args(self):
        args = super()._get_list_extra_args()
        if nik_tersamar.rujukan(args.search) and not g.get("pencarian_ditolak"):
            # A NIK's reference from the URL: searched as the NIK (see `_get_list_url`).
            nik = nik_tersamar.buka(args.search)
            if nik is not None:
                return args.clone(search=nik)
            g.pencarian_ditolak = gettext("Pencarian NIK ini sudah kedaluwarsa. Ketik ulang "
                                          "NIK-nya di kotak pencarian.")
        if not g.get("pencarian_ditolak"):
            return args
        # Nothing of the refused text is searched or carried into the page's links.
        return args.clone(search=None, extra_args={
            k: v for k, v in args.extra_args.items() if karakter_terlarang(v) is None})

    def _get_list_url(self, view_args):
        # Pages, sorting, row links: a NIK searched for goes as its reference.
        return super()._get_list_url(view_args.clone(
            search=nik_tersamar.untuk_url(view_args.search)))

    def get_one(self, id):
        """A row by its id; an id that is not ASCII digits in range is no row: 404."""
        if (number := parse_id(id)) is None:
            abort(404)
        return super().get_one(str(number))

    @expose("/ajax/lookup/", methods=("GET", "POST"))
    def ajax_lookup(self):
        """The pickers' lookups. Our pages ask by POST (static/js/lookup.js: a NIK typed
        into the applicant picker stays out of URLs); the field's name is in the URL."""
        params = request.values
        if (msg := cek_karakter(params.get("query", ""))):
            return jsonify({"error": msg}), 400
        for name in ("offset", "limit"):
            if name in params and parse_id(params[name], minimum=0) is None:
                abort(404)
        loader = self._form_ajax_refs.get(params.get("name"))
        if loader is None:
            abort(404)
        found = loader.get_list(params.get("query", ""), int(params.get("offset") or 0),
                                int(params.get("limit") or 10))
        return jsonify([loader.format(m) for m in found])

    def init_actions(self) -> None:
        super().init_actions()
        # Flask-Admin's own delete compares the primary key with the posted strings, which
        # PostgreSQL (psycopg 3) refuses as integer = varchar. Ids reaching it are ASCII
        # digits in range (refuse_bad_rowids), so they are handed on as numbers.
        if "delete" in self._actions_data:
            handler, text, desc = self._actions_data["delete"]
            self._actions_data["delete"] = (lambda ids: handler([int(i) for i in ids]), text,
                                            desc)

    @expose("/action/", methods=("POST",))
    def action_view(self):
        refuse_bad_rowids()
        return super().action_view()

    def action_form(self, obj=None):
        # A list page writes the form's hidden fields itself (templates/admin/actions.html):
        # the form is built to read a post only.
        return super().action_form(obj) if request.method == "POST" else None

    @property
    def can_create(self) -> bool:  # type: ignore[override]
        permission = self.create_permission or self.edit_permission
        return bool(permission) and may(permission)

    @property
    def can_edit(self) -> bool:  # type: ignore[override]
        return bool(self.edit_permission) and may(self.edit_permission)

    def validate_form(self, form) -> bool:
        # Flask-Admin asks this on every GET too: a form just opened shows no errors.
        if not is_form_submitted():
            return False
        ok = super().validate_form(form)
        # Flask-Admin's templates show only `str` errors; our validators' messages are lazy.
        for field in form:
            if isinstance(field.errors, (list, tuple)):
                field.errors = [str(e) if isinstance(e, LazyString) else e for e in field.errors]
        return ok

    def render(self, template, **kwargs):
        if template == self.list_template and self.draw_rows and "data" in kwargs \
                and not self.column_editable_list:
            kwargs["list_body"] = list_rows.draw(self, kwargs["data"], kwargs["return_url"],
                                                 kwargs.get("actions"))
        if template == self.list_template and kwargs.get("search_supported"):
            # Flask-Admin's search box sends by GET; model_list.html draws one that posts,
            # showing the term as typed. Every other use of `search` (the filter form's
            # hidden copy) gets the NIK's reference.
            kwargs.update(search_supported=False, search_box=True,
                          search_shown=kwargs.get("search"),
                          search=nik_tersamar.untuk_url(kwargs.get("search")))
        opts = kwargs.get("form_opts")
        if opts is not None:
            # Flask-Admin's field macro writes its classes ('form-control', 'is-invalid')
            # into the dict it is given, which is this view's own `form_widget_args`: each
            # page gets a copy, or one request's red fields show in every later form.
            kwargs["form_opts"] = FormOpts(widget_args=copy.deepcopy(opts.widget_args),
                                           form_rules=opts.form_rules)
        return super().render(template, **kwargs)

    def saved_message(self, model, is_created: bool) -> str:
        """The flash after a save, naming the record ("Permohonan TT/00051/… dicatat.")."""
        return gettext("%(data)s disimpan.", data=str(model))

    def after_model_change(self, form, model, is_created):
        super().after_model_change(form, model, is_created)
        g.saved_message = self.saved_message(model, is_created)

    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        if not self.can_create:
            abort(403)
        return _specific_flash(_invalid_is_4xx(super().create_view()),
                               "Record was successfully created.")

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        if not self.can_edit:
            abort(403)
        return _specific_flash(_invalid_is_4xx(super().edit_view()),
                               "Record was successfully saved.")

    # Flask-Admin answers a forbidden delete, inline edit or export with a silent redirect;
    # the office's rule is a plain refusal.
    @expose("/delete/", methods=("POST",))
    def delete_view(self):
        if not self.can_delete:
            abort(403)
        return super().delete_view()

    @expose("/ajax/update/", methods=("POST",))
    def ajax_update(self):
        if not self.column_editable_list:
            abort(403)
        return super().ajax_update()

    @property
    def can_export(self) -> bool:  # type: ignore[override]
        """Whoever may read a list may take it as a spreadsheet (filters applied)."""
        return self.export_enabled and may(self.permission)

    @expose("/export/<export_type>/")
    def export(self, export_type):
        if not self.can_export:
            abort(403)
        if export_type not in ekspor.FORMATS:
            abort(404)
        _refuse_bad_list_args(self.page_size_options)  # as the list page refuses them
        return ekspor.respond(self, export_type)


def _specific_flash(response, generic: str):
    """Flask-Admin flashes the same sentence for every record; ours names the record."""
    message = g.pop("saved_message", None)
    if message:
        generic = admin_gettext(generic)
        flashes = [f for f in session.get("_flashes", []) if f[1] != generic]
        session["_flashes"] = [*flashes, ("success", message)]
    return response
def refuse_bad_rowids() -> None:
    """A bulk action's row ids: each ASCII digits in range, else 404 before anything runs."""
    if any(parse_id(i) is None for i in request.form.getlist("rowid")):
        abort(404)


def _refuse_bad_list_args(page_sizes) -> None:
    """A list's query string: no control characters in a filter (400, with the reason) or
    in the search (the list is shown without it, the reason beside the search box: see
    `g.pencarian_ditolak`), numbers that are ASCII digits in range, a page size on offer
    (404)."""
    for name, value in request.args.items(multi=True):
        if karakter_terlarang(value) is not None:
            if name == "search":
                g.pencarian_ditolak = cek_karakter(value)
                continue
            abort(400, description=cek_karakter(value))
    for name in ("page", "page_size", "sort", "desc"):
        if name in request.args and parse_id(request.args[name], minimum=0) is None:
            abort(404)
    size = request.args.get("page_size")
    if size not in (None, "0") and int(size) not in page_sizes:
        abort(404)


def _invalid_is_4xx(response):
    """Flask-Admin re-renders a rejected form with 200; the office's rule is a 4xx."""
    if request.method == "POST" and isinstance(response, str):
        return response, 422
    return response


class ReadOnlyModelView(SecureModelView):
    """A list and details, nothing else: no create, edit, delete or inline-edit route exists."""

    edit_permission = None
    create_view = None  # type: ignore[assignment]
    edit_view = None  # type: ignore[assignment]
    delete_view = None  # type: ignore[assignment]
    ajax_update = None  # type: ignore[assignment]
    column_editable_list = ()


class LogView(LargeListMixin, ReadOnlyModelView):
    """A record kept by time: newest first, paged by key (the audit log holds several rows
    a file); the details page shows what the list shows."""

    column_sortable_list = ("at",)
    column_default_sort = ("at", True)

    def __init__(self, *args, **kwargs):
        self.column_details_list = self.column_list
        # A list's short times, written out on the detail page.
        self.column_formatters_detail = {
            name: waktu_wib if f is waktu_pendek else f
            for name, f in self.column_formatters.items()}
        super().__init__(*args, **kwargs)
