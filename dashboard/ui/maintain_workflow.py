"""The logged-in maintainer's workflow on the Maintain page: pick a dataset, upload, read the report and the
warnings, preview the changes, publish; history, compare and rollback. Any store failure is shown as a message,
not a traceback. What an upload is checked for is dashboard/maintain/review.py, shared with the command line."""
import pandas as pd
import streamlit as st

import i18n
from dashboard.figures.charts.compact import compact_figure
from dashboard.maintain.changes import LINE, Changes, change_labels, compare
from dashboard.maintain.damage import BY_CODE, warning_labels
from dashboard.maintain.preview import charts_changed
from dashboard.maintain.review import Review, fixes, review_upload
from dashboard.ui.data_access import chart, claims_at, current_claims, current_versions, version_text
from dashboard.ui.login import logout
from dashboard.ui.markdown import md_escape
from i18n import N_, _, ngettext, number
from schemas.io import spreadsheet_csv_bytes, spreadsheet_xlsx_bytes, typed
from schemas.reader import DEFAULT_MAX_BYTES
from schemas.registry import DATASETS, SOURCES, get_spec
from schemas.report import Code, ValidationReport
from schemas.workbook import WORKBOOK_TYPES
from store import InvalidUpload, StaleBase, StoreError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The headers of the refusal's table of problems (keys: its columns, in the order read) and of the history table.
REPORT_HEADERS = {
    # Translators: header of the table of an upload's problems: the spreadsheet line number
    "line": N_("line"),
    # Translators: header of the table of an upload's problems: the name of the dataset column (not a verb)
    "column": N_("column"),
    # Translators: header of the table of an upload's problems: what the cell holds
    "value": N_("value"),
    "problem": N_("problem"),
    # Translators: header of the table of an upload's problems: what to do about it
    "suggestion": N_("suggestion"),
    # Translators: header of the table of an upload's problems: the kind of problem (Wrong kind of value ...)
    "kind": N_("kind"),
    # Translators: header of the table of an upload's problems: a machine code such as type-error
    "code": N_("code"),
}
HISTORY_HEADERS = {
    # Translators: header of a dataset's history: the version number
    "version": N_("version"),
    # Translators: header of a dataset's history: when the version was published (a date and time)
    "published": N_("published"),
    # Translators: header of a dataset's history: who published the version
    "by": N_("by"),
    # Translators: header of a dataset's history: the publisher's note on what changed
    "note": N_("note"),
    # Translators: header of a dataset's history: the number of rows
    "rows": N_("rows"),
    # Translators: header of a dataset's history: the version this one replaced
    "based on": N_("based on"),
    "sha256": N_("sha256"),
}


def _headed(rows: list[dict], headers: dict[str, str]) -> list[dict]:
    """Rows for a table, each key replaced by its header in the reader's language."""
    return [{_(headers[key]) if key in headers else key: value for key, value in row.items()} for row in rows]


def dataset_choice(n: str) -> str:
    """A dataset in a picker: its title (the project's words) and its file name."""
    # Translators: {title} is a dataset's title, {file} its file name (casualties.csv)
    return _("{title} ({file})").format(title=_(DATASETS[n].title), file=f"{n}.csv")


def flash(message: str) -> None:
    """Show a success message after rerunning, so the page below already reflects the new version."""
    st.session_state["maintain-flash"] = message
    st.rerun()


