"""Scores the extract stage against gold annotated by other people, beside simple baselines.

    python bench/eval_extract.py isaf|gva|seeds|claimants|conflict [--path PATH] [--texts DIR] [--limit N] [--errors K]
                                 [--language ar|fr|en]

Each report is read by the reader of its language (extract.READERS): the label's `language` for
the conflict sets, else the one civcas detects, as the pipeline does; a language no reader reads
gets empty facts. `--language` scores only the reports in that language.

`claimants` scores who claims each figure and who struck on 105 figures labelled by hand for this
project (bench/labels/claimants.jsonl: ISAF, GVA and seed document ids with character spans, no
text): self-labelled, so indicative only, not a benchmark.

Per rule id (isaf, gva): how many claims each rule read and how many were right. A count rule's
claim of this incident is right when its figure (min) equals a gold figure of the report for its
kind; a scope rule's claim (moved off the incident) is right when its figure is not the gold one.

Per field: exact-match accuracy, the number of items, and for yes/no fields precision, recall, F1
and error counts; the same figures for the baselines in the same run:
  killed (wounded): the first number, in digits or words, within five tokens before
  "killed|dead|died" ("wounded|injured"), else 0;  date: the published date;
  place: the first gazetteer name in the text;  airstrike: the word "airstrike"/"air strike".
A missing prediction counts as 0 for counts and as wrong for dates and places.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from civcas import gazetteer
from civcas.extract import READERS, extract
from civcas.ingest.language import detect
from civcas.extract.actors import canonical
from civcas.extract.dates import date_mentions
from civcas.extract.parties import party_mentions
from civcas.extract.numbers import number_value
from civcas.extract.places import mentions
from civcas.gazetteer import name_key
from civcas.model import PARTIES, Claim, Report, ReportFacts, fold_party
from evalsets import Item, load
from report_totals import report_total

_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*|\d[\d,]*")
SHOOTING = re.compile(r"\bshot\b|\bshooting|\bgunfire\b|\bgunm[ae]n\b|\bopened fire\b|\bwounded\b|\bkilled\b"
                      r"|\bgunshot|\bhomicide|\bmurder|\bdied\b|\bdead\b|\bdeaths?\b|\bfatal|\binjur|\bkilling|\bslain\b|\bslaying", re.IGNORECASE)
DEATH_WORDS = re.compile(r"\b(?:killed|dead|died|death|fatal(?:ly)?|murder(?:ed)?|homicide|slain)\b", re.IGNORECASE)
INJURY_WORDS = re.compile(r"\b(?:wounded|injured|injuries|hurt|shot)\b", re.IGNORECASE)


# --- predictions and baselines ----------------------------------------------------------------

def baseline_count(text: str, trigger: str) -> int:
    tokens = _TOKEN.findall(text)
    for i, token in enumerate(tokens):
        if re.fullmatch(trigger, token, re.IGNORECASE):
            for candidate in tokens[max(0, i - 5):i]:
                value = number_value(candidate)
                if value is not None and not value[2]:
                    return value[0]
    return 0


def province_code(gaz, name: Optional[str], country: str = "AF") -> Optional[str]:
    """An annotator's province spelling → ISO 3166-2 code, by admin-1 unit (not by string)."""
    if not name:
        return None
    for entry in gaz.lookup(name, fuzzy=True):
        if entry.kind == "admin1" and entry.country_code == country:
            return gaz.admin1_names.get(f"{entry.country_code}.{entry.admin1_code}", (None, None))[1]
    return None


def baseline_place_code(gaz, text: str) -> Optional[str]:
    for mention in mentions(text, gaz, []):
        for entry in mention.entries:
            return gaz.admin1_names.get(f"{entry.country_code}.{entry.admin1_code}", (None, None))[1]
    return None


# --- scoring ------------------------------------------------------------------------------------

@dataclass
class Field:
    name: str
    gold: list = field(default_factory=list)
    system: list = field(default_factory=list)
    baseline: list = field(default_factory=list)
    ceiling: list = field(default_factory=list)
    yes_no: bool = False

    def add(self, gold, system, baseline, ceiling=None):
        self.gold.append(gold)
        self.system.append(system)
        self.baseline.append(baseline)
        if ceiling is not None:
            self.ceiling.append(ceiling)


def accuracy(gold: list, pred: list) -> float:
    return sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0


def prf(gold: list[bool], pred: list[bool]) -> tuple[float, float, float, int, int]:
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, fp, fn


