"""The charts an upload would change: each chart drawn from the dataset, built from the current data and from the
data with the upload in its place, kept where what it draws differs (not only its version line)."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from dashboard.figures.bundle import Bundle
from dashboard.figures.catalog import CATALOG, build_chart
from dashboard.figures.charts.base import Chart, DataVersion


@dataclass
class ChartPreview:
    title: str
    now: Chart
    new: Chart | None  # None when the new rows cannot be drawn: `error` says why
    error: str = ""


def charts_changed(dataset: str, new_rows: pd.DataFrame, current: Bundle, version: int,
                   built_now: Callable[[str], Chart] | None = None) -> tuple[list[ChartPreview], int]:
    """(the changed charts, how many charts draw from `dataset`). `new_rows` are typed, as read_dataset_csv gives;
    `built_now` gives a chart of the current data (the page's cached one), else it is built here."""
    stamp = datetime.now(UTC).isoformat()
    new = Bundle({**current.frames, dataset: new_rows}, {**current.versions, dataset: DataVersion(dataset, version, stamp)})
    changed, drawn_from = [], 0
    for chart_id, entry in CATALOG.items():
        now = built_now(chart_id) if built_now else build_chart(chart_id, current)
        if dataset not in {v.dataset for v in now.versions}:
            continue
        drawn_from += 1
        try:
            after = build_chart(chart_id, new)
        except (ValueError, TypeError, KeyError) as error:
            changed.append(ChartPreview(entry.title, now, None, f"{type(error).__name__}: {error}"))
            continue
        if _drawn(now) != _drawn(after):
            changed.append(ChartPreview(entry.title, now, after))
    return changed, drawn_from


def _drawn(chart: Chart) -> list:
    """What a chart draws: its traces, without the layout that carries the version and source lines."""
    return json.loads(chart.figure.to_json())["data"]
