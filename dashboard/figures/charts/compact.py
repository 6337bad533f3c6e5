"""The phone layout of any chart: on a screen a few hundred pixels wide, labels move from the left margin onto a line
above their marks, the legend goes under the plot, the title and footer wrap, and the value axis has fewer ticks.

A pure function of a finished chart, so every builder gets it and the wide figure (the one exports use) is untouched.
"""
from __future__ import annotations

from dashboard.figures.charts.base import PROVENANCE, Chart, plotly_escape, provenance_texts, wrap
from dashboard.figures.charts.summary_charts import table_headers
from i18n import pgettext

COMPACT_BELOW_PX = 640  # a window narrower than this gets the compact layout (phones; a tablet held upright is wider)
LINE_CHARS = 46  # characters of a label or footer line at 10-11 px in a 390 px phone's card (about 330 px)
AXIS_TITLE_CHARS = 40  # characters of an axis title line at 12 px
TITLE_CHARS = 36  # characters of a title line at 15 px
LABEL_LINE_PX = 14  # a line of a claim's label, above its mark
MARK_PX = 20  # the mark's own line
ROW_GAP_PX = 8  # between one claim's mark and the next claim's label
HEADING_CHARS = 38  # characters of a subject's heading line (bold, 12 px)
HEADING_LINE_PX = 16  # a subject's heading above its claims: this per line, plus a gap
HEADING_GAP_PX = 14
LEGEND_ENTRY_PX = 24
FOOTER_LINE_PX = 15
AXIS_PX = 56  # tick labels and the axis title under the plot


def _label_lines(text: str, lines: int = 2, chars: int = LINE_CHARS) -> str:
    """A label as at most `lines` lines of `chars` (the last cut with …); the wide layout's <br>s are undone."""
    out = wrap(str(text).replace("<br>", " "), chars)
    if len(out) > lines:
        out = out[: lines - 1] + [out[lines - 1][: chars - 1] + "…"]
    return "<br>".join(out)


def _cut(line: str) -> list[str]:
    """A line with no space to break at (a long link) in pieces of LINE_CHARS, so it stays on a phone's screen."""
    return [line[i:i + LINE_CHARS] for i in range(0, len(line), LINE_CHARS)] if len(line) > LINE_CHARS else [line]


def _is_two_level(y) -> bool:
    return len(y) == 2 and all(isinstance(level, (list, tuple)) for level in y)


def _rows(figure: dict) -> list[tuple[str, str]]:
    """The chart's rows top to bottom as (subject, label): label alone ('' subject) on a one-level category axis."""
    stated = figure["layout"].get("meta", {}).get("rows")  # the builder's own order, where it gave one
    if stated:
        return [(str(row[0]), str(row[1])) for row in stated]
    seen: dict[tuple[str, str], None] = {}
    for trace in figure["data"]:
        y = trace.get("y")
        if isinstance(y, dict):  # a typed numeric array ({"dtype", "bdata"}): a value axis
            return []
        if y is None or len(y) == 0:
            continue
        if _is_two_level(y):
            for subject, item in zip(*y):
                if subject is not None and item is not None:
                    seen.setdefault((str(subject), str(item)), None)
        elif all(v is None or isinstance(v, str) for v in y):
            for item in y:
                if item is not None:
                    seen.setdefault(("", item), None)
        else:
            return []  # a numeric y axis (counts over time): nothing to move
    rows = list(seen)
    order = list(figure["layout"].get("yaxis", {}).get("categoryarray") or [])
    if order:
        rank = {label: i for i, label in enumerate(order)}
        rows.sort(key=lambda r: rank.get(r[1], len(rank)))
    return rows


def _key(subject: str, label: str) -> str:
    return f"{subject}\u2063{label}"  # invisible separator: keys stay unique per subject


