"""SHACL validation of a submitted plan (pyshacl over an in-memory rdflib graph).

The data graph is small on purpose (incremental validation): the submitted triples, the
reference graph, what the store knows about the documents the plan implements (their
obligations, so coverage and links can be checked), the plan's inferred `pkg:concretises`
links, and one `[] a pkg:ValidationContext ; pkg:asOf D` node the shapes read. The ontology's
axioms go in as pyshacl's ont_graph would put them. Only results about the submitted plan's own
nodes are reported.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from policykg import rdfio, resources, shape_messages
from policykg.errors import PolicykgError, StoreError
from policykg.namespaces import PKG, PREFIXES, sparql_prefixes

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SEVERITIES = ("Violation", "Warning", "Info")
DOCUMENT_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}


@dataclass
class Result:
    severity: str  # "Violation" | "Warning" | "Info"
    focus: str
    messages: dict[str, str]  # language ("en", "vi", "" when untagged) -> message
    document: str | None = None
    document_number: str | None = None
    section: str | None = None
    text: str | None = None  # the obligation's text (start), to recognise it
    value: str | None = None
    path: str | None = None
    shape: str | None = None

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or next(iter(self.messages.values()), "")


CSV_COLUMNS = ("severity", "message", "document", "section", "text", "value", "focus", "shape")


@dataclass
class Report:
    conforms: bool
    results: list[Result]
    as_of: date
    focus_nodes: int
    graph: Graph = field(repr=False, default_factory=Graph)  # the filtered sh:ValidationReport
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms else 1

    def by_severity(self) -> dict[str, list[Result]]:
        return {s: [r for r in self.results if r.severity == s] for s in SEVERITIES}

    def counts(self) -> dict[str, int]:
        return {s: len(rs) for s, rs in self.by_severity().items()}

    def to_json(self) -> str:
        return json.dumps(
            {
                "conforms": self.conforms,
                "asOf": self.as_of.isoformat(),
                "focusNodes": self.focus_nodes,
                "counts": self.counts(),
                "results": [asdict(r) for r in self.results],
                "notes": self.notes,
            },
            ensure_ascii=False,
            indent=1,
        )

    def to_turtle(self) -> str:
        return self.graph.serialize(format="turtle")

    def to_csv(self, lang: str = "vi") -> str:
        """One row per finding, headings and messages in `lang`; a byte-order mark so that a
        spreadsheet opens the Vietnamese text as UTF-8."""
        import csv
        import io

        from policykg.web.i18n import Translator

        t = Translator(lang)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([t(f"report.csv.{k}") for k in CSV_COLUMNS])
        for r in self.results:
            writer.writerow([t("severity." + r.severity), r.message(lang),
                             r.document_number or "", r.section or "", r.text or "",
                             r.value or "", r.focus, r.shape or ""])
        return "\ufeff" + out.getvalue()

    def to_text(self, width: int = 100, lang: str = "vi") -> str:
        from rich.console import Console

        console = Console(width=width, record=True, file=_NullFile(), highlight=False)
        self.print(console, lang)
        return console.export_text()

    def print(self, console, lang: str = "vi") -> None:
        """Render with rich in `lang` (the site's translation table): a verdict line, then
        results grouped by severity, each with its message in that language."""
        from rich.markup import escape

        from policykg.web.i18n import Translator
        from policykg.web.report_view import group_findings

        t = Translator(lang)
        counts = self.counts()
        verdict = (f"[green]{t('report.conforms')}[/green]" if self.conforms
                   else f"[red]{t('report.not_conforms')}[/red]")
        console.print(verdict + " " + escape(t(
            "report.verdict", date=t.date(self.as_of), n=self.focus_nodes,
            v=counts["Violation"], w=counts["Warning"], i=counts["Info"])))
        style = {"Violation": "red", "Warning": "yellow", "Info": "cyan"}
        for severity, results in self.by_severity().items():
            if not results:
                continue
            heading = escape(f"{t('severity.' + severity)} ({len(results)})")
            console.print(f"\n[bold {style[severity]}]{heading}[/]")
            for group in group_findings(results, t.lang):
                _print_group(console, group, t)
        for note in self.notes:
            console.print(f"[dim]{escape(t('cli.note'))}: {escape(note)}[/dim]")


def _print_group(console, group: dict, t) -> None:
    """Identical findings once, with how many times and where (as the report page groups
    them); a finding of its own with its task's text."""
    from rich.markup import escape

    count = f" [dim]({escape(t('report.times', n=group['count']))})[/dim]" \
        if group["count"] > 1 else ""
    console.print(f"- {escape(group['message'])}{count}", highlight=False)
    for r in group["items"]:
        where = " ".join(x for x in (r.document_number or _short(r.document),
                                     f"§{r.section}" if r.section else None) if x)
        console.print(f"    {escape(where) + ' ' if where else ''}"
                      f"[dim]{escape(_short(r.focus))}[/dim]", highlight=False)
        if r.text and group["count"] == 1:
            console.print(f"    “{r.text}”", markup=False)
        if r.value and r.value != r.focus:
            console.print(f"    {t('cli.value')}: {_short(r.value)}", markup=False)


class _NullFile:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass


def _short(iri: str | None) -> str:
    if not iri:
        return ""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            return f"{prefix}:{iri[len(str(ns)) :]}"
    return iri


# ----------------------------------------------------------------------------------------------
@cache
def _turtle_dir(directory: str) -> Graph:
    return rdfio.read(sorted(Path(directory).glob("*.ttl")))


def shapes_graph() -> Graph:
    return _turtle_dir(str(resources.shapes_dir()))


def ontology_graph() -> Graph:
    return _turtle_dir(str(resources.ontology_dir()))


def read_submission(paths: list[Path]) -> Graph:
    """RDF files are parsed; documents (.txt/.md/.docx/.pdf) go through ingest."""
    return read_submission_texts(paths)[0]


def read_submission_texts(paths: list[Path]) -> tuple[Graph, dict[str, str]]:
    """read_submission, and each document file's normalised text by file name (the text its
    passages' offsets index), so a caller showing passages need not read the file again."""
    graph = Graph()
    texts: dict[str, str] = {}
    documents: list[Path] = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise PolicykgError(f"{path}: no such file")
        suffix = path.suffix.lower()
        if suffix in rdfio.FORMATS:
            rdfio.read([path], graph)
        elif suffix in DOCUMENT_SUFFIXES:
            documents.append(path)
        else:
            raise PolicykgError(
                f"{path}: cannot validate {suffix or 'this file'} "
                f"(use RDF: .ttl .nt .jsonld, or a document: .txt .md .docx .pdf)"
            )
    if documents:
        from policykg.ingest import ingest_paths

        ingested = ingest_paths(documents)
        graph += ingested.graph
        texts = {document.source_file: document.text for document in ingested.documents}
    if len(graph) == 0:
        raise PolicykgError("nothing to validate: the input holds no triples")
    return graph, texts


@cache
def reference_store():
    """The reference graph in an in-memory Oxigraph store (loaded once per process): the
    context is cut from it with one query instead of copying it whole into pyshacl's graph."""
    from policykg.store import MemoryStore

    return MemoryStore(sorted(resources.reference_dir().glob("*.ttl")))


def mentioned_iris(submitted: Graph) -> set[str]:
    """Every IRI the submission uses as subject or object (classes aside)."""
    nodes = set(submitted.subjects()) | {
        o for p, o in submitted.predicate_objects() if p != RDF.type
    }
    return {str(n) for n in nodes if isinstance(n, URIRef)}


def ancestors(source, documents: set[str]) -> set[str]:
    """Documents reachable from `documents` by pkg:implements in `source` (a store)."""
    if not documents:
        return set()
    values = " ".join(f"<{d}>" for d in sorted(documents))
    rows = source.select(
        sparql_prefixes()
        + f"SELECT DISTINCT ?d WHERE {{ VALUES ?p {{ {values} }} ?p pkg:implements+ ?d }}"
    )
    return {str(r["d"]) for r in rows}


def context_for(submitted: Graph, store=None, notes: list[str] | None = None) -> Graph:
    """What the shapes and the link inference need to know beyond the submission: the nodes
    it mentions (agencies, parent documents), the obligations of the documents it implements
    and their ancestors, and the change events about the agencies, from the reference graph
    and (when given) the store."""
    sources = [reference_store()] + ([store] if store is not None else [])
    focus = mentioned_iris(submitted)
    parents = {str(o) for o in submitted.objects(None, PKG.implements) if isinstance(o, URIRef)}
    context = Graph()
    for source in sources:
        try:
            focus |= ancestors(source, parents)
        except StoreError as exc:
            if notes is not None:
                notes.append(f"store not used for context: {exc}")
            sources = sources[:1]
    for source in sources:
        try:
            context += source.graph_for_validation(focus)
        except StoreError as exc:  # an empty store (nothing built yet) has no context to give
            if notes is not None:
                notes.append(f"store not used for context: {exc}")
    return context


def _context_node(as_of: date) -> Graph:
    graph = Graph()
    node = BNode()
    graph.add((node, RDF.type, PKG.ValidationContext))
    graph.add((node, PKG.asOf, Literal(as_of.isoformat(), datatype=XSD.date)))
    return graph


def plan_nodes(submitted: Graph, context: Graph) -> set:
    """The submission's own nodes: its documents, obligations, targets and any node only it
    describes. Left out: documents it only refers to (the parent it implements, documents it
    cites) and nodes the context already describes (a known agency): results about those are
    not the plan's to fix."""
    referred = set(submitted.objects(None, PKG.implements)) | set(
        submitted.objects(None, PKG.cites)
    )
    stating = set(submitted.objects(None, PKG.statedIn))
    owned = (
        stating
        | set(submitted.subjects(PKG.statedIn))
        | set(submitted.objects(None, PKG.hasTarget))
    )
    nodes = set()
    for subject in set(submitted.subjects()):
        if subject in referred and subject not in stating:
            continue
        if subject not in owned and (subject, None, None) in context:
            continue
        nodes.add(subject)
    return nodes


def validate_graph(
    graph: Graph, as_of: date | None = None, context: Graph | None = None, store=None
) -> Report:
    """Validate a submitted graph (incremental: only its own nodes are checked and reported).
    context: the triples it is checked against (default: cut from the reference graph and,
    when given, the store: see context_for)."""
    as_of = as_of or date.today()
    notes: list[str] = []
    if context is None:
        context = context_for(graph, store, notes)
    from policykg.links import infer_links

    links = infer_links(graph, context + ontology_graph())
    data = graph + context
    data += links
    focus = plan_nodes(graph, context)
    extra = _context_node(as_of) + succession_annotations(data, as_of, focus, reference=True)
    return _run_shacl(data, focus, as_of, notes, extra)


def validate_whole(graph: Graph, as_of: date | None = None) -> Report:
    """Validate every node of a complete graph (the whole store, a national data set): no context
    is cut and no links are inferred, since such a graph carries its own. Every result is kept.
    The graph is not copied (2M triples take ~20 s to copy): the context node and the ontology's
    axioms are added to it for the run and removed afterwards."""
    as_of = as_of or date.today()
    extra = _context_node(as_of) + succession_annotations(graph, as_of)
    return _run_shacl(graph, None, as_of, [], extra)


# ----------------------------------------------------------------------------------------------
# Who holds an obligation of a dissolved owner: the resolver's answer, for the shape's message


@cache
def _reference_event_rows() -> tuple:
    from policykg import succession

    store = reference_store()
    return (tuple(store.select(sparql_prefixes() + succession.EVENTS_QUERY))
            + tuple(store.select(sparql_prefixes() + succession.ROUTES_QUERY)))


@cache
def _reference_labels():
    from policykg.reorganisation import curated, labeller

    return labeller(curated(resources.reference_dir()))


def resolver_for(data: Graph, reference: bool = False):
    """The successor resolver over the change events of `data` (and of the reference graph,
    so that every hop is known although the context holds only the first)."""
    from policykg import succession

    rows = list(_reference_event_rows()) if reference else []
    rows += succession.graph_rows(data)
    return succession.from_rows(rows)


def succession_annotations(data: Graph, as_of: date, focus=None, reference: bool = False) -> Graph:
    """`<obligation> pkg:succession [ pkg:successionOf <owner>; pkg:holder <H>;
    pkg:successionPath "..."@en, "..."@vi ]` for every owner of an obligation (of `focus`, else
    all) that ended on or before `as_of`: who holds it on that date, by the one resolver
    (policykg.succession), so the dissolved-owner shape names what trace and analyze name."""
    from policykg import succession

    resolver = resolver_for(data, reference)
    out = Graph()
    for obligation, owner in data.subject_objects(PKG.owner | PKG.impliedOwner):
        if focus is not None and obligation not in focus:
            continue
        if not isinstance(owner, URIRef) or resolver.ended(str(owner), as_of) is None:
            continue
        text, title = succession.graph_cues(data, obligation)
        for holding in resolver.holdings(str(owner), as_of, text, title):
            _annotate(out, obligation, holding, lambda iri: _label(data, iri))
    return out


def _annotate(out: Graph, obligation, holding, label) -> None:
    from policykg import succession

    node = BNode()
    out.add((obligation, PKG.succession, node))
    out.add((node, RDF.type, PKG.Succession))
    out.add((node, PKG.successionOf, URIRef(holding.owner)))
    if holding.holder is not None:
        out.add((node, PKG.holder, URIRef(holding.holder)))
    holder_en = label(holding.holder) if holding.holder else "none recorded"
    holder_vi = label(holding.holder) if holding.holder else "chưa ghi nhận"
    out.add((node, RDFS.label, Literal(holder_en, lang="en")))
    out.add((node, RDFS.label, Literal(holder_vi, lang="vi")))
    for lang in ("en", "vi"):
        path = succession.path_text(holding, label, lang)
        out.add((node, PKG.successionPath, Literal(path, lang=lang)))


def _label(data: Graph, iri: str) -> str:
    for lit in data.objects(URIRef(iri), RDFS.label):
        if isinstance(lit, Literal) and lit.language == "vi":
            return str(lit)
    return _reference_labels()(iri)


_prepared_cache_installed = False


def _install_prepared_query_cache() -> None:
    """pyshacl hands rdflib each SPARQL constraint as text, once per focus node, and rdflib
    parses it every time: parsing was ~80% of a plan's validation. Memoise the translation
    (text, base, namespaces) -> prepared query; evaluation is unchanged. Installed once."""
    global _prepared_cache_installed
    if _prepared_cache_installed:
        return
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query

    @lru_cache(maxsize=512)
    def prepared(text: str, base: str | None, namespaces: tuple):
        return processor.translateQuery(processor.parseQuery(text), base, dict(namespaces) or None)

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            try:
                strOrQuery = prepared(strOrQuery, base, tuple(sorted((initNs or {}).items())))
            except TypeError:  # unhashable namespaces: no caching
                pass
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    _memoise_sparql_check()
    _prepared_cache_installed = True


def _memoise_sparql_check() -> None:
    """pyshacl also re-checks each constraint's text for MINUS/VALUES/SERVICE/nested SELECT once
    per focus node, with regexes that backtrack over the whole text (~1.8 ms a node, a third of
    the time at 200k triples). The verdict depends only on the text and on which variables may
    be pre-bound: check each combination once (an invalid text still raises every time)."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    original = SPARQLQueryHelper.check_invalid_sparql
    valid: set[tuple] = set()

    def check_invalid_sparql(self, sparql_text, valuenode=None, extravars=None):
        key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
        if key not in valid:
            original(self, sparql_text, valuenode=valuenode, extravars=extravars)
            valid.add(key)
        return True

    SPARQLQueryHelper.check_invalid_sparql = check_invalid_sparql


@cache
def _inoculated_ontology() -> Graph:
    """The ontology axioms pyshacl would copy into the data graph for ont_graph (its
    `inoculate`), computed once: they depend on the ontology alone."""
    from pyshacl.rdfutil.inoculate import inoculate

    return inoculate(Graph(), ontology_graph())


def _run_shacl(
    data: Graph, focus: set | None, as_of: date, notes: list[str], extra: Graph
) -> Report:
    """pyshacl over `data` plus `extra` and the ontology's axioms, which are added to `data` for
    the run and removed afterwards; only results about `focus` are kept (None: the whole graph)."""
    bound = {prefix for prefix, _ in data.namespaces()}
    for prefix, namespace in ontology_graph().namespaces():  # as pyshacl's inoculate does
        if prefix not in bound:
            data.bind(prefix, namespace)
    added = [t for t in _inoculated_ontology() + extra if t not in data]
    data.addN((s, p, o, data) for s, p, o in added)
    try:
        return _shacl_report(data, focus, as_of, notes)
    finally:
        for triple in added:
            data.remove(triple)


def _shacl_report(data: Graph, focus: set | None, as_of: date, notes: list[str]) -> Report:
    from pyshacl import validate

    _install_prepared_query_cache()
    _, report_graph, _ = validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
        allow_infos=True,
        inplace=True,
        # incremental: only the plan's nodes are validated. pyshacl takes IRIs only, so a plan
        # with blank-node subjects is validated whole and its results filtered below.
        focus_nodes=None if focus is None or any(isinstance(n, BNode) for n in focus)
        else sorted(focus) or None,
    )
    results = []
    kept = Graph()
    for prefix, ns in PREFIXES.items():
        kept.bind(prefix, ns)
    kept.bind("sh", SH)
    report_node = URIRef("urn:policykg:validation-report")
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus_node = report_graph.value(node, SH.focusNode)
        if focus is not None and focus_node not in focus:
            continue
        results.append(_result(report_graph, node, focus_node, data))
        kept.add((report_node, SH.result, node))
        for triple in report_graph.cbd(node):
            kept.add(triple)
    results.sort(
        key=lambda r: (
            SEVERITIES.index(r.severity),
            r.document or "",
            _section_key(r.section),
            r.focus,
            r.message(),
        )
    )
    conforms = not any(r.severity == "Violation" for r in results)
    kept.add((report_node, RDF.type, SH.ValidationReport))
    kept.add((report_node, SH.conforms, Literal(conforms)))
    checked = len(focus) if focus is not None else len(set(data.subjects()))
    return Report(conforms, results, as_of, checked, kept, notes)


def _section_key(section: str | None) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in (section or "").split("."))


def _result(report: Graph, node, focus_node, data: Graph) -> Result:
    severity = str(report.value(node, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
    messages: dict[str, str] = {}
    templates = shape_messages.templates(report, shapes_graph(), node)
    for m in sorted(report.objects(node, SH.resultMessage)):
        messages.setdefault(m.language or _language_of(str(m), templates), str(m))
    if not messages:
        messages[""] = _short(str(report.value(node, SH.sourceConstraintComponent) or "constraint"))
    document = data.value(focus_node, PKG.statedIn)
    if document is None and (focus_node, RDF.type, None) in data:
        document = focus_node if data.value(focus_node, PKG.documentNumber) else None
    text = data.value(focus_node, PKG.text) or data.value(focus_node, RDFS.label)
    value = report.value(node, SH.value)
    path = report.value(node, SH.resultPath)
    shape = report.value(node, SH.sourceShape)
    return Result(
        severity=severity,
        focus=str(focus_node),
        messages=messages,
        document=str(document) if document is not None else None,
        document_number=str(data.value(document, PKG.documentNumber) or "") or None
        if document is not None
        else None,
        section=str(data.value(focus_node, PKG.sectionPath) or "") or None,
        text=_excerpt(str(text)) if text is not None else None,
        value=str(value) if value is not None else None,
        path=str(path) if isinstance(path, URIRef) else None,
        shape=str(shape) if isinstance(shape, URIRef) else None,
    )


_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def _language_of(message: str, templates: list[Literal]) -> str:
    """pyshacl drops the language tag when it fills {?var} into a SPARQL constraint's
    message: the template the message was made from tells; else guess by the letters."""
    return shape_messages.language_of(message, templates) or (
        "vi" if _VIETNAMESE.search(message) else "en")


def _excerpt(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validate_files(paths: list[Path], as_of: date | None = None, store=None) -> Report:
    return validate_graph(read_submission(paths), as_of=as_of, store=store)
