"""Scenario facts: what a step may require an answer to mention, or forbid it to say.

Each fact id maps to the terms (phrase families in the rubric phrase file, or @built-ins) any
of which shows the fact is present. Scenario files name facts by these ids.
"""

FACTS: dict[str, tuple[str, ...]] = {
    "availability": ("availability",),
    "customer_name": ("@customer_name",),
    "vehicle": ("@vehicle",),
    "price": ("@money",),
    "out_the_door": ("out_the_door",),
    "trade_in": ("@trade",),
    "appraisal": ("appraisal",),
    "payment": ("payment_words",),
    "incentive": ("incentive",),
    "vehicle_history": ("vehicle_history",),
    "callback_number": ("@phone",),
    "dealership_name": ("dealership_name", "@dealership"),
    "stock_number": ("stock_number",),
    "spouse": ("spouse",),
    "photos_or_video": ("photos_or_video",),
    "guaranteed_approval": ("guaranteed_approval",),
    "competitor_bashing": ("competitor_bashing",),
}


def fact_terms() -> set[str]:
    """Return every term the facts read (phrase files must define the families)."""
    return {term for terms in FACTS.values() for term in terms}
