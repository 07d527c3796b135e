"""`policykg build`: regenerate graph/extracted from graph/sources, then load the ontology,
reference, extracted and links graphs into the store in one atomic replacement.

Generated files are written to a temporary directory first and moved into graph/extracted one
by one with os.replace, so an ingest failure never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import filecmp
import importlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import rdflib

from policykg import rdfio, resources
from policykg.errors import PolicykgError
from policykg.namespaces import EXTRACTED_GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH

if TYPE_CHECKING:
    from policykg.store import Store


LINKS_FILE = "links.ttl"
GENERATED_SUFFIXES = {".ttl", ".txt"}
Progress = Callable[[str], None]


@dataclass
class BuildResult:
    written: list[str] = field(default_factory=list)  # generated files that changed
    removed: list[str] = field(default_factory=list)  # stale generated files deleted
    notes: list[str] = field(default_factory=list)  # steps skipped (module not available yet)
    graphs: dict[str, int] = field(default_factory=dict)  # triples per named graph after load


def _optional(module: str, attribute: str):
    """A function another module provides, or None while it is not written yet."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    return getattr(mod, attribute, None)


def _ttl_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.ttl")) if directory.is_dir() else []


def _generated_files(directory: Path) -> list[Path]:
    """Everything ingest writes: graphs (.ttl) and the normalised texts they index (.txt)."""
    if not directory.is_dir():
        return []
    return sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix in GENERATED_SUFFIXES and not p.name.startswith(".")
    )


def _parse(paths: list[Path]) -> rdflib.Graph:
    return rdfio.read(paths)


def generate(
    out_dir: Path,
    sources_dir: Path | None = None,
    progress: Progress | None = None,
    notes: list[str] | None = None,
) -> list[Path]:
    """Write the generated graphs (ingest output, then links.ttl) into out_dir."""
    notes = notes if notes is not None else []
    sources_dir = sources_dir or resources.sources_dir()
    build_extracted = _optional("policykg.ingest", "build_extracted")
    if build_extracted is None:
        notes.append("ingest not available: graph/extracted left as committed")
        for path in _generated_files(resources.extracted_dir()):
            if path.name != LINKS_FILE:
                shutil.copy2(path, out_dir / path.name)
    else:
        if progress:
            progress("ingest graph/sources")
        build_extracted(sources_dir, out_dir)
    infer_links = _optional("policykg.links", "infer_links")
    if infer_links is None:
        notes.append("links not available: links.ttl not regenerated")
        committed = resources.extracted_dir() / LINKS_FILE
        if committed.exists():
            shutil.copy2(committed, out_dir / LINKS_FILE)
    else:
        if progress:
            progress("infer pkg:concretises links")
        extracted = _parse([p for p in _ttl_files(out_dir) if p.name != LINKS_FILE])
        context = _parse(
            _ttl_files(resources.ontology_dir()) + _ttl_files(resources.reference_dir())
        )
        links = infer_links(extracted, context)
        _write_turtle(links, out_dir / LINKS_FILE)
    return _generated_files(out_dir)


def _write_turtle(graph: rdflib.Graph, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
    os.replace(tmp, path)


def stale_files(generated: Path, committed: Path) -> list[str]:
    """Names of files that differ, are missing, or should no longer be there."""
    fresh = {p.name for p in _generated_files(generated)}
    old = {p.name for p in _generated_files(committed)}
    stale = sorted(old ^ fresh)
    for name in sorted(fresh & old):
        if not filecmp.cmp(generated / name, committed / name, shallow=False):
            stale.append(name)
    return sorted(stale)


def check(progress: Progress | None = None) -> tuple[list[str], list[str]]:
    """(stale committed files, notes); regenerates into a temporary directory only."""
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="policykg-check-") as tmp:
        generate(Path(tmp), progress=progress, notes=notes)
        return stale_files(Path(tmp), resources.extracted_dir()), notes


BUILD_TEMP = "policykg-build-"
STALE_AFTER_S = 3600.0  # a build takes well under a minute: older temp files are a dead run's


def _remove_stale_temp(target: Path) -> None:
    """What killed builds left: temp directories in the system temp dir (and, from earlier
    versions, in the checkout's graph/), half-copied files in graph/extracted."""
    now = time.time()
    legacy = list(target.parent.glob(f".{BUILD_TEMP}*"))  # no current build writes there
    aged = [*Path(tempfile.gettempdir()).glob(f"{BUILD_TEMP}*"), *target.glob(".*.tmp")]
    for path in legacy + aged:
        with contextlib.suppress(OSError):
            if path in aged and now - path.lstat().st_mtime < STALE_AFTER_S:
                continue  # perhaps a build running now
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def _install(path: Path, dest: Path) -> None:
    """Copy a generated file over dest atomically (the temp dir may be on another file
    system, so no rename from there)."""
    tmp = dest.with_name(f".{dest.name}.tmp")
    shutil.copyfile(path, tmp)
    os.replace(tmp, dest)


def refresh_extracted(progress: Progress | None = None) -> BuildResult:
    """Regenerate graph/extracted in place (changed files replaced atomically). The files are
    generated in the system temp dir, never in the checkout."""
    result = BuildResult()
    target = resources.extracted_dir()
    target.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp(target)
    with tempfile.TemporaryDirectory(prefix=BUILD_TEMP) as tmp:
        fresh = generate(Path(tmp), progress=progress, notes=result.notes)
        names = {p.name for p in fresh}
        for path in fresh:
            dest = target / path.name
            if not dest.exists() or not filecmp.cmp(path, dest, shallow=False):
                _install(path, dest)
                result.written.append(path.name)
        if not result.notes:  # only a complete regeneration knows which files are stale
            for old in _generated_files(target):
                if old.name not in names:
                    old.unlink()
                    result.removed.append(old.name)
    return result


def graph_sources() -> dict[str, list[Path]]:
    """Which files go into which named graph."""
    extracted = _ttl_files(resources.extracted_dir())
    return {
        str(ONTOLOGY_GRAPH): _ttl_files(resources.ontology_dir()),
        str(REFERENCE_GRAPH): _ttl_files(resources.reference_dir()),
        str(EXTRACTED_GRAPH): [p for p in extracted if p.name != LINKS_FILE],
        str(LINKS_GRAPH): [p for p in extracted if p.name == LINKS_FILE],
    }


def load(store: Store, progress: Progress | None = None) -> dict[str, int]:
    """Replace the four named graphs in the store, all or nothing."""
    sources = graph_sources()
    if not sources[str(ONTOLOGY_GRAPH)]:
        raise PolicykgError(f"no ontology found in {resources.ontology_dir()}")
    store.replace_graphs(sources, progress=progress)
    return store.graph_counts()


def build(store: Store, progress: Progress | None = None, ingest: bool = True) -> BuildResult:
    """Regenerate (unless ingest=False) and load."""
    result = refresh_extracted(progress) if ingest else BuildResult()
    result.graphs = load(store, progress)
    return result
