"""Practice cases: real-world situations, whether ML fits, and the question each one teaches.

The situations and the reasoning behind each answer are worded in :mod:`mlpm.explain.fit`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PracticeCase:
    """A situation, whether ML fits it, and the question id (criterion) it teaches."""

    id: str
    fits: bool
    criterion: str


PRACTICE_CASES: tuple[PracticeCase, ...] = (
    PracticeCase("copyright_apparel", False, "perfect_accuracy"),
    PracticeCase("resume_priority", False, "data_unbiased"),
    PracticeCase("ethnic_products", False, "data_fair"),
    PracticeCase("seller_revenue", True, "complex_logic"),
    PracticeCase("headquarters", False, "repeats"),
    PracticeCase("grocery_search", True, "scales"),
    PracticeCase("streaming_homepage", True, "personalization"),
    PracticeCase("card_fraud", True, "real_time"),
    PracticeCase("ticket_routing", True, "labels"),
    PracticeCase("free_shipping", False, "simple_rules"),
    PracticeCase("country_codes", False, "static"),
    PracticeCase("loan_reasons", False, "full_explain"),
    PracticeCase("partner_traffic", False, "data_available"),
    PracticeCase("new_product_churn", False, "data_enough"),
    PracticeCase("demand_forecast", True, "data_enough"),
    PracticeCase("delivery_times", False, "data_quality"),
    PracticeCase("trial_upgrades", True, "data_relevant"),
    PracticeCase("travel_bookings", False, "data_fresh"),
    PracticeCase("voice_accents", False, "data_representative"),
    PracticeCase("private_messages", False, "data_permitted"),
)
PRACTICE_CASES_BY_ID: dict[str, PracticeCase] = {c.id: c for c in PRACTICE_CASES}


def quiz_tally(choices: Mapping[str, bool]) -> tuple[int, int]:
    """(right, answered) for the PM's practice answers: case id -> "ML fits?" choice."""
    answered = [(cid, fits) for cid, fits in choices.items() if cid in PRACTICE_CASES_BY_ID]
    right = sum(PRACTICE_CASES_BY_ID[cid].fits == fits for cid, fits in answered)
    return right, len(answered)