def print_table(title: str, fields: list[Field]) -> None:
    print(title)
    print(f"{'field':24} {'n':>5} {'civcas':>8} {'baseline':>9} {'ceiling':>8}   yes/no: P / R / F1 (FP, FN)")
    for f in fields:
        ceiling = f"{sum(f.ceiling) / len(f.ceiling):8.3f}" if f.ceiling else f"{'':8}"
        line = f"{f.name:24} {len(f.gold):5d} {accuracy(f.gold, f.system):8.3f} {accuracy(f.gold, f.baseline):9.3f} {ceiling}"
        if f.yes_no:
            p, r, f1, fp, fn = prf(f.gold, f.system)
            bp, br, bf1, bfp, bfn = prf(f.gold, f.baseline)
            line += (f"   civcas {p:.3f} / {r:.3f} / {f1:.3f} ({fp}, {fn});"
                     f" baseline {bp:.3f} / {br:.3f} / {bf1:.3f} ({bfp}, {bfn})")
        print(line)


@dataclass
class RuleScores:
    """Claims read and right per rule id (see the module's docstring)."""
    claims: Counter = field(default_factory=Counter)
    right: Counter = field(default_factory=Counter)

    def add(self, claims: list[Claim], gold: dict[str, Optional[int] | set[int]]) -> None:
        """`gold`: per kind, the figure (or the set of figures) the report gives for its incident."""
        for c in claims:
            wanted = gold.get(c.kind)
            if wanted is None:
                continue
            figures = wanted if isinstance(wanted, set) else {wanted}
            count_rule, *scope_rules = (c.rule or "unnamed").split("+")
            if c.scope == "incident":
                self.claims[count_rule] += 1
                self.right[count_rule] += c.min in figures
            for rule in scope_rules:
                self.claims[rule] += 1
                self.right[rule] += c.min not in figures

    def print(self) -> None:
        print(f"{'rule':40} {'claims':>7} {'right':>6} {'precision':>9}")
        for rule in sorted(self.claims, key=lambda r: (not r.startswith("count."), -self.claims[r], r)):
            print(f"{rule:40} {self.claims[rule]:7d} {self.right[rule]:6d} {self.right[rule] / self.claims[rule]:9.3f}")


# --- data sets ----------------------------------------------------------------------------------

def evaluate_isaf(items: list[Item], gaz, errors: list, rules: RuleScores) -> list[Field]:
    killed, killed_pos = Field("min killed"), Field("min killed (gold > 0)")
    date, province = Field("start date (published)"), Field("province")
    airstrike = Field("airstrike", yes_no=True)
    for item in items:
        facts = extract(_report(item), gaz)
        k, bk = report_total(facts, "killed"), baseline_count(item.text, r"killed|dead|died")
        rules.add(facts.claims, {"killed": item.gold["killed"]})
        killed.add(item.gold["killed"], k, bk)
        if item.gold["killed"]:
            killed_pos.add(item.gold["killed"], k, bk)
        if k != item.gold["killed"]:
            errors.append((item.id, "killed", item.gold["killed"], k))
        if item.published:
            date.add(item.gold["start_date"], facts.date, item.published,
                     _date_in_text(item.text, item.published, item.gold["start_date"]))
        gold_code = province_code(gaz, item.gold["province"])
        if gold_code:
            province.add(gold_code, facts.place.admin1_code if facts.place else None,
                         baseline_place_code(gaz, item.text))
        airstrike.add(item.gold["airstrike"], bool({"airstrike", "drone strike"} & set(facts.means)),
                      bool(re.search(r"\bair\s*strike", item.text, re.IGNORECASE)))
    return [killed, killed_pos, date, province, airstrike]


def _date_in_text(text: str, published: dt.date, gold: Optional[dt.date]) -> bool:
    """Whether the gold date is one the text gives: its publication date, or a day it names or
    implies ("yesterday", "Thursday", "Feb. 9") counted from it. The annotators sometimes put the
    event a day before what the text says ("yesterday" → two days before the dateline). "Overnight"
    stands for either day of its night."""
    night_before = published - dt.timedelta(days=1) if re.search(r"\bovernight\b", text, re.IGNORECASE) else None
    return gold in (published, night_before) or any(m.date == gold for m in date_mentions(text, published))


