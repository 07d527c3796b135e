"""Adding documents to the store (`policykg add`): read, link and load many files in one run.

Every file is ingested in this one process (the gazetteer loads once). A file that cannot be
read, or is not an administrative document, is refused with its reason and does not stop the
others (unless all-or-nothing is asked for). The accepted files' triples and their inferred
`pkg:concretises` links are then loaded in ONE atomic write into the graph
<https://w3id.org/policykg/graph/added>, and each file's normalised text is kept in the data
directory (`sources/<file name>`) so that the provenance offsets of its obligations stay valid
for the pages that show the passage.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from policykg.errors import PolicykgError
from policykg.namespaces import GRAPH, PKG

ADDED_GRAPH = str(GRAPH["added"])
SOURCE_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf")


@dataclass
class FileOutcome:
    path: Path
    accepted: bool
    reason: str = ""  # why it was refused
    documents: int = 0
    obligations: int = 0
    owned: int = 0
    text: str = ""  # the normalised text the provenance offsets index
    graph: Graph | None = None


@dataclass
class AddResult:
    outcomes: list[FileOutcome] = field(default_factory=list)
    links: int = 0
    store_triples: int | None = None  # the store's size after the write (None: no write)

    @property
    def accepted(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.accepted]


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the document files inside a directory (sorted, not recursive into
    hidden folders); each file once."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in SOURCE_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            out.append(path)
    return list(dict.fromkeys(p.resolve() for p in out))


def ingest_each(
    paths: list[Path], gazetteer, progress: Callable[[Path], None] | None = None
) -> list[FileOutcome]:
    """Each file on its own: accepted with its graph and counts, or refused with the reason."""
    from policykg.ingest.pipeline import parse_source
    from policykg.ingest.rdf import documents_graph
    from policykg.ingest.read import read_source

    outcomes = []
    for path in paths:
        try:
            source = read_source(path)
            documents = parse_source(source, gazetteer)
            graph, obligations = documents_graph(documents, gazetteer)
        except PolicykgError as error:
            outcomes.append(FileOutcome(path, False, _reason(path, error)))
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the others
            outcomes.append(FileOutcome(path, False, f"could not be read ({type(error).__name__})"))
        else:
            owned = sum(1 for o in obligations if o.owners)
            outcomes.append(
                FileOutcome(
                    path, True, "", len(documents), len(obligations), owned, source.text, graph
                )
            )
        if progress is not None:
            progress(path)
    return outcomes


def _reason(path: Path, error: PolicykgError) -> str:
    message = str(error)
    prefix = f"{path.name}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def check_source_names(outcomes: list[FileOutcome], sources_dir: Path) -> None:
    """Provenance names a source by its file name: two different texts under one name would
    make one file's offsets point into the other. Such a file is refused."""
    seen: dict[str, str] = {}
    for outcome in outcomes:
        if not outcome.accepted:
            continue
        name = outcome.path.name
        digest = _sha(outcome.text)
        kept = sources_dir / name
        earlier = seen.get(name) or (_sha(kept.read_text("utf-8")) if kept.is_file() else None)
        if earlier is not None and earlier != digest:
            outcome.accepted = False
            outcome.reason = f"another source named {name} is already in the store"
        else:
            seen[name] = digest


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def linked_graph(outcomes: list[FileOutcome], store) -> tuple[Graph, int]:
    """The accepted files' triples plus the `pkg:concretises` links their obligations get
    against the reference graph and what the store holds of their parents."""
    from policykg.links import infer_links
    from policykg.validate import context_for

    added = Graph()
    for outcome in outcomes:
        if outcome.accepted and outcome.graph is not None:
            added += outcome.graph
    links = infer_links(added, context_for(added, store))
    count = sum(1 for _ in links.triples((None, PKG.concretises, None)))
    return added + links, count


def keep_sources(outcomes: list[FileOutcome], sources_dir: Path) -> None:
    """Write each accepted file's normalised text (atomically) where the pages look for it."""
    from policykg.ingest.pipeline import write_atomic

    for outcome in outcomes:
        if outcome.accepted:
            write_atomic(sources_dir / outcome.path.name, outcome.text.encode("utf-8"))


def add_documents(
    files: Iterable[Path],
    store,
    sources_dir: Path,
    all_or_nothing: bool = False,
    replace: bool = False,
    progress: Callable[[Path], None] | None = None,
    gazetteer=None,
) -> AddResult:
    """Ingest, link and load `files` (as `expand` lists them) in one transaction; see the
    module docstring."""
    from policykg.gazetteer import Gazetteer

    files = list(files)
    if not files:
        raise PolicykgError("no documents to add (.txt, .md, .docx, .pdf)")
    gazetteer = gazetteer or Gazetteer.load()
    result = AddResult(ingest_each(files, gazetteer, progress))
    check_source_names(result.outcomes, sources_dir)
    refused = [o for o in result.outcomes if not o.accepted]
    if all_or_nothing and refused:
        return result  # nothing written
    if not result.accepted:
        return result
    graph, result.links = linked_graph(result.outcomes, store)
    # the texts first: a failed load leaves only unreferenced copies, never triples whose
    # passages cannot be shown
    keep_sources(result.outcomes, sources_dir)
    with tempfile.TemporaryDirectory(prefix="policykg-add-") as tmp:
        path = Path(tmp) / "added.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        result.store_triples = store.add([path], graph=ADDED_GRAPH, replace=replace)
    return result
