"""Make the calling display's Indonesian sound clips again, offline, with espeak-ng and
sox (Debian: apt-get install espeak-ng sox), into static/suara/antrian/<name>.ogg. The
clips and their words are the table KLIP in app/services/antrian_suara.py.

    python scripts/suara_antrian.py            # every clip
    python scripts/suara_antrian.py --suara id+f3 --kecepatan 140
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.services.antrian_suara import KLIP  # noqa: E402

FOLDER = ROOT / "static" / "suara" / "antrian"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suara", default="id", help="espeak-ng voice (default: id)")
    parser.add_argument("--kecepatan", type=int, default=135, help="words per minute")
    args = parser.parse_args()
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            print(f"{tool} tidak terpasang: apt-get install espeak-ng sox", file=sys.stderr)
            return 1
    FOLDER.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for name, words in KLIP.items():
            wav = Path(work) / f"{name}.wav"
            subprocess.run(["espeak-ng", "-v", args.suara, "-s", str(args.kecepatan),
                            "-w", str(wav), words], check=True)
            # Mono 22 kHz Vorbis, silence trimmed at both ends so the words follow closely.
            subprocess.run(["sox", str(wav), "-r", "22050", "-c", "1", "-C", "3",
                            str(FOLDER / f"{name}.ogg"),
                            "silence", "1", "0.02", "0.5%", "reverse",
                            "silence", "1", "0.02", "0.5%", "reverse", "pad", "0", "0.08"],
                           check=True)
    print(f"{len(KLIP)} klip di {FOLDER.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
