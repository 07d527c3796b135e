"""Documents and obligations to RDF in the public vocabulary (DESIGN.md, docs/architecture.md).

No blank nodes: provenance, selector and target nodes are IRIs derived from the obligation
(`<obl>#source`, `<obl>#position`, `<obl>#quote`, `<obl>#target-1`), so a re-run is
byte-identical. Offsets index the file's normalised text (graph/extracted/<stem>.txt)."""

from __future__ import annotations

import hashlib
import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from policykg.ingest.agencies import (
    AgencyPhrase,
    Resolver,
    add_unresolved,
    find_agency_phrases,
    local_agency_iri,
    local_body,
    locality_of,
)
from policykg.ingest.model import DocRef, Document, Item, Obligation, Span
from policykg.ingest.obligations import extract_obligations
from policykg.ingest.scan import fold_same_length
from policykg.kinds import class_name, number_code
from policykg.namespaces import (
    FREQ,
    OA,
    PKG,
    PREFIXES,
    agency_iri,
    document_iri,
    obligation_iri,
    province_iri,
)
from policykg.text import fold

SECTION_CLASSES = {
    "purpose": PKG.PurposeSection,
    "situation": PKG.SituationSection,
    "targets": PKG.TargetsSection,
    "tasks": PKG.TasksSection,
    "implementation": PKG.ImplementationSection,
    "reporting": PKG.ReportingSection,
}
# an organisation head noun: a recipient phrase the gazetteer lacks is still minted if it names
# a body ("Ban ...", "Sở ..."), not people ("Các đồng chí ...") or archive notes
_ORG_HEAD = re.compile(
    r"^(?:cac\s+)?(?:ban|so|bo|uy ban|ubnd|hoi dong|van phong|dang uy|tinh uy|thanh uy|huyen uy"
    r"|tinh doan|hoi|dai|bao|cong|trung tam|mat tran|doan)\b"
)


def documents_graph(documents: list[Document], gazetteer) -> tuple[Graph, list[Obligation]]:
    graph = new_graph()
    iris = document_iris(documents)
    known_numbers = {d.number for d in documents if d.number}
    obligations: list[Obligation] = []
    for document, iri in zip(documents, iris, strict=True):
        _document_triples(graph, document, iri, gazetteer, known_numbers)
        cover = _position(documents, document.attached_to)
        if cover is not None:
            graph.add((iri, PKG.issuedWith, iris[cover]))
        found = extract_obligations(document, gazetteer)
        paths = {o.item.path for o in found}
        for obligation in found:
            _obligation_triples(graph, document, iri, obligation, paths)
        obligations.extend(found)
    return graph, obligations


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


# --- document IRIs ----------------------------------------------------------------------------


def document_iris(documents: list[Document]) -> list[URIRef]:
    """Numbered documents by number, local ones within their province (id/doc/lam-dong/109-kh-tu);
    unnumbered ones by a key from kind, issuer type, province and date ("KH-TU Thái Nguyên" ->
    id/doc/kh-tu-thai-nguyen), made unique within the run."""
    out: list[URIRef] = []
    for document in documents:
        cover = _position(documents, document.attached_to)
        if cover is not None:
            # an attachment under its decision: id/doc/quang-ngai/1627-qd-ubnd/kh
            out.append(URIRef(f"{out[cover]}/{number_code(document.kind).lower()}"))
            continue
        province = document.province if document.number else None  # a key names its province
        key = document.number or unnumbered_key(document)
        iri = document_iri(key, province)
        if iri in out:
            iri = document_iri(f"{key} {text_sha256(document)[:8]}", province)
        out.append(iri)
    return out


def _position(documents: list[Document], document: Document | None) -> int | None:
    """Where `document` (itself, not an equal one) stands in `documents`."""
    return next((i for i, d in enumerate(documents) if d is document), None)


