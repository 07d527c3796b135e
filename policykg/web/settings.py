"""Server settings: constructor arguments first, then environment variables, then defaults."""

import os
from dataclasses import dataclass, field
from pathlib import Path


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass
class Settings:
    data_dir: Path | None = field(default_factory=lambda: _env_path("POLICYKG_DATA"))
    endpoint: str | None = field(default_factory=lambda: os.environ.get("POLICYKG_ENDPOINT"))
    update_endpoint: str | None = field(
        default_factory=lambda: os.environ.get("POLICYKG_UPDATE_ENDPOINT")
    )
    # None: SPARQL Update and adding plans are refused (403)
    update_token: str | None = field(
        default_factory=lambda: os.environ.get("POLICYKG_UPDATE_TOKEN") or None
    )
    query_timeout: float = field(default_factory=lambda: _env_float("POLICYKG_QUERY_TIMEOUT", 10.0))
    max_rows: int = field(default_factory=lambda: _env_int("POLICYKG_MAX_ROWS", 10000))
    max_upload: int = 10 * 1024 * 1024
    max_query_bytes: int = 1024 * 1024
    query_workers: int = 4
    # embedded store: run client queries in killable worker processes (query_pool.py)
    hard_timeouts: bool = True
    # embedded store: workers answer from one shared in-memory copy (query_pool.py)
    memory: bool = field(default_factory=lambda: os.environ.get("POLICYKG_MEMORY", "0") == "1")
    # results (SPARQL, trace, pages) cached until the store changes; POLICYKG_CACHE=0 disables
    cache: bool = field(default_factory=lambda: os.environ.get("POLICYKG_CACHE", "1") != "0")
    cache_entries: int = 512
    # uploads are parsed in worker processes (query_pool.py "parse" lane) with a time limit and
    # an address-space limit above what the worker's imports take; past either: 413
    parse_timeout: float = field(default_factory=lambda: _env_float("POLICYKG_PARSE_TIMEOUT", 30.0))
    parse_memory_mb: int = field(default_factory=lambda: _env_int("POLICYKG_PARSE_MEMORY_MB", 1024))
    parse_workers: int = 1
    # SPARQL queries one client (IP) may have running or queued for a worker (fairness.py);
    # None: half the SPARQL workers (at least 1); 0: no limit
    sparql_per_client: int | None = field(
        default_factory=lambda: _env_int_or_none("POLICYKG_SPARQL_PER_CLIENT")
    )
    cache_bytes: int = 64 * 1024 * 1024

    def per_client_limit(self) -> int:
        if self.sparql_per_client is not None:
            return self.sparql_per_client
        return max(1, self.query_workers // 2)


def _env_int_or_none(name: str) -> int | None:
    value = os.environ.get(name)
    return int(value) if value else None


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None