def _states(text: str, count: Optional[int], words: re.Pattern) -> bool:
    """Whether a document states a gold count (as digits or words) or implies 0 (no such words)."""
    if count is None:
        return False
    if count == 0:
        return not words.search(text)
    for token in _TOKEN.findall(text):
        value = number_value(token)
        if value and not value[2] and value[0] == count:
            return True
    return count == 1 and bool(words.search(text))


def evaluate_gva(items: list[Item], gaz, errors: list, rules: RuleScores) -> list[Field]:
    killed, injured, date = Field("killed"), Field("injured"), Field("incident date")
    state = Field("state (admin-1)")
    alarms = Field("false alarms (no shooting)", yes_no=True)
    # US shooting news has no belligerents: any party read in it (a police department, a gang, a
    # person) is a false alarm; baseline: a party-list name anywhere in the text
    party_alarms = Field("party false alarms", yes_no=True)
    for item in items:
        if not item.text.strip() or item.gold["killed"] is None:
            continue
        facts = extract(_report(item), gaz)
        party_alarms.add(False, bool(facts.belligerents), bool(party_mentions(item.text, coalition=None)))
        if facts.belligerents:
            errors.append((item.id, "party", facts.belligerents))
        if not SHOOTING.search(item.text):
            # documents that say nothing of the shooting (login walls, other pages): any casualty
            # figure read in them is a false alarm
            said = any(c.scope == "incident" and c.kind in ("killed", "wounded") for c in facts.claims)
            alarms.add(False, said, baseline_count(item.text, r"killed|dead|died") > 0)
            continue
        k, i = report_total(facts, "killed"), report_total(facts, "wounded")
        rules.add(facts.claims, {"killed": item.gold["killed"], "wounded": item.gold["injured"]})
        killed.add(item.gold["killed"], k, baseline_count(item.text, r"killed|dead|died"),
                   _states(item.text, item.gold["killed"], DEATH_WORDS))
        injured.add(item.gold["injured"], i, baseline_count(item.text, r"wounded|injured"),
                    _states(item.text, item.gold["injured"], INJURY_WORDS))
        if item.gold["date"]:
            date.add(item.gold["date"], facts.date, item.published)
        if item.gold["state"]:
            state.add(province_code(gaz, item.gold["state"], "US"), facts.place.admin1_code if facts.place else None,
                      baseline_place_code(gaz, item.text))
        if k != item.gold["killed"]:
            errors.append((item.id, "killed", item.gold["killed"], k))
    return [killed, injured, date, state, alarms, party_alarms]


def evaluate_seeds(items: list[Item], gaz, errors: list, rules: RuleScores) -> list[Field]:
    date = Field("incident date")
    for item in items:
        facts = extract(_report(item), gaz)
        date.add(item.gold["start_date"], facts.date, item.published)
    return [date]


LABELS = Path(__file__).with_name("labels") / "claimants.jsonl"
CONFLICT_LABELS = Path(__file__).with_name("labels") / "conflict.jsonl"


def first_party(text: str) -> Optional[str]:
    """Baseline: the first party of the actors file the text names."""
    found = party_mentions(text, coalition=None)
    return found[0].party if found else None


def _folded(party: Optional[str]) -> Optional[str]:
    return fold_party(party) if party else None


def evaluate_claimants(labels: list[dict], gaz, errors: list, rules: RuleScores) -> list[Field]:
    """Who claims each figure and who struck, against labels made by hand for this project
    (bench/labels/claimants.jsonl: document ids and spans). Self-labelled: indicative only.
    Baselines: claimant type "unnamed"; party = the first party the document names."""
    items = {(name, i.id): i for name in {l["dataset"] for l in labels} for i in load(name)}
    found, claimant = Field("figure found", yes_no=True), Field("claimant type")
    party_claim, party_report = Field("party (figure)"), Field("party (report's striker)")
    facts_of: dict = {}
    for label in labels:
        item = items[(label["dataset"], label["doc_id"])]
        key = (label["dataset"], label["doc_id"])
        if key not in facts_of:
            facts_of[key] = extract(_report(item), gaz)
        facts = facts_of[key]
        claim = min((c for c in facts.claims if c.start < label["end"] and label["start"] < c.end),
                    key=lambda c: abs(c.start - label["start"]), default=None)
        first = _folded(first_party(item.text))
        gold_party = _folded(label["party"])
        found.add(True, claim is not None, bool(baseline_count(item.text[label["start"]:label["end"] + 60],
                                                               r"killed|dead|died|wounded|injured")))
        claimant.add(label["claimant_type"], claim.claimant_type if claim else None, "unnamed")
        party_claim.add(gold_party, _folded(claim.parties[0]) if claim and claim.parties else None, first)
        party_report.add(gold_party, _folded(facts.belligerents[0]) if facts.belligerents else None, first)
        if claim is None or claim.claimant_type != label["claimant_type"]:
            errors.append((key, item.text[label["start"]:label["end"]], label["claimant_type"],
                           claim.claimant_type if claim else "no figure", claim.claimant if claim else ""))
    return [found, claimant, party_claim, party_report]


