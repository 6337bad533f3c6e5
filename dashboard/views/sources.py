"""Sources & disputes: a search over figures, claimants and sources; every documented dispute explained; the registry
with reliability marks and links."""
import streamlit as st

import i18n
from dashboard.figures.disputes import REGISTRY_HEADERS, subject_words
from dashboard.figures.search import SearchIndex, query_terms
from dashboard.ui.card import show_data_text_note, source_item_markdown
from dashboard.ui.data_access import DataUnavailable, claims_at, current_claims, show_unavailable, sources_registry
from dashboard.ui.markdown import md_escape
from i18n import N_, _, ngettext, number
from schemas.registry import SOURCE_REFERENCES, cited_ids, get_spec

QUERY_PARAM = "q"
SEARCH_KEY = "search-q"
# The search results' columns (dashboard.figures.search.FIGURE_COLUMNS, which stay as they are) as the table's
# header shows them.
FIGURE_HEADERS = {
    # Translators: header of the search results: the dataset a figure is from
    "dataset": N_("dataset"),
    # Translators: header of the search results: what the figure counts (the war, the side, killed or displaced ...)
    "about": N_("about"),
    "figure": N_("figure"),
    "as of": N_("as of"),
    "claimed by": N_("claimed by"),
    "source": N_("source"),
    "source title": N_("source title"),
    "source link": N_("source link"),
    # Translators: header of the search results: the dashboard page that charts the figure
    "shown on": N_("shown on"),
    "page link": N_("page link"),
    "note": N_("note"),
}


@st.cache_resource(show_spinner=False, max_entries=8)
def _search_index(versions: tuple[tuple[str, int], ...], language: str) -> SearchIndex:
    """The search over these data versions, its words (labels, figures' wording) in `language`."""
    return SearchIndex(claims_at(versions), language)


def _keep_query_in_url() -> None:
    query = st.session_state[SEARCH_KEY].strip()
    if query:
        st.query_params[QUERY_PARAM] = query
    elif QUERY_PARAM in st.query_params:
        del st.query_params[QUERY_PARAM]


def _headers(labels: dict[str, str], **columns) -> dict:
    """column_config giving each column its header in the reader's language (the frame keeps its column names);
    `columns` are the columns with a config of their own (links, widths), keyed by their column name."""
    config = {name: st.column_config.Column(_(label)) for name, label in labels.items()}
    return config | columns


st.title(_("Sources and disputes"))
try:
    claims = current_claims()
except DataUnavailable as error:
    show_unavailable(error)

sources = sources_registry()
disputes = claims.disputes

if SEARCH_KEY not in st.session_state:
    st.session_state[SEARCH_KEY] = st.query_params.get(QUERY_PARAM, "")
query = st.text_input(
    _("Search"), key=SEARCH_KEY, on_change=_keep_query_in_url,
    # Translators: {examples} are words to search for, as the data writes them (English): keep them as they are
    placeholder=_("Search figures, claimants, sources: e.g. {examples}").format(examples="Khojaly, HRW, 6500"),
    # Translators: {folded} and {written} show that case and accents do not matter (xocali finds Xocalı): keep them
    help=_("Every word must match; case and accents do not matter ({folded} finds {written}), nor do a number's "
           "commas (6500 finds 6,500). \"Quoted words\" match together.").format(folded="xocali", written="Xocalı"))
