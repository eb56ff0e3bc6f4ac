"""The rules of rules/crime_news.toml: readings that serve only US local crime news (charges,
court steps), loaded apart from the war-reporting rules."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

with open(Path(__file__).with_name("rules") / "crime_news.toml", "rb") as _handle:
    _RULES = tomllib.load(_handle)

MURDER_CHARGE = re.compile(_RULES["murder-charges"]["charge"])
MURDER_CHARGE_RULE = _RULES["murder-charges"]["id"]
MULTIPLE_KILLING: dict[str, int] = _RULES["multiple-killing"]["numbers"]
KILLING_NOUNS = tuple(_RULES["multiple-killing"]["nouns"])
MULTIPLE_KILLING_RULE = _RULES["multiple-killing"]["id"]
COURT_STEP_BEFORE = re.compile(_RULES["court-step"]["before"], re.IGNORECASE)