def _report(item: Item) -> Report:
    """The report an item is read as, its publication date as precise as the item knows it."""
    return Report(id=0, text=item.text, published=item.published, published_precision=item.published_precision,
                  outlet=item.outlet)


def _party_set(names: list[str]) -> frozenset:
    """Names as parties: each in its canonical form (a labeller's "Syria" is the Syrian
    government), a coalition counted with its lead state."""
    return frozenset(fold_party(canonical(name)) for name in names)


def evaluate_conflict(items: list[Item], gaz, errors: list, rules: RuleScores) -> list[Field]:
    """Real war reports labelled by hand (bench/labels/conflict.jsonl, texts from --texts). Striker:
    the report's belligerents as a set of parties against the gold set (a null gold with no
    belligerent is right); baseline: the first party the text names. Country: the incident place's
    country; baseline: the country of the first gazetteer name in the text. Claimant type of a found
    figure: each gold incident figure civcas also finds (an incident-scope claim of the same kind and
    lower bound), civcas's type being its first such claim's; baseline: the most frequent gold type."""
    striker, country = Field("striker (party set)"), Field("country")
    named = Field("striker named", yes_no=True)
    one_figure, every_figure = Field("a death figure found", yes_no=True), Field("every death figure found", yes_no=True)
    date, admin1 = Field("incident date"), Field("admin-1")
    typed: list[tuple[str, str]] = []
    missing = 0
    for item in items:
        if item.gold["text_missing"]:
            missing += 1
            continue
        # the labelled language, else the detector's, as the pipeline does; none read: empty facts
        reader = READERS.get(item.gold.get("language") or detect(item.text)[0])
        facts = reader(_report(item), gaz) \
            if reader else ReportFacts(report_id=0)
        gold, found = _party_set(item.gold["strikers"]), _party_set(facts.belligerents)
        first = first_party(item.text)
        striker.add(gold, found, _party_set([first] if first else []))
        named.add(bool(gold), bool(found), bool(first))
        country.add(item.gold["country"], facts.place.country_code if facts.place else None,
                    _first_country(gaz, item.text))
        if gold != found:
            errors.append((item.id, "striker", sorted(gold), sorted(found), item.gold["striker_as_written"]))
        incident_figures = [f for f in item.gold["deaths"] if f.get("scope", "incident") == "incident"]
        if item.group:
            _score_incident(item, facts, gaz, incident_figures, one_figure, every_figure, date, admin1)
        rules.add(facts.claims, {kind: {f["min"] for f in incident_figures if f["kind"] == kind} or None
                                 for kind in ("killed", "wounded")})
        for figure in item.gold["deaths"]:
            claim = next((c for c in facts.claims if c.scope == "incident" and c.kind == figure["kind"]
                          and c.min == figure["min"]), None)
            if figure.get("scope", "incident") == "incident" and claim:
                typed.append((figure["claimant_type"], claim.claimant_type))
                if claim.claimant_type != figure["claimant_type"]:
                    errors.append((item.id, "claimant", figure["claimant"], figure["claimant_type"],
                                   claim.claimant, claim.claimant_type))
    claimant = Field("claimant type (found)")
    most_frequent = Counter(gold for gold, _ in typed).most_common(1)[0][0] if typed else None
    for gold, system in typed:
        claimant.add(gold, system, most_frequent)
    print(f"conflict: {len(items) - missing} reports read, {missing} skipped (no text in the texts folder)")
    return [striker, named, country, claimant, one_figure, every_figure, date, admin1]