def _move_labels_above_marks(figure: dict, rows: list[tuple[str, str]]) -> int:
    """Give each row (and each subject's heading) its own pixels on a numeric y axis, draw the marks there and write
    each label as an annotation on the line(s) above its mark; returns the plot's height in pixels.

    A numeric axis, not a category one: a category axis spaces rows evenly, and a one-line label needs less room
    than a two-line one or a heading."""
    # The builder's labels in full where it gave them (the wide axis cuts them to fit beside the plot)
    words = {(str(r[0]), str(r[1])): (str(r[2]), str(r[3])) for r in figure["layout"].get("meta", {}).get("rows", []) if len(r) == 4}
    position, annotations, at = {}, [], 6
    subject_now = None
    for subject, label in rows:
        subject_text, label_text = words.get((subject, label), (subject, label))
        if subject and subject != subject_now:
            text = _label_lines(subject_text, chars=HEADING_CHARS)
            annotations.append(dict(text="<br>".join(f"<b>{plotly_escape(line)}</b>" for line in text.split("<br>")),
                                    y=at + HEADING_GAP_PX / 2, font=dict(size=12, color="#222222")))
            at += HEADING_GAP_PX + HEADING_LINE_PX * (text.count("<br>") + 1)
            subject_now = subject
        text = _label_lines(label_text)
        annotations.append(dict(text=plotly_escape(text).replace("&lt;br&gt;", "<br>"), y=at, font=dict(size=11, color="#333333")))
        at += LABEL_LINE_PX * (text.count("<br>") + 1) + MARK_PX / 2
        position[_key(subject, label)] = at
        at += MARK_PX / 2 + ROW_GAP_PX
    for trace in figure["data"]:
        y = trace.get("y")
        if y is None:
            continue
        keys = [None if s is None or item is None else _key(str(s), str(item)) for s, item in zip(*y)] if _is_two_level(y) \
            else [None if item is None else _key("", str(item)) for item in y]
        trace["y"] = [None if k is None else position.get(k) for k in keys]
    layout = figure["layout"]
    layout["annotations"] = layout.get("annotations", []) + [
        dict(x=0, xref="paper", yref="y", xanchor="left", yanchor="top", align="left", showarrow=False, **a)
        for a in annotations]
    yaxis = layout.setdefault("yaxis", {})
    for wide_only in ("categoryorder", "categoryarray", "autorange", "type"):
        yaxis.pop(wide_only, None)
    yaxis.update(type="linear", range=[at, 0], showticklabels=False, showgrid=False, zeroline=False, title={"text": ""},
                 fixedrange=True, automargin=False)
    return int(at)


def table_columns() -> dict[str, tuple[str, str]]:
    """A sourced table's six columns (charts.summary_charts) as three a phone can show, in the active language: each
    new column's header, and the headers of its parts in order."""
    what, figure, unit, as_of, claimed_by, source = table_headers()
    return {
        # Translators: column of a table of figures on a phone: what the figure counts, and its date.
        pgettext("sourced table column", "What, as of"): (what, as_of),
        pgettext("sourced table column", "Figure"): (figure, unit),
        # Translators: column of a table of figures on a phone: who claims the figure, and the source.
        pgettext("sourced table column", "Claimed by · source"): (claimed_by, source),
    }


def _fewer_columns(table: dict) -> None:
    """Join a sourced table's columns in pairs (what with its date, figure with its unit, claimant with source)."""
    headers = list(table.get("header", {}).get("values", []))
    columns = table_columns()
    if not all(part in headers for parts in columns.values() for part in parts):
        return
    cells = table["cells"]["values"]
    column = {name: list(cells[headers.index(name)]) for name in headers}
    joined = [[" · ".join(str(v) for v in values if str(v)) for values in zip(*(column[p] for p in parts))]
              for parts in columns.values()]
    table["header"]["values"] = list(columns)
    table["cells"]["values"] = joined
    table["columnwidth"] = [1.1, 0.8, 1.6]  # claimants' names are the longest words
    table["cells"]["font"] = dict(size=10)


def _value_axis_title_above(layout: dict, left: int) -> bool:
    """Move a left value axis's title to a line above the plot (a phone has no room beside it); True if moved."""
    yaxis = layout.setdefault("yaxis", {})
    title = yaxis.get("title", {}).get("text", "")
    yaxis.update(title={"text": ""}, nticks=5, automargin=False)  # the footer is placed by the margin: keep it
    if title:
        layout["annotations"].append(dict(text=plotly_escape(_label_lines(title, lines=1)), x=0, y=1, xref="paper", yref="paper",
                                          xanchor="left", yanchor="bottom", xshift=-left + 4, yshift=6, showarrow=False,
                                          font=dict(size=11, color="#333333")))
    return bool(title)


