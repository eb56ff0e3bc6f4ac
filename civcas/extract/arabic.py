"""Arabic reports read into the same ReportFacts as English ones: date, place, parties, means and
casualty claims with claimant and scope, field values in their English form, each claim keeping
its Arabic sentence as written.

spaCy has no Arabic parser, so the grammar is token patterns: spaCy's Arabic tokenizer
(`spacy.blank("ar")`) on the normalised text (arabic_text.py), a token `Matcher` with the
patterns of rules/casualties.toml [ar], and word tables with ids in the same rule files as the
English ones ([ar] tables of casualties, claimants, scope and actors) and rules/arabic.toml
(numbers, dates, places, means). Figures follow the English rules (numbers.py); the date, the
belligerents and scope by date or party are decided by the English reader's own steps."""
from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from civcas.extract import (STATES, _belligerents, _incident_date, _restated, _Sentence, claims as cl,
                            places as pl, scope as sc, without_struck_state)
from civcas.extract.actors import STATE_FORCES, unlisted_states
from civcas.extract.arabic_text import normalise, normalise_with_offsets
from civcas.extract.claimants import outlet_type
from civcas.extract.dates import Anchor, DateMention, _month_year, _weekday_before, anchor
from civcas.extract.numbers import MAX_FIGURE, VAGUE_QUANTITIES, Quantity, apply_qualifier
from civcas.extract.version import extractor_version
from civcas.gazetteer import MIN_SKELETON, Gazetteer, arabic_index, latin_keys, skeleton
from civcas.model import PARTIES, Claim, Report, ReportFacts, Statement, fold_party, leading
from civcas.text import Sentence, paragraphs

RULES = Path(__file__).with_name("rules")
NUM = "<num>"
_SENT_END = re.compile(r"[.!?؟]+[\"'”’»)\]]*(?=\s)|\n")
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[/-](\d{1,2})[/-]((?:19|20)\d\d)(?!\d)")


def _load(name: str) -> dict:
    with open(RULES / name, "rb") as handle:
        return tomllib.load(handle)


def _words(values: Iterable[str]) -> list[str]:
    return [" ".join(normalise(v).split()) for v in values]


@dataclass
class _Tables:
    """The rule files' Arabic tables, normalised once (see each file for what a table means)."""
    count_words: dict[str, list[str]]
    people: dict[str, list[str]]
    patterns: list[tuple[str, list[dict]]]
    reporting: "Phrases"               # value: "according" (claimant after) | "verb"
    stances: "Phrases"                 # value: "denies" | "acknowledges"
    not_reporting: frozenset
    end: frozenset
    bodies: "Phrases"                  # value: claimant type
    national: "Phrases"                # value: claimant type, when a country's adjective follows
    relayed_from: frozenset
    source_in: frozenset
    clause_openers: "Phrases"
    continues: "Phrases"               # a figure adding to the count the sentence before gave
    outlets: "Phrases"                 # news outlets (a party's own too), which relay a source they name
    cumulative: list[tuple[str, re.Pattern]]
    other: list[tuple[str, re.Pattern]]
    comparison: list[tuple[str, re.Pattern]]
    aliases: "Phrases"                 # value: party
    adjectives: dict[str, str]         # adjective → party
    forces: frozenset
    strikes: frozenset
    modifiers: frozenset
    not_striker: frozenset
    place_before: frozenset
    outlet_words: frozenset
    unknown_striker: "Phrases"
    home: "Phrases"
    coalition_words: "Phrases"
    coalition: dict[str, str]          # country → party
    numbers: dict
    not_counts: frozenset
    vague: "Phrases"                   # value: the English vague word
    qualifiers: dict[tuple[str, ...], str]
    after_qualifiers: "Phrases"
    weekdays: dict[str, int]
    months: "Phrases"                  # value: month number
    hijri_months: "Phrases"
    hijri_year: frozenset
    year_words: frozenset
    ordinals: "Phrases"                # value: day of the month
    since: frozenset
    relative: "Phrases"                # value: the [[dates.relative]] row
    said: frozenset
    civilian: frozenset
    attack: frozenset
    admin1_words: frozenset
    countries: "Phrases"               # value: ISO code
    demonyms: dict[str, str]           # a nisba adjective in each of its forms → ISO code
    unknown_words: frozenset
    target_words: frozenset
    not_places: frozenset
    means: "Phrases"                   # value: model.MEANS
    lexicon: frozenset = frozenset()
    number_starts: frozenset = frozenset()     # first words of number words and vague quantities


@lru_cache(maxsize=1)
def tables() -> _Tables:
    cas, claimants, scope, actors = (_load(f)["ar"] for f in ("casualties.toml", "claimants.toml", "scope.toml",
                                                               "actors.toml"))
    own = _load("arabic.toml")
    by_id = {p.id: p.name for p in PARTIES}
    dates, places = own["dates"], own["places"]
    t = _Tables(
        count_words={k: _words(v) for k, v in cas["words"].items()},
        people={k: _words(v) for k, v in cas["people"].items()},
        patterns=[(row["id"], row["pattern"]) for row in cas["count"]],
        reporting=Phrases([(w, "according") for w in claimants["reporting"]["according"]] +
                          [(w, "verb") for key in ("verbs", "denies", "acknowledges") for w in claimants["reporting"][key]]),
        end=frozenset(_words(claimants["reporting"]["end"])),
        not_reporting=frozenset(_words(claimants["reporting"]["not_before"])),
        stances=Phrases([(w, "denies") for w in claimants["reporting"]["denies"]] +
                        [(w, "acknowledges") for w in claimants["reporting"]["acknowledges"]]),
        bodies=Phrases((w, row["type"]) for row in claimants["body"] for w in row["words"]),
        national=Phrases((w, row["type"]) for row in claimants["body"] for w in row.get("national", ())),
        relayed_from=frozenset(_words(claimants["reporting"]["relayed_from"])),
        source_in=frozenset(_words(claimants["reporting"]["source_in"])),
        clause_openers=Phrases((w, "opener") for w in claimants["reporting"]["clause_openers"]),
        continues=Phrases((w, "continues") for w in claimants["continues"]["words"]),
        outlets=Phrases((w, row["type"]) for row in claimants["body"] if row.get("outlet") for w in row["words"]),
        cumulative=[(row["id"], re.compile(row["pattern"])) for row in scope["cumulative"]],
        other=[(row["id"], re.compile(row["pattern"])) for row in scope["other"]],
        comparison=[(row["id"], re.compile(row["pattern"])) for row in scope["comparison"]],
        aliases=Phrases((w, by_id[row["id"]]) for row in actors["actor"] for w in row.get("aliases", ())),
        adjectives={w: by_id[row["id"]] for row in actors["actor"] for w in _words(row.get("adjectives", ()))} |
                   {w: by_id[party] for party, _, stems in unlisted_states(actors["actor"], actors["states"])
                    for w in _words(stem + x for stem in stems for x in ("", "ة"))},
        forces=frozenset(_words(actors["forces"]["words"])),
        strikes=frozenset(_words(actors["forces"]["strikes"])),
        modifiers=frozenset(_words(actors["forces"]["modifiers"])),
        not_striker=frozenset(_words(actors["forces"]["not_striker"])),
        place_before=frozenset(_words(actors["forces"]["place_before"])),
        outlet_words=frozenset(_words(actors["forces"]["outlet_words"])),
        unknown_striker=Phrases((w, "unknown") for w in actors["forces"]["unknown"]),
        home=Phrases((w, "home") for w in actors["home"]["words"]),
        coalition_words=Phrases((w, "coalition") for w in actors["home"]["coalition_words"]),
        coalition={cc: by_id[i] for cc, i in actors["home"]["coalition"].items()},
        numbers={kind: {w: int(value) for value, forms in own["numbers"][kind].items() for w in _words(forms)}
                 for kind in ("units", "tens", "hundreds", "thousands")} | {"teen": set(_words(own["numbers"]["teen"]))},
        not_counts=frozenset(_words(own["numbers"]["not_counts"])),
        vague=Phrases(own["vague"]["words"].items()),
        qualifiers={tuple(normalise(k).split()): v for k, v in own["qualifiers"]["before"].items()},
        after_qualifiers=Phrases(own["qualifiers"]["after"].items()),
        weekdays={w: i for i, names in enumerate(dates["weekdays"]) for w in _words(names)},
        months=Phrases((w, i + 1) for i, names in enumerate(dates["months"]) for w in names),
        hijri_months=Phrases((w, i + 1) for i, names in enumerate(dates["hijri_months"]) for w in names),
        hijri_year=frozenset(_words(dates["hijri_year"])),
        year_words=frozenset(_words(dates["year_words"])),
        ordinals=Phrases((w, i + 1) for i, w in enumerate(dates["ordinals"])),
        since=frozenset(_words(dates["since"])),
        relative=Phrases((w, row) for row in dates["relative"] for w in row["words"]),
        said=frozenset(_words(dates["context"]["said"])),
        civilian=frozenset(_words(cas["people"]["civilians"])),
        attack=frozenset(_words(dates["context"]["attack"])),
        admin1_words=frozenset(_words(places["admin1"])),
        countries=Phrases((w, cc) for cc, names in places["countries"].items() for w in names),
        demonyms={w + x: cc for cc, stems in places["demonyms"]["countries"].items() for w in _words(stems)
                  for x in _words(places["demonyms"]["suffixes"])},
        unknown_words=frozenset(_words(places["unknown"])),
        target_words=frozenset(_words(places["target"])),
        not_places=frozenset(_words(places["not_places"])),
        means=Phrases((w, row["means"]) for row in own["means"] for w in row["words"]))
    single = [w for words in (*t.count_words.values(), *t.people.values()) for w in words]
    numbers = [w for kind in ("units", "tens", "hundreds", "thousands") for w in t.numbers[kind]]
    t.number_starts = frozenset(numbers) | frozenset(t.vague.by_first)
    t.lexicon = frozenset(single) | frozenset(numbers) | t.numbers["teen"] | t.forces | t.modifiers | \
        {w for k in t.qualifiers for w in k}
    return t


