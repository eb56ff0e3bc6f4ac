"""One clock for every stored timestamp: naive UTC (portable across SQLite and PostgreSQL)."""
import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
