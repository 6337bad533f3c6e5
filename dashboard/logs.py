"""One logging set-up for the app and the command lines: a level from DASHBOARD_LOG_LEVEL, one format, stderr."""
from __future__ import annotations

import logging
import os

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(default_level: str = "INFO") -> None:
    """Configure the root logger once (later calls change nothing); Streamlit keeps its own 'streamlit' logger."""
    level = os.environ.get("DASHBOARD_LOG_LEVEL", default_level).strip().upper() or default_level
    logging.basicConfig(level=getattr(logging, level, logging.INFO), format=FORMAT)