def maintain(store, maintainer: str) -> None:
    """Everything a logged-in maintainer does; any store failure below is shown as a message, not a traceback."""
    top_left, top_right = st.columns([4, 1])
    # Translators: {maintainer} is the maintainer's user name or e-mail address
    top_left.caption(_("Logged in as **{maintainer}**. Every publish makes a new version; nothing is overwritten.").format(
        maintainer=maintainer))
    top_right.button(_("Log out"), on_click=logout)

    name = st.selectbox(_("Dataset"), list(DATASETS), format_func=dataset_choice, key="maintain-dataset")
    if "maintain-flash" in st.session_state:
        st.success(st.session_state.pop("maintain-flash"))
    history = store.history(name)  # metadata only: rows are read when a preview or a download needs them
    current = history[0]
    # Translators: {rows} is a number; {author} who published it; {published} a date and time (2024-05-01 12:30);
    # {note} the publisher's note, in quotation marks
    st.markdown(ngettext("Current version: **{version}** · {rows} row · by {author} on {published} UTC · “{note}”",
                         "Current version: **{version}** · {rows} rows · by {author} on {published} UTC · “{note}”",
                         current.row_count).format(
        version=current.version, rows=number(current.row_count), author=md_escape(current.author),
        published=f"{current.created_at:%Y-%m-%d %H:%M}", note=md_escape(current.note)))

    # Keyed, so a rerun (after a rollback, say) stays on the tab the maintainer was on.
    upload_tab, history_tab = st.tabs([_("Upload a new version"), _("History and rollback")], key=f"maintain-tab-{name}")
    with upload_tab:
        _upload(store, name, current.version, maintainer)
    with history_tab:
        _history(store, name, history, maintainer)


