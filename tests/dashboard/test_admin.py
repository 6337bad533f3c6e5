"""The maintainer CLI: exit codes, messages on stderr, and what it leaves in the store."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dashboard.maintain import cli
from dashboard.maintain.auth import verify
from store import Store

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "store"))  # the sample files the store tests use
from store_samples import casualties_csv, casualties_low_gt_high_csv, write_seed_folder  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch) -> Path:
    """A fresh SQLite store seeded from small sample files instead of the shipped datasets."""
    path = tmp_path / "db" / "store.sqlite3"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DASHBOARD_DB_PATH", str(path))
    monkeypatch.setattr("store.repository.DATASETS_DIR", write_seed_folder(tmp_path / "datasets"))
    return path


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _upload(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_publish_a_valid_file(db_path, tmp_path, capsys):
    file = _upload(tmp_path, "casualties.csv", casualties_csv(4, note="revised"))
    code, out, err = run(["publish", "casualties", file, "--author", "Ana", "--note", "Add a claim"], capsys)
    assert (code, err) == (0, "")
    assert "Published casualties version 2 (based on 1): 4 rows" in out and "by Ana" in out
    latest = Store(f"sqlite:///{db_path}").read("casualties")
    assert (latest.version, latest.author, latest.note, latest.row_count) == (2, "Ana", "Add a claim", 4)


def test_a_bad_file_is_refused_with_the_report_and_line_numbers(db_path, tmp_path, capsys):
    file = _upload(tmp_path, "casualties.csv", casualties_low_gt_high_csv())
    code, out, err = run(["publish", "casualties", file, "--author", "Ana", "--note", "x"], capsys)
    assert code == 1 and out == ""
    assert "nothing was published" in err
    assert "line 3, column value_low [row-constraint]" in err
    assert "Traceback" not in err
    assert Store(f"sqlite:///{db_path}").current_version("casualties") == 1


def test_a_stale_base_is_refused(db_path, tmp_path, capsys):
    first = _upload(tmp_path, "a.csv", casualties_csv(4))
    second = _upload(tmp_path, "b.csv", casualties_csv(5))
    assert run(["publish", "casualties", first, "--author", "Ana", "--note", "a", "--base", "1"], capsys)[0] == 0
    code, out, err = run(["publish", "casualties", second, "--author", "Boris", "--note", "b", "--base", "1"], capsys)
    assert code == 1 and out == ""
    assert "Version 2 of 'casualties' was published by Ana" in err and "since you started from version 1" in err
    assert Store(f"sqlite:///{db_path}").current_version("casualties") == 2


def test_history_as_json(db_path, tmp_path, capsys):
    file = _upload(tmp_path, "casualties.csv", casualties_csv(4))
    run(["publish", "casualties", file, "--author", "Ana", "--note", "second"], capsys)
    code, out, err = run(["history", "casualties", "--format", "json"], capsys)
    assert code == 0
    versions = json.loads(out)
    assert [(v["version"], v["based_on"], v["author"], v["note"], v["row_count"]) for v in versions] == [
        (2, 1, "Ana", "second", 4),
        (1, None, "seed", "shipped with the project", 3),
    ]
    assert all(len(v["sha256"]) == 64 and v["created_at"].endswith("+00:00") for v in versions)


def test_history_as_text(db_path, capsys):
    code, out, _ = run(["history", "casualties"], capsys)
    header, row = out.splitlines()
    assert code == 0 and header.split()[:2] == ["version", "based_on"]
    assert row.split()[:2] == ["1", "-"] and row.endswith("shipped with the project")


def test_rollback(db_path, tmp_path, capsys):
    file = _upload(tmp_path, "casualties.csv", casualties_csv(4))
    run(["publish", "casualties", file, "--author", "Ana", "--note", "second"], capsys)
    code, out, err = run(["rollback", "casualties", "1", "--author", "Boris", "--note", "undo"], capsys)
    assert (code, err) == (0, "")
    assert "casualties version 3 (based on 2): 3 rows" in out
    store = Store(f"sqlite:///{db_path}")
    assert store.read("casualties", 3).csv_bytes == store.read("casualties", 1).csv_bytes
    assert store.read("casualties", 3).note == "Rollback to version 1: undo"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["history", "casualty"], "There is no dataset named 'casualty'. Did you mean 'casualties'?"),
        (["rollback", "casualties", "9", "--author", "A", "--note", "n"], "has no version 9"),
    ],
)
def test_unknown_dataset_or_version_is_refused(db_path, capsys, argv, message):
    code, out, err = run(argv, capsys)
    assert code == 1 and message in err and "Traceback" not in err


def test_a_database_that_is_down_is_refused_without_a_traceback(db_path, monkeypatch, capsys):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{port}/test")
    code, out, err = run(["history", "casualties"], capsys)
    assert code == 1 and "cannot be reached" in err and "Traceback" not in err


def test_usage_errors_exit_2(db_path, tmp_path, capsys):
    with pytest.raises(SystemExit) as usage:
        cli.main(["publish", "casualties"])
    assert usage.value.code == 2
    with pytest.raises(SystemExit) as missing:
        cli.main(["publish", "casualties", str(tmp_path / "nope.csv"), "--author", "A", "--note", "n"])
    assert missing.value.code == 2 and "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize("version", ["2147483648", "99999999999999999999", "0", "-3", "two"])
def test_a_version_that_cannot_exist_is_a_usage_error(db_path, capsys, version):
    with pytest.raises(SystemExit) as usage:
        cli.main(["rollback", "casualties", version, "--author", "A", "--note", "n"])
    err = capsys.readouterr().err
    assert usage.value.code == 2
    assert f"{version!r} is not a version number (a whole number from 1 to 2,147,483,647)" in err


@pytest.mark.parametrize("url", ["mysql://user@db.example/dashboard", "not a url"])
def test_a_database_url_the_store_does_not_run_on_is_a_usage_error(db_path, monkeypatch, capsys, url):
    monkeypatch.setenv("DATABASE_URL", url)
    code, out, err = run(["history", "casualties"], capsys)
    assert code == 2 and "Traceback" not in err
    assert "the dashboard keeps its data in SQLite (leave DATABASE_URL unset) or PostgreSQL" in err


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(db_path, tmp_path, monkeypatch, capsys):
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as out:
        out.truncate(300 * 2**20)  # sparse: 300 MB on paper, nothing on disk
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole") if self == huge else read_bytes(self))

    code, out, err = run(["publish", "casualties", str(huge), "--author", "A", "--note", "n"], capsys)

    assert code == 1
    assert "file-too-large" in err and "The file is 300.0 MB; the limit is 20 MB." in err
    assert [v.version for v in Store(f"sqlite:///{db_path}").history("casualties")] == [1]


def _cli(args: list[str], tmp_path: Path, stdin: str = "") -> subprocess.CompletedProcess:
    """The real entry point, run from another folder: the shipped datasets are found from the repo, not the cwd."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "DASHBOARD_DB_PATH": str(tmp_path / "cli.sqlite3")}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "dashboard.maintain", *args], cwd=tmp_path, env=env, input=stdin,
        capture_output=True, text=True, timeout=120,
    )


