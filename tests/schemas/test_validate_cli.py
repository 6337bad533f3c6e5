"""`python -m schemas.validate`: exit 0 when every file is valid, 1 when not, 2 for a usage error."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from schemas.registry import DATASETS

REPO = Path(__file__).resolve().parents[2]


def run(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "schemas.validate", *map(str, args)], cwd=REPO, capture_output=True, text=True, timeout=60
    )


def test_a_folder_of_valid_files_exits_0(datasets_folder):
    result = run(datasets_folder)

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == f"{len(DATASETS)} of {len(DATASETS)} file(s) valid"


def test_a_bad_file_exits_1_and_the_text_names_its_line_and_column(datasets_folder, make_row, make_csv):
    bad = [make_row("casualties"), make_row("casualties", side="azerbaijani", value_best="about 600")]
    (datasets_folder / "casualties.csv").write_bytes(make_csv("casualties", bad))

    result = run(datasets_folder)

    assert result.returncode == 1
    assert f"{datasets_folder / 'casualties.csv'}: INVALID" in result.stdout
    assert "  - line 3, column value_best [type-error]: 'value_best' must be a whole number" in result.stdout
    assert result.stdout.splitlines()[-1] == f"{len(DATASETS) - 1} of {len(DATASETS)} file(s) valid"


def test_json_output_has_every_file_and_every_error_field(datasets_folder, make_row, make_csv):
    (datasets_folder / "casualties.csv").write_bytes(make_csv("casualties", [make_row("casualties", value_low="7000")]))

    result = run(datasets_folder / "casualties.csv", datasets_folder / "sources.csv", "--format", "json")

    assert result.returncode == 1
    out = json.loads(result.stdout)
    assert out == {
        "ok": False,
        "files": [
            {
                "path": str(datasets_folder / "casualties.csv"),
                "dataset": "casualties",
                "rows": 1,
                "errors": [
                    {
                        "line": 2,
                        "column": "value_low",
                        "value": "7000",
                        "code": "row-constraint",
                        "message": "'value_low' is greater than value_best",
                        "suggestion": "the range must satisfy value_low <= value_best <= value_high",
                    }
                ],
            },
            {"path": str(datasets_folder / "sources.csv"), "dataset": "sources", "rows": 3, "errors": []},
        ],
    }


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path):
    result = run(tmp_path / "nowhere.csv")

    assert result.returncode == 2
    assert "nowhere.csv does not exist" in result.stderr
    assert result.stdout == ""


def test_no_path_at_all_is_a_usage_error():
    result = run()

    assert result.returncode == 2
    assert "the following arguments are required: PATH" in result.stderr


def test_a_file_named_after_no_dataset_needs_dataset(datasets_folder):
    upload = datasets_folder.parent / "upload_2024.csv"
    upload.write_bytes((datasets_folder / "casualties.csv").read_bytes())

    unnamed = run(upload)
    named = run(upload, "--dataset", "casualties", "--sources", datasets_folder / "sources.csv")

    assert unnamed.returncode == 1
    assert "Cannot tell which dataset 'upload_2024.csv' is; name the file after a dataset or pass --dataset" in unnamed.stdout
    assert "Traceback" not in unnamed.stderr
    assert (named.returncode, named.stdout.splitlines()[-1]) == (0, "1 of 1 file(s) valid")


def test_sources_given_on_the_command_line_are_the_ones_source_ids_are_checked_against(datasets_folder, tmp_path, make_row, make_csv):
    other = tmp_path / "other_sources.csv"
    other.write_bytes(make_csv("sources", [make_row("sources", source_id="bbc_2020_live")]))
    casualties = datasets_folder / "casualties.csv"

    beside = run(casualties)  # sources.csv beside the file lists hrw_1994_report
    given = run(casualties, "--sources", other, "--format", "json")

    assert beside.returncode == 0
    assert given.returncode == 1
    (report,) = json.loads(given.stdout)["files"]
    assert [(e["line"], e["column"], e["code"], e["value"]) for e in report["errors"]] == [
        (2, "source_id", "foreign-key", "hrw_1994_report")
    ]


def test_an_invalid_sources_file_is_reported_instead_of_silently_skipping_the_source_check(datasets_folder, tmp_path, make_row, make_csv):
    broken = tmp_path / "broken_sources.csv"
    broken.write_bytes(make_csv("sources", [make_row("sources", kind="blog")]))

    result = run(datasets_folder / "casualties.csv", "--sources", broken, "--format", "json")

    assert result.returncode == 1
    files = json.loads(result.stdout)["files"]
    assert [(f["path"], [(e["line"], e["column"], e["code"]) for e in f["errors"]]) for f in files] == [
        (str(broken), [(2, "kind", "constraint-error")]),
        (str(datasets_folder / "casualties.csv"), []),
    ]


def test_max_mb_limits_each_file(datasets_folder):
    result = run(datasets_folder / "casualties.csv", "--max-mb", "0.00001", "--format", "json")

    assert result.returncode == 1
    files = json.loads(result.stdout)["files"]
    # the sources.csv beside it is over the limit too, so it is reported rather than its ids silently unknown
    assert [(Path(f["path"]).name, [e["code"] for e in f["errors"]]) for f in files] == [
        ("sources.csv", ["file-too-large"]),
        ("casualties.csv", ["file-too-large"]),
    ]
