"""The ingest pipeline: a file -> documents (reading, splitting, header, structure) -> RDF."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from policykg.errors import PolicykgError
from policykg.ingest.header import ISSUING_VERB, Header, body_start, parse_header
from policykg.ingest.model import Document, Obligation, Span
from policykg.ingest.read import SourceText, read_source
from policykg.ingest.scan import fold_same_length
from policykg.ingest.split import split_documents
from policykg.ingest.structure import parse_structure, structure_start
from policykg.kinds import TYPE_WORDS, is_attachable

STRUCTURED_KINDS = {"roman", "number", "decimal", "letter", "paren"}


@dataclass
class IngestResult:
    graph: Graph
    documents: list[Document] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)


def _gazetteer(gazetteer=None):
    if gazetteer is not None:
        return gazetteer
    from policykg.gazetteer import Gazetteer

    return Gazetteer.load()


def parse_file(path: str | Path, gazetteer=None) -> list[Document]:
    """Reading + splitting + header + structure for one file."""
    source = read_source(path)
    return parse_source(source, _gazetteer(gazetteer))


def parse_source(source: SourceText, gazetteer) -> list[Document]:
    text = source.text
    province_of = gazetteer.province_of if gazetteer is not None else None
    documents: list[Document] = []
    headers: list[Header] = []
    for span in split_documents(text):
        stamps = source.stamps_in(span.start, span.end)
        body_end = structure_start(text, span, body_start(text, span))
        header = parse_header(text, span, province_of, stamps, body_end)
        items = parse_structure(text, span, header.body_start, header.kind)
        documents.append(
            Document(
                source_file=source.name,
                text=text,
                span=span,
                kind=header.kind or _kind_from_issuing_verb(text, header) or "PolicyDocument",
                number=header.number,
                issued=header.issued,
                title=header.title,
                issuer_phrase=header.issuer_phrase,
                province=header.province,
                signer=header.signer,
                signer_role=header.signer_role,
                recipients=header.recipients,
                implements=header.implements,
                cites=header.cites,
                items=items,
            )
        )
        headers.append(header)
    _attach_to_decisions(documents)
    _complete_from_siblings(documents, province_of)
    _require_document(source.name, documents, headers)
    return documents


def _kind_from_issuing_verb(text: str, header: Header) -> str | None:
    """No type heading: the preamble may still say "... ban hành Kế hoạch ..."."""
    folded = fold_same_length(text)
    match = ISSUING_VERB.search(folded, header.body_start, header.body_start + 8000)
    if match is None:
        return None
    for word, kind in TYPE_WORDS.items():
        if word in match.group():
            return kind
    return None


def _require_document(name: str, documents: list[Document], headers: list[Header]) -> None:
    """A file is an administrative document when some part of it has a header (a type heading,
    a "Số:" number, the place-and-date line, "Kính gửi" or "V/v") or numbered sections. Only
    text with none of these is refused: a letter of three unnumbered paragraphs is a document."""
    for document, header in zip(documents, headers, strict=True):
        structured = sum(1 for item in document.items if item.kind in STRUCTURED_KINDS)
        if header.kind or header.number or header.issued:
            return
        if structured >= 2 and _looks_vietnamese(document.text[:20000]):
            return  # a plan's text without its header block (an export, an excerpt)
        head = document.text[document.span.start : header.body_start + 400]
        if _ADDRESSED.search(fold_same_length(head)):
            return
    raise PolicykgError(
        f"{name}: not an administrative document (no type heading such as KẾ HOẠCH or CÔNG VĂN, "
        "no number, date or addressee line, no numbered sections in Vietnamese)"
    )


# Vietnamese function words, accent-folded (OCR text may have lost its diacritics)
_VIETNAMESE_WORDS = frozenset(
    "va cua cac thuc hien nhiem vu trong tinh nam theo nhung duoc".split()
)


def _looks_vietnamese(text: str) -> bool:
    """Numbered sections alone do not make a document: an English note has them too."""
    words = fold_same_length(text).split()
    return bool(words) and sum(w in _VIETNAMESE_WORDS for w in words) >= 0.05 * len(words)


# "Kính gửi:" (addressee) or "V/v" (subject) lines open a letter's body
_ADDRESSED = re.compile(r"(?m)^\s*(?:kinh gui\s*:|v/v\s)")


# "Ban hành kèm theo Quyết định này Kế hoạch …" in a decision; "(Kèm theo Quyết định số …)"
# under an attachment's title
_ISSUED_WITH = re.compile(r"(?:ban hanh|phe duyet|cong bo)?\s*kem theo quyet dinh(?: nay)?\s")
_ATTACHED_NOTE = re.compile(r"\(?\s*(?:ban hanh\s+)?kem theo quyet dinh")


def _attach_to_decisions(documents: list[Document]) -> None:
    """A plan, programme, regulation … that follows a decision issuing it "kèm theo" is a document
    of its own that carries the decision's number, date, issuer and signature and carries out
    what the decision carries out."""
    for cover, document in zip(documents, documents[1:], strict=False):
        if cover.kind != "Decision" or not is_attachable(document.kind):
            continue
        if not (_issues_attachment(cover) or _says_attached(document)):
            continue
        document.attached_to = cover
        document.number = cover.number or document.number
        document.issued = cover.issued or document.issued
        document.issuer_phrase = cover.issuer_phrase or document.issuer_phrase
        document.province = document.province or cover.province
        document.signer = document.signer or cover.signer
        document.signer_role = document.signer_role or cover.signer_role
        own = [r for r in document.implements if r.number and r.number != cover.number]
        document.implements = list(cover.implements) + [
            r for r in own if r.number not in {p.number for p in cover.implements}
        ]
        document.cites = [r for r in document.cites if r.number != cover.number]


def _issues_attachment(cover: Document) -> bool:
    body = fold_same_length(cover.text[cover.span.start : cover.span.end])
    return _ISSUED_WITH.search(body) is not None


def _says_attached(document: Document) -> bool:
    """The attachment's head (title lines, up to its first item) says "(Kèm theo Quyết định …)"."""
    head_end = document.items[0].span.start if document.items else document.span.end
    head_end = min(head_end, document.span.start + 1500)
    head = fold_same_length(document.text[document.span.start : head_end])
    return _ATTACHED_NOTE.search(head) is not None


