"""The logged-in maintainer's workflow on the Maintain page: pick a dataset, upload, read the report and the
warnings, preview the changes, publish; history, compare and rollback. Any store failure is shown as a message,
not a traceback. What an upload is checked for is dashboard/maintain/review.py, shared with the command line."""
import pandas as pd
import streamlit as st

from dashboard.figures.charts.compact import compact_figure
from dashboard.maintain.changes import LINE, Changes, compare
from dashboard.maintain.damage import BY_CODE
from dashboard.maintain.preview import charts_changed
from dashboard.maintain.review import Review, fixes, review_upload
from dashboard.ui.data_access import chart, claims_at, current_claims, current_versions, version_text
from dashboard.ui.login import logout
from dashboard.ui.markdown import md_escape
from schemas.io import spreadsheet_csv_bytes, spreadsheet_xlsx_bytes, typed
from schemas.reader import DEFAULT_MAX_BYTES
from schemas.registry import DATASETS, SOURCES, get_spec
from schemas.report import Code, ValidationReport
from schemas.workbook import WORKBOOK_TYPES
from store import InvalidUpload, StaleBase, StoreError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def flash(message: str) -> None:
    """Show a success message after rerunning, so the page below already reflects the new version."""
    st.session_state["maintain-flash"] = message
    st.rerun()


def maintain(store, maintainer: str) -> None:
    """Everything a logged-in maintainer does; any store failure below is shown as a message, not a traceback."""
    top_left, top_right = st.columns([4, 1])
    top_left.caption(f"Logged in as **{maintainer}**. Every publish makes a new version; nothing is overwritten.")
    top_right.button("Log out", on_click=logout)

    name = st.selectbox("Dataset", list(DATASETS), format_func=lambda n: f"{DATASETS[n].title} ({n}.csv)", key="maintain-dataset")
    if "maintain-flash" in st.session_state:
        st.success(st.session_state.pop("maintain-flash"))
    history = store.history(name)  # metadata only: rows are read when a preview or a download needs them
    current = history[0]
    st.markdown(f"Current version: **{current.version}** · {current.row_count} rows · by {md_escape(current.author)} on "
                f"{current.created_at:%Y-%m-%d %H:%M} UTC · “{md_escape(current.note)}”")

    # Keyed, so a rerun (after a rollback, say) stays on the tab the maintainer was on.
    upload_tab, history_tab = st.tabs(["Upload a new version", "History and rollback"], key=f"maintain-tab-{name}")
    with upload_tab:
        _upload(store, name, current.version, maintainer)
    with history_tab:
        _history(store, name, history, maintainer)


def _upload(store, name: str, current: int, maintainer: str) -> None:
    # A new key after each publish empties the uploader, so the published file cannot be published twice.
    round_ = st.session_state.get(f"upload-round-{name}", 0)
    key = f"upload-{name}" + (f"-{round_}" if round_ else "")
    upload = st.file_uploader(
        f"File for {name}: a CSV (UTF-8 or Excel's Unicode Text; commas, semicolons or tabs) or an Excel or "
        f"LibreOffice workbook (XLSX, ODS, XLS); at most {DEFAULT_MAX_BYTES // 2**20} MB",
        type=["csv", "txt", "tsv", *WORKBOOK_TYPES], key=key)  # .txt: what Excel names its "Unicode Text"
    if upload is None:
        return
    data = upload.getvalue()
    base_key = f"base-{name}-{upload.file_id}"
    base = st.session_state.setdefault(base_key, current)  # the version this upload will replace, fixed at upload
    shown_name = md_escape(upload.name)  # a file's name is the uploader's text: never read it as markdown
    # Keyed by the sources' version too: an unknown source_id may be known after a sources publish.
    review_key = f"review-{name}-{upload.file_id}-{base}-{store.current_version(SOURCES)}"
    review = st.session_state.get(review_key)
    if review is None:  # once per file: ticking a box or typing the note reruns the page, not the review
        with st.status(f"Validating {shown_name} ({len(data) / 1e6:.1f} MB)…", expanded=False) as status:
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
    st.success(f"Valid: {review.report.rows} rows.")
    _warnings(review)
    _changes(review.changes, get_spec(name).key_columns)
    _chart_preview(review, f"{review_key}-charts")
    _publish(store, review, data, maintainer, base_key)


def _forget_reviews(name: str) -> None:
    """Drop the reviews (and their chart previews) of `name`'s uploads from the session."""
    for key in [k for k in st.session_state if str(k).startswith(f"review-{name}-")]:
        del st.session_state[key]


