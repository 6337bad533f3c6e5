"""Pure chart builders: DataFrames in, a `Chart` (plotly Figure + provenance) out. No streamlit here."""
