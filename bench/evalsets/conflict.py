"""Real war reports labelled by hand for this project (bench/labels/conflict.jsonl: one line per
report with its URL and what a monitor reads in it: striker, country, date, place, figures). The
article texts are not in the repository: they are read from a folder of scratch copies
(`NNN.txt` beside `NNN.meta.json`); a labelled report whose text is absent there is yielded with
an empty text and `gold["text_missing"]`, so the harness skips it and says how many it skipped."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Optional

from civcas.ingest import parse_published
from evalsets import Item, loader, parse_date

LABELS = Path(__file__).resolve().parents[2] / "bench" / "labels" / "conflict.jsonl"
TEXTS = Path("/work/scratch/conflict")


def _strikers(value) -> list[str]:
    """The gold striker as a list: one name, a list of names for joint forces, none for null."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


@loader("conflict")
def load_conflict(path: Optional[Path] = None, texts: Optional[Path] = None) -> Iterator[Item]:
    folder = Path(texts or TEXTS)
    with open(path or LABELS, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            text_file, meta_file = folder / f"{row['id']}.txt", folder / f"{row['id']}.meta.json"
            meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
            text = text_file.read_text(encoding="utf-8") if text_file.exists() else ""
            published, precision = parse_published(meta.get("published") or row.get("published"))
            yield Item(row["id"], text, published, {
                "strikers": _strikers(row.get("striker")), "striker_as_written": row.get("striker_as_written"),
                "country": row.get("country"), "admin1": row.get("admin1"), "date": parse_date(row.get("date")),
                "civilian_deaths": row.get("civilian_deaths"), "title": meta.get("title"),
                "deaths": row.get("deaths", []), "text_missing": not text_file.exists(),
            }, group=row.get("incident"), outlet=meta.get("outlet") or row.get("outlet"), published_precision=precision)
