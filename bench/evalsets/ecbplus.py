"""ECB+ (Cybulska & Vossen, LREC 2014; CC BY 3.0): 982 news texts in 43 topics, each topic two real
events of one kind. One item per document; its gold group is (topic, ecb|ecbplus)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator, Optional

from evalsets import DEFAULT_ROOT, Item, loader

_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]'’”]|n't|'s)")
_NO_SPACE_AFTER = re.compile(r"([(\[“$]) ")


def detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))


@loader("ecbplus")
def load_ecbplus(path: Optional[Path] = None) -> Iterator[Item]:
    folder = Path(path or DEFAULT_ROOT / "ecbplus" / "xml")
    for file in sorted(folder.glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name)):
        root = ET.parse(file).getroot()
        sentences: dict[int, list[str]] = {}
        for token in root.iter("token"):
            sentences.setdefault(int(token.get("sentence")), []).append(token.text or "")
        plus = file.name.endswith("ecbplus.xml")
        body = [detokenize(words) for number, words in sorted(sentences.items()) if not (plus and number == 0)]
        topic = file.parent.name
        yield Item(file.stem, "\n\n".join(body), None, {"topic": topic},
                   group=f"{topic}-{'ecbplus' if plus else 'ecb'}")
