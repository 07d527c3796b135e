"""policykg's settings, in one pydantic model: constructor arguments first, then the
`POLICYKG_*` environment variables, then defaults. The environment is read here only, when a
`Settings` is made: the web app makes one when it is created, the CLI one per command (its
options override the fields)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


def _env_float(name: str, default: float) -> float:
    value = _env(name)
    return float(value) if value else default


def _env_int(name: str, default: int | None) -> int | None:
    value = _env(name)
    return int(value) if value else default


def _env_path(name: str) -> Path | None:
    value = _env(name)
    return Path(value).expanduser() if value else None


def user_data_dir() -> Path:
    """The embedded store's default directory: the user's data directory (XDG on Linux)."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif os.uname().sysname == "Darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "policykg"


class Settings(BaseModel):
    model_config = ConfigDict(validate_assignment=False)

    # -- the store
    data_dir: Path | None = Field(default_factory=lambda: _env_path("POLICYKG_DATA"))
    endpoint: str | None = Field(default_factory=lambda: _env("POLICYKG_ENDPOINT"))
    update_endpoint: str | None = Field(default_factory=lambda: _env("POLICYKG_UPDATE_ENDPOINT"))
    # the remote server's dialect (store/dialects.py); None: told by its Server header
    endpoint_dialect: str | None = Field(default_factory=lambda: _env("POLICYKG_ENDPOINT_DIALECT"))

    # -- the server
    # None: SPARQL Update and adding plans are refused (403)
    update_token: str | None = Field(default_factory=lambda: _env("POLICYKG_UPDATE_TOKEN"))
    query_timeout: float = Field(
        default_factory=lambda: _env_float("POLICYKG_QUERY_TIMEOUT", 10.0))
    max_rows: int = Field(default_factory=lambda: _env_int("POLICYKG_MAX_ROWS", 10000))
    max_upload: int = 10 * 1024 * 1024
    max_query_bytes: int = 1024 * 1024
    query_workers: int = 4
    # embedded store: run client queries in killable worker processes (query_pool.py)
    hard_timeouts: bool = True
    # embedded store: workers answer from one shared in-memory copy (query_pool.py)
    memory: bool = Field(default_factory=lambda: _env("POLICYKG_MEMORY") == "1")
    # memory mode: a worker forked from the copy is exchanged once its private memory passes
    # this (MB). A fork's first scan of the copy privatises pages (copy-on-write: ~0.4 s and
    # ~500 MB for a whole-graph query at 2M triples), so a higher value trades memory (up to one
    # copy per worker) for speed; benchmarks/RESULTS-engines.md measures both
    worker_recycle_mb: int = Field(
        default_factory=lambda: _env_int("POLICYKG_WORKER_RECYCLE_MB", 128))
    # results (SPARQL, trace, pages) cached until the store changes; POLICYKG_CACHE=0 disables
    cache: bool = Field(default_factory=lambda: _env("POLICYKG_CACHE") != "0")
    cache_entries: int = 512
    cache_bytes: int = 64 * 1024 * 1024
    # uploads are parsed in worker processes (query_pool.py "parse" lane) with a time limit and
    # an address-space limit above what the worker's imports take; past either: 413
    parse_timeout: float = Field(
        default_factory=lambda: _env_float("POLICYKG_PARSE_TIMEOUT", 30.0))
    parse_memory_mb: int = Field(
        default_factory=lambda: _env_int("POLICYKG_PARSE_MEMORY_MB", 1024))
    parse_workers: int = 1
    # SPARQL queries one client (IP) may have running or queued for a worker (fairness.py);
    # None: half the SPARQL workers (at least 1); 0: no limit
    sparql_per_client: int | None = Field(
        default_factory=lambda: _env_int("POLICYKG_SPARQL_PER_CLIENT", None))

    def per_client_limit(self) -> int:
        if self.sparql_per_client is not None:
            return self.sparql_per_client
        return max(1, self.query_workers // 2)

    def store_data_dir(self) -> Path:
        """--data-dir / POLICYKG_DATA, else the user's data directory."""
        return Path(self.data_dir).expanduser() if self.data_dir else user_data_dir()
