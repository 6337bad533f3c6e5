"""Overview: a key figure for each episode (range of claims, number of claims, dispute badge) and the timeline."""
import streamlit as st

from dashboard.ui.card import figure_card
from dashboard.ui.data_access import DataUnavailable, chart, show_unavailable
from i18n import _, percent
from i18n.glossary import glossary_lines

st.title(_("Nagorno-Karabakh: what the sources say, 1988-2023"))
st.markdown(
    _("Deaths and displacement of each war, the supply shortages of the Lachin (Berdzor) corridor blockade "
      "(December 2022 - September 2023) and the exodus of Karabakh Armenians to Armenia in 2023. "
      "Each figure is a **claim**: a number stated by a named source. Where sources disagree, the range of their "
      "claims is shown and the dispute is named; nothing is averaged.")
)
try:
    figure_card(chart("overview-key-figures"))
    figure_card(chart("overview-timeline"))
except DataUnavailable as error:
    show_unavailable(error)
with st.expander(_("How to read these figures")):
    bullets = [
        _("**Range**: from the lowest to the highest figure stated by a final (not interim) claim."),
        _("**Disputed**: the disagreement is documented on the Sources & disputes page, or the claims differ by "
          "more than {share}.").format(share=percent(0.1)),
        _("**Interim**: a running count that a later figure replaced; drawn as a hollow mark."),
        _("**Party sources**: figures from a government or authority that is a party to the conflict are labelled "
          "with that party's colour; encyclopedia and reproduced sources are marked as such."),
        # Translators: heading of the list of places and their names (both names of each, and whose name each is)
        _("Place names:") + "".join(f"\n    - {line}" for line in glossary_lines()),
    ]
    st.markdown("\n".join(f"- {bullet}" for bullet in bullets))
