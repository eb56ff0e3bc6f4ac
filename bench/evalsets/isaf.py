"""ISAF press releases (Strick van Linschoten, CC BY-SA 4.0): one item per event, with the
annotators' gold. Their convention for vague words ("several" → 3) is the model's vague table's;
nothing here changes it. Every item was published by ISAF's press office (the outlet a user
ingesting these releases would record)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Optional

from evalsets import DEFAULT_ROOT, Item, loader, parse_date


PUBLISHER = "ISAF Joint Command"


@loader("isaf")
def load_isaf(path: Optional[Path] = None) -> Iterator[Item]:
    path = Path(path or DEFAULT_ROOT / "isaf" / "dev.jsonl")
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            gold = row["gold"]
            province = (gold.get("province") or [""])[0]
            events = {e for value in gold.get("event_type") or [] for e in value.split(";") if e}
            yield Item(row["id"], row["text"], parse_date(row.get("published")), {
                "killed": gold.get("min_killed"),
                "start_date": parse_date(gold.get("start_date")),
                "province": province or None,
                "airstrike": bool(gold.get("airstrike")) or "airstrike" in events,
                "captured": gold.get("min_captured"),
            }, outlet=PUBLISHER)