# --- tokens ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _nlp():
    import spacy
    return spacy.blank("ar")


@lru_cache(maxsize=65536)
def forms(token: str) -> tuple[str, ...]:
    """A token and what it is without its clitics: the conjunctions و/ف, the prepositions ب/ل
    (ل + the article is لل) and the article ال. The token as written comes first."""
    out = [token]
    if (len(token) > 2 or token[1:].isdigit()) and token[0] in "وف":       # "و6"
        out.append(token[1:])
    for f in list(out):
        if f.startswith("لل") and len(f) > 3:
            out.append("ال" + f[2:])
        elif (len(f) > 2 or f[1:].isdigit()) and f[0] in "بل":
            out.append(f[1:])
    for f in list(out):
        if f.startswith("ال") and len(f) > 3:
            out.append(f[2:])
    return tuple(dict.fromkeys(out))


@dataclass
class _Tok:
    start: int           # offsets in the normalised text
    end: int
    text: str
    forms: tuple[str, ...]
    tanween: bool = False    # written with a final ً: "روسيًا" (Russian-, adverb), never "روسيا" (Russia)

    def is_(self, words) -> bool:
        return any(f in words for f in self.forms)


_TRAILING = re.compile(r"^(.+?)([.،,:؛!?؟\"'»”)]+)$")


def _split_punct(start: int, text: str) -> list[_Tok]:
    """A token as spaCy's Arabic tokenizer leaves it, with punctuation it left attached ("33.")
    split off."""
    m = _TRAILING.match(text)
    if not m:
        return [_Tok(start, start + len(text), text, forms(text))]
    word, punct = m.groups()
    return [_Tok(start, start + len(word), word, forms(word)),
            _Tok(start + len(word), start + len(text), punct, (punct,))]


def _phrase_at(toks: list[_Tok], i: int, phrase: tuple[str, ...]) -> bool:
    """Whether the phrase's words stand at token i; each may carry clitics (و, ب, ال …)."""
    return i + len(phrase) <= len(toks) and all(w in toks[i + k].forms for k, w in enumerate(phrase))


class Phrases:
    """Phrases of a rule table, each with a value, indexed by their first word so a sentence is
    read once whatever the table's size."""

    def __init__(self, items: Iterable[tuple[str, object]]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], object]]] = defaultdict(list)
        for text, value in items:
            phrase = tuple(normalise(text).split())
            if phrase:
                self.by_first[phrase[0]].append((phrase, value))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def find(self, toks: list[_Tok]) -> list[tuple[int, int, object]]:
        """(start, end, value) of each phrase in the tokens, the longest where two start together."""
        out, i = [], 0
        while i < len(toks):
            hit = next(((p, v) for f in toks[i].forms for p, v in self.by_first.get(f, ())
                        if _phrase_at(toks, i, p)), None)
            if hit:
                out.append((i, i + len(hit[0]), hit[1]))
                i += len(hit[0])
            else:
                i += 1
        return out


# --- quantities -----------------------------------------------------------------------------------

def _number(toks: list[_Tok], i: int) -> Optional[tuple[int, Optional[int], bool, int]]:
    """(min, max, vague, end) of the number starting at token i: digits, number words
    ("خمسة وعشرون", "ثلاثة عشر", "ثلاثة آلاف") or a vague word ("عشرات")."""
    t = tables()
    if not (toks[i].is_(t.number_starts) or any(f[:1].isdigit() for f in toks[i].forms)):
        return None
    vague = t.vague.find(toks[i:i + 3])
    if vague and vague[0][0] == 0:
        _, end, english = vague[0]
        lo, hi = VAGUE_QUANTITIES[english] if english in VAGUE_QUANTITIES else \
            (VAGUE_QUANTITIES[english.split(" of ")[0]][0] * 1000, None)          # "tens of thousands"
        return lo, hi, True, i + end
    total, current, j, last = 0, 0, i, None
    n = t.numbers
    # what may follow, joined by و: a unit takes its tens ("خمسة وعشرون"), a hundred or a thousand
    # anything smaller; a unit after a unit is another count ("طفل واحد وثماني نساء")
    joins = {"units": ("tens",), "hundreds": ("units", "tens", "digits"),
             "thousands": ("hundreds", "units", "tens", "digits"), "digits": (), "tens": ()}
    while j < len(toks):
        tok = toks[j]
        digits = next((f for f in tok.forms if _DIGITS.match(f)), None)
        word = next((f for f in tok.forms if any(f in n[k] for k in ("units", "tens", "hundreds", "thousands"))), None)
        kind = "digits" if digits else next((k for k in ("units", "tens", "hundreds", "thousands") if word in n[k]), None)
        if j == i:
            if kind is None or (kind == "thousands" and word == "الاف"):
                return None
        elif kind == "thousands" and tok.text[0] != "و" and last in ("digits", "units", "tens", "hundreds"):
            current = (current or 1) * n["thousands"][word]          # "ثلاثة آلاف", "71 ألفا"
            total, current, last = total + current, 0, "thousands"
            j += 1
            continue
        elif tok.text in n["teen"] and last == "units" and current < 10:
            current += 10                                            # "ثلاثة عشر"
            last = "tens"
            j += 1
            continue
        elif not (tok.text[0] == "و" and kind in joins.get(last, ())):
            break
        if kind == "digits":
            current += int(digits.replace(",", ""))
        elif kind == "thousands":
            total, current = total + n["thousands"][word], 0
        else:
            current += n[kind][word]
        last = kind
        j += 1
    value = total + current
    return value, value, False, j


@dataclass(frozen=True)
class _Quantity:
    first: int           # token indexes
    end: int
    q: Quantity          # offsets in the normalised text
    joined: bool         # written with و before it: "وثماني نساء"


