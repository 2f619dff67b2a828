"""Generate the bundled sample datasets for mlpm.

Why this exists: the app ships five small, made-up tables so a product manager can try every
step (classification, regression, clustering, free text) with one click and no data of their own. The data
is synthetic, so there is nothing private in it and we know exactly what signal it holds. The
script is seeded, so running it again gives byte-identical CSV files:

    python sample_data/make_samples.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

OUT_DIR = Path(__file__).resolve().parent
SEED = 20261031
SNAPSHOT = pd.Timestamp("2026-10-31")


def _rng(offset: int) -> np.random.Generator:
    """One generator per dataset, so changing one table never shifts the others."""
    return np.random.default_rng(SEED + offset)


def make_cats_dogs(n: int = 400) -> pd.DataFrame:
    """Cats and dogs by size; small dog breeds overlap with cats so accuracy stays below 100%."""
    rng = _rng(1)
    is_dog = rng.random(n) < 0.55
    small_breed = rng.random(n) < 0.25
    height = np.where(
        is_dog,
        np.where(small_breed, rng.normal(29, 4, n), rng.normal(52, 11, n)),
        rng.normal(25, 3, n),
    )
    height = np.clip(height, 15, 90)
    weight = np.where(
        is_dog,
        0.0035 * height**2.3 * rng.lognormal(0, 0.2, n),
        0.18 * height * rng.lognormal(0, 0.2, n),
    )
    nose = np.where(
        is_dog,
        np.where(small_breed, rng.normal(3.6, 1.0, n), rng.normal(7.5, 2.0, n)),
        rng.normal(2.8, 0.6, n),
    )
    return pd.DataFrame({
        "height_cm": height.round(1),
        "weight_kg": np.clip(weight, 1.0, None).round(1),
        "nose_length_cm": np.clip(nose, 1.0, None).round(1),
        "animal": np.where(is_dog, "dog", "cat"),
    })


def make_churn(n: int = 3000) -> pd.DataFrame:
    """Subscribers with a logistic churn risk driven by contract, tenure, support and billing."""
    rng = _rng(2)
    contract = rng.choice(["Month-to-month", "One year", "Two year"], n, p=[0.55, 0.25, 0.20])
    max_tenure = np.select([contract == "One year", contract == "Two year"], [60, 72], 40)
    tenure = np.minimum(rng.exponential(0.45, n) * max_tenure, 72).astype(int)
    tenure = np.where(contract == "Month-to-month", tenure, np.maximum(tenure, 1))
    internet = rng.choice(["Fiber", "DSL", "No internet"], n, p=[0.45, 0.35, 0.20])
    payment = rng.choice(
        ["Card", "Bank transfer", "Electronic check", "Mailed check"], n, p=[0.25, 0.25, 0.32, 0.18]
    )
    base_charge = np.select([internet == "Fiber", internet == "DSL"], [85.0, 55.0], 22.0)
    monthly = np.clip(base_charge + rng.normal(0, 12, n), 18.25, 119.0).round(2)
    total = (monthly * np.maximum(tenure, 1) * rng.uniform(0.95, 1.05, n)).round(2)
    total[rng.random(n) < 0.02] = np.nan
    support = np.minimum(rng.poisson(1.3 + 0.8 * (internet == "Fiber"), n), 9)
    senior = (rng.random(n) < 0.16).astype(int)

    logit = (
        -4.2
        + np.select([contract == "Month-to-month", contract == "One year"], [2.0, 0.0], -1.6)
        + 2.2 * np.exp(-tenure / 8)
        + 0.42 * support
        + 0.6 * (internet == "Fiber")
        + 0.6 * (payment == "Electronic check")
        + 0.3 * senior
        + rng.normal(0, 0.3, n)
    )
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))

    days_back = (tenure * 30.44 + rng.uniform(0, 30, n)).astype(int)
    signup = SNAPSHOT - pd.to_timedelta(days_back, unit="D")
    return pd.DataFrame({
        "customer_id": [f"C{i:05d}" for i in range(1, n + 1)],
        "gender": rng.choice(["Female", "Male"], n),
        "senior_citizen": senior,
        "tenure_months": tenure,
        "contract": contract,
        "internet_service": internet,
        "payment_method": payment,
        "monthly_charges": monthly,
        "total_charges": total,
        "support_calls": support,
        "signup_date": signup.strftime("%Y-%m-%d"),
        "churned": np.where(churned, "Yes", "No"),
    })


def make_house_prices(n: int = 1500) -> pd.DataFrame:
    """Houses whose price is area-driven, scaled non-linearly by neighbourhood and condition."""
    rng = _rng(3)
    hoods = {  # name: (euros per m², share of houses, typical km to the centre)
        "Old Town": (5400, 0.15, 1.0),
        "Riverside": (4000, 0.20, 2.5),
        "Parkview": (3000, 0.25, 4.0),
        "Northgate": (2100, 0.25, 6.0),
        "Industrial Quarter": (1400, 0.15, 5.0),
    }
    names = list(hoods)
    hood = rng.choice(names, n, p=[hoods[h][1] for h in names])
    per_sqm = np.array([hoods[h][0] for h in hood], dtype=float)
    distance = np.clip(np.array([hoods[h][2] for h in hood]) * rng.lognormal(0, 0.35, n), 0.2, 20)

    area = np.clip(rng.lognormal(np.log(100), 0.48, n), 35, 400).round()
    bedrooms = np.clip(np.round(area / 32 + rng.normal(0, 0.7, n)), 1, 7).astype(int)
    bathrooms = np.clip(np.round(bedrooms / 2.2 + rng.normal(0.3, 0.5, n)), 1, 4).astype(int)
    year = rng.integers(1900, 2025, n)
    garage = rng.random(n) < np.where(distance > 4, 0.7, 0.3)
    condition = rng.choice(["poor", "fair", "good", "excellent"], n, p=[0.1, 0.3, 0.42, 0.18])
    cond_mult = pd.Series(condition).map(
        {"poor": 0.55, "fair": 0.85, "good": 1.0, "excellent": 1.4}
    ).to_numpy()
    age_mult = 1 + 0.35 * (year < 1930) + 0.3 * (year >= 2010) - 0.2 * (
        (year >= 1960) & (year < 1990)
    )

    price = (
        per_sqm * area * cond_mult * age_mult * np.exp(-0.04 * distance)
        + 18000 * garage
        + 6000 * bathrooms
    ) * rng.lognormal(0, 0.10, n)
    year_col = pd.array(year, dtype="Int64")
    year_col[rng.random(n) < 0.03] = pd.NA
    return pd.DataFrame({
        "area_sqm": area.astype(int),
        "bedrooms": bedrooms,
        "bathrooms": bathrooms,
        "year_built": year_col,
        "neighbourhood": hood,
        "garage": np.where(garage, "yes", "no"),
        "distance_to_center_km": distance.round(1),
        "condition": condition,
        "price": (np.round(price / 1000) * 1000).astype(int),
    })


def make_customer_segments(n: int = 900) -> pd.DataFrame:
    """Shoppers drawn from four hidden segments; the segment label is deliberately left out."""
    rng = _rng(4)
    # name: (share, annual spend €, visits/month, days since last visit, online share, regions)
    segments = {
        "bargain hunters": (0.30, 800, 9.0, 4, 0.10, [0.4, 0.3, 0.2, 0.1]),
        "loyal regulars": (0.30, 3000, 4.0, 8, 0.45, [0.25, 0.25, 0.25, 0.25]),
        "big spenders": (0.15, 9000, 1.8, 15, 0.80, [0.1, 0.2, 0.3, 0.4]),
        "lapsed": (0.25, 300, 0.4, 150, 0.25, [0.25, 0.25, 0.25, 0.25]),
    }
    names = list(segments)
    seg = rng.choice(names, n, p=[segments[s][0] for s in names])
    spend, visits, days, online = (
        np.array([segments[s][i] for s in seg], dtype=float) for i in range(1, 5)
    )
    annual_spend = spend * rng.lognormal(0, 0.18, n)
    visits_pm = np.clip(visits * rng.lognormal(0, 0.18, n), 0.1, None)
    region = np.array([rng.choice(["North", "South", "East", "West"], p=segments[s][5]) for s in seg])
    return pd.DataFrame({
        "customer_id": [f"S{i:04d}" for i in range(1, n + 1)],
        "annual_spend": annual_spend.round(2),
        "visits_per_month": visits_pm.round(1),
        "avg_basket": (annual_spend / (visits_pm * 12)).round(2),
        "days_since_last_visit": np.round(days * rng.lognormal(0, 0.35, n)).astype(int),
        "online_share": np.clip(online + rng.normal(0, 0.08, n), 0, 1).round(2),
        "region": region,
    })


def make_support_tickets(n: int = 1200) -> pd.DataFrame:
    """Support tickets whose escalation depends mostly on what the customer wrote (issue 17).

    The words carry most of the signal (refunds, outages, repeated contacts raise the odds; how-to
    questions lower them), so a model that reads the text beats one that sees only the plan,
    channel and history.
    """
    rng = _rng(5)
    products = ["invoice", "app", "dashboard", "export", "login", "payment", "report", "account"]
    calm = [
        "how do i change the {p} settings", "quick question about the {p}",
        "where can i find the {p} options", "is there a guide for the {p}",
        "can you explain how the {p} works", "small typo on the {p} page",
        "thanks for the help with the {p} yesterday", "would like to add a colleague to the {p}",
    ]
    angry = [
        "the {p} is broken again", "i want a refund for the {p}",
        "still waiting for a fix to the {p}", "the {p} has been down all day",
        "this is the third time the {p} failed", "cancel my subscription if the {p} is not fixed",
        "we lost data because of the {p}", "charged twice for the {p}",
    ]
    tails = ["", "", " please help", " thanks", " asap", " urgent", " for our team",
             " since last week", " on my phone", " before friday"]
    upset = rng.random(n) < 0.35
    texts = []
    for bad in upset:
        pool = angry if bad else calm
        first = rng.choice(pool).format(p=rng.choice(products))
        second = (" and " + rng.choice(calm if rng.random() < 0.6 else angry)
                  .format(p=rng.choice(products))) if rng.random() < 0.4 else ""
        texts.append((first + second + rng.choice(tails)).capitalize())
    plan = rng.choice(["basic", "pro", "enterprise"], n, p=[0.5, 0.35, 0.15])
    channel = rng.choice(["email", "chat", "phone"], n, p=[0.5, 0.35, 0.15])
    previous = rng.poisson(1.2, n)
    tenure = rng.integers(1, 60, n)
    logit = (-2.2 + 2.6 * upset + 0.35 * previous + 0.5 * (plan == "enterprise")
             + 0.4 * (channel == "phone") - 0.01 * tenure)
    escalated = rng.random(n) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame({
        "ticket_id": [f"T{i:05d}" for i in range(1, n + 1)],
        "plan": plan,
        "channel": channel,
        "tenure_months": tenure,
        "previous_tickets": previous,
        "ticket_text": texts,
        "escalated": np.where(escalated, "Yes", "No"),
    })


def main() -> None:
    tables = {
        "cats_dogs.csv": make_cats_dogs(),
        "churn.csv": make_churn(),
        "house_prices.csv": make_house_prices(),
        "customer_segments.csv": make_customer_segments(),
        "support_tickets.csv": make_support_tickets(),
    }
    for name, df in tables.items():
        df.to_csv(OUT_DIR / name, index=False, lineterminator="\n")
        print(f"wrote {name}: {len(df)} rows x {df.shape[1]} columns")


if __name__ == "__main__":
    main()
