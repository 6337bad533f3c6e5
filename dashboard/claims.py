"""Pure logic over claim tables: which claims share a subject, and whether a subject is disputed.

A subject is disputed when disputes.csv documents it, or when its final (non-interim) claims differ by more than
10%: the largest lower end exceeds the smallest upper end by more than 10% of it. A single claim's own range is
never a dispute with itself.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from schemas.vocab import QUALIFIER_WORDS

DISPUTE_THRESHOLD = 0.10


def claim_low(frame: pd.DataFrame) -> pd.Series:
    """Lower end of each claim: its stated low, else its best value."""
    return frame["value_low"].fillna(frame["value_best"]).astype("Float64")


def claim_high(frame: pd.DataFrame) -> pd.Series:
    return frame["value_high"].fillna(frame["value_best"]).astype("Float64")


def differ(frame: pd.DataFrame, threshold: float = DISPUTE_THRESHOLD) -> bool:
    """Do the final claims in `frame` (one subject) disagree by more than the threshold?"""
    final = frame[~frame["interim"]] if "interim" in frame else frame
    if len(final) < 2:
        return False
    highest_low, lowest_high = claim_low(final).max(), claim_high(final).min()
    return bool(highest_low > lowest_high * (1 + threshold))


def parse_subject(subject: str) -> dict[str, str]:
    """'conflict=khojaly_1992; side=azerbaijani' -> {'conflict': 'khojaly_1992', 'side': 'azerbaijani'}."""
    pairs = (part.partition("=") for part in subject.split(";") if "=" in part)
    return {key.strip(): value.strip() for key, _, value in pairs}


def matches(subject: dict[str, str], values: dict[str, str]) -> bool:
    return all(str(values.get(key, "")) == value for key, value in subject.items())


def documented_disputes(disputes: pd.DataFrame, dataset: str, values: dict[str, str]) -> pd.DataFrame:
    """Rows of disputes.csv about this dataset whose subject covers the given subject values."""
    mine = disputes[disputes["dataset"] == dataset]
    keep = [matches(parse_subject(s), values) for s in mine["subject"]]
    return mine[keep]


def documented_for_rows(disputes: pd.DataFrame, dataset: str, rows: pd.DataFrame, subject_columns) -> pd.DataFrame:
    """Documented disputes that touch any of the given claims."""
    mine = disputes[disputes["dataset"] == dataset]
    if mine.empty or rows.empty:
        return mine.iloc[0:0]
    keys = rows[list(subject_columns)].astype(str).drop_duplicates().to_dict("records")
    keep = [any(matches(parse_subject(s), key) for key in keys) for s in mine["subject"]]
    return mine[keep]


@dataclass(frozen=True)
class SubjectSummary:
    """What the claims about one subject say, without averaging anything away."""

    claims: int
    low: float | None  # smallest figure any final claim states
    high: float | None  # largest figure any final claim states
    disputed: bool
    documented: bool


def summarise(frame: pd.DataFrame, documented: bool = False) -> SubjectSummary:
    final = frame[~frame["interim"]] if "interim" in frame and (~frame["interim"]).any() else frame
    lows, highs = claim_low(final), claim_high(final)
    low = None if lows.dropna().empty else float(lows.min())
    high = None if highs.dropna().empty else float(highs.max())
    return SubjectSummary(len(frame), low, high, documented or differ(frame), documented)


def format_value(row: pd.Series) -> str:
    """'about 20,000', '22,000-25,000', 'more than 30,000': the claim as the source words it."""
    best, low, high = row.get("value_best"), row.get("value_low"), row.get("value_high")
    number = lambda v: f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"
    if pd.notna(best):
        text = number(best)
        if pd.notna(low) and pd.notna(high):
            text += f" (range {number(low)}-{number(high)})"
    elif pd.notna(low) and pd.notna(high):
        text = f"{number(low)}-{number(high)}"
    else:
        return "no figure"
    qualifier = row.get("qualifier") or ""
    return f"{QUALIFIER_WORDS[qualifier]} {text}" if qualifier in QUALIFIER_WORDS else text


def positions_text(frame: pd.DataFrame, limit: int = 6) -> str:
    """'Azerbaijan MFA: 613; Human Rights Watch: at least 161' for a dispute note."""
    parts = [f"{row.claimed_by}: {format_value(row)}" + (" (interim)" if row.get("interim") else "") for _, row in frame.iterrows()]
    more = len(parts) - limit
    return "; ".join(parts[:limit]) + (f"; and {more} more" if more > 0 else "")