def _quantities(toks: list[_Tok]) -> list[_Quantity]:
    """Every quantity with its qualifier ("ما لا يقل عن 10", "10 مدنيين على الأقل"), read by the
    English rules through the qualifier's English word."""
    t = tables()
    out, i = [], 0
    while i < len(toks):
        found = _number(toks, i)
        if not found:
            i += 1
            continue
        lo, hi, vague, end = found
        if lo > MAX_FIGURE or (end < len(toks) and toks[end].is_(t.not_counts)):
            i = end                                  # "15 عاما", "24 ساعة": an age, a time
            continue
        first, qualifier = i, None
        for phrase, english in sorted(t.qualifiers.items(), key=lambda kv: -len(kv[0])):
            k = i - len(phrase)
            if k >= 0 and all(toks[k + m].text == w or w in toks[k + m].forms for m, w in enumerate(phrase)):
                first, qualifier = k, english
                break
        if qualifier is None:
            qualifier = next((english for _, _, english in t.after_qualifiers.find(toks[end:end + 4])), None)
        if not vague:
            lo, hi = apply_qualifier(qualifier, lo, hi)
        out.append(_Quantity(first, end, Quantity(toks[first].start, toks[end - 1].end, "", lo, hi, vague),
                             toks[first].text[0] == "و" and len(toks[first].forms) > 1))
        i = end
    return out


# --- sentences --------------------------------------------------------------------------------------

def _sentences(norm: str) -> list[Sentence]:
    out = []
    for number, (p_start, p_end) in enumerate(paragraphs(norm)):
        start = p_start
        for m in _SENT_END.finditer(norm, p_start, p_end):
            if norm[start:m.end()].strip():
                out.append(Sentence(start, m.end(), number, norm[start:m.end()]))
            start = m.end()
        if norm[start:p_end].strip():
            out.append(Sentence(start, p_end, number, norm[start:p_end]))
    return out


@dataclass
class _ArSentence(_Sentence):
    """An Arabic sentence: `s` holds the original text and offsets, `toks` the normalised tokens."""
    toks: list[_Tok] = field(default_factory=list)
    norm: str = ""
    source: str = ""                                   # the report's text
    offsets: list[int] = field(default_factory=list)   # normalised offset → the text's
    parties: list[tuple[int, int, str]] = field(default_factory=list)    # (token start, end, party)
    reporting: list["_Attribution"] = field(default_factory=list)    # its reporting phrases
    told: Optional["_Attribution"] = None              # the source its figures continue (none of its own)


# --- the reader -------------------------------------------------------------------------------------

def extract(report: Report, gaz: Gazetteer) -> ReportFacts:
    """What an Arabic report says about its main incident, in the English reader's terms."""
    t = tables()
    text = report.text
    norm, offsets = normalise_with_offsets(text)
    doc = _nlp()(norm)
    all_toks = [piece for tok in doc if not tok.is_space for piece in _split_punct(tok.idx, tok.text)]
    for tok in all_toks:
        tok.tanween = "\u064b" in text[offsets[tok.start]:offsets[tok.end]]
    read: list[_ArSentence] = []
    k = 0
    for s in _sentences(norm):
        toks = []
        while k < len(all_toks) and all_toks[k].start < s.end:
            if all_toks[k].start >= s.start:
                toks.append(all_toks[k])
            k += 1
        original = Sentence(offsets[s.start], offsets[s.end], s.paragraph,
                            " ".join(text[offsets[s.start]:offsets[s.end]].split()))
        attack = any(tok.is_(t.attack) or tok.is_(_kinds()) for tok in toks)
        # the lead is the first sentence: Arabic wire copy often runs as one paragraph
        weight = (2.0 if s.paragraph == 0 and not read else 1.0) * (2.0 if attack else 1.0)
        read.append(_ArSentence(original, [], [], [], [], weight, attack, toks=toks, norm=s.text,
                                source=text, offsets=offsets))
    reference = anchor(report.published, report.published_precision) or anchor(_first_full_date(read))
    for r in read:
        r.dates = _dates(r, reference)
    found_places = _place_mentions(read, gaz)
    nationals = _demonyms(read, gaz)
    country = pl.main_country(found_places + nationals)
    _read_at_home(found_places, country, gaz)
    antecedent: Optional[tuple[str, str]] = None
    named: dict[str, _Attribution] = {}          # an earlier claimant of several words, by its first word
    previous: list[_Attribution] = []            # the sentence before's reporting phrases
    for r in read:
        r.reporting = [_named_before(r.toks, a, named) for a in _attributions(r, antecedent)]
        if not r.reporting and previous and t.continues.find(r.toks):
            r.told = previous[-1]                # "وأدت الضربة أيضا إلى إصابة 50": the count before's source
        previous = r.reporting
        for a in r.reporting:
            if a.words[1] - a.words[0] > 1:
                named[r.toks[a.words[0]].forms[-1]] = a
        if r.reporting:
            antecedent = r.reporting[-1].claimant, r.reporting[-1].type
        r.parties = _parties(r.toks, country)
        r.agents = _agents(r)
    figures = _figures(read, offsets)
    _scope_by_wording(read)
    date, precision, source = _incident_date(read, reference, bool(report.published))
    if not _from_text(source):                   # the attack told in the pluperfect ("وكان التحالف قصف في ...")
        told = _incident_date(_as_incident(read, EARLIER), reference, bool(report.published))
        if _from_text(told[2]):
            date, precision, source = told
    if date:
        sc.by_period(read, date, precision)
    alleged = _belligerents(read) or _told_before(read)
    sc.by_party(read, {fold_party(p) for p in alleged}, fold_party)
    for mention in found_places + nationals:
        scope_weight = next((1.0 if r.scope == sc.INCIDENT else 0.25 for r in read
                             if r.s.start <= mention.start < r.s.end), 1.0)
        mention.weight *= scope_weight
    facts = ReportFacts(report_id=report.id, date=date, date_precision=precision, date_source=source,
                        belligerents=alleged, means=_means(read))
    facts.place, facts.places_mentioned = pl.choose_place(found_places + nationals, gaz)
    facts.belligerents = alleged = without_struck_state(alleged, read, facts.place)
    facts.words = _content_words(all_toks)
    for r in read:
        for first, f, rule in figures.get(id(r), []):
            facts.claims.append(_claim(report, r, first, f, rule, alleged))
        if r.scope == sc.INCIDENT:
            facts.statements.extend(_statements(report, r, alleged, bool(figures.get(id(r)))))
    _restated(facts.claims)
    facts.extractor_version = extractor_version()
    for claim in facts.claims:
        claim.extractor_version = facts.extractor_version
    return facts


# --- figures ----------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _matcher():
    """The Matcher of the [[ar.count]] patterns, "@class" expanded to the class's words."""
    from spacy.matcher import Matcher
    t = tables()
    w = t.count_words
    classes = {
        "before": w["killed_before"] + w["wounded_before"] + w["missing_before"],
        "after": w["killed_after"] + w["wounded_after"] + w["missing_after"],
        "verbs": w["killed_verbs"] + w["wounded_verbs"],
        "people": [x for v in t.people.values() for x in v],
        "implied": w["one"] + w["two"],
    } | {k: v for k, v in w.items()}
    matcher = Matcher(_nlp().vocab)
    for rule_id, pattern in t.patterns:
        expanded = []
        for token in pattern:
            token = dict(token)
            norm = token.get("NORM")
            if isinstance(norm, str) and norm.startswith("@"):
                token["NORM"] = {"IN": [x for x in classes[norm[1:]] if " " not in x]}
            expanded.append(token)
        matcher.add(rule_id, [expanded])
    return matcher


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    """Casualty word → the kind of harm it reports (the first kind listing it)."""
    w = tables().count_words
    out: dict[str, str] = {}
    for kind in ("killed", "wounded", "missing"):
        for part in ("before", "after", "verbs"):
            for word in w.get(f"{kind}_{part}", ()):
                out.setdefault(word, kind)
    for word in w["fate"] + w["fate_verbs"]:
        out.setdefault(word, "killed")
    return out


@lru_cache(maxsize=1)
def _after_words() -> frozenset:
    w = tables().count_words
    return frozenset(w["killed_after"] + w["wounded_after"] + w["missing_after"])


def _kind_of(word: str) -> Optional[str]:
    return _kinds().get(word)


@lru_cache(maxsize=1)
def _populations() -> dict[str, str]:
    out: dict[str, str] = {}
    for pop, words in tables().people.items():
        for word in words:
            out.setdefault(word, pop)
    return out


def _population(word: str) -> Optional[str]:
    return _populations().get(word)


