"""The triple store behind policykg: one contract (base.Store), three back ends.

- `OxigraphStore` (embedded.py): Oxigraph on disk in copy-on-write generations; with
  memory=True it answers from an in-memory copy (`policykg serve --memory`).
- `MemoryStore` (embedded.py): a read-only in-memory store (validation context).
- `RemoteStore` (remote.py): any SPARQL 1.1 Protocol server; dialects.py adapts to servers that
  differ (Virtuoso).

`open_store` picks one from the arguments, else from the settings (policykg/settings.py)."""

from __future__ import annotations

import os

from policykg.negotiation import FormatNotAcceptable, choose_media_type
from policykg.settings import Settings, user_data_dir
from policykg.sparql_check import check_query, query_form
from policykg.sparql_text import NOT_CODE, sparql_keywords
from policykg.store.base import DEFAULT_TIMEOUT, LOADED_GRAPH, Capabilities, Store, to_rdflib
from policykg.store.embedded import MemoryStore, OxigraphStore, published_generation
from policykg.store.remote import STAGING_PREFIX, RemoteStore


def open_store(
    data_dir: str | os.PathLike | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    settings: Settings | None = None,
) -> Store:
    """The remote store when an endpoint is given (or configured), else the embedded one in
    data_dir (or the configured one, or the user's data directory)."""
    settings = settings or Settings()
    endpoint = endpoint or settings.endpoint
    if endpoint:
        return RemoteStore(endpoint, update_endpoint or settings.update_endpoint,
                           dialect=settings.endpoint_dialect)
    return OxigraphStore(data_dir or settings.store_data_dir())


def default_data_dir():
    """The configured embedded store directory (POLICYKG_DATA), else the user's."""
    return Settings().store_data_dir()


__all__ = [
    "DEFAULT_TIMEOUT",
    "LOADED_GRAPH",
    "NOT_CODE",
    "STAGING_PREFIX",
    "Capabilities",
    "FormatNotAcceptable",
    "MemoryStore",
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "check_query",
    "choose_media_type",
    "default_data_dir",
    "open_store",
    "published_generation",
    "query_form",
    "sparql_keywords",
    "to_rdflib",
    "user_data_dir",
]