def _upload(store, name: str, current: int, maintainer: str) -> None:
    # A new key after each publish empties the uploader, so the published file cannot be published twice.
    round_ = st.session_state.get(f"upload-round-{name}", 0)
    key = f"upload-{name}" + (f"-{round_}" if round_ else "")
    upload = st.file_uploader(
        # Translators: {dataset} is a dataset's id (casualties); {size} a number of megabytes
        _("File for {dataset}: a CSV (UTF-8 or Excel's Unicode Text; commas, semicolons or tabs) or an Excel or "
          "LibreOffice workbook (XLSX, ODS, XLS); at most {size} MB").format(
            dataset=name, size=number(DEFAULT_MAX_BYTES // 2**20)),
        type=["csv", "txt", "tsv", *WORKBOOK_TYPES], key=key)  # .txt: what Excel names its "Unicode Text"
    if upload is None:
        return
    data = upload.getvalue()
    base_key = f"base-{name}-{upload.file_id}"
    base = st.session_state.setdefault(base_key, current)  # the version this upload will replace, fixed at upload
    shown_name = md_escape(upload.name)  # a file's name is the uploader's text: never read it as markdown
    # Keyed by the sources' version too: an unknown source_id may be known after a sources publish; and by the
    # language, since the report's messages are written in it.
    review_key = f"review-{name}-{upload.file_id}-{base}-{store.current_version(SOURCES)}-{i18n.language()}"
    review = st.session_state.get(review_key)
    if review is None:  # once per file: ticking a box or typing the note reruns the page, not the review
        # Translators: {file} is the uploaded file's name; {size} its size in megabytes (0.1)
        validating = _("Validating {file} ({size} MB)…").format(file=shown_name, size=number(len(data) / 1e6, digits=1))
        with st.status(validating, expanded=False) as status:
            review = review_upload(store, name, data, base=base, path=upload.name)
            status.update(label=verdict(shown_name, review), state="complete" if review.report.ok else "error")
        _forget_reviews(name)  # of a file no longer in the uploader
        st.session_state[review_key] = review
    else:
        # The verdict only: the summary is in the box below it, which stays in view when this one folds.
        st.status(verdict(shown_name, review), state="complete" if review.report.ok else "error", expanded=False)
    for note in review.report.notes:
        st.info(md_escape(note) + ".")
    if not review.report.ok:
        _refusal(review.report, name)
        return
    rows = review.report.rows
    st.success(ngettext("Valid: {rows} row.", "Valid: {rows} rows.", rows).format(rows=number(rows)))
    _warnings(review)
    _changes(review.changes, get_spec(name).key_columns)
    _chart_preview(review, f"{review_key}-charts")
    _publish(store, review, data, maintainer, base_key)


def _forget_reviews(name: str) -> None:
    """Drop the reviews (and their chart previews) of `name`'s uploads from the session."""
    for key in [k for k in st.session_state if str(k).startswith(f"review-{name}-")]:
        del st.session_state[key]


def verdict(shown_name: str, review: Review) -> str:
    # Translators: {file} is the uploaded file's name
    return (_("Checked {file}: valid") if review.report.ok else _("Checked {file}: not accepted")).format(file=shown_name)


def _refusal(report: ValidationReport, name: str) -> None:
    # Translators: {summary} says how many problems were found on how many lines
    st.error(_("**This file was not accepted.** {summary}. Fix the lines below and upload it again.").format(
        summary=md_escape(report.summary())))
    # What to read first, left to right: where, what is there, what is wrong, what to do; the kind and code last,
    # so the suggestion stays on a laptop screen.
    st.dataframe(_headed([{"line": e.line, "column": e.column, "value": e.value, "problem": e.message,
                           "suggestion": e.suggestion, "kind": Code(e.code).title, "code": e.code} for e in report.errors],
                         REPORT_HEADERS), hide_index=True)
    st.download_button("⬇ " + _("Download this report (CSV)"), report.errors_csv(),
                       file_name=f"{name}-validation-report.csv", mime="text/csv", on_click="ignore")


def _warnings(review: Review) -> None:
    if not review.warnings:
        return
    count = len(review.warnings)
    st.warning(ngettext(
        "**{n} value(s) look changed by a spreadsheet program.** They are valid, so the validator accepts them, but "
        "they may not be what you meant. Read each one: fix the file and upload it again, or tick below to publish it "
        "as it is.",
        "**{n} value(s) look changed by a spreadsheet program.** They are valid, so the validator accepts them, but "
        "they may not be what you meant. Read each one: fix the file and upload it again, or tick below to publish it "
        "as it is.", count).format(n=number(count)))
    st.dataframe(pd.DataFrame([w.as_row() for w in review.warnings]).rename(columns=warning_labels()), hide_index=True,
                 key=f"warnings-{review.dataset}")
    st.markdown("\n".join(f"- **{md_escape(_(BY_CODE[code].problem))}** (`{code}`): {md_escape(fix)}."
                           for code, fix in fixes(review.warnings).items()))


def _changes(changes: Changes, key_columns: tuple[str, ...]) -> None:
    a, r, c, u = st.columns(4)
    a.metric(_("Rows added"), number(len(changes.added)))
    r.metric(_("Rows removed"), number(len(changes.removed)))
    c.metric(_("Cells changed"), number(len(changes.changed)))
    u.metric(_("Rows unchanged"), number(changes.unchanged))
    if changes.empty:
        st.info(_("This file is identical to the current version in content; publishing it would add nothing."))
    _change_tables(changes, key_columns)


def _chart_preview(review: Review, cache_key: str) -> None:
    """The charts this file would change, now and with it, side by side; only on request (it draws every chart
    of the dataset again), and once per review: typing the note or ticking a box reruns the page, not the charts."""
    if review.changes.empty or not st.toggle(_("Preview the charts this file would change"), key=f"preview-{review.dataset}"):
        return
    if cache_key not in st.session_state:
        with st.spinner(_("Drawing the charts with this file…")):
            new_rows = typed(review.report.frame, get_spec(review.dataset))
            versions = current_versions()
            if versions[review.dataset] == review.base:  # the page's own charts are the ones this file replaces
                drawn = charts_changed(review.dataset, new_rows, current_claims(), review.base + 1, built_now=chart)
            else:  # published since the file was uploaded: compare with the version the review compared with
                base = claims_at(tuple(sorted({**versions, review.dataset: review.base}.items())))
                drawn = charts_changed(review.dataset, new_rows, base, review.base + 1)
        st.session_state[cache_key] = drawn
    previews, drawn_from = st.session_state[cache_key]
    # Translators: {dataset} is a dataset's id (casualties); the plural form follows {total}
    st.caption(ngettext("{n} of the {total} chart drawn from {dataset} would change.",
                        "{n} of the {total} charts drawn from {dataset} would change.", drawn_from).format(
        n=number(len(previews)), total=number(drawn_from), dataset=review.dataset))
    for preview in previews:
        st.markdown(f"**{md_escape(preview.title)}**")
        now, new = st.columns(2)
        # Translators: above the chart as it is now, before the uploaded file is published
        now.caption(_("Now (version {version})").format(version=review.base))
        # Each at half the page's width: the compact layout that phones get, so titles and labels fit.
        now.plotly_chart(compact_figure(preview.now), theme=None, key=f"preview-now-{preview.now.chart_id}")
        new.caption(_("With this file"))
        if preview.new is None:
            new.error(_("This chart cannot be drawn from the file: {error}").format(error=md_escape(preview.error)))
        else:
            new.plotly_chart(compact_figure(preview.new), theme=None, key=f"preview-new-{preview.new.chart_id}")


def _change_tables(changes: Changes, key_columns: tuple[str, ...]) -> None:
    # The line, column, before and after headers in the reader's language; the dataset's own columns as they are.
    headers = change_labels()
    if not changes.added.empty:
        with st.expander(_("Added rows ({n})").format(n=number(len(changes.added))), expanded=True):
            st.dataframe(changes.added.rename(columns={LINE: headers[LINE]}), hide_index=True)
    if not changes.removed.empty:
        with st.expander(_("Removed rows ({n})").format(n=number(len(changes.removed))), expanded=True):
            st.dataframe(changes.removed.rename(columns={LINE: headers[LINE]}), hide_index=True)
    if not changes.changed.empty:
        with st.expander(_("Changed cells ({n})").format(n=number(len(changes.changed))), expanded=True):
            # Where and what first, so before and after are on screen; the row's key after them.
            shown = changes.changed[[LINE, "column", "before", "after", *key_columns]]
            st.dataframe(shown.set_axis([headers[c] for c in (LINE, "column", "before", "after")] + list(key_columns),
                                        axis="columns"), hide_index=True)


def _publish(store, review: Review, data: bytes, maintainer: str, base_key: str) -> None:
    name = review.dataset
    read_them = True
    if review.warnings:
        # Outside the form, so that ticking it enables the button at once.
        count = len(review.warnings)
        read_them = st.checkbox(ngettext("I have read the {n} warning(s) above and want to publish this file as it is",
                                         "I have read the {n} warning(s) above and want to publish this file as it is",
                                         count).format(n=number(count)),
                                key=f"accept-warnings-{base_key}")
    with st.form(f"publish-{name}"):
        note = st.text_input(_("What changed and why (shown in the history)"), max_chars=500, key=f"publish-note-{name}")
        publish = st.form_submit_button(_("Publish as version {version}").format(version=review.base + 1), type="primary",
                                        disabled=not review.publishable or not read_them)
    if not publish:
        return
    if not note.strip():
        st.error(_("Write a short note saying what changed and why, then publish again."))
        return
    try:
        meta = store.publish(name, data, author=maintainer, note=note.strip(), base_version=review.base)
    except (StaleBase, InvalidUpload, StoreError) as error:
        st.error(md_escape(error))
        return
    st.session_state.pop(base_key, None)
    _forget_reviews(name)
    st.session_state[f"upload-round-{name}"] = st.session_state.get(f"upload-round-{name}", 0) + 1
    # Translators: {dataset} is a dataset's id (casualties)
    flash(_("Published {dataset} version {version}. The dashboard pages show it now.").format(dataset=name,
                                                                                                version=meta.version))


def _history(store, name: str, history, maintainer: str) -> None:
    spec, current = get_spec(name), history[0]
    st.dataframe(_headed([{"version": v.version, "published": f"{v.created_at:%Y-%m-%d %H:%M}", "by": v.author,
                           "note": v.note, "rows": v.row_count, "based on": "—" if v.based_on is None else str(v.based_on),
                           "sha256": v.sha256[:12]} for v in history], HISTORY_HEADERS), hide_index=True)
    # Keyed by the current version too: after a publish the picker starts at the new version, not the one picked before.
    chosen = st.selectbox(_("Version"), [v.version for v in history], key=f"history-version-{name}-{current.version}")
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button("⬇ " + _("Version {version} as CSV (UTF-8, opens in Excel)").format(version=chosen),
                               lambda: spreadsheet_csv_bytes(store.read(name, chosen).csv_bytes),
                               file_name=f"{name}-v{chosen}.csv", mime="text/csv", on_click="ignore",
                               key=f"dl-version-{name}-{chosen}")
    xlsx_column.download_button("⬇ " + _("Version {version} as XLSX (ids and periods kept as text)").format(version=chosen),
                                lambda: spreadsheet_xlsx_bytes(store.read(name, chosen).csv_bytes, spec),
                                file_name=f"{name}-v{chosen}.xlsx", mime=XLSX, on_click="ignore",
                                key=f"xlsx-version-{name}-{chosen}")
    meta = next(v for v in history if v.version == chosen)
    # A toggle, not an expander: the two versions are read and compared only when asked for.
    compare_label = _("Compare version {version} with version {base}, the one it replaced").format(
        version=chosen, base=meta.based_on)
    if meta.based_on is not None and st.toggle(compare_label, key=f"compare-{name}-{chosen}"):
        changes = compare(version_text(name, meta.based_on), version_text(name, chosen), spec.key_columns)
        st.markdown(_compared(chosen, meta.based_on, changes))
        _change_tables(changes, spec.key_columns)
    if chosen != current.version:
        _rollback(store, name, chosen, current.version, maintainer)


def _compared(version: int, base: int, changes: Changes) -> str:
    """'Version 3 against version 2: **1** row(s) added, **0** removed, **2** cell(s) changed, 236 unchanged.', each
    count in the form its language gives it (English keeps its '(s)' in both forms)."""
    added, removed, changed, unchanged = len(changes.added), len(changes.removed), len(changes.changed), changes.unchanged
    # Translators: {added}, {removed}, {changed} and {unchanged} are the counts written by the messages below
    return _("Version {version} against version {base}: {added}, {removed}, {changed}, {unchanged}.").format(
        version=version, base=base,
        added=ngettext("**{n}** row(s) added", "**{n}** row(s) added", added).format(n=number(added)),
        # Translators: rows removed (the word "rows" is said just before, in "{n} row(s) added")
        removed=ngettext("**{n}** removed", "**{n}** removed", removed).format(n=number(removed)),
        changed=ngettext("**{n}** cell(s) changed", "**{n}** cell(s) changed", changed).format(n=number(changed)),
        # Translators: rows unchanged (the word "rows" is said before, in "{n} row(s) added")
        unchanged=ngettext("{n} unchanged", "{n} unchanged", unchanged).format(n=number(unchanged)))


def _rollback(store, name: str, chosen: int, current: int, maintainer: str) -> None:
    # New widget keys after each rollback: no filled-in, ticked form is left for a second click to repeat it.
    round_ = st.session_state.get(f"rollback-round-{name}", 0)
    with st.form(f"rollback-{name}"):
        st.markdown(_("Roll back: publish the content of version {version} again as version {new}. Versions in "
                      "between stay in the history.").format(version=chosen, new=current + 1))
        # Translators: the reason for a rollback, written in the history
        reason = st.text_input(_("Why"), max_chars=500, key=f"rollback-why-{name}-{round_}")
        sure = st.checkbox(_("Yes, make version {version}'s content current").format(version=chosen),
                           key=f"rollback-sure-{name}-{round_}")
        # Translators: a button (a verb): publish an earlier version's content again
        go = st.form_submit_button(_("Roll back"), type="primary")
    if not go:
        return
    if not sure or not reason.strip():
        st.error(_("Tick the confirmation and say why, then roll back again."))
        return
    try:
        meta = store.rollback(name, chosen, author=maintainer, note=reason.strip(), base_version=current)
    except StoreError as error:
        st.error(md_escape(error))
        return
    st.session_state[f"rollback-round-{name}"] = round_ + 1
    flash(_("Version {version} is current again, as version {new}.").format(version=chosen, new=meta.version))
