"""The source passage of an obligation shown in its document: the normalised text (the one the
provenance offsets index) around the passage, split so the template can <mark> it."""

from functools import lru_cache
from pathlib import Path

from policykg import resources
from policykg.ingest.read import read_file

CONTEXT = 400  # characters shown on each side of the passage


@lru_cache(maxsize=32)
def _text(path: Path, mtime: float) -> str:
    return read_file(path)


def document_text(file_name: str) -> str | None:
    """The normalised text of a source file in graph/sources, or of a document added with
    `policykg add` (kept in the data directory's sources/), or None when it is in neither."""
    if not file_name or "/" in file_name or "\\" in file_name or file_name.startswith("."):
        return None
    for folder in (resources.sources_dir(), _added_sources()):
        path = folder / file_name
        if path.is_file():
            return _text(path, path.stat().st_mtime)
    return None


_ADDED: list[Path] = []  # the served data directory's sources/ (use_data_dir)


def use_data_dir(data_dir: Path) -> None:
    """Where `policykg add` kept the texts of the documents it added (the app sets it)."""
    _ADDED[:] = [Path(data_dir) / "sources"]


def _added_sources() -> Path:
    if not _ADDED:
        from policykg.settings import Settings

        use_data_dir(Settings().store_data_dir())
    return _ADDED[0]


def passage(source: dict | None) -> dict | None:
    """{'before', 'mark', 'after', 'file', 'start', 'end'} or None when the offsets cannot be
    checked against the file (then the page shows the quote alone)."""
    if not source or source.get("start") is None or not source.get("file"):
        return None
    text = document_text(source["file"])
    if text is None:
        return None
    start, end = int(source["start"]), int(source["end"])
    if not 0 <= start <= end <= len(text):
        return None
    exact = source.get("exact")
    if exact and text[start:end] != exact:
        return None
    lo = text.rfind("\n", 0, max(start - CONTEXT, 0)) + 1 if start > CONTEXT else 0
    hi = text.find("\n", min(end + CONTEXT, len(text)))
    hi = len(text) if hi < 0 else hi
    return {"before": ("…" if lo else "") + text[lo:start], "mark": text[start:end],
            "after": text[end:hi] + ("…" if hi < len(text) else ""),
            "file": source["file"], "start": start, "end": end}
