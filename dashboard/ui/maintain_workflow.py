"""The logged-in maintainer's workflow on the Maintain page: pick a dataset, upload, read the report, preview the
changes, publish; history and rollback. Any store failure is shown as a message, not a traceback."""
import streamlit as st

from dashboard.maintain.changes import compare
from dashboard.ui.login import logout
from dashboard.ui.markdown import md_escape
from schemas.io import read_dataset_csv, read_text_csv, spreadsheet_csv_bytes
from schemas.reader import DEFAULT_MAX_BYTES
from schemas.registry import DATASETS, SOURCES, get_spec
from schemas.report import Code
from schemas.validate import validate_csv
from store import InvalidUpload, StaleBase, StoreError


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
    spec = get_spec(name)
    if "maintain-flash" in st.session_state:
        st.success(st.session_state.pop("maintain-flash"))
    history = store.history(name)  # metadata only: rows are read when a preview or a download needs them
    current = history[0]
    st.markdown(f"Current version: **{current.version}** · {current.row_count} rows · by {md_escape(current.author)} on "
                f"{current.created_at:%Y-%m-%d %H:%M} UTC · “{md_escape(current.note)}”")

    upload_tab, history_tab = st.tabs(["Upload a new version", "History and rollback"])

    with upload_tab:
        # .txt: what Excel names its "Unicode Text" (UTF-16, tab-separated), which the validator reads too.
        upload = st.file_uploader(f"CSV file for {name} (UTF-8 or Excel's Unicode Text; columns separated by commas, "
                                  f"semicolons or tabs; at most {DEFAULT_MAX_BYTES // 2**20} MB)",
                                  type=["csv", "txt", "tsv"], key=f"upload-{name}")
        if upload is not None:
            data = upload.getvalue()
            state_key = f"base-{name}-{upload.file_id}"
            if state_key not in st.session_state:
                st.session_state[state_key] = current.version  # the version this upload will replace
            base = st.session_state[state_key]
            shown_name = md_escape(upload.name)  # a file's name is the uploader's text: never read it as markdown
            with st.status(f"Validating {shown_name} ({len(data) / 1e6:.1f} MB)…", expanded=False) as status:
                sources = store.read(SOURCES)
                source_ids = set(read_dataset_csv(sources.csv_bytes, get_spec(SOURCES))["source_id"])
                report = validate_csv(data, name, source_ids=source_ids, max_bytes=DEFAULT_MAX_BYTES, path=upload.name)
                # The verdict only: the summary is in the box below it, which stays in view when this one folds.
                status.update(label=f"Checked {shown_name}: {'valid' if report.ok else 'not accepted'}",
                              state="complete" if report.ok else "error")
            for note in report.notes:
                st.info(md_escape(note) + ".")
            if not report.ok:
                st.error(f"**This file was not accepted.** {md_escape(report.summary())}. Fix the lines below and upload it again.")
                # What to read first, left to right: where, what is there, what is wrong, what to do; the kind and code last,
                # so the suggestion stays on a laptop screen.
                st.dataframe([{"line": e.line, "column": e.column, "value": e.value, "problem": e.message, "suggestion": e.suggestion,
                               "kind": Code(e.code).title, "code": e.code} for e in report.errors], hide_index=True)
                st.download_button("⬇ Download this report (CSV)", report.errors_csv(), file_name=f"{name}-validation-report.csv",
                                   mime="text/csv", on_click="ignore")
            else:
                st.success(f"Valid: {report.rows} rows.")
                changes = compare(read_text_csv(store.read(name, current.version).csv_bytes, spec), report.frame, spec.key_columns)
                a, r, c, u = st.columns(4)
                a.metric("Rows added", len(changes.added))
                r.metric("Rows removed", len(changes.removed))
                c.metric("Cells changed", len(changes.changed))
                u.metric("Rows unchanged", changes.unchanged)
                if changes.empty:
                    st.info("This file is identical to the current version in content; publishing it would add nothing.")
                if not changes.added.empty:
                    with st.expander(f"Added rows ({len(changes.added)})", expanded=True):
                        st.dataframe(changes.added, hide_index=True)
                if not changes.removed.empty:
                    with st.expander(f"Removed rows ({len(changes.removed)})", expanded=True):
                        st.dataframe(changes.removed, hide_index=True)
                if not changes.changed.empty:
                    with st.expander(f"Changed cells ({len(changes.changed)})", expanded=True):
                        st.dataframe(changes.changed, hide_index=True)
                with st.form(f"publish-{name}"):
                    note = st.text_input("What changed and why (shown in the history)", max_chars=500)
                    publish = st.form_submit_button(f"Publish as version {base + 1}", type="primary", disabled=changes.empty)
                if publish:
                    if not note.strip():
                        st.error("Write a short note saying what changed and why, then publish again.")
                    else:
                        try:
                            meta = store.publish(name, data, author=maintainer, note=note.strip(), base_version=base)
                        except (StaleBase, InvalidUpload, StoreError) as error:
                            st.error(md_escape(error))
                        else:
                            st.session_state.pop(state_key, None)
                            flash(f"Published {name} version {meta.version}. The dashboard pages show it now.")

    with history_tab:
        st.dataframe([{"version": v.version, "published": f"{v.created_at:%Y-%m-%d %H:%M}", "by": v.author, "note": v.note,
                       "rows": v.row_count, "based on": "—" if v.based_on is None else str(v.based_on), "sha256": v.sha256[:12]}
                      for v in history], hide_index=True)
        chosen = st.selectbox("Version", [v.version for v in history], key=f"history-version-{name}")
        st.download_button(f"⬇ Download version {chosen} (CSV)", lambda: spreadsheet_csv_bytes(store.read(name, chosen).csv_bytes),
                           file_name=f"{name}-v{chosen}.csv", mime="text/csv", on_click="ignore", key=f"dl-version-{name}-{chosen}")
        if chosen != current.version:
            with st.form(f"rollback-{name}"):
                st.markdown(f"Roll back: publish the content of version {chosen} again as version {current.version + 1}. "
                            "Versions in between stay in the history.")
                reason = st.text_input("Why", max_chars=500)
                sure = st.checkbox(f"Yes, make version {chosen}'s content current")
                go = st.form_submit_button("Roll back", type="primary")
            if go:
                if not sure or not reason.strip():
                    st.error("Tick the confirmation and say why, then roll back again.")
                else:
                    try:
                        meta = store.rollback(name, chosen, author=maintainer, note=reason.strip(), base_version=current.version)
                    except StoreError as error:
                        st.error(md_escape(error))
                    else:
                        flash(f"Version {chosen} is current again, as version {meta.version}.")
