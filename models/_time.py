from datetime import datetime, timezone


def utcnow() -> datetime:
    """Naive UTC: what every timestamp column stores (shown in WIB by the templates)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
