"""People's names are found from the values, not the column's name (issue 13): a full_name
column of people is personal data, a `name` column of companies is not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlpm.data.dataset import Dataset
from mlpm.data.pii import column_says, looks_like_person, scan
from mlpm.data.quality import review
from mlpm.explain import data as words

# Written here, not taken from mlpm's lists: several are in no list (Thandeka, Eero, Keanu).
FIRST = ["Maria", "John", "Wei", "Priya", "Ahmed", "Olga", "Lars", "Sophie", "Giulia", "João",
         "Emma", "Yuki", "Chinedu", "Fatima", "Jean", "Hans", "Ana", "Ivan", "Aoife", "Tomasz",
         "Mehmet", "Siobhan", "Rahul", "Lucía", "Björn", "Thandeka", "Eero", "Keanu", "Xavier",
         "Min-jun"]
LAST = ["Garcia", "Smith", "Zhang", "Sharma", "Hassan", "Petrova", "Nielsen", "Martin",
        "Rossi", "Silva", "de Vries", "Tanaka", "Okafor", "Khan", "Dupont", "Müller", "Pereira",
        "Ivanov", "O'Neill", "Nowak", "Yilmaz", "Byrne", "Verma", "Fernández", "Andersson",
        "Zulu", "Virtanen", "Kahale", "Dubois", "Kim"]

COMPANIES = [
    "Walmart", "Amazon", "Apple", "CVS Health", "UnitedHealth Group", "Exxon Mobil",
    "Berkshire Hathaway", "Alphabet", "McKesson", "AmerisourceBergen", "Costco Wholesale",
    "Cigna", "AT&T", "Microsoft", "Cardinal Health", "Chevron", "Home Depot",
    "Walgreens Boots Alliance", "Marathon Petroleum", "Elevance Health", "Kroger",
    "Ford Motor", "Verizon Communications", "JPMorgan Chase", "General Motors", "Centene",
    "Meta Platforms", "Comcast", "Phillips 66", "Valero Energy", "Dell Technologies", "Target",
    "Fannie Mae", "United Parcel Service", "Lowe's", "Bank of America", "Johnson & Johnson",
    "Archer Daniels Midland", "FedEx", "Humana", "Wells Fargo", "State Farm Insurance",
    "Pfizer", "Citigroup", "PepsiCo", "Intel", "Procter & Gamble", "General Electric", "IBM",
    "MetLife", "Prudential Financial", "Albertsons", "Walt Disney", "Energy Transfer",
    "Lockheed Martin", "Freddie Mac", "Goldman Sachs Group", "Raytheon Technologies",
    "HP", "Boeing", "Morgan Stanley", "HCA Healthcare", "AbbVie", "Dow", "Tesla",
    "Allstate", "American International Group", "Best Buy", "Charter Communications",
    "Sysco", "Merck", "New York Life Insurance", "Caterpillar", "Cisco Systems", "TJX",
    "Publix Super Markets", "ConocoPhillips", "Liberty Mutual Insurance Group", "Progressive",
    "Nationwide", "Tyson Foods", "Bristol-Myers Squibb", "Nike", "Deere", "American Express",
    "Abbott Laboratories", "StoneX Group", "Plains GP Holdings", "Enterprise Products",
    "TIAA", "Oracle", "Thermo Fisher Scientific", "Coca-Cola", "General Dynamics",
    "CHS", "USAA", "Northwestern Mutual", "Nucor", "Exelon", "Massachusetts Mutual Life",
    "Charles Schwab", "Toyota Motor", "Philip Morris International", "Samsung Electronics",
]


def people(n: int, seed: int = 0, comma: float = 0.2) -> list[str]:
    """Generated people's names, a share ``comma`` of them written "Last, First"."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        first, last = str(rng.choice(FIRST)), str(rng.choice(LAST))
        out.append(f"{last}, {first}" if rng.random() < comma else f"{first} {last}")
    return out


