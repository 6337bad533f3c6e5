"""Sources & disputes: the registry with reliability marks and links, and every documented dispute explained."""
import streamlit as st

from dashboard.figures.disputes import subject_words
from dashboard.ui.card import source_item_markdown
from dashboard.ui.data_access import DataUnavailable, current_claims, show_unavailable, sources_registry
from dashboard.ui.markdown import md_escape
from schemas.registry import SOURCE_REFERENCES, cited_ids, get_spec

st.title("Sources and disputes")
try:
    claims = current_claims()
except DataUnavailable as error:
    show_unavailable(error)

sources = sources_registry()

st.subheader(f"Disputes ({len(claims.disputes)})")
st.caption("Documented disagreements between sources. The dashboard reports who claims what; it does not decide between them.")
refs = {ref.source_id: ref for ref in claims.source_refs(claims.sources["source_id"])}
for _, dispute in claims.disputes.iterrows():
    subject = subject_words(dispute["subject"])
    with st.expander(f"{md_escape(subject)} ({md_escape(get_spec(dispute['dataset']).title)})"):
        st.markdown(md_escape(dispute["summary"]))
        st.markdown("**Who says what:** " + md_escape(dispute["positions"]))
        links = []
        for sid in cited_ids(dispute["source_ids"], SOURCE_REFERENCES["source_ids"]):
            if sid in refs:
                links.append(source_item_markdown(refs[sid]))
        st.markdown("**Sources:** " + " · ".join(links))
        if dispute.get("note"):
            st.caption(md_escape(dispute["note"]))

st.subheader(f"Source registry ({len(sources)})")
st.caption("Each source is named by its original publisher. Where the figure was read in a copy (a repost or an "
           "archive), the copy is the 'read via' site. Grade: primary is the claimant's own publication; report, a "
           "news or NGO report of a claim; compilation, an encyclopedia, database or book summary; copy, a copy whose "
           "original could not be found.")
st.dataframe(
    sources[["publisher", "title", "grade", "party", "published", "link", "read via", "read at", "claims citing it",
             "accessed", "source_id"]],
    hide_index=True,
    column_config={"publisher": st.column_config.TextColumn("publisher", width="medium"),
                   "grade": st.column_config.TextColumn("grade", width="small"),
                   "link": st.column_config.LinkColumn("link", display_text="open"),
                   "read at": st.column_config.LinkColumn("read at", display_text="open copy")},
)
