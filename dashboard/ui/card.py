"""The one figure card every chart is shown in: title, chart, Source line, dispute note, rows, alt text, downloads."""
from __future__ import annotations

import streamlit as st

from dashboard.figures.charts.base import Chart, SourceRef, short_dispute_line, version_line
from dashboard.figures.charts.compact import compact_figure
from dashboard.figures.disputes import source_marks, who_says_what
from dashboard.ui.markdown import md_escape, md_link
from dashboard.ui.viewport import is_compact


def source_item_markdown(s: SourceRef) -> str:
    """One source: the original's publisher and linked title, its date, the copy read where there is one, grade and party."""
    date = f" ({md_escape(s.cited_date)})" if s.cited_date else ""
    text = f"{md_escape(s.cited_publisher)}, [{md_escape(s.cited_title)}]({md_link(s.original_url or s.url)}){date}"
    if s.original_publisher:
        text += f", read via [{md_escape(s.publisher)}]({md_link(s.url)})"
    marks = source_marks(s.grade, s.party)
    return text + (f" *[{md_escape(', '.join(marks))}]*" if marks else "")


def source_markdown(chart: Chart) -> str:
    """Every source of the chart with publisher, linked title, date, grade and party, one paragraph each."""
    if not chart.sources:
        return "**Source:** none recorded"
    return "\n\n".join(source_item_markdown(s) for s in chart.sources)


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs={Chart: lambda c: (c.chart_id, c.permalink, id(c))})
def _phone_figure(chart: Chart) -> dict:
    """The compact layout of a chart, worked out once per built chart (charts are themselves cached per data version)."""
    return compact_figure(chart)


def figure_card(chart: Chart, *, key: str | None = None) -> None:
    key = key or chart.chart_id
    with st.container(border=True):
        figure = _phone_figure(chart) if is_compact() else chart.figure  # exports keep the wide layout
        st.plotly_chart(figure, theme=None, key=f"chart-{key}", alt=chart.alt_text,
                        config={"displaylogo": False, "toImageButtonOptions": {"filename": chart.chart_id}})
        # One short attribution on the card, as on the chart; the full citations with grades one click away.
        line, more = st.columns([5, 1], vertical_alignment="center")
        line.markdown(f"**{md_escape(chart.attribution)}**")
        with more.popover(f"All {len(chart.sources)} sources", width="stretch"):
            st.markdown(source_markdown(chart))
        if chart.dispute_note:
            said = short_dispute_line(chart, who_says_what="the list below").removeprefix("Disputed: ")
            st.warning(f"**Disputed:** {md_escape(said)}", icon="⚖️")
            with st.expander("Who says what"):
                st.markdown(md_escape(chart.dispute_note).replace(" | ", "\n\n"))
                table = who_says_what(chart.rows, chart.sources)
                if not table.empty:
                    st.dataframe(table, hide_index=True)
        st.caption(f"Chart description: {md_escape(chart.alt_text)}  \n{md_escape(version_line(chart.versions))}")
        if st.toggle("Show the rows behind this chart", key=f"rows-{key}"):
            st.dataframe(chart.rows, hide_index=True, column_config={"url": st.column_config.LinkColumn("url")})
        export_buttons(chart, key)


def export_buttons(chart: Chart, key: str) -> None:
    """Downloads for reports; files are rendered only when a button is clicked. On a phone, six buttons would stack
    into six rows: they sit in one popover instead."""
    from dashboard.ui import downloads

    if is_compact():
        with st.popover("⬇ Download: PNG, SVG, PDF, HTML, CSV, ZIP", width="stretch"):
            downloads.buttons(chart, key, stacked=True)
    else:
        downloads.buttons(chart, key)
