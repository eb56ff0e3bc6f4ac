"""Loaders for evaluation data sets annotated by other people (read from ../shared/data or a path
given by the user; never copied into the repository). Each loader turns its format and its
annotators' conventions into `Item`s in the model's vocabulary, so the harness compares like with
like and no dataset convention leaks into the extractor."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

DEFAULT_ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@dataclass
class Item:
    id: str
    text: str
    published: Optional[dt.date]
    gold: dict = field(default_factory=dict)
    group: Optional[str] = None          # the gold incident, for linking data sets
    outlet: Optional[str] = None         # who published it, when the data set says
    published_precision: str = "day"     # "month" or "year" when the page states only that much


LOADERS: dict[str, Callable[..., Iterator[Item]]] = {}


def loader(name: str):
    def register(fn):
        LOADERS[name] = fn
        return fn
    return register


def load(name: str, path: Optional[Path] = None, **options) -> list[Item]:
    """A data set's items; `options` are the loader's own (`texts=` for `conflict`)."""
    if name not in LOADERS:
        raise KeyError(f"unknown data set {name!r}; known: {', '.join(sorted(LOADERS))}")
    return list(LOADERS[name](path, **options))


def parse_date(value) -> Optional[dt.date]:
    return dt.date.fromisoformat(value[:10]) if value else None


from evalsets import conflict, ecbplus, gva, isaf, seeds  # noqa: E402,F401  (registers the loaders)
