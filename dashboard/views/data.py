"""Data: each dataset's current version as a table and CSV download, with its schema generated from the models."""
import pandas as pd
import streamlit as st

from dashboard.ui.data_access import DataUnavailable, current_claims, show_unavailable
from dashboard.ui.downloads import dataset_csv_button, datasets_package_button
from schemas.registry import DATASETS
from schemas.rules import column_rules

st.title("Data")
try:
    claims = current_claims()
except DataUnavailable as error:
    show_unavailable(error)

name = st.selectbox("Dataset", list(DATASETS), format_func=lambda n: f"{DATASETS[n].title} ({n}.csv)",
                    index=list(DATASETS).index(st.query_params.get("dataset", "casualties")) if st.query_params.get("dataset", "casualties") in DATASETS else 0,
                    key="dataset-choice", on_change=lambda: st.query_params.update(dataset=st.session_state["dataset-choice"]))
spec = DATASETS[name]
version = claims.versions[name]
frame = claims.frame(name)
st.caption(f"Version {version.version}, published {version.published_at[:16].replace('T', ' ')} UTC · {len(frame)} rows")
csv_button, package_button = st.columns(2)
with csv_button:
    dataset_csv_button(claims, name)
with package_button:
    datasets_package_button(claims)
SHOWN = 5_000  # a browser table beyond this is slow to send and no easier to read; the download has every row
if len(frame) > SHOWN:
    st.caption(f"Showing the first {SHOWN:,} of {len(frame):,} rows; the download above has them all.")
shown = frame.head(SHOWN).astype(object).where(frame.head(SHOWN).notna(), "")  # an empty cell shows empty, not "None"
config = {}
if "source_id" in shown and name != "sources":
    links = claims.sources.set_index("source_id")
    cited = links["original_url"].where(links["original_url"] != "", links["url"])
    shown.insert(shown.columns.get_loc("source_id") + 1, "source link", shown["source_id"].map(cited).fillna(""))
    config["source link"] = st.column_config.LinkColumn("source link", display_text="open")
st.dataframe(shown, hide_index=True, column_config=config)

st.subheader("Schema")
rules = column_rules(spec.model)
schema = pd.DataFrame([
    {
        "column": column,
        "label": spec.label(column),
        "type": rules[column].kind if rules[column].kind != "enum" else "one of: " + ", ".join(rules[column].allowed),
        "required": "yes" if rules[column].required else "",
        "unit": spec.unit(column),
        "description": spec.model.model_fields[column].description,
    }
    for column in spec.columns
])
st.dataframe(schema, hide_index=True)
st.caption(f"Key (unique per row): {', '.join(spec.key_columns)}" +
           (f" · claims compared for disputes share: {', '.join(spec.subject_columns)}" if spec.subject_columns else ""))
