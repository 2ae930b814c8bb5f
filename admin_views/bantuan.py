"""Bantuan: the staff guide (docs/panduan/, app/panduan.py) inside the application, for
every logged-in role; /bantuan/ opens the page of the user's own role."""
from __future__ import annotations

from flask import abort, redirect, send_from_directory, url_for
from flask_admin import BaseView, expose
from flask_login import current_user

from admin_views.base import RoleMixin
from app import panduan


class BantuanView(RoleMixin, BaseView):
    permission = "bantuan.baca"

    def is_visible(self) -> bool:
        return False  # reached from the navbar's own "Bantuan" link, not the menu

    @expose("/")
    def index(self):
        return redirect(url_for(".halaman", nama=panduan.role_page(current_user.role)))

    @expose("/<nama>")
    def halaman(self, nama: str):
        try:
            title, body = panduan.render(
                nama, page_url=lambda page: url_for(".halaman", nama=page),
                picture_url=lambda file: url_for(".gambar", nama=file))
        except panduan.NotFound:
            abort(404)
        return self.render("admin/bantuan.html", title=title, body=body, nama=nama,
                           index=panduan.INDEX)

    @expose("/gambar/<nama>")
    def gambar(self, nama: str):
        try:
            return send_from_directory(panduan.GAMBAR, panduan.picture_name(nama),
                                       mimetype="image/png", max_age=3600)
        except panduan.NotFound:
            abort(404)
