"""The home page after login."""
from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user


class DashboardView(AdminIndexView):
    def is_accessible(self) -> bool:
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/")
    def index(self):
        return self.render("admin/dashboard.html")
