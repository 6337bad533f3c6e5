"""Small, valid dataset files for store and CLI tests, built from the registry's column order.

Only `sources` and `casualties` are written: the store seeds what it finds and skips the rest.
"""
from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from schemas.registry import DATASETS

SOURCE_IDS = ("hrw_1994", "reuters_2020", "unhcr_2023")


def to_csv(dataset: str, rows: list[dict]) -> bytes:
    """Rows (dicts of some columns) as CSV bytes in the dataset's canonical column order; absent cells empty."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=DATASETS[dataset].columns, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def sources_csv(source_ids: tuple[str, ...] = SOURCE_IDS) -> bytes:
    return to_csv(
        "sources",
        [
            {
                "source_id": source_id,
                "publisher": f"Publisher of {source_id}",
                "title": f"Report {source_id}",
                "url": f"https://example.org/{source_id}",
                "published": "2023-10",
                "accessed": "2026-11-20",
                "kind": "ngo",
                "party": "independent",
                "grade": "primary",
            }
            for source_id in source_ids
        ],
    )


def casualty_rows(count: int = 3, *, note: str = "", source_ids: tuple[str, ...] = SOURCE_IDS, noise: int = 0) -> list[dict]:
    """`count` distinct claims (the claimant varies, so keys never repeat); `noise` random characters per note."""
    rng = random.Random(count)
    rows = []
    for i in range(count):
        extra = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz ", k=noise)).strip() if noise else ""
        rows.append(
            {
                "conflict": "second_war",
                "side": "armenian",
                "category": "military",
                "outcome": "killed",
                "period": "2020-09-27 to 2020-11-10",
                "as_of": "2021-06",
                "value_best": str(3000 + i),
                "value_low": str(2900 + i),
                "value_high": str(4000 + i),
                "claimed_by": f"Claimant {i}",
                "claimant_party": "armenia",
                "source_id": source_ids[i % len(source_ids)],
                "note": " ".join(filter(None, [note, extra])),
            }
        )
    return rows


def casualties_csv(count: int = 3, *, note: str = "", source_ids: tuple[str, ...] = SOURCE_IDS, noise: int = 0) -> bytes:
    return to_csv("casualties", casualty_rows(count, note=note, source_ids=source_ids, noise=noise))


def casualties_low_gt_high_csv() -> bytes:
    """Line 3 (the second data row) states value_low above value_best."""
    rows = casualty_rows(3)
    rows[1]["value_low"] = "999999"
    return to_csv("casualties", rows)


def write_seed_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / DATASETS["sources"].file_name).write_bytes(sources_csv())
    (folder / DATASETS["casualties"].file_name).write_bytes(casualties_csv(note="seed"))
    return folder
