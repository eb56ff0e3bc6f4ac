"""The four seeds with the figures a careful analyst reads out of them (../shared/README.md)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterator, Optional

from evalsets import DEFAULT_ROOT, Item, loader

PUBLISHED = {"000": dt.date(2017, 3, 17), "001": dt.date(2017, 3, 17), "002": dt.date(2017, 3, 17),
             "003": dt.date(2018, 7, 13)}
INCIDENT_DATE = {"000": dt.date(2017, 3, 16), "001": dt.date(2017, 3, 16), "002": dt.date(2017, 3, 16),
                 "003": dt.date(2018, 7, 12)}


@loader("seeds")
def load_seeds(path: Optional[Path] = None) -> Iterator[Item]:
    folder = Path(path or DEFAULT_ROOT.parent / "seeds")
    for file in sorted(folder.glob("*.txt")):
        key = file.name[:3]
        yield Item(key, file.read_text(encoding="utf-8"), PUBLISHED.get(key),
                   {"start_date": INCIDENT_DATE.get(key)}, group="jinah" if key != "003" else "soussa")
