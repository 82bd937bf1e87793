"""The only part of the library that imports Streamlit: cached resources, identity, widgets."""
