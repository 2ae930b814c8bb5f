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

# Role -> its Indonesian title, in the order screens list them.
ROLES = {
    ADMIN: N_("Administrator"),
    SEKRETARIAT: N_("Sekretariat"),
    OPERATOR: N_("Operator Dispenduk"),
    SEKCAM: N_("Sekretaris Kecamatan"),
    CAMAT: N_("Camat"),
    PPDP: N_("Pejabat Pelindungan Data Pribadi"),
}

# Those who work the files (every role but the administrator, who approves nothing).
WORKING = (SEKRETARIAT, OPERATOR, SEKCAM, CAMAT)
EVERYONE = tuple(ROLES)
