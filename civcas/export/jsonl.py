"""JSON Lines: one incident per line, the reference shape of every other format."""
import json

from civcas.export import exporter


@exporter("jsonl")
def write_jsonl(records, out) -> None:
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