def _fewer_ticks(axis: dict, most: int) -> None:
    """Explicit ticks (a date axis in a language plotly cannot write, charts.common.date_axis) thinned to `most`:
    nticks does not apply to them."""
    values, texts = list(axis.get("tickvals") or []), list(axis.get("ticktext") or [])
    if len(values) > most and len(values) == len(texts):
        step = -(-len(values) // most)
        axis.update(tickvals=values[::step], ticktext=texts[::step])


def compact_figure(chart: Chart) -> dict:
    """The chart's figure laid out for a phone, as a plotly figure dict (st.plotly_chart takes it); built from a
    copy, so the chart itself is not changed. Works on the dict: plotly's per-annotation validation would take
    seconds on a chart of a hundred claims."""
    figure = chart.figure.to_dict()
    layout = figure["layout"]
    wide_meta = dict(layout.get("meta") or {})
    layout["annotations"] = [a for a in layout.get("annotations", []) if a.get("name") != PROVENANCE]
    above_plot = 0  # pixels between title and plot for a moved axis title
    tables = [trace for trace in figure["data"] if trace.get("type") == "table"]
    if tables:
        for table in tables:
            _fewer_columns(table)
        plot_px, left = int(wide_meta.get("plot_height", 450)) * 2, 8  # narrower columns: rows take more lines
    else:
        rows = _rows(figure)
        left = 8 if rows else 56
        plot_px = _move_labels_above_marks(figure, rows) if rows else 300  # one y unit is one pixel
        if not rows and _value_axis_title_above(layout, left):
            above_plot = 24
        xaxis = layout.setdefault("xaxis", {})
        xaxis.update(nticks=4, automargin=False)
        _fewer_ticks(xaxis, 4)
        x_title = xaxis.setdefault("title", {})
        x_title.update(text="<br>".join(wrap(x_title.get("text", ""), AXIS_TITLE_CHARS)), font=dict(size=12))
        if rows and xaxis.get("range") and xaxis.get("type") != "date":
            low, high = xaxis["range"]  # value labels sit right of the marks: give them more room than wide
            xaxis["range"] = [low, low + (high - low) * (1.25 if xaxis.get("type") != "log" else 1.6)]
    legend_traces = [t for t in figure["data"] if t.get("name") and t.get("showlegend", True) is not False]
    for trace in legend_traces:
        trace["name"] = _label_lines(trace["name"])
    legend_px = sum(LEGEND_ENTRY_PX + 14 * t["name"].count("<br>") for t in legend_traces)
    lines = [piece for text in provenance_texts(chart) for line in wrap(text, LINE_CHARS) for piece in _cut(line)]
    footer_px = 16 + FOOTER_LINE_PX * len(lines)
    title_lines = wrap(chart.title, TITLE_CHARS)
    title_px = 34 + 20 * len(title_lines)
    bottom = AXIS_PX + legend_px + footer_px
    height = title_px + above_plot + plot_px + bottom
    layout["annotations"].append(dict(
        name=PROVENANCE, text="<br>".join(plotly_escape(line) for line in lines), showarrow=False, align="left",
        xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top", yshift=-(AXIS_PX + legend_px),
        xshift=-left + 4, font=dict(size=10, color="#333333")))
    layout.update(
        height=height, margin=dict(l=left, r=8, t=title_px + above_plot, b=bottom), meta={**wide_meta, "layout": "compact"},
        title=dict(text="<br>".join(plotly_escape(line) for line in title_lines), x=0.02, xref="container", xanchor="left",
                   # plotly anchors a multi-line title by its first line: place that line, the rest follow below
                   y=1 - 24 / height, yref="container", yanchor="top", font=dict(size=15)),
        legend=dict(orientation="h", xref="container", yref="container", x=0.02, xanchor="left",
                    y=(footer_px + legend_px + 4) / height, yanchor="top", font=dict(size=11)) if legend_traces else {},
    )
    return figure