def unnumbered_key(document: Document) -> str:
    parts = [number_code(document.kind), issuer_code(document.issuer_phrase)]
    if document.province:
        parts.append(document.province)
    if document.issued:
        parts.append(document.issued.isoformat())
    return " ".join(p for p in parts if p)


def issuer_code(phrase: str | None) -> str:
    """The issuer part of a document number: TU (party committee or its standing board), UBND,
    else the initials of the phrase."""
    if not phrase:
        return ""
    folded = fold(phrase)
    if re.search(r"\b(?:tinh|thanh) uy\b|ban thuong vu", folded):
        return "TU"
    if re.search(r"\buy ban nhan dan\b|\bubnd\b", folded):
        return "UBND"
    return "".join(word[0] for word in folded.split() if word[0].isalpha()).upper()


def text_sha256(document: Document) -> str:
    passage = document.text[document.span.start : document.span.end]
    return hashlib.sha256(passage.encode("utf-8")).hexdigest()


# --- documents --------------------------------------------------------------------------------


def _document_triples(
    graph: Graph, document: Document, iri: URIRef, gazetteer, known_numbers: set[str]
) -> None:
    graph.add((iri, RDF.type, PKG[class_name(document.kind)]))
    if document.number:
        graph.add((iri, PKG.documentNumber, Literal(document.number)))
    if document.issued:
        graph.add((iri, PKG.issued, Literal(document.issued.isoformat(), datatype=XSD.date)))
    if document.title:
        graph.add((iri, PKG.title, Literal(document.title, lang="vi")))
    province = _province(gazetteer, document.province)
    if province is not None:
        graph.add((iri, PKG.province, province))
    issuer = _local_issuer(graph, gazetteer, document.issuer_phrase, document.province)
    if issuer is None:
        issuer = _agency(graph, gazetteer, document.issuer_phrase, document.province, mint=True)
    if issuer is not None:
        graph.add((iri, PKG.issuedBy, issuer))
        level = _level(gazetteer, issuer, document.issuer_phrase)
        if level is not None:
            graph.add((iri, PKG.level, level))
    if document.signer:
        graph.add((iri, PKG.signer, Literal(document.signer)))
    if document.signer_role:
        graph.add((iri, PKG.signerRole, Literal(document.signer_role, lang="vi")))
    locality = locality_of(document.issuer_phrase, document.province)
    for phrase in document.recipients:
        for recipient in _recipients(graph, gazetteer, phrase, document.province, locality):
            graph.add((iri, PKG.recipient, recipient))
    for predicate, refs in ((PKG.implements, document.implements), (PKG.cites, document.cites)):
        for ref in refs:
            target = _referenced(graph, gazetteer, ref, known_numbers, document.province)
            if target is not None and target != iri:
                graph.add((iri, predicate, target))
    graph.add((iri, PKG.sourceFile, Literal(document.source_file)))
    graph.add((iri, PKG.textSha256, Literal(text_sha256(document))))
    header_end = document.items[0].span.start if document.items else document.span.end
    _provenance(graph, iri, iri, document.text, Span(document.span.start, header_end))


def _referenced(
    graph: Graph, gazetteer, ref: DocRef, known_numbers: set[str], province: str | None
) -> URIRef | None:
    """A named parent or cited document; a local number is taken to be the citing document's
    province's (a Sóc Trăng letter citing 61-CTr/TU means Sóc Trăng's programme)."""
    if not ref.number:
        return None
    iri = document_iri(ref.number, province)
    reference = getattr(gazetteer, "graph", None)
    if ref.number in known_numbers or (reference is not None and (iri, None, None) in reference):
        return iri
    graph.add((iri, RDF.type, PKG[class_name(ref.kind)]))
    graph.add((iri, PKG.documentNumber, Literal(ref.number)))
    if ref.issued:
        graph.add((iri, PKG.issued, Literal(ref.issued.isoformat(), datatype=XSD.date)))
    return iri


def _province(gazetteer, name: str | None) -> URIRef | None:
    if not name:
        return None
    if gazetteer is not None and hasattr(gazetteer, "province"):
        return URIRef(gazetteer.province(name).iri)
    return province_iri(name)


