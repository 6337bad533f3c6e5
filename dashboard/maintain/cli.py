"""Maintainer command line: publish, diff, history, rollback, hash-password.

    python -m dashboard.maintain publish casualties new.csv --author Ana --note "Add HRW 1994 figures"
    python -m dashboard.maintain publish casualties new.xlsx --author Ana --note "..." --dry-run
    python -m dashboard.maintain diff casualties new.ods
    python -m dashboard.maintain history casualties --format json
    python -m dashboard.maintain rollback casualties 3 --author Ana --note "Undo version 4"
    python -m dashboard.maintain hash-password --user ana < password.txt

A file is a CSV (UTF-8 or UTF-16, commas, semicolons or tabs) or an XLSX, ODS or XLS workbook. Publish and diff
print what the Maintain page shows: the report, the changes against the base version and the warnings about
values a spreadsheet may have changed; publish refuses a file with warnings unless --accept-warnings, and a
file that changes nothing.

Exit status: 0 done; 1 refused (invalid file, warnings not accepted, no changes, stale base, unknown dataset or version, database down),
with the reason on stderr; 2 wrong usage (a version that cannot exist, a DATABASE_URL this store does not run
on). The store seeds itself from the repo's datasets/ first.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from dashboard.logs import configure_logging
from dashboard.maintain.auth import hash_password
from dashboard.maintain.review import review_text, review_upload
from schemas.reader import DEFAULT_MAX_BYTES
from schemas.registry import UnknownDataset
from schemas.validate import validate_csv
from store import InvalidUpload, StoreError, UnsupportedDatabase, VersionMeta, open_store
from store.database import MAX_VERSION

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard.maintain", description="Manage the dashboard's datasets.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    publish = commands.add_parser("publish", help="validate a file and publish it as the next version")
    publish.add_argument("dataset")
    publish.add_argument("file", type=Path)
    _add_change_options(publish)
    publish.add_argument("--dry-run", action="store_true", help="print the review (report, warnings, changes); publish nothing")
    publish.add_argument("--accept-warnings", action="store_true",
                         help="publish although values look changed by a spreadsheet (read them first: --dry-run)")

    diff = commands.add_parser("diff", help="print what a file would change against the current version")
    diff.add_argument("dataset")
    diff.add_argument("file", type=Path)
    diff.add_argument("--base", type=_version_number, default=None, help="compare with this version (default: current)")

    history = commands.add_parser("history", help="list the versions of a dataset, newest first")
    history.add_argument("dataset")
    history.add_argument("--format", choices=["text", "json"], default="text")

    rollback = commands.add_parser("rollback", help="publish an old version again as the next version")
    rollback.add_argument("dataset")
    rollback.add_argument("version", type=_version_number)
    _add_change_options(rollback)

    hashing = commands.add_parser("hash-password", help="print the argon2 hash of a maintainer's password")
    hashing.add_argument("--user", default="USERNAME", help="username for the secrets.toml line")
    return parser


def _add_change_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--author", required=True, help="who makes the change (kept in the history)")
    command.add_argument("--note", required=True, help="why (kept in the history)")
    command.add_argument(
        "--base", type=_version_number, default=None, help="the version you started from (default: the current version)"
    )


def _version_number(text: str) -> int:
    """A version as the store numbers them: 1, 2, 3 ... (argparse turns the ValueError into a usage error)."""
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_VERSION:
        raise argparse.ArgumentTypeError(f"{text!r} is not a version number (a whole number from 1 to {MAX_VERSION:,})")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    configure_logging("WARNING")  # a command line's output is its answer: only warnings and errors are logged
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "hash-password":
        return _hash_password(args.user)
    if args.command in ("publish", "diff"):
        try:
            too_large = args.file.stat().st_size > DEFAULT_MAX_BYTES  # before reading: a huge file is never loaded
            data = None if too_large else args.file.read_bytes()
        except OSError as error:
            parser.error(f"cannot read {args.file}: {error.strerror}")
    try:
        store = open_store()
        if args.command in ("publish", "diff"):
            base = store.current_version(args.dataset) if args.base is None else args.base  # a wrong name is refused here
            if data is None:  # the validator maps the file and refuses it for its size, without reading it
                raise InvalidUpload(args.dataset, validate_csv(args.file, args.dataset))
            review = review_upload(store, args.dataset, data, base=base, path=str(args.file))
            if args.command == "diff" or args.dry_run:
                print(review_text(review))
                return EXIT_OK if review.report.ok else EXIT_REFUSED
            if not review.report.ok:
                raise InvalidUpload(args.dataset, review.report)
            if not review.publishable:
                print(f"{review_text(review)}\nRefused: the file changes nothing; nothing was published.", file=sys.stderr)
                return EXIT_REFUSED
            if review.warnings and not args.accept_warnings:
                print(f"{review_text(review)}\nRefused: {len(review.warnings)} warning(s) above; nothing was published. "
                      "Fix the file, or publish it as it is with --accept-warnings.", file=sys.stderr)
                return EXIT_REFUSED
            meta = store.publish(args.dataset, data, author=args.author, note=args.note, base_version=base)
            accepted = f" {len(review.warnings)} warning(s) accepted." if review.warnings else ""
            print(f"Published {_describe(meta)}{accepted}")
        elif args.command == "rollback":
            meta = store.rollback(args.dataset, args.version, author=args.author, note=args.note, base_version=args.base)
            print(f"Rolled back: {_describe(meta)}")
        elif args.command == "history":
            versions = store.history(args.dataset)
            if args.format == "json":
                print(json.dumps([v.as_dict() for v in versions], ensure_ascii=False, indent=2))
            else:
                print(_history_table(versions))
    except UnsupportedDatabase as wrong:
        print(f"Refused: {wrong}", file=sys.stderr)
        return EXIT_USAGE
    except InvalidUpload as refused:
        print(f"{refused}\n{refused.report.to_text()}", file=sys.stderr)
        return EXIT_REFUSED
    except (StoreError, UnknownDataset) as refused:
        print(f"Refused: {refused}", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def _describe(meta: VersionMeta) -> str:
    base = f"based on {meta.based_on}" if meta.based_on else "first version"
    return (
        f"{meta.dataset} version {meta.version} ({base}): {meta.row_count} rows, "
        f"sha256 {meta.sha256[:12]}, by {meta.author}."
    )


def _history_table(versions: list[VersionMeta]) -> str:
    header = ("version", "based_on", "published (UTC)", "author", "rows", "sha256", "note")
    rows = [
        (
            str(v.version),
            str(v.based_on or "-"),
            v.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            v.author,
            str(v.row_count),
            v.sha256[:12],
            v.note,
        )
        for v in versions
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1] for row in [header, *rows]
    )


def _hash_password(user: str) -> int:
    if sys.stdin.isatty():
        password = getpass.getpass("New password: ")
        if getpass.getpass("Repeat it: ") != password:
            print("Refused: the two passwords differ; nothing was printed.", file=sys.stderr)
            return EXIT_REFUSED
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        print("Refused: the password is empty.", file=sys.stderr)
        return EXIT_REFUSED
    hashed = hash_password(password)
    print(hashed)
    print("Paste this line under [maintainers] in .streamlit/secrets.toml:", file=sys.stderr)
    print(f'{user} = "{hashed}"')
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
