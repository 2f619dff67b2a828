"""Columns that say who a person is: race or ethnicity, sex or gender, age, religion,
nationality, disability, marital status ("sensitive attributes").

Using them as features of a decision about people (credit, hiring, housing, insurance) can
break anti-discrimination law, yet they are exactly what a fairness check needs, so the review
names them, the "Unbiased" light compares outcomes across them and the fairness view starts on
the first one.

A column is found by its name, read as words (``senior_citizen``, ``SeniorCitizen`` and
``is_female`` are words; ``usage``, ``page_views``, ``stage`` and ``percentage`` hold no word
``age``), or by its values when it has only a few (``{M, F}``, ``{Male, Female, Other}``, race
categories, marital statuses). Values come from the column profiles the review already made
(their most common values) or from a small table such as the review's sample: no row is read
one by one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

import pandas as pd

from mlpm.data.profile import ColumnProfile

SENSITIVE_KINDS: tuple[str, ...] = ("race", "sex", "age", "religion", "nationality",
                                    "disability", "marital")
MAX_VALUES = 12  # a column with more distinct values is not judged by its values

# Whole words of a column's name, by kind (English plus a few common European spellings).
_WORDS: dict[str, frozenset[str]] = {
    "race": frozenset({"race", "races", "racial", "ethnicity", "ethnicities", "afam", "afram",
                       "hispanic", "hispan", "latino", "latina", "latinx", "asian", "caucasian",
                       "minority", "nonwhite", "rasse", "raza", "ethnie", "etnia"}),
    "sex": frozenset({"sex", "gender", "female", "male", "females", "males", "isfemale",
                      "ismale", "sexe", "sexo", "geschlecht", "genero", "pregnant",
                      "pregnancy", "transgender"}),
    "age": frozenset({"age", "ages", "aged", "dob", "birthdate", "birthday", "birthyear",
                      "dateofbirth", "yearofbirth", "agegroup", "ageband", "agerange",
                      "agebracket", "senior", "seniorcitizen", "elderly", "edad", "leeftijd"}),
    "religion": frozenset({"religion", "religions", "religious", "faith", "denomination",
                           "konfession", "religione", "religie"}),
    "nationality": frozenset({"nationality", "nationalities", "citizenship", "citizen",
                              "immigrant", "immigration", "migrant", "foreigner", "nationalite",
                              "nacionalidad", "staatsangehorigkeit"}),
    "disability": frozenset({"disability", "disabilities", "disabled", "handicap",
                             "handicapped", "impairment", "behinderung", "discapacidad"}),
    "marital": frozenset({"marital", "married", "marriage", "spouse", "divorced", "widowed",
                          "familienstand"}),
}
# Words a name must hold together (checked before single words: ``country_of_birth`` is
# nationality, not age).
_PAIRS: tuple[tuple[str, frozenset[str]], ...] = (
    ("nationality", frozenset({"country", "birth"})),
    ("nationality", frozenset({"place", "birth"})),
    ("nationality", frozenset({"native", "country"})),
    ("nationality", frozenset({"foreign", "worker"})),
    ("nationality", frozenset({"foreign", "born"})),
    ("race", frozenset({"african", "american"})),
    ("age", frozenset({"birth", "date"})),
    ("age", frozenset({"birth", "year"})),
    ("sex", frozenset({"sexual", "orientation"})),
    ("marital", frozenset({"estado", "civil"})),
    ("marital", frozenset({"civil", "status"})),
)
# Word stems that may start a longer word (``ethnicgroup``, ``maritalstatus``, ``disabled_flag``).
_STEMS: tuple[tuple[str, str], ...] = (
    ("race", "ethnic"), ("sex", "gender"), ("religion", "religio"),
    ("nationality", "nationalit"), ("disability", "disab"), ("marital", "marital"))
# Words that also mean other things (colours, "single room"): they count only for a column
# with at most two values, such as HMDA's 0/1 ``black`` or a yes/no ``single``.
_FLAG_WORDS: dict[str, frozenset[str]] = {
    "race": frozenset({"black", "white"}),
    "marital": frozenset({"single"}),
}
# Value lists. A column is flagged when every value it holds is in the kind's list and at
# least two of them are in its "core" (so {Other, Unknown} alone is nothing).
_SEX_CORE = frozenset({"m", "f", "male", "female", "man", "woman", "men", "women", "boy",
                       "girl", "mujer", "hombre", "mann", "frau", "homme", "femme"})
_SEX_MORE = frozenset({"other", "unknown", "x", "u", "diverse", "divers", "non binary",
                       "non-binary", "nonbinary", "prefer not to say", "not stated",
                       "not specified", "n/a", "na", "none"})
_RACE_CORE = frozenset({
    "white", "black", "asian", "hispanic", "latino", "latina", "caucasian", "african american",
    "african-american", "black or african american", "american indian or alaska native",
    "native hawaiian or other pacific islander", "pacific islander", "native american",
    "asian-pac-islander", "amer-indian-eskimo", "hispanic or latino", "two or more races",
    "multiracial", "mixed", "middle eastern", "arab", "indigenous", "aboriginal",
    "not hispanic or latino", "white british", "black british", "south asian", "east asian"})
_RACE_COLOURS = frozenset({"white", "black"})
_RACE_MORE = frozenset({"other", "unknown", "prefer not to say", "not stated", "none"})
_MARITAL_CORE = frozenset({
    "married", "single", "divorced", "widowed", "separated", "never married", "never-married",
    "married-civ-spouse", "married-spouse-absent", "married-af-spouse", "domestic partnership",
    "civil partnership", "cohabiting", "unmarried", "husband", "wife", "widow", "widower",
    "engaged", "in a relationship", "partnered"})
_MARITAL_MARKERS = frozenset({"married", "divorced", "widowed", "separated", "never married",
                              "never-married", "married-civ-spouse", "married-spouse-absent",
                              "married-af-spouse", "husband", "wife", "widow", "widower",
                              "civil partnership", "domestic partnership"})
_MARITAL_MORE = frozenset({"other", "unknown", "own-child", "not-in-family", "other-relative",
                           "prefer not to say"})
_RELIGION_CORE = frozenset({"christian", "muslim", "jewish", "hindu", "buddhist", "sikh",
                            "atheist", "agnostic", "catholic", "protestant", "orthodox",
                            "islam", "christianity", "judaism", "hinduism", "buddhism"})
_RELIGION_MORE = frozenset({"other", "unknown", "none", "no religion", "prefer not to say"})
_CAMEL = re.compile(r"([a-z0-9])([A-Z])|([A-Z]+)([A-Z][a-z])")


@dataclass(frozen=True)
class SensitiveFinding:
    """One column about who a person is: its kind (see :data:`SENSITIVE_KINDS`), the evidence
    (``"name"``, ``"values"`` or ``"name and values"``) and how sure (``"high"``/``"medium"``)."""

    column: str
    kind: str
    evidence: str
    confidence: str
    values: tuple[str, ...] = ()  # the values that gave it away (up to five)

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "values": list(self.values)}


def name_words(name: object) -> list[str]:
    """``SeniorCitizen`` / ``senior_citizen`` / ``Género`` -> ["senior", "citizen"] / ["genero"]."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _CAMEL.sub(lambda m: f"{m[1]} {m[2]}" if m[1] else f"{m[3]} {m[4]}", text)
    return [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]