def verdict(shown_name: str, review: Review) -> str:
    return f"Checked {shown_name}: {'valid' if review.report.ok else 'not accepted'}"


def _refusal(report: ValidationReport, name: str) -> None:
    st.error(f"**This file was not accepted.** {md_escape(report.summary())}. Fix the lines below and upload it again.")
    # What to read first, left to right: where, what is there, what is wrong, what to do; the kind and code last,
    # so the suggestion stays on a laptop screen.
    st.dataframe([{"line": e.line, "column": e.column, "value": e.value, "problem": e.message, "suggestion": e.suggestion,
                   "kind": Code(e.code).title, "code": e.code} for e in report.errors], hide_index=True)
    st.download_button("⬇ Download this report (CSV)", report.errors_csv(), file_name=f"{name}-validation-report.csv",
                       mime="text/csv", on_click="ignore")


def _warnings(review: Review) -> None:
    if not review.warnings:
        return
    st.warning(f"**{len(review.warnings)} value(s) look changed by a spreadsheet program.** They are valid, so the "
               "validator accepts them, but they may not be what you meant. Read each one: fix the file and upload it "
               "again, or tick below to publish it as it is.")
    st.dataframe(pd.DataFrame([w.as_row() for w in review.warnings]), hide_index=True, key=f"warnings-{review.dataset}")
    st.markdown("\n".join(f"- **{md_escape(BY_CODE[code].problem)}** (`{code}`): {md_escape(fix)}."
                           for code, fix in fixes(review.warnings).items()))


def _changes(changes: Changes, key_columns: tuple[str, ...]) -> None:
    a, r, c, u = st.columns(4)
    a.metric("Rows added", len(changes.added))
    r.metric("Rows removed", len(changes.removed))
    c.metric("Cells changed", len(changes.changed))
    u.metric("Rows unchanged", changes.unchanged)
    if changes.empty:
        st.info("This file is identical to the current version in content; publishing it would add nothing.")
    _change_tables(changes, key_columns)


def _chart_preview(review: Review, cache_key: str) -> None:
    """The charts this file would change, now and with it, side by side; only on request (it draws every chart
    of the dataset again), and once per review: typing the note or ticking a box reruns the page, not the charts."""
    if review.changes.empty or not st.toggle("Preview the charts this file would change", key=f"preview-{review.dataset}"):
        return
    if cache_key not in st.session_state:
        with st.spinner("Drawing the charts with this file…"):
            new_rows = typed(review.report.frame, get_spec(review.dataset))
            versions = current_versions()
            if versions[review.dataset] == review.base:  # the page's own charts are the ones this file replaces
                drawn = charts_changed(review.dataset, new_rows, current_claims(), review.base + 1, built_now=chart)
            else:  # published since the file was uploaded: compare with the version the review compared with
                base = claims_at(tuple(sorted({**versions, review.dataset: review.base}.items())))
                drawn = charts_changed(review.dataset, new_rows, base, review.base + 1)
        st.session_state[cache_key] = drawn
    previews, drawn_from = st.session_state[cache_key]
    st.caption(f"{len(previews)} of the {drawn_from} charts drawn from {review.dataset} would change.")
    for preview in previews:
        st.markdown(f"**{md_escape(preview.title)}**")
        now, new = st.columns(2)
        now.caption(f"Now (version {review.base})")
        # Each at half the page's width: the compact layout that phones get, so titles and labels fit.
        now.plotly_chart(compact_figure(preview.now), theme=None, key=f"preview-now-{preview.now.chart_id}")
        new.caption("With this file")
        if preview.new is None:
            new.error(f"This chart cannot be drawn from the file: {md_escape(preview.error)}")
        else:
            new.plotly_chart(compact_figure(preview.new), theme=None, key=f"preview-new-{preview.new.chart_id}")


def _change_tables(changes: Changes, key_columns: tuple[str, ...]) -> None:
    if not changes.added.empty:
        with st.expander(f"Added rows ({len(changes.added)})", expanded=True):
            st.dataframe(changes.added, hide_index=True)
    if not changes.removed.empty:
        with st.expander(f"Removed rows ({len(changes.removed)})", expanded=True):
            st.dataframe(changes.removed, hide_index=True)
    if not changes.changed.empty:
        with st.expander(f"Changed cells ({len(changes.changed)})", expanded=True):
            # Where and what first, so before and after are on screen; the row's key after them.
            st.dataframe(changes.changed[[LINE, "column", "before", "after", *key_columns]], hide_index=True)