def _agency(graph: Graph, gazetteer, phrase: str | None, province: str | None, mint: bool):
    """The agency a phrase names (gazetteer, relative to the province); a phrase it lacks is
    minted as an unresolved pkg:Agency when `mint` or when it opens with an organisation noun."""
    if not phrase:
        return None
    match = _resolve(gazetteer, phrase, province)
    if match is not None and _other_level(gazetteer, match, phrase, province):
        match = None  # "Ủy ban nhân dân phường" is no district committee
    if match is not None:
        if getattr(match, "minted", None) is not None:
            graph += match.minted
        return URIRef(match.iri)
    if not mint and not _ORG_HEAD.match(fold(phrase)):
        return None
    if level_of_phrase(phrase) == PKG.CentralLevel:
        province = None  # a central body is not minted under the document's province
    iri = agency_iri(phrase, province)
    add_unresolved(graph, iri, phrase, _province(gazetteer, province))
    return iri


def _local_issuer(graph: Graph, gazetteer, phrase: str | None, province: str | None):
    """A district or commune issuer ("Ủy ban nhân dân huyện Quỳnh Lưu") is minted under its
    place, with the IRI its own text's "Ủy ban nhân dân huyện" resolves to (ingest/agencies.py)."""
    locality = locality_of(phrase, province)
    if locality is None or not province:
        return None
    body = local_body(phrase, province, locality)
    iri = local_agency_iri(province, locality.name, body.short)
    if (iri, RDF.type, PKG.Agency) not in graph:
        add_unresolved(graph, iri, _one_line(phrase), _province(gazetteer, province))
        graph.add((iri, PKG.level, locality.level))
    return iri


def _resolve(gazetteer, phrase: str, province: str | None):
    """The gazetteer's match; a phrase ending with the document's own province ("Ủy ban nhân dân
    tỉnh Quảng Ninh") is also tried without it, since the province is given apart."""
    if gazetteer is None:
        return None
    match = gazetteer.resolve(phrase, province)
    if match is None and province:
        folded, name = fold_same_length(phrase).rstrip(" ."), fold_same_length(province)
        if folded.endswith(" " + name) and len(folded) > len(name) + 1:
            match = gazetteer.resolve(phrase[: len(folded) - len(name)].strip(), province)
    return match


def _recipients(
    graph: Graph, gazetteer, phrase: str, province: str | None, locality=None
) -> list[URIRef]:
    """A "Nơi nhận" line may list several bodies ("Bộ Chính trị, Ban Bí thư TW Đảng"): the whole
    line if it names one known body, else each agency phrase found in it. A district or commune
    body ("TT HĐND huyện") is read as the issuing place's (ingest/agencies.py), never as a body
    of another level."""
    if local_body(phrase, province, locality) is None:
        if _resolve(gazetteer, phrase, province) is not None:
            return [_agency(graph, gazetteer, phrase, province, mint=False)]
    parts = [part for part, _ in find_agency_phrases(phrase)] or [phrase]
    out = [
        _local_agency(graph, gazetteer, part, province, locality)
        or _agency(graph, gazetteer, part, province, mint=False)
        for part in parts
    ]
    return [agency for agency in out if agency is not None]


def _other_level(gazetteer, match, phrase: str, province: str | None) -> bool:
    """Does a phrase that states a district or commune level resolve to another level?"""
    local = local_body(phrase, province, None)
    if local is None or not local.stated:
        return False
    try:
        return gazetteer.agency(match.iri).level != local.level
    except Exception:  # noqa: BLE001 - a gazetteer without levels: nothing to compare
        return False


