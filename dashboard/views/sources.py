"""Sources & disputes: a search over figures, claimants and sources; every documented dispute explained; the registry
with reliability marks and links."""
import streamlit as st

from dashboard.figures.disputes import subject_words
from dashboard.figures.search import SearchIndex, query_terms
from dashboard.ui.card import source_item_markdown
from dashboard.ui.data_access import DataUnavailable, claims_at, current_claims, show_unavailable, sources_registry
from dashboard.ui.markdown import md_escape
from schemas.registry import SOURCE_REFERENCES, cited_ids, get_spec

QUERY_PARAM = "q"
SEARCH_KEY = "search-q"


@st.cache_resource(show_spinner="Preparing the search…", max_entries=4)
def _search_index(versions: tuple[tuple[str, int], ...]) -> SearchIndex:
    return SearchIndex(claims_at(versions))


def _keep_query_in_url() -> None:
    query = st.session_state[SEARCH_KEY].strip()
    if query:
        st.query_params[QUERY_PARAM] = query
    elif QUERY_PARAM in st.query_params:
        del st.query_params[QUERY_PARAM]


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


st.title("Sources and disputes")
try:
    claims = current_claims()
except DataUnavailable as error:
    show_unavailable(error)

sources = sources_registry()
disputes = claims.disputes

if SEARCH_KEY not in st.session_state:
    st.session_state[SEARCH_KEY] = st.query_params.get(QUERY_PARAM, "")
query = st.text_input("Search", key=SEARCH_KEY, on_change=_keep_query_in_url,
                      placeholder="Search figures, claimants, sources: e.g. Khojaly, HRW, 6500",
                      help="Every word must match; case and accents do not matter (xocali finds Xocalı), nor do a "
                           "number's commas (6500 finds 6,500). \"Quoted words\" match together.")
searching = bool(query_terms(query))
if searching:
    found = _search_index(tuple(sorted((name, v.version) for name, v in claims.versions.items()))).search(query)
    if not found.total:
        st.info(f"Nothing matches \u201c{md_escape(query.strip())}\u201d. Check the spelling, or search a place's other "
                "name (Stepanakert or Khankendi, Shushi or Shusha, Lachin or Berdzor).")
    else:
        st.markdown(f"{_count(len(found.figures), 'figure')}, {_count(len(found.sources), 'source')} and "
                    f"{_count(len(found.disputes), 'dispute')} match \u201c{md_escape(query.strip())}\u201d.")
    sources = sources[sources["source_id"].isin(found.sources["source_id"])]
    disputes = found.disputes
    if not found.figures.empty:
        st.subheader(f"Figures ({len(found.figures)})")
        st.caption("Each claim as its source states it; 'shown on' is the page that charts it.")
        st.dataframe(found.figures, hide_index=True,
                     column_config={"about": st.column_config.TextColumn("about", width="large"),
                                    "source link": st.column_config.LinkColumn("source link", display_text="open"),
                                    "page link": st.column_config.LinkColumn("page link", display_text="open page")})

if not searching or not disputes.empty:
    st.subheader(f"Disputes ({len(disputes)} of {len(claims.disputes)})" if searching else f"Disputes ({len(disputes)})")
    st.caption("Documented disagreements between sources. The dashboard reports who claims what; it does not decide between them.")
refs = {ref.source_id: ref for ref in claims.source_refs(claims.sources["source_id"])}
for _, dispute in disputes.iterrows():
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

if not searching or not sources.empty:
    st.subheader(f"Source registry ({len(sources)} of {len(claims.sources)})" if searching else f"Source registry ({len(sources)})")
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
