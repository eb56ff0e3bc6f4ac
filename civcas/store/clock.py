"""One clock for every stored timestamp: naive UTC (portable across SQLite and PostgreSQL)."""
import datetime as dt
from typing import Optional


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def naive_utc(at: Optional[dt.datetime]) -> Optional[dt.datetime]:
    """A timestamp as stored: an aware one turned to UTC and made naive; a naive one is taken as UTC."""
    return at.astimezone(dt.timezone.utc).replace(tzinfo=None) if at is not None and at.tzinfo else at