searching = bool(query_terms(query))
if searching:
    versions = tuple(sorted((name, v.version) for name, v in claims.versions.items()))
    with st.spinner(_("Preparing the search…")):  # the first search of these versions in this language builds it
        index = _search_index(versions, i18n.language())
    found = index.search(query)
    quoted = md_escape(query.strip())
    if not found.total:
        st.info(_("Nothing matches \u201c{query}\u201d. Check the spelling, or search a place's other name "
                  "(Stepanakert or Khankendi, Shushi or Shusha, Lachin or Berdzor).").format(query=quoted))
    else:
        figures_n, sources_n, disputes_n = len(found.figures), len(found.sources), len(found.disputes)
        # Translators: {figures}, {sources} and {disputes} are counts written by the messages "{n} figure" etc.
        st.markdown(_("{figures}, {sources} and {disputes} match \u201c{query}\u201d.").format(
            figures=ngettext("{n} figure", "{n} figures", figures_n).format(n=number(figures_n)),
            sources=ngettext("{n} source", "{n} sources", sources_n).format(n=number(sources_n)),
            disputes=ngettext("{n} dispute", "{n} disputes", disputes_n).format(n=number(disputes_n)),
            query=quoted))
    sources = sources[sources["source_id"].isin(found.sources["source_id"])]
    disputes = found.disputes
    if not found.figures.empty:
        st.subheader(_("Figures ({n})").format(n=number(len(found.figures))))
        st.caption(_("Each claim as its source states it; 'shown on' is the page that charts it."))
        st.dataframe(found.figures, hide_index=True, column_config=_headers(
            FIGURE_HEADERS,
            about=st.column_config.TextColumn(_(FIGURE_HEADERS["about"]), width="large"),
            **{"source link": st.column_config.LinkColumn(_(FIGURE_HEADERS["source link"]), display_text=_("open")),
               # Translators: the text of each link to the dashboard page that charts a figure
               "page link": st.column_config.LinkColumn(_(FIGURE_HEADERS["page link"]), display_text=_("open page"))}))
        show_data_text_note()

if not searching or not disputes.empty:
    st.subheader(_("Disputes ({n} of {total})").format(n=number(len(disputes)), total=number(len(claims.disputes)))
                 if searching else _("Disputes ({n})").format(n=number(len(disputes))))
    st.caption(_("Documented disagreements between sources. The dashboard reports who claims what; it does not "
                 "decide between them."))
    if not disputes.empty:
        show_data_text_note()  # the summaries, positions and notes are the disputes dataset's own text
refs = {ref.source_id: ref for ref in claims.source_refs(claims.sources["source_id"])}
for __, dispute in disputes.iterrows():
    subject = subject_words(dispute["subject"])
    with st.expander(f"{md_escape(subject)} ({md_escape(_(get_spec(dispute['dataset']).title))})"):
        st.markdown(md_escape(dispute["summary"]))
        st.markdown("**" + _("Who says what:") + "** " + md_escape(dispute["positions"]))
        links = []
        for sid in cited_ids(dispute["source_ids"], SOURCE_REFERENCES["source_ids"]):
            if sid in refs:
                links.append(source_item_markdown(refs[sid]))
        st.markdown("**" + _("Sources:") + "** " + " · ".join(links))
        if dispute.get("note"):
            st.caption(md_escape(dispute["note"]))

if not searching or not sources.empty:
    st.subheader(_("Source registry ({n} of {total})").format(n=number(len(sources)), total=number(len(claims.sources)))
                 if searching else _("Source registry ({n})").format(n=number(len(sources))))
    st.caption(_("Each source is named by its original publisher. Where the figure was read in a copy (a repost or an "
                 "archive), the copy is the 'read via' site. Grade: primary is the claimant's own publication; report, "
                 "a news or NGO report of a claim; compilation, an encyclopedia, database or book summary; copy, a copy "
                 "whose original could not be found."))
    st.dataframe(
        sources[["publisher", "title", "grade", "party", "published", "link", "read via", "read at", "claims citing it",
                 "accessed", "source_id"]],
        hide_index=True,
        column_config=_headers(
            REGISTRY_HEADERS,
            publisher=st.column_config.TextColumn(_(REGISTRY_HEADERS["publisher"]), width="medium"),
            grade=st.column_config.TextColumn(_(REGISTRY_HEADERS["grade"]), width="small"),
            link=st.column_config.LinkColumn(_(REGISTRY_HEADERS["link"]), display_text=_("open")),
            # Translators: the text of each link to the copy of a source that was read
            **{"read at": st.column_config.LinkColumn(_(REGISTRY_HEADERS["read at"]), display_text=_("open copy"))}),
    )
    show_data_text_note()
