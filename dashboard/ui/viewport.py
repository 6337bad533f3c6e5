"""Whether this browser window is phone-sized, reported by a few lines of JavaScript, so cards can draw the
compact chart layout below charts.compact.COMPACT_BELOW_PX. The first run of a session assumes a wide window."""
from __future__ import annotations

import streamlit as st

from dashboard.figures.charts.compact import COMPACT_BELOW_PX

KEY = "viewport"
COMPACT = "viewport-compact"  # what the last run learnt, for the pages

# Reports only when the answer changes (not on every resize), starting from what the server already knows.
_JS = """
export default function(component) {
  const { setStateValue, data } = component;
  let last = Boolean(data && data.compact);
  const report = () => {
    const compact = window.innerWidth < BREAKPOINT;
    if (compact !== last) { last = compact; setStateValue('compact', compact); }
  };
  report();
  window.addEventListener('resize', report);
  return () => window.removeEventListener('resize', report);
}
""".replace("BREAKPOINT", str(COMPACT_BELOW_PX))

_component = st.components.v2.component("karabakh_viewport", js=_JS)


def watch() -> bool:
    """Mount the reporter once per run, in the sidebar so it takes no room on the page (app.py does, before the
    page runs); True when the window is phone-sized."""
    with st.sidebar:
        result = _component(key=KEY, data={"compact": is_compact()}, default={"compact": False},
                            on_compact_change=lambda: None, height=0)
    st.session_state[COMPACT] = bool(getattr(result, "compact", False))
    return st.session_state[COMPACT]


def is_compact() -> bool:
    return bool(st.session_state.get(COMPACT, False))