def _norm_of(tok: _Tok, lexicon: set[str]) -> str:
    return next((f for f in tok.forms if f in lexicon), tok.text)


def _figures(read: list[_ArSentence], offsets: list[int]) -> dict[int, list[tuple[int, cl.Figure, str]]]:
    """Per sentence: (token index of the count, figure, rule id) of each figure the patterns read."""
    from spacy.tokens import Doc
    t = tables()
    nlp = _nlp()
    out: dict[int, list] = {}
    for r in read:
        if not r.toks:
            continue
        quantities = _quantities(r.toks)
        words, starts, qs = [], [], {}
        i = 0
        by_first = {q.first: q for q in quantities}
        while i < len(r.toks):
            if i in by_first:
                q = by_first[i]
                qs[len(words)] = q
                words.append(NUM)
                starts.append(i)
                i = q.end
            else:
                words.append(_norm_of(r.toks[i], t.lexicon))
                starts.append(i)
                i += 1
        if not qs and not any(w in _kinds() for w in words):
            continue
        doc = Doc(nlp.vocab, words=words)
        for token, word in zip(doc, words):
            token.norm_ = word
        found: dict[int, tuple[cl.Figure, str]] = {}
        order = {rule: n for n, (rule, _) in enumerate(t.patterns)}
        matches = sorted(_matcher()(doc), key=lambda m: (order[nlp.vocab.strings[m[0]]], m[1]))
        for match_id, start, end in matches:
            rule = nlp.vocab.strings[match_id]
            figure = _read_match(rule, words, start, end, qs, found)
            if figure:
                position, kind, population, lo, hi = figure
                if position in found:
                    continue
                q = qs.get(position)
                first_tok = r.toks[starts[position]]
                last_tok = r.toks[(q.end if q else starts[position] + 1) - 1]
                clitic = next((len(first_tok.text) - len(f) for f in first_tok.forms
                               if f.isdigit() or f in t.lexicon), 0)      # "و48" is 48
                qstart, qend = offsets[first_tok.start + clitic], offsets[last_tok.end]
                quantity = Quantity(qstart - r.s.start, qend - r.s.start, "", lo, hi, q.q.vague if q else False)
                found[position] = (cl.Figure(quantity, kind, population, rule), rule)
        if found:
            out[id(r)] = [(starts[p], f, rule) for p, (f, rule) in sorted(found.items())]
    return out


def _read_match(rule: str, words: list[str], start: int, end: int, qs: dict[int, _Quantity],
                found: dict) -> Optional[tuple[int, str, str, int, Optional[int]]]:
    """(count position, kind, population, min, max) of one pattern match, or None when the words
    count neither kind ("قتلى وجرحى": killed or wounded)."""
    span = range(start, end)
    number = next((i for i in span if words[i] == NUM), None)
    if rule.endswith(".implied-subject"):
        if start and words[start - 1] == NUM:
            return None                                  # "استشهد 27 شخصا وأصيب آخرون": counted already
        kind = _kind_of(words[end - 1])
        return (start, kind, _population(words[start]) or "unspecified", 1, 1) if kind else None
    if rule.endswith(".implied"):
        word = words[end - 1]
        kind = _kind_of(words[start])
        if end < len(words) and words[end] == NUM:               # "طفل واحد", "طفلين اثنين"
            q = qs[end].q
            return (end, kind, _population(word) or "unspecified", q.min, q.max) if kind else None
        count = 2 if word in tables().count_words["two"] else 1
        return (end - 1, kind, _population(word) or "unspecified", count, count) if kind else None
    if number is None:
        return None
    q = qs[number].q
    if rule.endswith(".among") or rule.endswith(".and"):
        if rule.endswith(".and") and not qs[number].joined:
            return None
        before = [f for p, (f, _) in found.items() if p < number]
        if not before:
            return None
        kind = before[-1].kind
    else:              # the casualty noun right after the count decides ("... إلى 15 مصابا")
        kind = _kind_of(words[number + 1]) if number + 1 < len(words) and \
            words[number + 1] in _after_words() else None
        kind = kind or next((k for i in span if i != number for k in [_kind_of(words[i])] if k), None)
    if kind is None or _combined(words, start, end, number, kind):
        return None
    after = []
    for word in words[number + 1:number + 5]:
        if word == NUM or word in tables().count_words["among"]:
            break                          # "طفل واحد وثماني نساء", "8 قتلى بينهم طفلان": the next count's
        after.append(word)
    population = next((p for w in after + words[start:number][::-1] for p in [_population(w)] if p), "unspecified")
    return number, kind, population, q.min, q.max


def _combined(words: list[str], start: int, end: int, number: int, kind: str) -> bool:
    """"76 قتيلا وجريحا", "مقتل وإصابة 20", "استشهاد وإصابة ستة": a count of killed or wounded, not
    of either. A word of the other kind with its own number after it ("قتلوا وأصيب 51") begins the
    next figure."""
    w = tables().count_words
    triggers = {*w["killed_before"], *w["wounded_before"], *w["missing_before"]}
    before = [x for x in words[max(0, start - 1):number] if x in triggers]     # "مقتل وإصابة 20"
    after = []                                           # "أكثر من 27 بين قتيل وجريح", up to the next count
    for x in words[number + 1:max(end, number + 4)]:
        if x == NUM:
            break
        after.append(x)
    kinds_before = {_kind_of(x) for x in before} - {None}
    other_after = [i for i, x in enumerate(after, number + 1) if _kind_of(x) not in (None, kind)
                   and not (i + 1 < len(words) and words[i + 1] == NUM)]
    return len(kinds_before | {kind}) > 1 or bool(other_after and any(_kind_of(x) for x in words[number + 1:other_after[0]]))


# --- scope ------------------------------------------------------------------------------------------

def _scope_by_wording(read: list[_ArSentence]) -> None:
    """A sentence is a tally when it says so (منذ بداية الحرب, خلال الـ24 ساعة الماضية), another
    strike when it tells an earlier one; the rules are [[ar.cumulative]] and [[ar.other]]."""
    t = tables()
    for r in read:
        own = r.norm.strip()
        for _, pattern in t.comparison:          # "أفظع مجازر العدوان منذ 8 تشرين الأول": the compared event
            own = pattern.sub(" ", own)
        for scope, rules in (("cumulative", t.cumulative), ("other", t.other)):
            rule = next((rid for rid, pattern in rules if pattern.search(own)), None)
            if rule:
                r.scope, r.scope_rule = scope, rule
                break


# --- claimants --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Attribution:
    at: int              # token index of the reporting phrase
    kind: str            # "according" (the claimant follows: وفق، بحسب) | "verb"
    claimant: str        # as written
    type: str
    words: tuple[int, int] = (0, 0)     # token span of the claimant's words
    outlet: bool = False                # a news outlet names it ("وفقا لموقع النشرة")


_QUOTES = {"«", "»", '"', "“", "”", "'"}
_ARMED = {p.name: p.kind != "state forces" for p in PARTIES}


