"""Each service's own declaration: its workflow (states, transitions, guards, effects) and
what else is particular to it, registered by `create_app` through `register()`."""
from app.layanan.ktp_el import survei as ktp_el_survei
from app.layanan.ktp_el.dinas import KTP_EL_DINAS
from app.layanan.ktp_el.workflow import KTP_EL
from app.survei.kuesioner import kuesioner, register_kuesioner
from app.workflow.declaration import register_workflow

# The office's services; the first is its default (the Loket's first choice, the SOP
# sheet, the survey's screens). A variant follows its service (an office chooses it).
WORKFLOWS = (KTP_EL, KTP_EL_DINAS)
KUESIONER = (ktp_el_survei.KUESIONER,)


def register() -> None:
    for workflow in WORKFLOWS:
        register_workflow(workflow)
    for k in KUESIONER:
        register_kuesioner(k)
    for workflow in WORKFLOWS:  # a variant's files answer their service's questionnaire
        if workflow.varian_dari:
            register_kuesioner(kuesioner(workflow.varian_dari), layanan=workflow.layanan)
