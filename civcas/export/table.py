"""CSV written a row at a time (what the flat exporters share)."""
from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator


def csv_pieces(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """The header, then each row's line, as the rows come."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")

    def written() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writeheader()
    yield written()
    for values in rows:
        writer.writerow(values)
        yield written()
