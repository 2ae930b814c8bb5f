"""Where the checkout lies: the ground that templates, static files and fonts are found from."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
