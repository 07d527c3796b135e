"""Where the project's data directories are: the repository root in a checkout (or an editable
install), else the copies a wheel carries in policykg/_data."""

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def root() -> Path:
    checkout = _PACKAGE.parent
    if (checkout / "ontology" / "policykg.ttl").exists():
        return checkout
    return _PACKAGE / "_data"


def ontology_dir() -> Path:
    return root() / "ontology"


def shapes_dir() -> Path:
    return root() / "shapes"


def queries_dir() -> Path:
    return root() / "queries"


def graph_dir() -> Path:
    return root() / "graph"


def reference_dir() -> Path:
    return graph_dir() / "reference"


def sources_dir() -> Path:
    return graph_dir() / "sources"


def extracted_dir() -> Path:
    return graph_dir() / "extracted"