def person_columns(frame: pd.DataFrame) -> set[str]:
    return {f.column for f in scan(frame) if f.kind == "person_name"}


@pytest.mark.parametrize("comma", [0.2, 1.0], ids=["first-last", "last-comma-first"])
def test_full_name_of_people_is_personal_data(comma: float) -> None:
    frame = pd.DataFrame({"full_name": people(300, comma=comma), "plan": ["basic", "pro"] * 150})
    assert person_columns(frame) == {"full_name"}
    report = review(Dataset(frame, "customers.csv"))
    pii = [a for a in report.alerts if a.kind == "pii"]
    assert [(a.columns, a.severity) for a in pii] == [(("full_name",), "high")]
    assert "people's names" in words.alert_words(pii[0])[0]
    assert report.readiness.items["private"].status == "bad"


def test_the_values_decide_whatever_the_column_is_called() -> None:
    frame = pd.DataFrame({"name": people(300, seed=1), "contact": people(300, seed=2),
                          "x7": people(300, seed=3)})
    assert person_columns(frame) == {"name", "contact", "x7"}


def test_company_names_are_not_peoples_names() -> None:
    names = COMPANIES[:40]
    frame = pd.DataFrame({"name": names * 5, "revenue": np.arange(200.0)})
    assert person_columns(frame) == set()
    everything = pd.DataFrame({"name": COMPANIES})
    assert person_columns(everything) == set()
    # Even a column whose name says "people" needs values that look like people.
    assert person_columns(pd.DataFrame({"full_name": COMPANIES})) == set()
    report = review(Dataset(frame, "forbes.csv"))
    assert not [a for a in report.alerts if a.kind == "pii"]


def test_product_codes_in_a_customer_name_column_are_not_names() -> None:
    codes = [f"PRD-{i:05d}" for i in range(200)] + [f"SKU {i} Blue" for i in range(100)]
    assert person_columns(pd.DataFrame({"customer_name": codes})) == set()


def test_a_name_column_helps_but_never_decides() -> None:
    # 30% of values look like people: enough for a full_name column, not for a neutral one.
    mixed = [f"{first} {last}" for first, last in zip(FIRST[:15], LAST, strict=False)]
    mixed += [f"Account {i}" for i in range(35)]
    assert person_columns(pd.DataFrame({"customer_name": mixed})) == {"customer_name"}
    assert person_columns(pd.DataFrame({"label": mixed})) == set()
    # First names alone count only where the column says so.
    firsts = [str(v) for v in FIRST[:25]]
    assert person_columns(pd.DataFrame({"first_name": firsts * 4})) == {"first_name"}
    assert person_columns(pd.DataFrame({"label": firsts * 4})) == set()


@pytest.mark.parametrize("value", ["Maria Garcia", "Smith, John", "Wei Zhang", "Zhang Wei",
                                   "Dr. Jane Doe", "J. Smith", "José Álvarez",
                                   "Ludwig van Beethoven", "JOHN SMITH", "Jean-Luc Picard"])
def test_person_shapes(value: str) -> None:
    assert looks_like_person(value)


@pytest.mark.parametrize("value", ["Apple", "Berkshire Hathaway", "JPMorgan Chase",
                                   "Toyota Motor", "Philip Morris International",
                                   "Johnson & Johnson", "PRD-00123", "john smith",
                                   "Maria Garcia called about her bill", "Victoria Street"])
def test_not_person_shapes(value: str) -> None:
    assert not looks_like_person(value)


@pytest.mark.parametrize(("column", "says"), [
    ("full_name", "person"), ("customerName", "person"), ("Surname", "person"),
    ("applicant name", "person"), ("name", "neutral"), ("label", "neutral"),
    ("company_name", "thing"), ("product", "thing"), ("city", "thing")])
def test_what_a_column_name_says(column: str, says: str) -> None:
    assert column_says(column) == says
