"""Data: each dataset's current version as a table and CSV download, with its schema generated from the models."""
import pandas as pd
import streamlit as st

from dashboard.ui.card import show_data_text_note
from dashboard.ui.data_access import DataUnavailable, current_claims, show_unavailable
from dashboard.ui.downloads import dataset_csv_button, datasets_package_button
from i18n import N_, _, ngettext, number
from schemas.registry import DATASETS
from schemas.rules import column_rules

# A column's kind as the schema table names it (schemas.rules.ColumnRule.kind); "enum" is written as its values.
KIND_LABELS = {
    # Translators: kinds of a column in the schema table (a column's type): whole number
    "int": N_("int"),
    # Translators: kind of a column in the schema table: a number with decimals
    "decimal": N_("decimal"),
    "date": N_("date"),
    # Translators: kind of a column in the schema table: a date that may be only a year or a year and month
    "partial_date": N_("partial_date"),
    # Translators: kind of a column in the schema table: a date and time of day
    "datetime": N_("datetime"),
    # Translators: kind of a column in the schema table: true or false
    "bool": N_("bool"),
    "text": N_("text"),
    # Translators: kind of a column in the schema table: a short lower-case code such as armenian or killed
    "slug": N_("slug"),
    # Translators: kind of a column in the schema table: a web address
    "url": N_("url"),
}


def _kind(rule) -> str:
    if rule.kind == "enum":
        # Translators: kind of a column in the schema table; {values} are codes, left as they are
        return _("one of: {values}").format(values=", ".join(rule.allowed))
    return _(KIND_LABELS[rule.kind]) if rule.kind in KIND_LABELS else rule.kind


st.title(_("Data"))
try:
    claims = current_claims()
except DataUnavailable as error:
    show_unavailable(error)

# Translators: {title} is a dataset's title, {file} its file name (casualties.csv)
name = st.selectbox(_("Dataset"), list(DATASETS), format_func=lambda n: _("{title} ({file})").format(title=_(DATASETS[n].title), file=f"{n}.csv"),
                    index=list(DATASETS).index(st.query_params.get("dataset", "casualties")) if st.query_params.get("dataset", "casualties") in DATASETS else 0,
                    key="dataset-choice", on_change=lambda: st.query_params.update(dataset=st.session_state["dataset-choice"]))
spec = DATASETS[name]
version = claims.versions[name]
frame = claims.frame(name)
# Translators: {published} is a date and time written 2024-05-01 12:30; {rows} is a number
st.caption(ngettext("Version {version}, published {published} UTC · {rows} row",
                    "Version {version}, published {published} UTC · {rows} rows", len(frame)).format(
    version=version.version, published=version.published_at[:16].replace("T", " "), rows=number(len(frame))))
csv_button, package_button = st.columns(2)
with csv_button:
    dataset_csv_button(claims, name)
with package_button:
    datasets_package_button(claims)
SHOWN = 5_000  # a browser table beyond this is slow to send and no easier to read; the download has every row
if len(frame) > SHOWN:
    st.caption(ngettext("Showing the first {shown} of {total} row; the download above has them all.",
                        "Showing the first {shown} of {total} rows; the download above has them all.", len(frame)).format(
        shown=number(SHOWN), total=number(len(frame))))
shown = frame.head(SHOWN).astype(object).where(frame.head(SHOWN).notna(), "")  # an empty cell shows empty, not "None"
config = {}
if "source_id" in shown and name != "sources":
    links = claims.sources.set_index("source_id")
    cited = links["original_url"].where(links["original_url"] != "", links["url"])
    shown.insert(shown.columns.get_loc("source_id") + 1, "source link", shown["source_id"].map(cited).fillna(""))
    # Translators: header of a table column of links to each row's source; "open" is the text of each link
    config["source link"] = st.column_config.LinkColumn(_("source link"), display_text=_("open"))
st.dataframe(shown, hide_index=True, column_config=config)
show_data_text_note()

st.subheader(_("Schema"))
rules = column_rules(spec.model)


def _words(text: str | None) -> str:
    """A label, unit or description of the models (the project's words), translated; empty stays empty."""
    return _(text) if text else (text or "")


# Translators: the schema table's headers: a column's CSV name, its label, kind, whether required, unit, meaning
headers = {"column": _("column"), "label": _("label"), "type": _("type"), "required": _("required"),
                  "unit": _("unit"), "description": _("description")}
schema = pd.DataFrame([
    {
        "column": column,
        "label": _words(spec.label(column)),
        "type": _kind(rules[column]),
        # Translators: in the schema table's "required" column: the column must have a value
        "required": _("yes") if rules[column].required else "",
        "unit": _words(spec.unit(column)),
        "description": _words(spec.model.model_fields[column].description),
    }
    for column in spec.columns
]).rename(columns=headers)
st.dataframe(schema, hide_index=True)
key = _("Key (unique per row): {columns}").format(columns=", ".join(spec.key_columns))
if spec.subject_columns:
    key += " · " + _("claims compared for disputes share: {columns}").format(columns=", ".join(spec.subject_columns))
st.caption(key)
