"""The Streamlit glue: data access for pages, the figure card, downloads, URL state, log-in. With views/, the only
code that imports streamlit."""