def _complete_from_siblings(documents: list[Document], province_of) -> None:
    """A covering document and the attachment that follows it complete each other: the letter
    names what it forwards ("Kèm theo Chương trình số 61-CTr/TU ngày 21/10/2024 của ..."), which
    gives the unnumbered attachment its number, date and issuer; an attachment with no province
    of its own takes its covering document's."""
    for cover, document in zip(documents, documents[1:], strict=False):
        if not document.number:
            ref = _attachment_ref(document, cover, documents)
            if ref is not None:
                document.number = ref.number
                document.issued = document.issued or ref.issued
                if ref.issuer_phrase and province_of and not document.province:
                    document.province = province_of(ref.issuer_phrase)
                if ref.issuer_phrase and not document.issuer_phrase:
                    document.issuer_phrase = ref.issuer_phrase
        if not document.province and cover.province:
            document.province = cover.province


def _attachment_ref(document: Document, cover: Document, documents: list[Document]):
    """The reference in `cover` to the document attached after it: of the same kind, not
    itself in the file, named after "kèm theo" or as what the cover carries out."""
    text = fold_same_length(cover.text)
    for ref in cover.implements + cover.cites:
        if ref.kind != document.kind or not ref.number:
            continue
        if any(d.number == ref.number for d in documents):
            continue
        before = text[max(0, ref.span.start - 30) : ref.span.start]
        if "kem theo" in before or "dinh kem" in before or ref in cover.implements:
            return ref
    return None


# --- the whole pipeline -----------------------------------------------------------------------


def ingest_paths(paths: Iterable[str | Path], gazetteer=None) -> IngestResult:
    """Parse every file, extract obligations, and build one RDF graph."""
    from policykg.ingest.rdf import documents_graph

    unique = list(dict.fromkeys(Path(path).resolve() for path in paths))  # a file given twice
    sources = [read_source(path) for path in unique]  # unreadable input fails before any work
    gazetteer = _gazetteer(gazetteer)
    documents: list[Document] = []
    for source in sources:
        documents.extend(parse_source(source, gazetteer))
    graph, obligations = documents_graph(documents, gazetteer)
    return IngestResult(graph, documents, obligations)


def write_turtle(graph: Graph, out_path: str | Path) -> None:
    """Deterministic Turtle (fixed prefixes, sorted subjects), written atomically."""
    from policykg.ingest.rdf import serialize_turtle

    data = serialize_turtle(graph)
    write_atomic(Path(out_path), data.encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual file mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


SOURCE_SUFFIXES = {".txt", ".md", ".markdown", ".docx", ".pdf"}


def build_extracted(sources_dir: str | Path, out_dir: str | Path, gazetteer=None) -> list[Path]:
    """One <stem>.ttl per source file plus <stem>.txt (its normalised text, which the
    provenance offsets index); byte-identical on re-run. Nothing is written unless every file
    ingests."""
    sources_dir, out_dir = Path(sources_dir), Path(out_dir)
    gazetteer = _gazetteer(gazetteer)
    files = sorted(
        p for p in sources_dir.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
    )
    if not files:
        raise PolicykgError(f"{sources_dir}: no source documents (.txt, .md, .docx, .pdf)")
    stems = [p.stem for p in files]
    clash = sorted({stem for stem in stems if stems.count(stem) > 1})
    if clash:
        raise PolicykgError(f"{sources_dir}: sources share a name, outputs would clash: {clash}")
    outputs: list[tuple[Path, bytes]] = []
    for path in files:
        result = ingest_paths([path], gazetteer)
        from policykg.ingest.rdf import serialize_turtle

        outputs.append((out_dir / f"{path.stem}.ttl", serialize_turtle(result.graph).encode()))
        text = result.documents[0].text if result.documents else ""
        outputs.append((out_dir / f"{path.stem}.txt", text.encode("utf-8")))
    for target, data in outputs:
        write_atomic(target, data)
    return [target for target, _ in outputs]


__all__ = [
    "IngestResult",
    "build_extracted",
    "ingest_paths",
    "parse_file",
    "parse_source",
    "write_atomic",
    "write_turtle",
    "Span",
]