def _attributions(r: _ArSentence, antecedent: Optional[tuple[str, str]]) -> list[_Attribution]:
    """Each reporting phrase with its claimant: "وفق ما أفاد المرصد", "بحسب مصادر طبية", "قال
    الدفاع المدني". The claimant's words run to "أن", a preposition, a day or a punctuation mark;
    a verb with none after it ("شهود عيان قالوا إن", "X، الناطق باسم وزارة الصحة، قال لـ"إفي" إن")
    has its subject before it, or else ("وأضاف أن") is the claimant named before, in the sentence or
    the one before."""
    t = tables()
    toks = r.toks
    out = []
    for start, end, kind in t.reporting.find(toks):
        if start and toks[start - 1].is_(t.not_reporting):
            continue                                     # "فضل عدم ذكر اسمه"
        if kind == "verb" and toks[start].text.startswith("ال"):
            continue                                     # "التابع لوزارة الصحة": a verb takes no article
        j = end
        if kind == "according":                       # "وفق ما أفاد المرصد", "وفقا لما أفادت به"
            j += j < len(toks) and toks[j].text in ("ما", "لما")
            verb = t.reporting.find(toks[j:j + 2])
            j = j + verb[0][1] if verb and verb[0][0] == 0 else j
            j += j < len(toks) and toks[j].text in ("به", "بها")
        first = j
        while j < len(toks) and j - first < 8 and not toks[j].is_(t.end) and not toks[j].is_(t.weekdays) \
                and not toks[j].is_(_kinds()) and not toks[j].text[:1].isdigit() \
                and not toks[j].is_(_lone_qualifiers()):      # "ناشطون بمقتل 6", "أحصت نحو 2070"
            j += 1
        relayed = _relayed_from(toks, j) if kind == "verb" else None
        typed_from = None                                # "مصدر في السلطة المحلية": typed by the body it is in
        if relayed:
            first, j = relayed
        elif j > first and j < len(toks) and toks[j].is_(t.source_in) and _claimant_type(toks[first:j]) == "unnamed":
            typed_from, j = _body_at(toks, j + 1) or (None, j)
        elif kind == "verb" and (j == first or _addressee(toks[first:j])):
            first, j = _subject_before(toks, start) or (j, j)
        if j > first:
            words = toks[first:j]
            named = [w for w in toks[typed_from or first:j] if w.text not in _QUOTES]          # "قناة « المسيرة »"
            out.append(_Attribution(start, kind, _original(r, words[0].start, words[-1].end), _claimant_type(named),
                                    (first, j), _outlet(named)))
        elif out:                                        # "أكدت الوكالة أنها أحصت": the one it named
            out.append(replace(out[-1], at=start, kind=kind))
        elif antecedent:
            out.append(_Attribution(start, kind, *antecedent))
    return out


@lru_cache(maxsize=1)
def _lone_qualifiers() -> frozenset:
    """One-word qualifiers ("نحو", "حوالي"): a number follows, not a claimant's name."""
    return frozenset(words[0] for words in tables().qualifiers if len(words) == 1)


SUBJECT_BODY_WITHIN = 5      # tokens from a sentence's start: "يوسف الحاضري، الناطق باسم وزارة الصحة"


def _addressee(words: list[_Tok]) -> bool:
    """Whether a reporting verb's words only say whom it told: "لـ"إفي"", "لوكالة الأناضول"."""
    head = words[0].text
    if head[:1] != "ل" or head.startswith("ال"):
        return False
    rest = head[1:].lstrip("ـ")
    return not rest or rest[:1] in _QUOTES or bool(tables().bodies.find([_Tok(0, 0, rest, forms(rest))]))


def _subject_before(toks: list[_Tok], verb: int) -> Optional[tuple[int, int]]:
    """The claimant written before its verb, from the sentence's start or the clause's ("لكن مصادر
    خاصة أكدت"): when a body of the claimant tables opens it (within SUBJECT_BODY_WITHIN tokens, no
    "أن" or preposition before it: not a clause before the report)."""
    t = tables()
    first = max((e for _, e, _ in t.clause_openers.find(toks[:verb])), default=0)
    end = verb
    while end > first and toks[end - 1].text in _QUOTES | {"،", ","}:
        end -= 1
    words = toks[first:end]
    bodies = t.bodies.find(words)
    if not bodies or bodies[0][0] >= SUBJECT_BODY_WITHIN or t.reporting.find(words):
        return None                                     # "وقال مصدر أمني إن …، وأضاف": that one's own subject
    opening = words[:bodies[0][0]]                      # "بعد أن قصف الجيش": a clause, not a subject
    return None if any(w.is_(t.end) and w.text[:1].isalpha() for w in opening) else (first, end)


def _named_before(toks: list[_Tok], a: _Attribution, named: dict[str, _Attribution]) -> _Attribution:
    """"وذكرت الخلية" after "أعلنت خلية الإعلام الأمني": one word with the article is the claimant
    named before in full, whose first word it is."""
    first, end = a.words
    if end - first != 1 or not toks[first].text.startswith("ال"):
        return a
    fuller = named.get(toks[first].forms[-1])
    return replace(a, claimant=fuller.claimant, type=fuller.type) if fuller else a


def _relayed_from(toks: list[_Tok], j: int) -> Optional[tuple[int, int]]:
    """The token span of the source a claimant relays ("نقل مراسل الجزيرة عن مصادر طبية"): the
    words after "عن" up to the next end word, when they open with a body the tables know."""
    return _body_at(toks, j + 1) if j < len(toks) and toks[j].is_(tables().relayed_from) else None


def _body_at(toks: list[_Tok], first: int) -> Optional[tuple[int, int]]:
    """The token span of the words at `first` up to the next end word, when they open with a body
    the claimant tables know."""
    t = tables()
    end = first
    while end < len(toks) and end - first < 8 and not toks[end].is_(t.end) and not toks[end].text[:1].isdigit():
        end += 1
    bodies = t.bodies.find(toks[first:end])
    return (first, end) if bodies and bodies[0][0] == 0 else None


def _original(r: _ArSentence, start: int, end: int) -> str:
    """The report's own words between two offsets of the normalised text."""
    return " ".join(r.source[r.offsets[start]:r.offsets[end]].split())


def _outlet(words: list[_Tok]) -> bool:
    """Whether the first body the claimant's words name is a news outlet (a party's own too)."""
    t = tables()
    bodies, outlets = t.bodies.find(words), t.outlets.find(words)
    return bool(outlets) and outlets[0][0] == bodies[0][0]


def _claimant_type(words: list[_Tok]) -> str:
    """The first body the claimant's words name decides, a vague one ("تقارير", "مصادر") only when
    no other is named ("تقارير من الشرطة" is the police's); an armed group's own media speak as
    the group (`belligerent`); else a party named makes it `belligerent`; else a claimant no table
    knows (a person's name) is `unnamed`."""
    t = tables()
    found = t.bodies.find(words)
    bodies = [b for b in found if b[2] != "unnamed"] or found
    national = [(s, e, kind) for s, e, kind in t.national.find(words) if e < len(words) and words[e].is_(t.demonyms)]
    if national and (not bodies or national[0][0] <= bodies[0][0]):
        return national[0][2]                # "الصليب الأحمر اللبناني": a national society; "السلطات الأوكرانية"
    if bodies and bodies[0][2] == "journalist" and any(_ARMED.get(p) for _, _, p in _parties(words, None)):
        return "belligerent"                 # "وسائل إعلام تابعة للحوثيين"
    if bodies:
        return bodies[0][2]
    return "belligerent" if _parties(words, None) else "unnamed"


def _claim(report: Report, r: _ArSentence, token_index: int, f: cl.Figure, rule: str, alleged: list[str]) -> Claim:
    """The figure with its source: "according to X" after it scopes it, else the nearest
    reporting phrase before it, else the first after, else the source of the count before it
    continues; none: the outlet's own word. A news outlet "according to" which a source the
    sentence names spoke relays that source ("أكدت وزارة الصحة ... وفقا لموقع النشرة"), whose
    figure it is (rule ar.claimant.outlet-relays)."""
    according = [a for a in r.reporting if a.at > token_index and a.kind == "according"]
    if according and according[0].outlet:
        relayed = [a for a in r.reporting if not a.outlet and a.type != "unnamed"]
        according = [a for a in relayed if a.at <= token_index][-1:] or relayed[:1] or according
    before = [a for a in r.reporting if a.at <= token_index]
    after = [a for a in r.reporting if a.at > token_index]
    a = according[0] if according else before[-1] if before else after[0] if after else r.told
    claimant, kind = (a.claimant, a.type) if a else (None, outlet_type(report.outlet))
    parties = [] if f.kind != "killed" else (r.agents or (alleged if r.scope == sc.INCIDENT and len(alleged) == 1 else []))
    start, end = r.s.start + f.quantity.start, r.s.start + f.quantity.end
    return Claim(kind=f.kind, population=f.population, min=f.quantity.min, max=f.quantity.max,
                 qualifier=report.text[start:end], claimant=claimant, claimant_type=kind, stance="asserts",
                 scope=r.scope, sentence=r.s.text, start=start, end=end, report_id=report.id, parties=parties,
                 rule="+".join(filter(None, (rule, r.scope_rule))))