def _local_agency(graph: Graph, gazetteer, phrase: str, province: str | None, locality):
    """The agency a district- or commune-level phrase names (None for any other phrase)."""
    if not province or gazetteer is None or local_body(phrase, province, locality) is None:
        return None
    resolver = Resolver(gazetteer, province, locality=locality)
    ref = resolver.ref(AgencyPhrase(phrase, 0, len(phrase), None, False, "exact"), 0)
    for s, p, o in resolver.minted or ():
        if p == RDFS.label and graph.value(s, RDFS.label) not in (None, o):
            p = SKOS.altLabel  # the body already has a label (the issuer's printed name)
        graph.add((s, p, o))
    return ref.iri


def _level(gazetteer, agency: URIRef, phrase: str | None = None) -> URIRef | None:
    try:
        info = gazetteer.agency(agency)
    except Exception:  # an unresolved agency: read the level off its name
        info = None
    if info is not None and info.level is not None:
        return URIRef(info.level)
    return level_of_phrase(phrase) if phrase else None


_LEVEL_WORDS = (
    (r"\b(?:trung uong|tw|chinh phu|thu tuong|bo chinh tri|ban bi thu|quoc hoi)\b", "CentralLevel"),
    (r"\b(?:huyen|thi xa|thi uy|quan uy|uy ban nhan dan quan)\b", "DistrictLevel"),
    (r"\b(?:xa|phuong|thi tran)\b(?! hoi)", "CommuneLevel"),
    (r"\b(?:tinh|thanh pho|tinh uy|thanh uy)\b", "ProvincialLevel"),
)


def level_of_phrase(phrase: str) -> URIRef | None:
    """The government level a body's name states ("Ban Thường vụ Huyện ủy ..." -> district)."""
    folded = fold(phrase)
    for pattern, level in _LEVEL_WORDS:
        if re.search(pattern, folded):
            return PKG[level]
    return None


# --- obligations ------------------------------------------------------------------------------


def obligation_text(item: Item) -> str:
    return " ".join(part for part in (item.heading, item.text) if part)


def _obligation_triples(
    graph: Graph, document: Document, doc: URIRef, obligation: Obligation, paths: set[str]
) -> None:
    item = obligation.item
    iri = obligation_iri(doc, item.path)
    graph.add((iri, RDF.type, PKG.Obligation))
    if obligation.reporting:
        graph.add((iri, RDF.type, PKG.ReportingDuty))
    graph.add((iri, PKG.statedIn, doc))
    graph.add((iri, PKG.sectionPath, Literal(item.path)))
    section = SECTION_CLASSES.get(item.section_kind)
    if section is not None:
        graph.add((iri, PKG.sectionKind, section))
    if item.parent and item.parent in paths:
        graph.add((iri, PKG.partOf, obligation_iri(doc, item.parent)))
    graph.add((iri, PKG.text, Literal(obligation_text(item), lang="vi")))
    for ref in obligation.owners:
        graph.add((iri, PKG.owner, ref.iri))
        graph.add((iri, PKG.ownerPhrase, Literal(_one_line(ref.phrase), lang="vi")))
    for ref, rule in obligation.implied_owners:
        graph.add((iri, PKG.impliedOwner, ref.iri))
        graph.add((iri, PKG.impliedOwnerRule, Literal(rule)))
    for ref in obligation.coordinators:
        graph.add((iri, PKG.coordinator, ref.iri))
    for ref in obligation.reports_to:
        graph.add((iri, PKG.reportsTo, ref.iri))
    # the resolver's own description first (its label is the body's name, "Trung tâm chính
    # trị …" for a short "Trung tâm"); a printed phrase labels only a body described nowhere
    if obligation.new_agencies is not None:
        for s, p, o in obligation.new_agencies:
            if isinstance(o, Literal) and isinstance(o.value, str) and "\n" in o:
                o = Literal(_one_line(o), lang=o.language, datatype=o.datatype)  # one-line labels
            graph.add((s, p, o))
    for ref in (
        obligation.owners
        + obligation.coordinators
        + obligation.reports_to
        + [r for r, _ in obligation.implied_owners]
    ):
        if not ref.resolved:
            _unresolved(graph, ref.iri, ref.phrase, document.province)
    if obligation.deadline:
        graph.add((iri, PKG.deadline, deadline_literal(obligation.deadline)))
    if obligation.recurrence:
        graph.add((iri, PKG.recurrence, FREQ[obligation.recurrence]))
    if obligation.due_day:
        graph.add((iri, PKG.dueDay, Literal(obligation.due_day, datatype=XSD.gMonthDay)))
    if obligation.modality:
        graph.add((iri, PKG.modality, PKG[obligation.modality]))
    if obligation.product:
        graph.add((iri, PKG.product, Literal(obligation.product, lang="vi")))
    for index, target in enumerate(obligation.targets, start=1):
        node = URIRef(f"{iri}#target-{index}")
        graph.add((iri, PKG.hasTarget, node))
        graph.add((node, RDF.type, PKG.Target))
        graph.add((node, PKG.indicator, Literal(target.indicator, lang="vi")))
        graph.add((node, PKG.comparator, Literal(target.comparator)))
        graph.add((node, PKG.targetValue, Literal(target.value, datatype=XSD.decimal)))
        graph.add((node, PKG.unit, Literal(target.unit)))
        if target.year is not None:
            graph.add((node, PKG.targetYear, Literal(target.year, datatype=XSD.gYear)))
        if target.baseline_value is not None:
            graph.add(
                (node, PKG.baselineValue, Literal(target.baseline_value, datatype=XSD.decimal))
            )
        if target.baseline_year is not None:
            graph.add((node, PKG.baselineYear, Literal(target.baseline_year, datatype=XSD.gYear)))
        _provenance(graph, node, doc, document.text, target.span)
    for programme in obligation.programmes:
        graph.add((iri, PKG.contributesTo, programme))
    _provenance(graph, iri, doc, document.text, item.span)


