"""The staff guide (docs/panduan/): its Markdown pages rendered inside the application,
so the office reads it without internet. The files are ours, yet no raw HTML from them
reaches the page: HTML in a file is shown as text, and a link or picture may only point
at another guide page, an anchor, a path of this site or a picture in docs/panduan/gambar/."""
from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

DIR = Path(__file__).resolve().parent.parent / "docs" / "panduan"
GAMBAR = DIR / "gambar"
INDEX = "README"
PAGE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,40}")
PICTURE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,80}\.png")
_GUIDE_LINK = re.compile(r"(?P<page>[A-Za-z][A-Za-z0-9_-]{0,40})\.md(?P<anchor>#[\w-]*)?")


class NotFound(Exception):
    pass


def role_page(role: str) -> str:
    """The page of one role: docs/panduan/<role>.md, named as app/access/roles.py names
    the role. The account menu's "Bantuan" opens it."""
    return role


def page_path(name: str) -> Path:
    """The Markdown file of a guide page; NotFound for any name that is not one."""
    if not PAGE_NAME.fullmatch(name):
        raise NotFound(name)
    path = DIR / f"{name}.md"
    if not path.is_file():
        raise NotFound(name)
    return path


def picture_name(name: str) -> str:
    """A picture's file name in docs/panduan/gambar/, checked; NotFound otherwise."""
    if not PICTURE_NAME.fullmatch(name) or not (GAMBAR / name).is_file():
        raise NotFound(name)
    return name


class _ConfineLinks(Treeprocessor):
    """Guide links (`operator.md#x`) become the page's address (`operator#x`); any other
    target than a guide page, an anchor, a site path or a guide picture is dropped."""

    def __init__(self, md, page_url, picture_url):
        super().__init__(md)
        self.page_url = page_url
        self.picture_url = picture_url

    def run(self, root: Element) -> None:
        for a in root.iter("a"):
            href = a.get("href", "")
            if (guide := _GUIDE_LINK.fullmatch(href)):
                a.set("href", self.page_url(guide["page"]) + (guide["anchor"] or ""))
            elif not (href.startswith("#") or (href.startswith("/") and not href.startswith("//"))):
                a.attrib.pop("href", None)
        for img in root.iter("img"):
            src = img.get("src", "")
            name = src.removeprefix("gambar/")
            if src.startswith("gambar/") and PICTURE_NAME.fullmatch(name):
                img.set("src", self.picture_url(name))
                img.set("loading", "lazy")
                img.set("class", "panduan-gambar")
            else:
                img.attrib.pop("src", None)


def render(name: str, page_url, picture_url) -> tuple[str, Markup]:
    """(title, body HTML) of a guide page. `page_url(name)` and `picture_url(file)` give
    the addresses its links and pictures point at."""
    text = page_path(name).read_text(encoding="utf-8")
    md = markdown.Markdown(extensions=["tables", "sane_lists", "toc"], output_format="html")
    # No raw HTML from the files: neither blocks nor inline tags pass; they stay text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_ConfineLinks(md, page_url, picture_url), "confine_links", 0)
    html = md.convert(text)
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), name)
    return title, Markup(html)  # Markdown escaped every text; raw HTML is off above
