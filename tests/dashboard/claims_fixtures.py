"""A tiny hand-made set of claims: small enough to reason about every number in the assertions."""
from __future__ import annotations

import pandas as pd

from dashboard.figures.bundle import Bundle
from dashboard.figures.charts.base import DataVersion
from schemas.io import typed
from schemas.registry import DATASETS, get_spec


def frame(dataset: str, rows: list[dict]) -> pd.DataFrame:
    spec = get_spec(dataset)
    raw = pd.DataFrame([{c: str(r.get(c, "")) for c in spec.columns} for r in rows], columns=spec.columns)
    return typed(raw, spec)


SOURCES = [
    dict(source_id="mfa", publisher="Azerbaijan MFA", title="Khojaly Genocide", url="https://mfa.example/k", published="2021-02-22",
         accessed="2026-11-26", kind="government", party="azerbaijan", grade="primary"),
    dict(source_id="hrw", publisher="Human Rights Watch", title="Seven Years of Conflict", url="https://hrw.example/7", published="1994-12",
         accessed="2026-11-26", kind="ngo", party="independent", grade="primary",
         original_publisher="Human Rights Watch"),
    dict(source_id="wiki", publisher="Wikipedia mirror", title="Khojaly Massacre", url="https://wiki.example/k", published="2016-02",
         accessed="2026-11-26", kind="encyclopedia", party="independent", grade="copy"),
]
KHOJALY = dict(conflict="khojaly_1992", side="azerbaijani", category="civilian", outcome="killed", period="25-26 Feb 1992")
CASUALTIES = [
    dict(KHOJALY, as_of="2021-02-22", value_best=613, claimed_by="Azerbaijan MFA", claimant_party="azerbaijan", source_id="mfa"),
    dict(KHOJALY, as_of="1993", value_best=161, qualifier="at_least", claimed_by="Human Rights Watch", claimant_party="independent", source_id="hrw"),
    dict(KHOJALY, as_of="1992-03", value_best=1000, qualifier="more_than", claimed_by="President's press service",
         claimant_party="azerbaijan", source_id="mfa", interim="true"),
    dict(conflict="first_war", side="all", category="total", outcome="killed", period="1988-1994", as_of="2003",
         value_low=22000, value_high=25000, claimed_by="ICG", claimant_party="independent", source_id="hrw"),
    dict(conflict="first_war", side="all", category="total", outcome="killed", period="1988-1994", as_of="2004",
         value_best=23000, claimed_by="Someone else", claimant_party="independent", source_id="wiki"),
]
DISPUTES = [
    dict(dispute_id="khojaly_toll", dataset="casualties", subject="conflict=khojaly_1992; outcome=killed",
         summary="The toll is disputed.", positions="Azerbaijan MFA: 613; HRW: at least 161", source_ids="mfa;hrw"),
]


def small_claims(**overrides: list[dict]) -> Bundle:
    data = {"sources": SOURCES, "casualties": CASUALTIES, "disputes": DISPUTES, **overrides}
    frames = {name: frame(name, data.get(name, [])) for name in DATASETS}
    versions = {name: DataVersion(name, 3, "2026-11-20T10:00:00+00:00") for name in DATASETS}
    return Bundle(frames, versions)
