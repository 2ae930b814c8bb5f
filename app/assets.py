"""Static files (ours and Flask-Admin's) with a version in their URL and a year in the
browser's cache. Without it every page load asked again for its ~25 stylesheets and
scripts, each answered 304 by the server: on a busy office LAN that is most of the
requests the server answers. The version is the file's modification time and size, so a
changed file (a deploy, a Flask-Admin upgrade) gets a new URL at once."""
import os

from flask import Flask, current_app, request

YEAR = 365 * 24 * 3600


def is_static(endpoint: str | None) -> bool:
    """The endpoint serves a static file (the app's or a blueprint's, Flask-Admin's)."""
    return (endpoint or "").rpartition(".")[2] == "static"


def _static_folder(endpoint: str) -> str | None:
    blueprint = endpoint.rpartition(".")[0]
    owner = current_app.blueprints.get(blueprint) if blueprint else current_app
    return owner.static_folder if owner is not None else None


def _add_version(endpoint: str, values: dict) -> None:
    """`url_for('static', filename=…)` and Flask-Admin's `admin_static.url(…)` without a
    `v=`: one from the file itself. Flask-Admin's own `v=` (its library versions) stays."""
    if not is_static(endpoint) or "v" in values or "filename" not in values:
        return
    folder = _static_folder(endpoint)
    if folder is None:
        return
    try:
        st = os.stat(os.path.join(folder, values["filename"]))
    except OSError:
        return  # a missing file: let the request answer 404 as before
    values["v"] = f"{st.st_mtime_ns // 1_000_000:x}{st.st_size:x}"


def _cache_versioned(response):
    # Only a URL that names its version may be kept: an old page asking for an unversioned
    # file still revalidates (Flask's default "no-cache").
    if is_static(request.endpoint) and "v" in request.args and response.status_code == 200:
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    return response


def init_app(app: Flask) -> None:
    app.url_defaults(_add_version)
    app.after_request(_cache_versioned)
