"""The one figure card every chart is shown in: title, chart, Source line, dispute note, rows, alt text, downloads."""
from __future__ import annotations

import streamlit as st

import i18n
from dashboard.figures.charts.base import Chart, SourceRef, dispute_summary, version_line
from dashboard.figures.charts.compact import compact_figure
from dashboard.figures.disputes import WHO_SAYS_WHAT_HEADERS, source_marks, who_says_what
from dashboard.ui.markdown import md_escape, md_link
from dashboard.ui.viewport import is_compact
from i18n import _, ngettext, number


def data_text_note() -> str | None:
    """Under a card or table that shows the datasets' own text (names, notes, titles), in a language other than
    English, one line saying that text is the sources' own; None in English, where there is nothing to say."""
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return None
    return _("Notes, names and titles from the sources are shown in English, as published.")


def show_data_text_note() -> None:
    """data_text_note() as a caption, where there is one."""
    if note := data_text_note():
        st.caption(note)


def source_item_markdown(s: SourceRef) -> str:
    """One source: the original's publisher and linked title, its date, the copy read where there is one, grade and party."""
    date = f" ({md_escape(s.cited_date)})" if s.cited_date else ""
    text = f"{md_escape(s.cited_publisher)}, [{md_escape(s.cited_title)}]({md_link(s.original_url or s.url)}){date}"
    if s.original_publisher:
        # Translators: {cited} is a source (publisher, title, date); {copy} the linked site the figure was read on
        text = _("{cited}, read via {copy}").format(cited=text, copy=f"[{md_escape(s.publisher)}]({md_link(s.url)})")
    marks = source_marks(s.grade, s.party)
    return text + (f" *[{md_escape(', '.join(marks))}]*" if marks else "")


def source_markdown(chart: Chart) -> str:
    """Every source of the chart with publisher, linked title, date, grade and party, one paragraph each."""
    if not chart.sources:
        return _("**Source:** none recorded")
    return "\n\n".join(source_item_markdown(s) for s in chart.sources)


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs={Chart: lambda c: (c.chart_id, c.permalink, id(c))})
def _phone_figure(chart: Chart, language: str) -> dict:
    """The compact layout of a chart, worked out once per built chart (charts are themselves cached per data version
    and language) and language."""
    with i18n.using(language):
        return compact_figure(chart)


def _dispute_warning(chart: Chart) -> str:
    """The card's short dispute line, its label in bold: '**Disputed:** sources disagree ... the list below.'"""
    # Translators: fills "Who says what: {where}." on a chart's card, where a list of the claims follows
    said = dispute_summary(chart, who_says_what=_("the list below"))
    # Translators: the label before a chart's dispute line, in bold on the card
    label = _("Disputed:")
    return f"**{label}** {md_escape(said)}"


def figure_card(chart: Chart, *, key: str | None = None) -> None:
    key = key or chart.chart_id
    with st.container(border=True):
        figure = _phone_figure(chart, i18n.language()) if is_compact() else chart.figure  # exports keep the wide layout
        st.plotly_chart(figure, theme=None, key=f"chart-{key}", alt=chart.alt_text,
                        config={"displaylogo": False, "toImageButtonOptions": {"filename": chart.chart_id}})
        # One short attribution on the card, as on the chart; the full citations with grades one click away.
        line, more = st.columns([5, 1], vertical_alignment="center")
        line.markdown(f"**{md_escape(chart.attribution)}**")
        count = len(chart.sources)
        with more.popover(ngettext("All {n} source", "All {n} sources", count).format(n=number(count)), width="stretch"):
            st.markdown(source_markdown(chart))
        if chart.dispute_note:
            st.warning(_dispute_warning(chart), icon="⚖️")
            with st.expander(_("Who says what")):
                st.markdown(md_escape(chart.dispute_note).replace(" | ", "\n\n"))
                table = who_says_what(chart.rows, chart.sources)
                if not table.empty:
                    st.dataframe(table, hide_index=True, column_config={
                        column: st.column_config.Column(_(label)) for column, label in WHO_SAYS_WHAT_HEADERS.items()
                        if column in table})
        lines = [_("Chart description: {description}").format(description=md_escape(chart.alt_text)),
                 md_escape(version_line(chart.versions))]
        if note := data_text_note():  # the card's names, notes and titles are the sources' own
            lines.append(note)
        st.caption("  \n".join(lines))
        if st.toggle(_("Show the rows behind this chart"), key=f"rows-{key}"):
            st.dataframe(chart.rows, hide_index=True, column_config={"url": st.column_config.LinkColumn("url")})
        export_buttons(chart, key)


def export_buttons(chart: Chart, key: str) -> None:
    """Downloads for reports; files are rendered only when a button is clicked. On a phone, six buttons would stack
    into six rows: they sit in one popover instead."""
    from dashboard.ui import downloads

    if is_compact():
        # Translators: {formats} is the list of file formats (PNG, SVG, PDF, HTML, CSV, ZIP)
        with st.popover("⬇ " + _("Download: {formats}").format(formats=", ".join(downloads.LABELS.values())),
                        width="stretch"):
            downloads.buttons(chart, key, stacked=True)
    else:
        downloads.buttons(chart, key)