def _by_name(name: object, few_values: bool) -> str | None:
    words = set(name_words(name))
    for kind, pair in _PAIRS:
        if pair <= words:
            return kind
    for kind in SENSITIVE_KINDS:
        if words & _WORDS[kind]:
            return kind
    for kind, stem in _STEMS:
        if any(w.startswith(stem) for w in words):
            return kind
    if few_values:
        for kind, flags in _FLAG_WORDS.items():
            if words & flags:
                return kind
    return None


def _normal(value: object) -> str:
    return " ".join(str(value).strip().lower().replace("_", " ").split())


def _by_values(values: set[str]) -> str | None:
    if len(values) < 2:
        return None
    if values <= _SEX_CORE | _SEX_MORE and len(values & _SEX_CORE) >= 2:
        return "sex"
    if values <= _RACE_CORE | _RACE_MORE and len(values & _RACE_CORE) >= 2 \
            and values & (_RACE_CORE - _RACE_COLOURS):
        return "race"
    if values <= _MARITAL_CORE | _MARITAL_MORE and len(values & _MARITAL_CORE) >= 2 \
            and values & _MARITAL_MARKERS:
        return "marital"
    if values <= _RELIGION_CORE | _RELIGION_MORE and len(values & _RELIGION_CORE) >= 2:
        return "religion"
    return None


def _profile_values(p: ColumnProfile) -> tuple[int, list[object] | None]:
    """(distinct values, every value when the profile counted them all and they are few)."""
    if p.distinct > MAX_VALUES or p.distinct > len(p.top):
        return p.distinct, None
    return p.distinct, [v for v, _ in p.top]


def _frame_values(column: pd.Series) -> tuple[int, list[object] | None]:
    distinct = int(column.nunique(dropna=True))
    if distinct > MAX_VALUES:
        return distinct, None
    return distinct, list(column.dropna().unique())


def sensitive_attributes(data: Mapping[str, ColumnProfile] | pd.DataFrame,
                         names: Iterable[object] | None = None) -> list[SensitiveFinding]:
    """Columns of ``data`` (column profiles, or a table such as the review's sample) that
    describe who a person is, in column order.

    ``names`` limits the search to those columns (e.g. the features, or all but the target).
    """
    sources: Mapping[str, ColumnProfile | pd.Series]
    if isinstance(data, pd.DataFrame):
        columns = [str(c) for c in data.columns]
        sources = {str(c): data[c] for c in data.columns}
    else:
        columns = [str(c) for c in data]
        sources = data
    wanted = None if names is None else {str(n) for n in names}
    found = (_finding(name, sources[name]) for name in columns
             if wanted is None or name in wanted)
    return [f for f in found if f is not None]


def _finding(name: str, source: ColumnProfile | pd.Series) -> SensitiveFinding | None:
    """What one column (its profile, or its values) says about who a person is, if anything."""
    distinct, values = (_frame_values(source) if isinstance(source, pd.Series)
                        else _profile_values(source))
    texts = [v for v in values or () if isinstance(v, str)]
    by_values = _by_values({_normal(v) for v in texts}) \
        if texts and len(texts) == distinct else None
    by_name = _by_name(name, few_values=0 < distinct <= 2)
    kind = by_name or by_values
    if kind is None:
        return None
    evidence = _evidence(by_name, by_values)
    confidence = "high" if evidence != "values" or distinct <= 4 else "medium"
    shown = tuple(str(v) for v in values[:5]) if by_values and values else ()
    return SensitiveFinding(name, kind, evidence, confidence, shown)


def _evidence(by_name: str | None, by_values: str | None) -> str:
    if by_name and by_values == by_name:
        return "name and values"
    return "name" if by_name else "values"


def sensitive_columns(data: Mapping[str, ColumnProfile] | pd.DataFrame,
                      names: Iterable[object] | None = None) -> list[str]:
    """Just the column names of :func:`sensitive_attributes`."""
    return [f.column for f in sensitive_attributes(data, names)]
