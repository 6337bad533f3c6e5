"""Dashboard tests read a throwaway SQLite store, seeded from datasets/ on first use."""
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))
if not os.environ.get("DATABASE_URL"):
    os.environ["DASHBOARD_DB_PATH"] = str(Path(tempfile.mkdtemp(prefix="dashboard-tests-")) / "store.sqlite3")
