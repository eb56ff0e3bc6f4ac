"""JSON Lines: one incident per line, the reference shape of every other format."""
import json

from civcas.export import exporter


@exporter("jsonl")
def jsonl_lines(records):
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"
