"""`needs_chromium`: skip an image-export test where the machine has no Chromium (CI turns the skip into a failure)."""
import pytest

from dashboard.export import ChromiumMissing, find_chromium


def _chromium_available() -> bool:
    try:
        find_chromium()
    except ChromiumMissing:
        return False
    return True


needs_chromium = pytest.mark.skipif(
    not _chromium_available(), reason="needs Chromium at /usr/bin/chromium or BROWSER_PATH (apt-get install -y chromium)"
)
