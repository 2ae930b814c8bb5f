"""The office's login roles, named once. Everything else uses these constants
(docs/glossarium.md, "Peran")."""
from app.i18n import N_

ADMIN = "admin"
SEKRETARIAT = "sekretariat"
OPERATOR = "operator"
SEKCAM = "sekcam"
CAMAT = "camat"
# Pejabat pelindungan data pribadi (UU 27/2022 Pasal 53): reads the logs and keeps the
# data-protection registers; opens no file, applicant or document.
PPDP = "ppdp"
# The regency's roles, across every office (docs/kantor.md): the Dinas's viewer (Kepala
# Dinas, Bagian Pemerintahan) reads every office's figures, no one's personal data; the
# regency's administrator adds offices and their administrators.
PEMANTAU = "pemantau"
ADMIN_KABUPATEN = "admin_kabupaten"

# Role -> its Indonesian title, in the order screens list them.
ROLES = {
    ADMIN: N_("Administrator"),
    SEKRETARIAT: N_("Sekretariat"),
    OPERATOR: N_("Operator Dispenduk"),
    SEKCAM: N_("Sekretaris Kecamatan"),
    CAMAT: N_("Camat"),
    PPDP: N_("Pejabat Pelindungan Data Pribadi"),
    PEMANTAU: N_("Pemantau Kabupaten"),
    ADMIN_KABUPATEN: N_("Administrator Kabupaten"),
}

# Those who work the files (every role but the administrator, who approves nothing).
WORKING = (SEKRETARIAT, OPERATOR, SEKCAM, CAMAT)
EVERYONE = tuple(ROLES)
# Roles whose work spans every office: the Operator Dispenduk is the Dinas's (since 2025
# the card is recorded and printed at the Dinas), the other two are the regency's own.
REGENCY_ROLES = (OPERATOR, PEMANTAU, ADMIN_KABUPATEN)
