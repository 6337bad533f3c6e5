"""Maintainer command line: publish, diff, history, rollback, hash-password.

    python -m dashboard.maintain publish casualties new.csv --author Ana --note "Add HRW 1994 figures"
    python -m dashboard.maintain publish casualties new.xlsx --author Ana --note "..." --dry-run
    python -m dashboard.maintain diff casualties new.ods
    python -m dashboard.maintain history casualties --format json
    python -m dashboard.maintain rollback casualties 3 --author Ana --note "Undo version 4"
    python -m dashboard.maintain hash-password --user ana < password.txt
    python -m dashboard.maintain --lang ru diff casualties new.csv   # or DASHBOARD_LANG=ru

What it prints is in the language of --lang, else of DASHBOARD_LANG or the locale (LANGUAGE, LC_ALL, LC_MESSAGES,
LANG), else English; argparse's own words ("usage:", "error:") stay as Python writes them.

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

import i18n
from dashboard.logs import configure_logging
from dashboard.maintain.auth import hash_password
from dashboard.maintain.review import review_text, review_upload
from i18n import N_, _, ngettext, number
from schemas.reader import DEFAULT_MAX_BYTES
from schemas.registry import UnknownDataset
from schemas.validate import validate_csv
from store import InvalidUpload, StoreError, UnsupportedDatabase, VersionMeta, open_store
from store.database import MAX_VERSION

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    """The command line's grammar; its help is written in the active language, so build it after choosing one."""
    parser = argparse.ArgumentParser(prog="python -m dashboard.maintain", description=_("Manage the dashboard's datasets."))
    _add_language_option(parser, default=None)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    publish = _command(commands, "publish", _("validate a file and publish it as the next version"))
    publish.add_argument("dataset")
    publish.add_argument("file", type=Path)
    _add_change_options(publish)
    publish.add_argument("--dry-run", action="store_true", help=_("print the review (report, warnings, changes); publish nothing"))
    publish.add_argument("--accept-warnings", action="store_true",
                         help=_("publish although values look changed by a spreadsheet (read them first: --dry-run)"))

    diff = _command(commands, "diff", _("print what a file would change against the current version"))
    diff.add_argument("dataset")
    diff.add_argument("file", type=Path)
    diff.add_argument("--base", type=_version_number, default=None, help=_("compare with this version (default: current)"))

    history = _command(commands, "history", _("list the versions of a dataset, newest first"))
    history.add_argument("dataset")
    history.add_argument("--format", choices=["text", "json"], default="text")

    rollback = _command(commands, "rollback", _("publish an old version again as the next version"))
    rollback.add_argument("dataset")
    rollback.add_argument("version", type=_version_number)
    _add_change_options(rollback)

    hashing = _command(commands, "hash-password", _("print the argon2 hash of a maintainer's password"))
    hashing.add_argument("--user", default="USERNAME", help=_("username for the secrets.toml line"))
    return parser


