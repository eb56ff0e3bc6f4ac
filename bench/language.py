"""What the language detector of `civcas ingest` gets right and wrong, on reports whose language
people labelled: our hand-labelled war reports (English, Arabic, French; texts as scratch copies
outside the repository) and the English sets of ../shared/data (GVA articles, ISAF releases).

    python bench/language.py [--conflict-texts DIR DIR] [--short-words 12]

Each report is detected whole and cut to its first words (`--short-words`: as short as a
headline or a channel's one-line post), against a baseline printed in the same run: the script
alone (Arabic letters → ar, else en — which cannot tell French from English). Every miss is listed
with what it was taken for and the detector's confidence; reports the detector was unsure of
(ingest stores them with a warning) are counted.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from civcas.ingest.language import detect

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "data"
LABELS = [HERE / "labels" / "conflict.jsonl", HERE / "labels" / "conflict_ar_fr.jsonl"]
TEXTS = [Path("/work/scratch/conflict"), Path("/work/scratch/conflict_ar_fr")]
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


def labelled(labels: list[Path], texts: list[Path]) -> list[tuple[str, str, str]]:
    """(id, language, text) of the hand-labelled reports whose text is at hand."""
    out = []
    for path, folder in zip(labels, texts):
        for row in map(json.loads, filter(str.strip, path.read_text(encoding="utf-8").splitlines())):
            text_file = folder / f"{row['id']}.txt"
            if text_file.exists():
                out.append((row["id"], row.get("language") or "en", text_file.read_text(encoding="utf-8")))
    return out


def shared_english(path: Path, name: str, key: str) -> list[tuple[str, str, str]]:
    with open(path, encoding="utf-8") as handle:
        return [(f"{name}:{row[key]}", "en", row["text"] or "") for row in map(json.loads, handle) if row["text"]]


def by_script(text: str) -> str:
    return "ar" if len(ARABIC_LETTER.findall(text)) > len(LATIN_LETTER.findall(text)) else "en"


def score(items: list[tuple[str, str, str]], short_words: int) -> dict:
    rows = {"whole": Counter(), "short": Counter(), "script": Counter()}
    misses, unsure = [], 0
    for item_id, gold, text in items:
        (got, warning), short = detect(text), " ".join(text.split()[:short_words])
        rows["whole"][got == gold] += 1
        rows["short"][detect(short)[0] == gold] += 1
        rows["script"][by_script(text) == gold] += 1
        unsure += warning is not None
        if got != gold:
            misses.append(f"{item_id}: {gold} read as {got} ({warning or 'confident'})")
        elif detect(short)[0] != gold:
            misses.append(f"{item_id}: {gold}, its first {short_words} words read as {detect(short)[0]}")
    return {"n": len(items), **{k: v[True] / max(1, len(items)) for k, v in rows.items()}, "unsure": unsure,
            "misses": misses}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conflict-texts", nargs=2, type=Path, default=TEXTS)
    parser.add_argument("--short-words", type=int, default=12)
    args = parser.parse_args()
    everything = labelled(LABELS, args.conflict_texts)
    sets = {f"hand-labelled {code}": [i for i in everything if i[1] == code] for code in ("en", "ar", "fr")}
    sets["GVA articles (en)"] = shared_english(SHARED / "gva" / "documents.jsonl", "gva", "doc_id")
    sets["ISAF releases (en)"] = shared_english(SHARED / "isaf" / "dev.jsonl", "isaf", "id")
    print(f"Language detection (py3langid, as civcas ingest) — whole report, its first {args.short_words} words, "
          "and the script-only baseline\n")
    print("| set | reports | whole | first words | baseline: script | stored with a low-confidence warning |")
    print("|---|---|---|---|---|---|")
    misses = []
    for name, items in sets.items():
        got = score(items, args.short_words)
        print(f"| {name} | {got['n']} | {got['whole']:.3f} | {got['short']:.3f} | {got['script']:.3f} | {got['unsure']} |")
        misses += got["misses"]
    print("\nMisses:" if misses else "\nNo misses.")
    for line in misses:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
