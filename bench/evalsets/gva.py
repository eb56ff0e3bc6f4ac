"""Gun Violence Archive articles (SemEval-2018 Task 5 pool; research data): one item per
document with its incident's killed and injured counts, date and city. A document filed under two
incidents appears once, with the first incident's gold and both ids in `incidents`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Optional

from evalsets import DEFAULT_ROOT, Item, loader, parse_date


@loader("gva")
def load_gva(path: Optional[Path] = None) -> Iterator[Item]:
    folder = Path(path or DEFAULT_ROOT / "gva")
    incidents = {}
    with open(folder / "incidents.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            incidents[row["incident_id"]] = row
    docs: dict[str, Item] = {}
    with open(folder / "documents.jsonl", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if doc["doc_id"] in docs:
                docs[doc["doc_id"]].gold["incidents"].append(doc["incident_id"])
                continue
            incident = incidents.get(doc["incident_id"], {})
            docs[doc["doc_id"]] = Item(doc["doc_id"], doc["text"] or "", parse_date(doc.get("published")), {
                "killed": incident.get("killed"), "injured": incident.get("injured"),
                "date": parse_date(incident.get("date")), "city": incident.get("city_or_county"),
                "state": incident.get("state"), "incidents": [doc["incident_id"]], "title": doc.get("title"),
                "url": doc.get("url"),
            }, group=doc["incident_id"])
    yield from docs.values()


def articles(documents: Path) -> list[dict]:
    """The articles of a GVA-shaped documents.jsonl as they were published, each once and only
    those with text: the real news pages the intake and store-size benchmarks replay."""
    seen, out = set(), []
    with open(documents, encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if doc["doc_id"] not in seen and doc["text"].strip():
                seen.add(doc["doc_id"])
                out.append(doc)
    return out