def _command(commands, name: str, help_text: str) -> argparse.ArgumentParser:
    """A subcommand, which also takes --lang after its name (`diff casualties f.csv --lang ru`), said in the main
    help only."""
    command = commands.add_parser(name, help=help_text)
    # SUPPRESS: absent here, the main parser's value stays; not in this command's usage or help
    command.add_argument("--lang", type=_language, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return command


def _add_language_option(parser: argparse.ArgumentParser, default) -> None:
    names = ", ".join(i18n.LANGUAGES)
    parser.add_argument("--lang", type=_language, default=default, metavar="LANG",
                        # Translators: {languages} lists language codes (en, hy, az, ru); keep DASHBOARD_LANG as it is
                        help=_("the language of the messages: {languages} (default: DASHBOARD_LANG or the locale)").format(
                            languages=names))


def _language(text: str) -> str:
    found = i18n.supported(text)
    if found is None:
        raise argparse.ArgumentTypeError(_("{value} is not a language this command speaks ({languages})").format(
            value=repr(text), languages=", ".join(i18n.LANGUAGES)))
    return found


def _add_change_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--author", required=True, help=_("who makes the change (kept in the history)"))
    command.add_argument("--note", required=True, help=_("why (kept in the history)"))
    command.add_argument(
        "--base", type=_version_number, default=None, help=_("the version you started from (default: the current version)")
    )


def _version_number(text: str) -> int:
    """A version as the store numbers them: 1, 2, 3 ... (argparse turns the ValueError into a usage error)."""
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_VERSION:
        raise argparse.ArgumentTypeError(_("{value} is not a version number (a whole number from 1 to {maximum})").format(
            value=repr(text), maximum=number(MAX_VERSION)))
    return int(text)


def _wanted_language(argv: list[str]) -> str | None:
    """--lang's value, read before the parser is built so that --help is already in that language."""
    for at, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and at + 1 < len(argv):
            return argv[at + 1]
        if word.startswith("--lang="):
            return word.partition("=")[2]
    return None


def main(argv: list[str] | None = None) -> int:
    """The command in the language it is asked for (--lang, else the environment's), leaving the caller's language
    as it was when it returns (a test or another tool calling it in-process)."""
    with i18n.using(i18n.language()):
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    configure_logging("WARNING")  # a command line's output is its answer: only warnings and errors are logged
    i18n.activate(i18n.from_environment())
    argv = sys.argv[1:] if argv is None else argv
    if wanted := i18n.supported(_wanted_language(argv)):
        i18n.activate(wanted)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.lang:
        i18n.activate(args.lang)
    if args.command == "hash-password":
        return _hash_password(args.user)
    if args.command in ("publish", "diff"):
        try:
            too_large = args.file.stat().st_size > DEFAULT_MAX_BYTES  # before reading: a huge file is never loaded
            data = None if too_large else args.file.read_bytes()
        except OSError as error:
            # Translators: {reason} is the operating system's own description, e.g. "No such file or directory"
            parser.error(_("cannot read {file}: {reason}").format(file=args.file, reason=error.strerror))
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
                print(review_text(review), _("Refused: the file changes nothing; nothing was published."), sep="\n", file=sys.stderr)
                return EXIT_REFUSED
            if review.warnings and not args.accept_warnings:
                count = len(review.warnings)
                refusal = ngettext("Refused: {n} warning(s) above; nothing was published. "
                                   "Fix the file, or publish it as it is with --accept-warnings.",
                                   "Refused: {n} warning(s) above; nothing was published. "
                                   "Fix the file, or publish it as it is with --accept-warnings.", count)
                print(review_text(review), refusal.format(n=number(count)), sep="\n", file=sys.stderr)
                return EXIT_REFUSED
            meta = store.publish(args.dataset, data, author=args.author, note=args.note, base_version=base)
            count = len(review.warnings)
            accepted = ngettext("{n} warning(s) accepted.", "{n} warning(s) accepted.", count).format(n=number(count))
            # Translators: {version} describes the new version, e.g. "casualties version 2 (based on 1): 4 rows, ..."
            published = _("Published {version}").format(version=_describe(meta))
            print(f"{published} {accepted}" if count else published)  # two sentences
        elif args.command == "rollback":
            meta = store.rollback(args.dataset, args.version, author=args.author, note=args.note, base_version=args.base)
            # Translators: {version} describes the new version, e.g. "casualties version 3 (based on 2): 3 rows, ..."
            print(_("Rolled back: {version}").format(version=_describe(meta)))
        elif args.command == "history":
            versions = store.history(args.dataset)
            if args.format == "json":
                print(json.dumps([v.as_dict() for v in versions], ensure_ascii=False, indent=2))
            else:
                print(_history_table(versions))
    except UnsupportedDatabase as wrong:
        print(_refused(wrong), file=sys.stderr)
        return EXIT_USAGE
    except InvalidUpload as refused:
        print(f"{refused}\n{refused.report.to_text()}", file=sys.stderr)
        return EXIT_REFUSED
    except (StoreError, UnknownDataset) as refused:
        print(_refused(refused), file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def _refused(reason: Exception) -> str:
    # Translators: {reason} is the store's explanation (a dataset name, a version, a database problem)
    return _("Refused: {reason}").format(reason=reason)


def _describe(meta: VersionMeta) -> str:
    """'casualties version 2 (based on 1): 4 rows, sha256 0123456789ab, by Ana.'"""
    fields = {"dataset": meta.dataset, "version": meta.version, "based_on": meta.based_on, "sha256": meta.sha256[:12],
              "author": meta.author, "n": number(meta.row_count)}
    if meta.based_on:
        # Translators: {dataset} is a dataset's name (casualties); {sha256} a checksum; {author} a maintainer's name
        return ngettext("{dataset} version {version} (based on {based_on}): {n} row, sha256 {sha256}, by {author}.",
                        "{dataset} version {version} (based on {based_on}): {n} rows, sha256 {sha256}, by {author}.",
                        meta.row_count).format(**fields)
    # Translators: {dataset} is a dataset's name (casualties); {sha256} a checksum; {author} a maintainer's name
    return ngettext("{dataset} version {version} (first version): {n} row, sha256 {sha256}, by {author}.",
                    "{dataset} version {version} (first version): {n} rows, sha256 {sha256}, by {author}.",
                    meta.row_count).format(**fields)


# The history table's headers a person reads (`--format json` keeps the machine keys: version, based_on, ...).
HISTORY_HEADER = (
    # Translators: header of the history table (the command line): a version number
    N_("version"),
    # Translators: header of the history table: the version a version replaced
    N_("based_on"),
    # Translators: header of the history table: when a version was published, in UTC
    N_("published (UTC)"),
    N_("author"),
    # Translators: header of the history table: how many rows a version has
    N_("rows"),
    "sha256",  # the checksum's name, the same in every language
    # Translators: header of the history table: the maintainer's note on why the version was made
    N_("note"),
)


def _history_table(versions: list[VersionMeta]) -> str:
    header = tuple(_(label) for label in HISTORY_HEADER)
    rows = [
        (
            str(v.version),
            str(v.based_on or "-"),
            v.created_at.strftime("%Y-%m-%d %H:%M:%S"),  # ISO, sortable: the same in every language
            v.author,
            number(v.row_count),
            v.sha256[:12],
            v.note,
        )
        for v in versions
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]  # characters: fine for hy/ru
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1] for row in [header, *rows]
    )


def _hash_password(user: str) -> int:
    if sys.stdin.isatty():
        password = getpass.getpass(_("New password: "))
        if getpass.getpass(_("Repeat it: ")) != password:
            print(_("Refused: the two passwords differ; nothing was printed."), file=sys.stderr)
            return EXIT_REFUSED
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        print(_("Refused: the password is empty."), file=sys.stderr)
        return EXIT_REFUSED
    hashed = hash_password(password)
    print(hashed)
    # Translators: keep [maintainers] and the file name as they are
    print(_("Paste this line under [maintainers] in .streamlit/secrets.toml:"), file=sys.stderr)
    print(f'{user} = "{hashed}"')
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
