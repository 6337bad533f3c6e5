"""Files made by a real spreadsheet program: LibreOffice Calc, headless (Debian's libreoffice-calc-nogui), opening
a shipped CSV and saving it the ways maintainers do. Without LibreOffice the tests that need it skip with a reason
naming it (tests/conftest.py turns that skip into a failure when REQUIRE_LIBREOFFICE is set, as in CI)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="needs LibreOffice (apt-get install -y libreoffice-calc-nogui)")

# LibreOffice's CSV filter options: separator, quote, character set, first line (44 = comma, 59 = semicolon,
# 34 = double quote; 76 = UTF-8, 1 = Windows-1252), as its "Edit filter settings" dialog writes them.
# An import filter is the options alone; a save as CSV is 'csv:' and the same.
CSV_FILTER = "Text - txt - csv (StarCalc)"
UTF8_COMMAS = f"{CSV_FILTER}:44,34,76,1"
UTF8_SEMICOLONS = f"{CSV_FILTER}:59,34,76,1"
WINDOWS_1252_SEMICOLONS = f"{CSV_FILTER}:59,34,1,1"
WINDOWS_1252_COMMAS = f"{CSV_FILTER}:44,34,1,1"


def saved_as_csv(options: str) -> str:
    return f"csv:{options}"


def convert(source: Path, out_dir: Path, to: str, *, opened_as: str | None = None) -> Path:
    """`source` opened in LibreOffice (with the `opened_as` import filter, else LibreOffice's own guess) and saved
    as `to` ('xlsx', 'ods' or a CSV filter above) into `out_dir`; returns the saved file."""
    return convert_all([source], out_dir, to, opened_as=opened_as)[0]


def convert_all(sources: list[Path], out_dir: Path, to: str, *, opened_as: str | None = None) -> list[Path]:
    """Many files the same way in one LibreOffice run (starting it takes most of a conversion's second)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir.parent / "libreoffice-profile"  # its own profile: never a user's, never locked by another run
    command = [SOFFICE, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore"]
    if opened_as:
        command.append(f"--infilter={opened_as}")
    command += ["--convert-to", to, "--outdir", str(out_dir), *map(str, sources)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180 + 10 * len(sources))
    saved = [out_dir / f"{source.stem}.{to.split(':')[0]}" for source in sources]
    missing = [path.name for path in saved if not path.exists()]
    if done.returncode != 0 or missing:
        raise RuntimeError(f"LibreOffice did not save {', '.join(missing) or 'every file'}: {done.stdout}{done.stderr}")
    return saved
