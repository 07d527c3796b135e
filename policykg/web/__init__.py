"""The FastAPI application: SPARQL 1.1 Protocol endpoint, pages, trace, validation, graph and
linked data. `create_app()` in app.py builds it; server.py at the repository root is `uvicorn`'s
entry point."""
