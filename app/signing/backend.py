"""The signer the SIGNER setting names: `none` (the Camat signs on paper), `local`, `bsre`."""
from __future__ import annotations

from flask import current_app

from app.signing import NotConfigured, Signer
from app.signing.bsre import BsreSigner
from app.signing.local import LocalSigner


def configured_signer() -> Signer | None:
    """The signer named by the SIGNER setting, or None for `none`."""
    config = current_app.config
    name = config.get("SIGNER", "none")
    if name == "none":
        return None
    if name == "local":
        return LocalSigner.from_config(config)
    if name == "bsre":
        return BsreSigner.from_config(config)
    raise NotConfigured(f"SIGNER={name!r}")