def _statements(report: Report, r: _ArSentence, alleged: list[str], figures: bool) -> Iterable[Statement]:
    """A party's word on its own part: its reporting phrases in an incident sentence ("نفى الجيش
    الإسرائيلي استهداف المدنيين" denies); a plain statement counts only with a figure."""
    t = tables()
    folded = {fold_party(p) for p in alleged}
    for a in r.reporting:
        ws, we = a.words
        parties = [p for _, _, p in _parties(r.toks[ws:we], None) if fold_party(p) in folded]
        if not parties:
            continue
        stance = next((v for s, _, v in t.stances.find(r.toks[a.at:a.at + 1]) if s == 0), "asserts")
        if stance == "asserts" and not figures:
            continue
        yield Statement(party=parties[0], stance=stance, claimant=a.claimant, sentence=r.s.text, start=r.s.start,
                        end=r.s.end, report_id=report.id, about_civilians=any(tok.is_(t.civilian) for tok in r.toks))


# --- dates ------------------------------------------------------------------------------------------

def hijri_to_gregorian(year: int, month: int, day: int) -> Optional[dt.date]:
    """The arithmetical (tabular) Islamic calendar: within a day or two of the sighted one."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    jdn = day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
    try:
        return dt.date.fromordinal(jdn - 1721425)
    except ValueError:
        return None


def _day_number(tok: _Tok, top: int) -> Optional[int]:
    digits = next((f for f in tok.forms if f.isdigit()), None)
    return int(digits) if digits and 1 <= int(digits) <= top else None


def _year_at(toks: list[_Tok], i: int, low: int, high: int) -> Optional[int]:
    if i < len(toks):
        digits = next((f for f in toks[i].forms if f.isdigit()), None)
        if digits and low <= int(digits) <= high:
            return int(digits)
    return None


def _absolute(toks: list[_Tok], i: int, latest: Optional[dt.date]) -> Optional[tuple[int, dt.date, str]]:
    """(end, date, rule) of "13 نوفمبر 2017", "13 تشرين الثاني/نوفمبر", "5 ربيع الأول 1440 هـ" at token i;
    a day without its year is the latest such day's year not after `latest` (publication's end)."""
    t = tables()
    if not (toks[i].text == "ال" or toks[i].text[:1].isdigit() or toks[i].is_(t.ordinals.by_first)):
        return None
    day, after = _day_number(toks[i], 31), i + 1
    if day is None and toks[i].text == "ال" and i + 1 < len(toks):
        day, after = _day_number(toks[i + 1], 31), i + 2                   # "في الـ 13 من تشرين الثاني"
    ordinal = t.ordinals.find(toks[i:i + 3]) if day is None else None
    if ordinal and ordinal[0][0] == 0:
        day, after = ordinal[0][2], i + ordinal[0][1]                       # "في الثامن من أكتوبر"
    if day is None or after >= len(toks):
        return None
    if toks[after].text == "من" and after + 1 < len(toks):
        after += 1
    elif ordinal:
        return None                                                         # "الثامن" alone is no date
    month = t.months.find(toks[after:after + 3])
    if month and month[0][0] == 0:
        end = after + month[0][1]
        if end + 1 < len(toks) and toks[end].text == "/" and t.months.find(toks[end + 1:end + 3]):
            end += 1 + t.months.find(toks[end + 1:end + 3])[0][1]          # "تشرين الثاني/نوفمبر"
        between = 0                                                         # "نوفمبر الجاري من العام الحالي 2017"
        while between < 4 and end + between < len(toks) and toks[end + between].is_(t.year_words):
            between += 1
        year = _year_at(toks, end + between, 1900, 2100)
        if year:
            end += between + 1
        year = year or _month_year(latest, month[0][2], None)
        if year is None:
            return None
        try:
            return end, dt.date(year, month[0][2], day), "ar.date.day-month"
        except ValueError:
            return None
    hijri = t.hijri_months.find(toks[after:after + 3])
    if hijri and hijri[0][0] == 0:
        end = after + hijri[0][1]
        year = _year_at(toks, end, 1300, 1500)
        date = hijri_to_gregorian(year, hijri[0][2], day) if year else None
        if date:
            end += 1 + (end + 1 < len(toks) and toks[end + 1].is_(t.hijri_year))
            return end, date, "ar.date.hijri"
    return None


def _dates(r: _ArSentence, at: Optional[Anchor]) -> list[DateMention]:
    """The sentence's dates: full dates, weekdays ("فجر الخميس", "ليل السبت": a night is the day it
    began) and relative words (أمس، اليوم) counted from publication. A day right after a reporting
    word ("أعلن المرصد الخميس") is the day it was said; one beside an attack word names the attack.
    With only the month or year of publication known, "5 حزيران" takes its year from it, while a
    weekday or "أمس" dates nothing."""
    t = tables()
    toks = r.toks
    found: list[tuple[int, int, dt.date, str, str]] = []
    relative = {s: (e, v) for s, e, v in t.relative.find(toks)}
    published = at.day if at else None
    i = 0
    while i < len(toks):
        absolute = _absolute(toks, i, at.end if at else None)
        if absolute:
            end, date, rule = absolute
            found.append((i, end, date, "day", rule))
            i = end
            continue
        told = _relative(relative[i][1], at) if i in relative else None
        if told:
            end, row = relative[i]
            found.append((i, end, *told, row["id"]))
            i = end
            continue
        weekday = next((t.weekdays[f] for f in toks[i].forms if f in t.weekdays), None)
        if weekday is not None and published and not (i + 1 < len(toks) and _day_number(toks[i + 1], 31)) \
                and not (found and found[-1][1] == i and found[-1][4] == "ar.date.weekday"):
            found.append((i, i + 1, _weekday_before(published, weekday), "day", "ar.date.weekday"))
        i += 1
    out = []
    for start, end, date, precision, rule in found:
        if _after_since(toks, start):
            continue                                     # "منذ السبت": the start of a period
        before = toks[max(0, start - 6):start]
        said_at = max((k for k, tok in enumerate(before) if tok.is_(t.said)), default=None)
        about = said_at is not None and not any(tok.is_(t.attack) for tok in before[said_at:])
        attack = any(tok.is_(t.attack) for tok in toks[max(0, start - 4):start] + toks[end:end + 2])
        a, b = r.offsets[toks[start].start] - r.s.start, r.offsets[toks[end - 1].end] - r.s.start
        out.append(DateMention(a, b, date, precision, r.s.text[a:b] if b <= len(r.s.text) else "", about and not attack,
                               names_attack=attack and not about, rule=rule))
    return out


def _relative(row: dict, at: Optional[Anchor]) -> Optional[tuple[dt.date, str]]:
    """(date, precision) of a relative phrase: "الشهر الماضي" counted from the month of
    publication, "أمس" from its day; None when the anchor does not tell that much."""
    if at and "months" in row and at.precision != "year":
        first = at.date.replace(day=1)
        for _ in range(-row["months"]):
            first = (first - dt.timedelta(days=1)).replace(day=1)
        return first, "month"
    if at and at.day and "months" not in row:
        return at.day + dt.timedelta(days=row["days"]), row.get("precision", "day")
    return None


def _after_since(toks: list[_Tok], start: int) -> bool:
    """A date right after "منذ" (since), its article or a word between: the start of a period."""
    since = tables().since
    return bool(start and toks[start - 1].is_(since) or start > 1 and toks[start - 2].is_(since))


def _first_full_date(read: list[_ArSentence]) -> Optional[dt.date]:
    """A report without a publication date is dated from the first full date of its lead, not
    from one a period is counted since ("العدوان المستمر منذ 8 تشرين الأول 2023" began long before)."""
    for r in read[:3]:
        for i in range(len(r.toks)):
            absolute = _absolute(r.toks, i, None)
            if absolute and not _after_since(r.toks, i):
                return absolute[1]
    return None


# --- places -----------------------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    """How common a word is in Arabic (wordfreq); `word` as written in the report (the
    normaliser's ا, ه and ي would hide أ, ة and ى), with a possessive ending off ("سوقها")."""
    from wordfreq import zipf_frequency
    stem = re.sub(r"(?:ها|هم|هن|ه)$", "", word)
    return max(zipf_frequency(word, "ar"), zipf_frequency(stem, "ar") if len(stem) >= 3 else 0.0)


def _common(tok: _Tok, r: "_ArSentence", form: str, limit: Optional[float] = None) -> bool:
    """A frequent Arabic word ("جنوب", "أثناء", "بيان") is the word, not a small place that bears
    it: the name as matched (`form`, clitics off) or the whole word as written ("وكشفت" is not
    "و" + "ك" + a town "شفت")."""
    written = r.source[r.offsets[tok.start]:r.offsets[tok.end]]
    whole = written[1:] if len(tok.forms) > 1 and tok.forms[1] == tok.text[1:] and tok.text[0] in "وف" else written
    name = written[len(tok.text) - len(form):]
    return max(_zipf(whole), _zipf(name)) >= (limit or COMMON_ZIPF)


COMMON_ZIPF, BIG_CITY = 4.5, 100_000
UNKNOWN_ZIPF = 3.5          # a name the gazetteer lacks is a rare word: "شمالي" or "أثناء" is not one
TARGET_ZIPF = 1.0           # and where no place word says so, only an attack's target ("هجوم على X"), a word
                            # Arabic text hardly uses: "مصيف" (a resort) or "ثكنة" (a barracks) is a target, not a name


def _place_mentions(read: list[_ArSentence], gaz: Gazetteer) -> list[pl.Mention]:
    """Place names through GeoNames' Arabic names (gazetteer.arabic_index): the longest name at
    each token, its clitics stripped. After "محافظة" or "ريف" a name is its admin-1 unit ("ريف
    إدلب" is Idlib governorate); after "بلدة", "قرية" … a name the gazetteer lacks is kept as
    written, placed by the text's other names."""
    t = tables()
    index = arabic_index()
    out = []
    for r in read:
        toks = r.toks
        # "الخرطوم - أ ب": where the wire filed from, not where it happened
        weight = pl.DATELINE_WEIGHT if len(toks) <= 6 and any(tok.text in ("-", "–", "—") for tok in toks) else r.weight
        country_at = {s: (e, cc) for s, e, cc in t.countries.find(toks) if not toks[e - 1].tanween}
        i = 0
        while i < len(toks):
            if i in country_at:
                end, cc = country_at[i]
                entries = [e for e in gaz.lookup(gaz.country_names.get(cc, "")) if e.kind == "country"]
                if entries:
                    out.append(pl.Mention("country:" + cc, r.offsets[toks[i].start], weight, entries))
                i = end
                continue
            hit = _place_at(r, i, index, gaz, t)
            if hit:
                end, entries, name = hit
                if i and toks[i - 1].is_(t.admin1_words):
                    units = {e.geonameid: e for e in entries if e.kind == "admin1"}
                    for e in entries:
                        unit = gaz.admin1(e.country_code, e.admin1_code) if e.kind == "city" else None
                        if unit:
                            units.setdefault(unit.geonameid, unit)
                    entries = list(units.values()) or entries
                out.append(pl.Mention(name, r.offsets[toks[i].start], weight, entries))
                i = end
                continue
            units = _unit_by_sound(toks[i], gaz) if i and toks[i - 1].is_(t.admin1_words) and _unknown_name(toks[i], r, t) else []
            if units:
                out.append(pl.Mention(toks[i].forms[0], r.offsets[toks[i].start], weight, units, "province", guessed=True))
                i += 1
                continue
            if i and (_place_word(toks[i - 1], t) and _unknown_name(toks[i], r, t)
                      or _attacked(toks, i, t) and _unknown_name(toks[i], r, t, TARGET_ZIPF)):
                out.append(pl.Mention(_original(r, toks[i].start, toks[i].end), r.offsets[toks[i].start], weight, []))
            i += 1
    return out


@lru_cache(maxsize=1)
def _sounds() -> tuple[dict[str, list[str]], list[str]]:
    sounds = _load("arabic.toml")["places"]["sounds"]
    return sounds["letters"], sounds["initial"]


MAX_SPELLINGS = 256


def _unit_by_sound(tok: _Tok, gaz: Gazetteer) -> list:
    """The admin-1 units a name after an admin-1 word is spelled like in Latin letters ("ولاية
    بكتيكا": Paktika), where GeoNames gives it no Arabic name (rule ar.places.unit-by-sound): its
    Latin spellings' consonant skeletons against the gazetteer's admin-1 units. Each form of the
    word (clitics off) is tried, the whole word first."""
    letters, initial = _sounds()
    for form in sorted(tok.forms, key=len, reverse=True):
        spellings = [""]
        for k, ch in enumerate(form):
            options = letters.get(ch) or (initial if k == 0 else [""])
            spellings = [s + o for s in spellings for o in options][:MAX_SPELLINGS]
        units = {e.geonameid: e for s in spellings if len(skeleton(s)) > MIN_SKELETON
                 for e in gaz.lookup(s, fuzzy=True) if e.kind == "admin1"}
        if units:
            return list(units.values())
    return []


def _place_word(tok: _Tok, t: _Tables) -> bool:
    """"بلدة", "بقرية": a place word that names the place after it. With the article it is the
    place itself ("في المدينة مأساوي": the city is tragic): a noun naming what follows takes none."""
    return any(f in t.unknown_words and "ال" + f not in tok.forms for f in tok.forms)


_POSSESSIVE = re.compile(r"(?:ها|هم|هن|ه)$")


def _attacked(toks: list[_Tok], i: int, t: _Tables) -> bool:
    """Token i is the target of an attack: "هجوم على X", "هجومهم الليلي على X" (an attack word, a
    possessive ending allowed, at most one word before the preposition)."""
    if i < 2 or not toks[i - 1].is_(t.target_words):
        return False
    return any(f in t.attack or _POSSESSIVE.sub("", f) in t.attack
               for tok in toks[max(0, i - 3):i - 1] for f in tok.forms)


def _read_at_home(found: list[pl.Mention], country: Optional[str], gaz: Gazetteer) -> None:
    """A name whose every reading is a small town abroad is read again through those towns' Latin
    names in the report's country: GeoNames gives some towns' Arabic names only to a namesake
    abroad (Djibouti's Tadjoura holds "تاجوراء", Libya's Tajura none). A big city abroad is that
    city ("موسكو" in a Syrian report is Moscow), and a name with a reading at home keeps it."""
    keys = latin_keys()
    for mn in found:
        if not country or not mn.entries or any(e.country_code == country or e.kind != "city"
                                                or e.population >= BIG_CITY for e in mn.entries):
            continue
        home = {h.geonameid: h for e in mn.entries for k in keys.get(e.geonameid, ())
                for h in gaz.lookup(k) if h.country_code == country}
        if home:
            mn.entries = list(home.values())


def _demonyms(read: list[_ArSentence], gaz: Gazetteer) -> list[pl.Mention]:
    """Country demonyms ("حراس ليبيين", "مسؤولين ليبيين", rule ar.places.demonym) as votes for the
    report's country, one name per country whatever its forms, counted as plainly as a unit word
    (the English rule places.demonym-place): a people's word has no homonym abroad, a small town's
    Arabic name may be known to GeoNames only in another country. A party's adjective ("طائرات
    روسية") says who struck, not where, and does not count."""
    t = tables()
    out = []
    for r in read:
        for tok in r.toks:
            cc = next((t.demonyms[f] for f in tok.forms if f in t.demonyms), None)
            if cc and not tok.tanween and not tok.is_(t.adjectives):
                entries = [e for e in gaz.lookup(gaz.country_names.get(cc, "")) if e.kind == "country"
                           and e.country_code == cc]
                if entries:
                    out.append(pl.Mention("demonym:" + cc, r.offsets[tok.start], 2.0 * r.weight, entries))
    return out


@lru_cache(maxsize=1)
def _first_words() -> frozenset:
    return frozenset(name.split(" ", 1)[0] for name in arabic_index())


def _place_at(r: _ArSentence, i: int, index: dict, gaz: Gazetteer, t: _Tables):
    """(end, entries, name) of the longest gazetteer name at token i; the name without its clitics,
    so "بتاجوراء" and "تاجوراء" are one name when names are counted."""
    toks = r.toks
    if not toks[i].is_(_first_words()):
        return None
    for n in (4, 3, 2, 1):
        if i + n > len(toks):
            continue
        rest = [tok.text for tok in toks[i + 1:i + n]]
        for f in toks[i].forms:
            if len(f) < 3 or (n == 1 and (f in t.lexicon or f in t.weekdays or f in t.unknown_words
                                            or f in t.admin1_words or toks[i].is_(t.not_places))):
                continue
            ids = index.get(" ".join([f, *rest]))
            if not ids or _names_party(f, rest, t):
                continue
            entries = _units_of_cities([gaz.entries[g] for g in ids if g in gaz.entries])
            if n == 1 and _common(toks[i], r, f) and not any(e.kind == "country" or e.population >= BIG_CITY
                                                          for e in entries):
                continue
            if entries:
                return i + n, entries, " ".join([f, *rest])
    return None


def _names_party(first: str, rest: list[str], t: _Tables) -> bool:
    """"التحالف" is the coalition, not a hamlet of Hadramawt that bears the word."""
    phrase = (first, *rest)
    return any(p == phrase for table in (t.aliases, t.coalition_words, t.home) for p, _ in table.by_first.get(first, ()))


def _units_of_cities(entries: list) -> list:
    """"صنعاء" names the city and two governorates: of units named like a city, those that hold it."""
    held = {(e.country_code, e.admin1_code) for e in entries if e.kind == "city"}
    units = [e for e in entries if e.kind == "admin1"]
    if len(units) < 2 or not any((e.country_code, e.admin1_code) in held for e in units):
        return entries
    return [e for e in entries if e.kind != "admin1" or (e.country_code, e.admin1_code) in held]


def _unknown_name(tok: _Tok, r: _ArSentence, t: _Tables, limit: float = UNKNOWN_ZIPF) -> bool:
    word = tok.forms[-1]
    return len(word) >= 3 and "\u0600" <= word[0] <= "\u06ff" and not tok.is_(t.lexicon) \
        and not tok.is_(t.unknown_words) and not tok.is_(t.weekdays) and not tok.is_(t.not_places) \
        and not _common(tok, r, word, limit)


# --- parties ----------------------------------------------------------------------------------------

def _parties(toks: list[_Tok], country: Optional[str]) -> list[tuple[int, int, str]]:
    """(start, end, party) of each party the tokens name: an alias; an adjective after a force
    word ("طائرات روسية", "الطيران الحربي الإسرائيلي"); in the report's own country its "regime
    forces" and its coalition ("التحالف"). The longest reading wins; a party right after a target
    word ("مواقع للحوثيين") is struck, not striking; a state's name after a place word ("في أوكرانيا",
    "بباكستان"), a place."""
    t = tables()
    names = [(s, e, party) for s, e, party in t.aliases.find(toks) if not toks[e - 1].tanween]
    readings = list(names)
    # the report's own army is named beside a strike on its soil for other deeds ("فرض الجيش
    # اللبناني طوقا امنيا" beside the victims): by its adjective, only where the sentence strikes
    own = STATES.get(country) if country and not any(tok.is_(t.strikes) for tok in toks) else None
    for j, tok in enumerate(toks):
        party = next((t.adjectives[f] for f in tok.forms if f in t.adjectives), None)
        if party is None or party == own:
            continue
        k = j - 1          # up to three modifiers between: "طائرات حربية يرجح أنها أردنية"
        while k >= 0 and j - k <= 4 and toks[k].is_(t.modifiers) and not toks[k].is_(t.forces):
            k -= 1
        if k >= 0 and j - k <= 4 and toks[k].is_(t.forces):
            while k and toks[k - 1].is_(t.forces):
                k -= 1                                   # "طيران الاحتلال الروسي": all of it Russia's
            readings.append((k, j + 1, party))
    if country:
        home, coalition = STATES.get(country), t.coalition.get(country)
        readings += [(s, e, home) for s, e, _ in t.home.find(toks) if home]
        readings += [(s, e, coalition) for s, e, _ in t.coalition_words.find(toks) if coalition]
    kept = [r for r in readings if not any(o is not r and o[0] <= r[0] and r[1] <= o[1] and o[1] - o[0] > r[1] - r[0]
                                           for o in readings)]
    placed = {r for r in names if (r[0] and toks[r[0] - 1].is_(t.place_before))    # not "في غارات روسية"
              or (r[2] in STATE_FORCES and _with_in(toks[r[0]], t))}
    kept = [r for r in kept if not _struck(toks, r[0], t) and r not in placed]
    return sorted(set(kept))


def _with_in(tok: _Tok, t: _Tables) -> bool:
    """"بباكستان" ("in Pakistan"): a name written with the preposition ب, not one that opens with
    the letter ("بوكو حرام")."""
    bare = tok.text[1:] if tok.text[:1] in "وف" else tok.text
    return bare[:1] == "ب" and bare[1:] in t.aliases.by_first and bare not in t.aliases.by_first


def _agents(r: _ArSentence) -> list[str]:
    """The parties a sentence presents as striking: a party named in a sentence with a strike word
    ("استهدفت", "غارة"), or a force of theirs ("طائرات روسية", "جيش الاحتلال") in a sentence of
    harm; not a claimant speaking ("نفت حركة حماس"), nor the struck (see _parties), nor an outlet
    named after a country ("إيران برس"), nor a possibility after words saying the striker is not
    known ("لا يعلم ما إذا كانت روسية أم تابعة للنظام")."""
    t = tables()
    strike = any(tok.is_(t.strikes) for tok in r.toks)
    speaking = [a.words for a in r.reporting]
    verbs = {a.at for a in r.reporting}
    unknown = min((s for s, _, _ in t.unknown_striker.find(r.toks)), default=len(r.toks))
    return list(dict.fromkeys(
        party for s, e, party in r.parties
        if (strike or (r.attack and any(tok.is_(t.forces) for tok in r.toks[s:e])))
        and not any(ws <= s < we for ws, we in speaking) and e not in verbs       # "وحماس تنفي"
        and not (e < len(r.toks) and r.toks[e].is_(t.outlet_words)) and s < unknown))


def _told_before(read: list[_ArSentence]) -> list[str]:
    """A report whose lead is the toll or a reaction tells the attack in the pluperfect ("وكان جيش
    الاحتلال قصف ..."), which the scope rule reads as an earlier event: when no incident sentence
    names a striker, those sentences' strikers are the incident's."""
    return _belligerents(_as_incident(read, EARLIER))


def _from_text(source: Optional[str]) -> bool:
    """Whether an incident date came from the text's dates, not the publication date."""
    return bool(source) and not source.startswith(("publication date", "the text's first full date"))


def _as_incident(read: list[_ArSentence], rule: str) -> list[_ArSentence]:
    """The sentences a scope rule moved off the incident, read as the incident's."""
    return [replace(r, scope=sc.INCIDENT) for r in read if r.scope_rule == rule]


EARLIER = "ar.scope.other.earlier"


def _struck(toks: list[_Tok], start: int, t: _Tables) -> bool:
    """A target or victim word just before the party, or before the preposition before it
    ("مواقع للحوثيين", "القيادي في حركة حماس", "المواجهة مع تنظيم الدولة")."""
    k = start - 1
    if k >= 0 and toks[k].text in ("في", "من", "مع", "ضد", "على"):
        return toks[k].text in ("مع", "ضد", "على") or (k > 0 and toks[k - 1].is_(t.not_striker))
    # the word before, or the one before that ("القائد العام لكتائب القسام")
    return any(toks[j].is_(t.not_striker) for j in (k, k - 1) if j >= 0)


# --- means and words --------------------------------------------------------------------------------

def _means(read: list[_ArSentence]) -> list[str]:
    counts: Counter = Counter()
    for r in read:
        if r.scope == sc.INCIDENT and r.attack:
            for means in {m for _, _, m in tables().means.find(r.toks)}:
                counts[means] += r.weight
    return leading(counts)


def _content_words(toks: list[_Tok], limit: int = 120) -> dict[str, int]:
    """The report's word profile for text similarity: its Arabic words without clitics."""
    counts: Counter = Counter(tok.forms[-1] for tok in toks if len(tok.forms[-1]) >= 3 and not tok.forms[-1].isdigit()
                              and not tok.is_(tables().lexicon))
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