def _score_incident(item: Item, facts, gaz, figures: list[dict], one_figure: Field, every_figure: Field,
                    date: Field, admin1: Field) -> None:
    """The fields of a report that tells of an attack. Death figures: the gold incident killed
    figures (their lower bounds) among civcas's incident-scope killed claims; baseline: the number
    before the first "killed/dead/died". Date: baseline the publication date. Admin-1: by name,
    baseline the first gazetteer name's unit."""
    killed = {f["min"] for f in figures if f["kind"] == "killed"}
    if killed:
        found = {c.min for c in facts.claims if c.scope == "incident" and c.kind == "killed"} & killed
        guess = baseline_count(item.text, r"killed|dead|died")
        one_figure.add(True, bool(found), guess in killed)
        every_figure.add(True, found == killed, {guess} == killed)
    if item.gold["date"]:
        date.add(item.gold["date"], facts.date, item.published)
    if item.gold["admin1"]:
        gold = admin1_unit(gaz, item.gold["admin1"], item.gold["country"])
        found = admin1_unit(gaz, facts.place.admin1, facts.place.country_code) if facts.place else None
        first = _first_admin1(gaz, item.text)
        admin1.add(gold, found, admin1_unit(gaz, *first) if first else None)


def admin1_unit(gaz, name: Optional[str], country: Optional[str]) -> Optional[str]:
    """An admin-1 name → the unit it names in the country (its GeoNames code), so that a label's
    spelling ("Ash Shimal", "Amanat al Asimah") and civcas's English name of one unit ("North
    Lebanon") agree; a name no unit of the country bears stays a folded name."""
    if not name:
        return None
    for entry in gaz.lookup(name, fuzzy=True):
        if entry.kind == "admin1" and entry.country_code == country:
            return f"{entry.country_code}.{entry.admin1_code}"
    return name_key(name)


def _first_admin1(gaz, text: str) -> Optional[tuple[str, str]]:
    for mention in mentions(text, gaz, []):
        for entry in mention.entries:
            name = gaz.admin1_names.get(f"{entry.country_code}.{entry.admin1_code}", (None,))[0]
            return (name, entry.country_code) if name else None
    return None


def _first_country(gaz, text: str) -> Optional[str]:
    for mention in mentions(text, gaz, []):
        for entry in mention.entries:
            return entry.country_code
    return None


EVALUATORS: dict[str, Callable] = {"isaf": evaluate_isaf, "gva": evaluate_gva, "seeds": evaluate_seeds,
                                   "claimants": evaluate_claimants, "conflict": evaluate_conflict}


def _languages(path: Optional[Path]) -> dict[str, str]:
    """The language of each labelled report (`language` in its label line; English when absent)."""
    with open(path or CONFLICT_LABELS, encoding="utf-8") as handle:
        return {row["id"]: row.get("language", "en") for row in map(json.loads, filter(str.strip, handle))}


def run(dataset: str, path: Optional[Path] = None, limit: Optional[int] = None,
        texts: Optional[Path] = None, rules: Optional[RuleScores] = None,
        language: Optional[str] = None) -> tuple[list[Field], list]:
    if dataset == "claimants":
        with open(path or LABELS, encoding="utf-8") as handle:
            items = [json.loads(line) for line in handle]
    elif dataset == "conflict":
        languages = _languages(path)
        items = load(dataset, path, texts=texts)
        for item in items:
            item.gold["language"] = languages.get(item.id, "en")
        items = [item for item in items if language in (None, item.gold["language"])]
    else:
        items = load(dataset, path)
        if language:
            items = [item for item in items if detect(item.text)[0] == language]
    errors: list = []
    return EVALUATORS[dataset](items[:limit] if limit else items, gazetteer.load(), errors,
                               rules if rules is not None else RuleScores()), errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dataset", choices=sorted(EVALUATORS))
    parser.add_argument("--path", type=Path, default=None, help="data set file or folder (default: ../shared/data)")
    parser.add_argument("--texts", type=Path, default=None,
                        help="conflict: folder of the article texts, NNN.txt + NNN.meta.json (default /work/scratch/conflict)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", type=int, default=0, help="print K mismatches of the count field")
    parser.add_argument("--language", default=None,
                        help="score only the reports in this language (en, fr, ar): labelled so (conflict), else detected")
    args = parser.parse_args()
    t0 = time.perf_counter()
    rules = RuleScores()
    fields, errors = run(args.dataset, args.path, args.limit, args.texts, rules, args.language)
    print_table(f"extraction on {args.dataset} ({time.perf_counter() - t0:.1f} s)", fields)
    if rules.claims:
        print("\nprecision per rule")
        rules.print()
    for error in errors[: args.errors]:
        print("  mismatch:", *error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
