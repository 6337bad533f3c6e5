"""Entry point: `streamlit run dashboard/app.py`. Navigation only; each page is a short script in views/ (not pages/, which Streamlit would treat as its old multipage folder)."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.figures.charts.base import DASHBOARD_NAME  # noqa: E402
from dashboard.logs import configure_logging  # noqa: E402
from dashboard.ui import viewport  # noqa: E402
from dashboard.ui.language import choose_language  # noqa: E402
from dashboard.ui.report_pack import report_pack  # noqa: E402
from i18n import _  # noqa: E402

configure_logging()

choose_language()  # first: every word below is written in it
st.set_page_config(page_title=_(DASHBOARD_NAME), page_icon="📊", layout="wide")

PAGES = Path(__file__).parent / "views"
navigation = st.navigation(
    {
        _("Figures"): [
            st.Page(PAGES / "overview.py", title=_("Overview"), icon=":material/dashboard:", default=True),
            st.Page(PAGES / "wars.py", title=_("Wars"), icon=":material/bar_chart:"),
            st.Page(PAGES / "blockade.py", title=_("Blockade"), icon=":material/block:"),
            st.Page(PAGES / "exodus.py", title=_("Exodus 2023"), icon=":material/directions_walk:"),
        ],
        _("Evidence"): [
            st.Page(PAGES / "sources.py", title=_("Sources & disputes"), icon=":material/menu_book:"),
            st.Page(PAGES / "data.py", title=_("Data"), icon=":material/table:"),
        ],
        _("Maintainers"): [st.Page(PAGES / "maintain.py", title=_("Maintain"), icon=":material/lock:")],
    }
)
st.sidebar.caption(
    _("Every figure is shown with its source; where sources disagree, every claim is shown and the dispute is named. "
      "Figures are reported as claimed by each source, not endorsed.")
)
viewport.watch()  # phone-sized windows get the compact chart layout
navigation.run()
report_pack(navigation)  # after the page: under its filters in the sidebar, its charts already built