def _publish(store, review: Review, data: bytes, maintainer: str, base_key: str) -> None:
    name = review.dataset
    read_them = True
    if review.warnings:
        # Outside the form, so that ticking it enables the button at once.
        read_them = st.checkbox(f"I have read the {len(review.warnings)} warning(s) above and want to publish this file as it is",
                                key=f"accept-warnings-{base_key}")
    with st.form(f"publish-{name}"):
        note = st.text_input("What changed and why (shown in the history)", max_chars=500)
        publish = st.form_submit_button(f"Publish as version {review.base + 1}", type="primary",
                                        disabled=not review.publishable or not read_them)
    if not publish:
        return
    if not note.strip():
        st.error("Write a short note saying what changed and why, then publish again.")
        return
    try:
        meta = store.publish(name, data, author=maintainer, note=note.strip(), base_version=review.base)
    except (StaleBase, InvalidUpload, StoreError) as error:
        st.error(md_escape(error))
        return
    st.session_state.pop(base_key, None)
    _forget_reviews(name)
    st.session_state[f"upload-round-{name}"] = st.session_state.get(f"upload-round-{name}", 0) + 1
    flash(f"Published {name} version {meta.version}. The dashboard pages show it now.")


def _history(store, name: str, history, maintainer: str) -> None:
    spec, current = get_spec(name), history[0]
    st.dataframe([{"version": v.version, "published": f"{v.created_at:%Y-%m-%d %H:%M}", "by": v.author, "note": v.note,
                   "rows": v.row_count, "based on": "—" if v.based_on is None else str(v.based_on), "sha256": v.sha256[:12]}
                  for v in history], hide_index=True)
    # Keyed by the current version too: after a publish the picker starts at the new version, not the one picked before.
    chosen = st.selectbox("Version", [v.version for v in history], key=f"history-version-{name}-{current.version}")
    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button(f"⬇ Version {chosen} as CSV (UTF-8, opens in Excel)",
                               lambda: spreadsheet_csv_bytes(store.read(name, chosen).csv_bytes), file_name=f"{name}-v{chosen}.csv",
                               mime="text/csv", on_click="ignore", key=f"dl-version-{name}-{chosen}")
    xlsx_column.download_button(f"⬇ Version {chosen} as XLSX (ids and periods kept as text)",
                                lambda: spreadsheet_xlsx_bytes(store.read(name, chosen).csv_bytes, spec),
                                file_name=f"{name}-v{chosen}.xlsx", mime=XLSX, on_click="ignore", key=f"xlsx-version-{name}-{chosen}")
    meta = next(v for v in history if v.version == chosen)
    # A toggle, not an expander: the two versions are read and compared only when asked for.
    if meta.based_on is not None and st.toggle(f"Compare version {chosen} with version {meta.based_on}, the one it replaced",
                                               key=f"compare-{name}-{chosen}"):
        changes = compare(version_text(name, meta.based_on), version_text(name, chosen), spec.key_columns)
        st.markdown(f"Version {chosen} against version {meta.based_on}: **{len(changes.added)}** row(s) added, "
                    f"**{len(changes.removed)}** removed, **{len(changes.changed)}** cell(s) changed, "
                    f"{changes.unchanged} unchanged.")
        _change_tables(changes, spec.key_columns)
    if chosen != current.version:
        _rollback(store, name, chosen, current.version, maintainer)


def _rollback(store, name: str, chosen: int, current: int, maintainer: str) -> None:
    # New widget keys after each rollback: no filled-in, ticked form is left for a second click to repeat it.
    round_ = st.session_state.get(f"rollback-round-{name}", 0)
    with st.form(f"rollback-{name}"):
        st.markdown(f"Roll back: publish the content of version {chosen} again as version {current + 1}. "
                    "Versions in between stay in the history.")
        reason = st.text_input("Why", max_chars=500, key=f"rollback-why-{name}-{round_}")
        sure = st.checkbox(f"Yes, make version {chosen}'s content current", key=f"rollback-sure-{name}-{round_}")
        go = st.form_submit_button("Roll back", type="primary")
    if not go:
        return
    if not sure or not reason.strip():
        st.error("Tick the confirmation and say why, then roll back again.")
        return
    try:
        meta = store.rollback(name, chosen, author=maintainer, note=reason.strip(), base_version=current)
    except StoreError as error:
        st.error(md_escape(error))
        return
    st.session_state[f"rollback-round-{name}"] = round_ + 1
    flash(f"Version {chosen} is current again, as version {meta.version}.")
