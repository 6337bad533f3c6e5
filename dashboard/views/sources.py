"""Sources & disputes: the registry with reliability marks and links, and every documented dispute explained."""
import streamlit as st

from dashboard.figures.disputes import subject_words
from dashboard.ui.data_access import DataUnavailable, current_claims, show_unavailable, sources_registry
from dashboard.ui.markdown import md_escape, md_link
from schemas.registry import SOURCE_REFERENCES, cited_ids

st.title("Sources and disputes")
try:
    claims = current_claims()
except DataUnavailable as error:
    show_unavailable(error)

sources = sources_registry()

st.subheader(f"Disputes ({len(claims.disputes)})")
st.caption("Documented disagreements between sources. The dashboard reports who claims what; it does not decide between them.")
refs = claims.sources.set_index("source_id")
for _, dispute in claims.disputes.iterrows():
    subject = subject_words(dispute["subject"])
    with st.expander(f"{md_escape(dispute['dataset'].replace('_', ' '))} — {md_escape(subject)}"):
        st.markdown(md_escape(dispute["summary"]))
        st.markdown("**Who says what:** " + md_escape(dispute["positions"]))
        links = []
        for sid in cited_ids(dispute["source_ids"], SOURCE_REFERENCES["source_ids"]):
            if sid in refs.index:
                links.append(f"[{md_escape(refs.loc[sid, 'publisher'])}, {md_escape(refs.loc[sid, 'title'])}]({md_link(refs.loc[sid, 'url'])})")
        st.markdown("**Sources:** " + " · ".join(links))
        if dispute.get("note"):
            st.caption(md_escape(dispute["note"]))

st.subheader(f"Source registry ({len(sources)})")
st.dataframe(
    sources[["publisher", "title", "published", "kind", "party", "marks", "claims citing it", "url", "accessed", "source_id"]],
    hide_index=True,
    column_config={"url": st.column_config.LinkColumn("link", display_text="open")},
)