def test_the_module_runs_from_any_folder(tmp_path):
    done = _cli(["history", "sources", "--format", "json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert isinstance(json.loads(done.stdout), list)
    assert _cli(["frobnicate"], tmp_path).returncode == 2


def test_hash_password_from_stdin_gives_a_hash_that_verifies(tmp_path):
    done = _cli(["hash-password", "--user", "ana"], tmp_path, stdin="correct horse battery\n")
    assert done.returncode == 0, done.stderr
    hashed, secrets_line = done.stdout.splitlines()
    assert hashed.startswith("$argon2id$")
    assert "correct horse" not in done.stdout + done.stderr
    assert tomllib.loads(secrets_line) == {"ana": hashed}  # pastes under [maintainers] as is
    assert verify("ana", "correct horse battery", {"ana": hashed})
    assert not verify("ana", "correct horse battery ", {"ana": hashed})


def test_hash_password_refuses_an_empty_password(tmp_path):
    done = _cli(["hash-password"], tmp_path, stdin="\n")
    assert done.returncode == 1 and done.stdout == "" and "empty" in done.stderr


def _with_ref_ids(*ref_ids: str) -> bytes:
    from store_samples import casualty_rows, to_csv

    rows = casualty_rows(len(ref_ids))
    for row, ref_id in zip(rows, ref_ids):
        row["ref_id"] = ref_id
    return to_csv("casualties", rows)


def test_publish_refuses_spreadsheet_damage_unless_the_warnings_are_accepted(db_path, tmp_path, capsys):
    original = _upload(tmp_path, "original.csv", _with_ref_ids("1.10", "1.20"))
    assert run(["publish", "casualties", original, "--author", "Ana", "--note", "ids"], capsys)[0] == 0
    damaged = _upload(tmp_path, "damaged.csv", _with_ref_ids("1.1", "1.20"))  # what a spreadsheet does to 1.10

    code, out, err = run(["publish", "casualties", damaged, "--author", "Ana", "--note", "x"], capsys)
    assert code == 1 and out == ""
    assert "line 2, column ref_id [lost-trailing-zero]: A spreadsheet read this id as a number" in err
    assert "'1.10' -> '1.1'" in err and "Refused: 1 warning(s) above; nothing was published" in err
    assert Store(f"sqlite:///{db_path}").current_version("casualties") == 2

    code, out, err = run(["publish", "casualties", damaged, "--author", "Ana", "--note", "x", "--accept-warnings"], capsys)
    assert (code, err) == (0, "")
    assert "Published casualties version 3 (based on 2)" in out and "1 warning(s) accepted" in out
    assert _stored_ref_ids(db_path) == ["1.1", "1.20"]


def test_dry_run_and_diff_print_the_pages_review_and_publish_nothing(db_path, tmp_path, capsys):
    original = _upload(tmp_path, "original.csv", _with_ref_ids("1.10", "1.20"))
    assert run(["publish", "casualties", original, "--author", "Ana", "--note", "ids"], capsys)[0] == 0
    damaged = _upload(tmp_path, "damaged.csv", _with_ref_ids("1.1", "1.20"))

    dry = run(["publish", "casualties", damaged, "--author", "Ana", "--note", "x", "--dry-run"], capsys)
    diff = run(["diff", "casualties", damaged], capsys)
    assert dry == diff and dry[0] == 0
    out = dry[1]
    assert "damaged.csv: OK" in out and "Against version 2: 0 row(s) added, 0 removed, 1 cell(s) changed, 1 row(s) unchanged" in out
    assert "1 warning(s)" in out and "Changed cells:\n  - line 2, column ref_id: '1.10' -> '1.1'" in out
    assert Store(f"sqlite:///{db_path}").current_version("casualties") == 2


def test_publishing_a_file_that_changes_nothing_is_refused(db_path, tmp_path, capsys):
    original = _upload(tmp_path, "original.csv", _with_ref_ids("1.10", "1.20"))
    assert run(["publish", "casualties", original, "--author", "Ana", "--note", "ids"], capsys)[0] == 0
    code, out, err = run(["publish", "casualties", original, "--author", "Ana", "--note", "again"], capsys)
    assert code == 1 and "No changes: the file is identical in content to version 2" in err
    assert "Refused: the file changes nothing" in err
    assert Store(f"sqlite:///{db_path}").current_version("casualties") == 2


def test_a_workbook_is_published_from_its_sheet(db_path, tmp_path, capsys):
    from schemas.io import spreadsheet_xlsx_bytes
    from schemas.registry import get_spec

    workbook = _upload(tmp_path, "new.xlsx", spreadsheet_xlsx_bytes(_with_ref_ids("1.10", "1.20", "1.30"), get_spec("casualties")))
    code, out, err = run(["publish", "casualties", workbook, "--author", "Ana", "--note", "from Excel"], capsys)
    assert (code, err) == (0, "")
    assert _stored_ref_ids(db_path) == ["1.10", "1.20", "1.30"]  # as typed: the sheet holds them as Text


def _stored_ref_ids(db_path: Path) -> list[str]:
    from schemas.io import read_text_csv
    from schemas.registry import get_spec

    return read_text_csv(Store(f"sqlite:///{db_path}").read("casualties").csv_bytes, get_spec("casualties"))["ref_id"].tolist()
