"""Language tests read a throwaway SQLite store, seeded from datasets/ on first use, like the dashboard tests."""
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dashboard"))  # shown.py: markdown as a reader sees it
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("DASHBOARD_DB_PATH",
                          str(Path(tempfile.mkdtemp(prefix="dashboard-i18n-tests-")) / "store.sqlite3"))
