"""Master data: the villages of Kecamatan Takeran and the office settings from the SOP."""
from app.extensions import db
from models import Desa, OfficeSettings

# Kepmendagri codes, 35.20.04 = Kecamatan Takeran (DOMAIN.md). 1xxx kelurahan, 2xxx desa.
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
    existing = set(db.session.execute(db.select(Desa.kode)).scalars())
    for kode, nama, jenis in DESA_TAKERAN:
        if kode not in existing:
            db.session.add(Desa(kode=kode, nama=nama, jenis=jenis))
            added += 1
    if db.session.get(OfficeSettings, 1) is None:
        OfficeSettings.get()
        added += 1
    db.session.commit()
    return added