def _one_line(phrase: str) -> str:
    """A phrase as written, its hard wraps joined."""
    return " ".join(phrase.split())


def _unresolved(graph: Graph, iri: URIRef, phrase: str, province: str | None) -> None:
    """An agency no reference graph holds: labelled by its printed phrase where nothing
    describes it yet, else the phrase is one more printed form (skos:altLabel)."""
    printed = Literal(_one_line(phrase), lang="vi")
    if (iri, RDF.type, PKG.Agency) not in graph:
        add_unresolved(graph, iri, str(printed), province_iri(province) if province else None)
    elif printed not in set(graph.objects(iri, RDFS.label)):
        graph.add((iri, SKOS.altLabel, printed))


def deadline_literal(value: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    raise ValueError(f"not an ISO date, year-month or year: {value!r}")


def _provenance(graph: Graph, subject: URIRef, doc: URIRef, text: str, span: Span) -> None:
    """subject prov:wasDerivedFrom <subject#source>, an oa:SpecificResource of the document with
    a position selector (offsets into the normalised text) and the exact quote."""
    base = str(subject).split("#", 1)[0] if "#target-" not in str(subject) else str(subject)
    joiner = "-" if "#" in base else "#"
    source = URIRef(f"{base}{joiner}source")
    position = URIRef(f"{base}{joiner}position")
    quote = URIRef(f"{base}{joiner}quote")
    graph.add((subject, PROV.wasDerivedFrom, source))
    graph.add((source, RDF.type, OA.SpecificResource))
    graph.add((source, OA.hasSource, doc))
    graph.add((source, OA.hasSelector, position))
    graph.add((source, OA.hasSelector, quote))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    graph.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(text[span.start : span.end])))


# --- serialisation ----------------------------------------------------------------------------


def serialize_turtle(graph: Graph) -> str:
    """Deterministic Turtle: fixed prefixes, sorted statements, no blank nodes."""
    from rdflib import BNode

    out = new_graph()
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            raise ValueError("generated graphs must not hold blank nodes")
        out.add(triple)
    data = out.serialize(format="turtle")
    return data if data.endswith("\n") else data + "\n"
