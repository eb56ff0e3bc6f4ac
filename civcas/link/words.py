"""A report's words as the linker sees them: a rarity-weighted profile, its key words, its subject."""
from __future__ import annotations

import math
from typing import Optional


def profile(words: dict[str, int], rarity: dict[str, float]) -> dict[str, float]:
    """A report's words weighted by count (dampened) and rarity, scaled to unit length."""
    weights = {w: (1 + math.log(c)) * rarity.get(w, 0.0) for w, c in words.items()}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def similarity(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def key_words(weights: dict[str, float], count: int) -> list[str]:
    """The `count` heaviest words of a profile: two reports of one story share some of them."""
    return sorted(weights, key=lambda w: (-weights[w], w))[:count]


def subject(words: dict[str, int], rarity: dict[str, float]) -> Optional[str]:
    """The word a report repeats most for its rarity (the quake's town, the star, the company).
    Two reports of look-alike events each name their own: neither's subject is in the other."""
    return max(words, key=lambda w: (words[w] * rarity.get(w, 0.0), w)) if words else None
