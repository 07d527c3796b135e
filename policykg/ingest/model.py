"""Plain records passed between the ingest stages: reading -> documents and items (structure) ->
obligations (semantics) -> RDF. Offsets index `Document.text`, the normalised file text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rdflib import Graph, URIRef


@dataclass(frozen=True)
class Span:
    start: int  # character offsets into the normalised (NFC, cleaned) text of the whole file
    end: int


@dataclass
class DocRef:
    """A document named in the text ("Chỉ thị số 28-CT/TW, ngày 25/12/2023 của Bộ Chính trị")."""

    number: str | None  # normalised: "28-CT/TW"
    kind: str | None  # "Directive", "Decision", "Plan", "Programme", "Guidance", "OfficialLetter"
    issued: date | None
    issuer_phrase: str | None
    span: Span


@dataclass
class Item:
    """One numbered, lettered or bulleted unit of a document's structure."""

    path: str  # the document's own numbering: "III.1.đ"; a bullet adds its 1-based position
    marker: str  # as printed: "III-", "1.", "a)", "(2)", "-"
    kind: str  # "roman" | "number" | "decimal" | "paren" | "letter" | "bullet"
    heading: str  # a headed item's heading (hard-wraps joined); "" for plain items
    text: str  # the item's own text, hard-wraps joined, markup stripped (children excluded)
    span: Span  # the item's own passage (heading + own text, children excluded)
    # "purpose" | "situation" | "targets" | "tasks" | "implementation" | "reporting" | "other"
    section_kind: str
    parent: str | None = None  # path of the enclosing item
    children: list[str] = field(default_factory=list)
    # labelled parts, as printed: a task table's columns or "Cơ quan chủ trì: …" lines. Role ->
    # span of the value; roles: "task", "owner", "coordinator", "deadline", "product". A role
    # given here is read from its span alone, instead of from the item's running text.
    fields: dict[str, Span] = field(default_factory=dict)


@dataclass
class Document:
    source_file: str  # file name as given
    text: str  # the normalised text of the whole file (all documents in it)
    span: Span  # this document's part of `text`
    kind: str  # "Directive" | "Decision" | "Plan" | "Programme" | "Guidance" | "OfficialLetter"
    number: str | None = None  # normalised: "109-KH/TU"
    issued: date | None = None
    title: str | None = None
    issuer_phrase: str | None = None  # "Ban Thường vụ Tỉnh ủy" as printed/inferred
    province: str | None = None  # canonical province name: "Lâm Đồng"
    signer: str | None = None
    signer_role: str | None = None
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận" lines, as printed
    implements: list[DocRef] = field(default_factory=list)
    cites: list[DocRef] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    # the decision this document was issued with ("Ban hành kèm theo Quyết định này Kế hoạch …"):
    # it carries that decision's number, date and issuer
    attached_to: Document | None = None


@dataclass
class AgencyRef:
    phrase: str  # as written in the text
    iri: URIRef
    span: Span | None
    resolved: bool  # False: minted from a phrase the gazetteer lacks (pkg:unresolved true)


@dataclass
class Target:
    indicator: str  # @vi, as written
    comparator: str  # "<", "<=", ">=", ">", "="
    value: Decimal
    unit: str  # "%", or the counted noun
    span: Span
    year: int | None = None
    baseline_value: Decimal | None = None
    baseline_year: int | None = None


@dataclass
class Obligation:
    item: Item
    owners: list[AgencyRef] = field(default_factory=list)
    implied_owners: list[tuple[AgencyRef, str]] = field(default_factory=list)  # (agency, rule name)
    coordinators: list[AgencyRef] = field(default_factory=list)
    reports_to: list[AgencyRef] = field(default_factory=list)
    deadline: str | None = None  # ISO: "2024-11-30", "2024-11", "2025"
    recurrence: str | None = None  # EU frequency code: "ANNUAL", "QUARTERLY", ...
    due_day: str | None = None  # xsd:gMonthDay "--12-10"
    modality: str | None = None  # "Assigned" | "Requested"
    product: str | None = None  # "Sản phẩm": what the duty delivers, as printed
    reporting: bool = False  # a pkg:ReportingDuty
    targets: list[Target] = field(default_factory=list)
    programmes: list[URIRef] = field(default_factory=list)  # pkg:contributesTo
    new_agencies: Graph | None = None  # triples for agencies minted while resolving
