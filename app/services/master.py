"""Master data: the villages of Kecamatan Takeran and the office settings from the SOP,
and the rules a village record follows (docs/glossarium.md, "Kode wilayah")."""
import re

from flask_babel import gettext

from app.extensions import db
from models import Desa, OfficeSettings
from models._kantor import KANTOR_AWAL

KODE_DESA = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$")
JENIS_DIGIT = {"kelurahan": "1", "desa": "2"}  # the village number's first digit


def cek_kode_desa(kode: str | None) -> str | None:
    if not KODE_DESA.match((kode or "").strip()):
        return gettext("Kode harus berbentuk 35.20.04.2009 (digit ke-7: 1 kelurahan, 2 desa).")
    return None


def cek_jenis_desa(kode: str | None, jenis: str | None) -> str | None:
    kode = (kode or "").strip()
    if jenis and KODE_DESA.match(kode) and kode[9] != JENIS_DIGIT.get(jenis):
        return gettext("Jenis tidak sesuai kode: 1xxx kelurahan, 2xxx desa.")
    return None

# Kepmendagri codes, 35.20.04 = Kecamatan Takeran (docs/glossarium.md, "Kode wilayah"). 1xxx kelurahan, 2xxx desa.
DESA_TAKERAN = (
    ("35.20.04.1013", "Takeran", "kelurahan"),
    ("35.20.04.2009", "Kiringan", "desa"),
    ("35.20.04.2010", "Duyung", "desa"),
    ("35.20.04.2011", "Tawangrejo", "desa"),
    ("35.20.04.2012", "Sawojajar", "desa"),
    ("35.20.04.2014", "Kuwonharjo", "desa"),
    ("35.20.04.2015", "Kepuhrejo", "desa"),
    ("35.20.04.2016", "Kerik", "desa"),
    ("35.20.04.2017", "Waduk", "desa"),
    ("35.20.04.2018", "Jomblang", "desa"),
    ("35.20.04.2019", "Kerang", "desa"),
    ("35.20.04.2020", "Madigondo", "desa"),
)


def load_master_data() -> int:
    """Insert what is missing; never overwrite what the office has edited. Returns rows added."""
    added = 0
    if db.session.get(OfficeSettings, KANTOR_AWAL) is None:
        OfficeSettings.get(KANTOR_AWAL)
        added += 1
    existing = set(db.session.execute(db.select(Desa.kode)).scalars())
    for kode, nama, jenis in DESA_TAKERAN:
        if kode not in existing:
            db.session.add(Desa(kode=kode, nama=nama, jenis=jenis))
            added += 1
    db.session.commit()
    return added
