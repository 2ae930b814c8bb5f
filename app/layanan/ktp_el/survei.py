"""KTP-el's Survei Kepuasan Masyarakat: the regulation's nine elements, under the
service's own title (the shape and the elements: app/survei/kuesioner.py)."""
from app.layanan.ktp_el.workflow import LAYANAN
from app.survei.kuesioner import UNSUR, Kuesioner

KUESIONER = Kuesioner(LAYANAN, "Pelayanan Pengurusan KTP-Elektronik", UNSUR)
