"""Score an ingested graph against the hand-written expectation files (tests/expected/*.json).

Shared by tests/test_extraction_quality.py and benchmarks/extraction_quality.py. The expectation
files are the reference; this module only reads the graph through the public vocabulary
(DESIGN.md and docs/architecture.md), never the ingest internals.

Expected owner entries (also coordinators, reports_to):
  "Name"                                   one body, named canonically
  {"any": ["Name", "Other label"]}         one body, several acceptable labels
  {"joined": [...], "split": [entries]}    bodies the text lists in one breath: one collective
                                           agency labelled like `joined`, or any reading of the
                                           `split` entries (which may be groups themselves)
Of all readings, the one that best fits the extraction is scored (maximum one-to-one matching).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import product
from pathlib import Path

from rapidfuzz import fuzz
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from policykg.kinds import NAMES as KINDS
from policykg.namespaces import PKG
from policykg.resources import reference_dir, sources_dir
from policykg.text import fold, nfc, slug

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"
METRICS = (
    "metadata",
    "owners",
    "coordinators",
    "reports_to",
    "deadlines",
    "modality",
    "targets",
    "baselines",
)
LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)


# ----------------------------------------------------------------------------- counting
@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def empty(self) -> bool:
        return self.tp + self.fp + self.fn == 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class DocReport:
    label: str  # "000 109-KH/TU"
    scores: dict[str, Score] = field(default_factory=lambda: {m: Score() for m in METRICS})
    problems: list[str] = field(default_factory=list)  # one line per miss or spurious value

    def miss(self, metric: str, where: str, what: str) -> None:
        self.scores[metric].fn += 1
        self.problems.append(f"{self.label} {where} {metric}: missing {what}")

    def spurious(self, metric: str, where: str, what: str) -> None:
        self.scores[metric].fp += 1
        self.problems.append(f"{self.label} {where} {metric}: extra/wrong {what}")

    def hit(self, metric: str) -> None:
        self.scores[metric].tp += 1


# ----------------------------------------------------------------------------- expectations
def expectation_files() -> list[Path]:
    return sorted(EXPECTED_DIR.glob("*.json"))


def load_expected(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def source_for(expected_path: Path) -> Path:
    return sources_dir() / f"{expected_path.stem}.txt"


def doc_label(expected_path: Path, doc: dict) -> str:
    return f"{expected_path.stem[:3]} {doc['number'] or doc['kind']}"


# ----------------------------------------------------------------------------- names
_LEADING_COLLECTIVE = re.compile(r"^(cac )+")


def _norm(name: str) -> str:
    """Accent-folded, punctuation-free, without a leading 'các' (a collective's article)."""
    return _LEADING_COLLECTIVE.sub("", slug(name).replace("-", " "))


def name_keys(name: str, province: str | None) -> set[str]:
    """The name with and without the document's province suffix and a trailing 'tỉnh'/'thành
    phố' ('Sở Y tế thành phố Cần Thơ' ~ 'Sở Y tế'; 'Ủy ban nhân dân tỉnh Lâm Đồng' ~ 'Ủy ban nhân
    dân tỉnh'). Only the document's own province is stripped, so another province's body never
    matches."""
    base = _norm(name)
    keys = {base}
    if province:
        p = _norm(province)
        for suffix in (f" tinh {p}", f" thanh pho {p}", f" {p}"):
            if base.endswith(suffix):
                keys.add(base[: -len(suffix)].strip())
    for key in list(keys):
        for suffix in (" tinh", " thanh pho"):
            if key.endswith(suffix):
                keys.add(key[: -len(suffix)].strip())
    return {k for k in keys if k}


@dataclass(frozen=True, repr=False)
class ExtractedAgency:
    iri: URIRef
    keys: frozenset[str]
    label: str
    unresolved: bool

    def __repr__(self) -> str:
        return repr(self.label)


def _readings(entry) -> list[list[list[str]]]:
    """Every way to read one expected entry as a list of units (each unit: acceptable names).
    A group reads as its joined collective or as any reading of its parts."""
    if isinstance(entry, str):
        return [[[entry]]]
    if "any" in entry:
        return [[list(entry["any"])]]
    out = [[list(entry["joined"])]]
    for parts in product(*(_readings(part) for part in entry["split"])):
        out.append([unit for reading in parts for unit in reading])
    return out


def _matches(names: list[str], agency: ExtractedAgency, province: str | None) -> bool:
    if agency.unresolved:  # the rule: an unresolved agency is a wrong owner
        return False
    return any(name_keys(n, province) & agency.keys for n in names)


def _max_matching(units: list[list[str]], extracted: list[ExtractedAgency], province) -> dict:
    """Maximum one-to-one matching unit -> extracted agency (Kuhn's augmenting paths): gazetteer
    labels overlap ('Các huyện ủy' is an altLabel of several collectives), so greedy is unfair."""
    edges = [
        [j for j, agency in enumerate(extracted) if _matches(names, agency, province)]
        for names in units
    ]
    owner_of: dict[int, int] = {}  # extracted index -> unit index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner_of or augment(owner_of[j], seen):
                    owner_of[j] = i
                    return True
        return False

    for i in range(len(units)):
        augment(i, set())
    return owner_of


def match_agencies(
    expected: list, optional: list[str], extracted: list[ExtractedAgency], province: str | None
) -> tuple[int, list[str], list[ExtractedAgency]]:
    """Best reading of the expected entries, matched one-to-one. Returns (hits, missing expected
    names, spurious agencies); agencies matching an optional name are neither."""
    best = None
    for parts in product(*(_readings(entry) for entry in expected)):
        units = [unit for reading in parts for unit in reading]
        # optional names come last: an augmenting path never unmatches a required unit
        optional_units = [n["any"] if isinstance(n, dict) else [n] for n in optional]
        owner_of = _max_matching(units + optional_units, extracted, province)
        matched_units = set(owner_of.values())
        missing = [units[i][0] for i in range(len(units)) if i not in matched_units]
        spurious = [a for j, a in enumerate(extracted) if j not in owner_of]
        hits = sum(1 for i in matched_units if i < len(units))
        f1 = 2 * hits / (2 * hits + len(missing) + len(spurious)) if hits else 0.0
        key = (f1, -len(missing) - len(spurious))
        if best is None or key > best[0]:
            best = (key, hits, missing, spurious)
    return best[1], best[2], best[3]  # product() of no entries still yields one empty reading


# ----------------------------------------------------------------------------- graph access
@cache
def reference_labels() -> Graph:
    """Labels of the curated agencies and provinces: ingest output may point at reference IRIs
    without repeating their labels."""
    graph = Graph()
    directory = reference_dir()
    if directory.is_dir():
        for path in sorted(directory.rglob("*.ttl")):
            graph.parse(path, format="turtle")
    return graph


def _labels(graph: Graph, node: URIRef) -> list[str]:
    out = []
    for g in (graph, reference_labels()):
        for prop in LABELS:
            out.extend(str(o) for o in g.objects(node, prop) if isinstance(o, Literal))
    return out


def _iri_key(node: URIRef, province: str | None) -> str | None:
    """'id/agency/can-tho/so-y-te' is, by the IRI scheme, 'Sở Y tế' of Cần Thơ."""
    match = re.search(r"/id/agency/([^/]+)/([^/#]+)$", str(node))
    if not match:
        return None
    scope, short = match.groups()
    if scope == "vn" or (province and scope == slug(province)):
        return _norm(short.replace("-", " "))
    return None


def agency(graph: Graph, node: URIRef, province: str | None) -> ExtractedAgency:
    labels = _labels(graph, node)
    keys = set()
    for label in labels:
        keys |= name_keys(label, province)
    iri_key = _iri_key(node, province)
    if iri_key:
        keys.add(iri_key)
    unresolved = any(
        g.value(node, PKG.unresolved) == Literal(True) for g in (graph, reference_labels())
    )
    return ExtractedAgency(node, frozenset(keys), labels[0] if labels else str(node), unresolved)


def _one(graph: Graph, node, prop) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def _local(node) -> str | None:
    if node is None:
        return None
    return re.split(r"[#/]", str(node))[-1]


def norm_number(number: str) -> str:
    return re.sub(r"\s+", "", fold(number))


def find_document(graph: Graph, source_name: str, doc: dict) -> URIRef | None:
    candidates = [d for d in graph.subjects(PKG.sourceFile, Literal(source_name))]
    candidates += [
        d
        for d in graph.subjects(PKG.sourceFile, None)
        if str(graph.value(d, PKG.sourceFile)) == source_name and d not in candidates
    ]
    if doc["number"]:
        # a decision and the plan issued with it share a number: the kind decides between them
        wanted = norm_number(doc["number"])
        numbered = [
            d
            for d in candidates
            if graph.value(d, PKG.documentNumber) is not None
            and norm_number(str(graph.value(d, PKG.documentNumber))) == wanted
        ]
        for d in numbered:
            if (d, RDF.type, PKG[doc["kind"]]) in graph:
                return d
        if numbered:
            return numbered[0]
    for d in candidates:
        if (d, RDF.type, PKG[doc["kind"]]) in graph:
            return d
    return candidates[0] if len(candidates) == 1 else None


# ----------------------------------------------------------------------------- scoring parts
def _score_value(
    report: DocReport, metric: str, where: str, field: str, expected, extracted, same
) -> None:
    """One scalar fact: right (tp), missing (fn), wrong (fn + fp) or spurious (fp)."""
    if expected is None and extracted is None:
        return
    if expected is not None and extracted is not None and same(expected, extracted):
        report.hit(metric)
        return
    what = f"{field} {expected!r}".strip()
    if expected is not None:
        report.miss(metric, where, what + (f" (got {extracted!r})" if extracted else ""))
    if extracted is not None:
        report.scores[metric].fp += 1
        if expected is None:
            report.problems.append(f"{report.label} {where} {metric}: extra {field} {extracted!r}")


def _same_text(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def _same_role(expected: str, extracted: str) -> bool:
    """'Phó Chủ tịch' also matches a role printed with its prefix ('KT. Chủ tịch Phó Chủ tịch')."""
    e, x = fold(expected), fold(extracted)
    return x == e or x.endswith(" " + e)


def score_metadata(report: DocReport, graph: Graph, node: URIRef, doc: dict) -> None:
    province = doc["province"]
    kinds = [k for k in KINDS if (node, RDF.type, PKG[k]) in graph]
    _score_value(
        report,
        "metadata",
        "header",
        "kind",
        doc["kind"],
        kinds[0] if kinds else None,
        lambda a, b: a == b,
    )
    for extra in kinds[1:]:
        report.spurious("metadata", "header", f"kind {extra!r}")
    _score_value(
        report,
        "metadata",
        "header",
        "number",
        doc["number"],
        _one(graph, node, PKG.documentNumber),
        lambda a, b: norm_number(a) == norm_number(b),
    )
    _score_value(
        report,
        "metadata",
        "header",
        "issued",
        doc["issued"],
        _one(graph, node, PKG.issued),
        lambda a, b: a == b,
    )
    issuer = graph.value(node, PKG.issuedBy)
    issuer_agency = agency(graph, issuer, province) if issuer is not None else None
    _score_value(
        report,
        "metadata",
        "header",
        "issuer",
        doc["issuer"],
        issuer_agency,
        lambda a, b: _matches([a], b, province),
    )
    prov = graph.value(node, PKG.province)
    prov_names = ([_local(prov)] + [slug(x) for x in _labels(graph, prov)]) if prov else None
    _score_value(
        report,
        "metadata",
        "header",
        "province",
        doc["province"],
        prov_names,
        lambda a, b: slug(a) in b,
    )
    _score_value(
        report,
        "metadata",
        "header",
        "signer",
        doc["signer"],
        _one(graph, node, PKG.signer),
        _same_text,
    )
    _score_value(
        report,
        "metadata",
        "header",
        "signer_role",
        doc["signer_role"],
        _one(graph, node, PKG.signerRole),
        _same_role,
    )
    score_implements(report, graph, node, doc["implements"])


def score_implements(report: DocReport, graph: Graph, node: URIRef, expected: list[str]) -> None:
    found = []
    for parent in graph.objects(node, PKG.implements):
        number = graph.value(parent, PKG.documentNumber)
        found.append(norm_number(str(number)) if number is not None else _local(parent))
    for number in expected:
        keys = {norm_number(number), slug(number)}
        hit = next((f for f in found if f in keys), None)
        if hit is None:
            report.miss("metadata", "header", f"implements {number!r}")
        else:
            report.hit("metadata")
            found.remove(hit)
    for extra in found:
        report.spurious("metadata", "header", f"implements {extra!r}")


@dataclass
class ExtractedObligation:
    node: URIRef
    path: str | None
    text: str


def obligations(graph: Graph, node: URIRef) -> list[ExtractedObligation]:
    out = []
    for obl in graph.subjects(PKG.statedIn, node):
        path = graph.value(obl, PKG.sectionPath)
        text = " ".join(str(t) for t in graph.objects(obl, PKG.text))
        out.append(ExtractedObligation(obl, nfc(str(path)) if path is not None else None, text))
    return sorted(out, key=lambda o: (o.path or "", str(o.node)))


def match_items(
    items: list[dict], extracted: list[ExtractedObligation]
) -> dict[int, ExtractedObligation]:
    """Expected item index -> extracted obligation: by pkg:sectionPath, else by the quote
    (accent-folded) inside pkg:text, preferring the shortest such text (the most specific)."""
    by_path = {o.path: o for o in extracted if o.path}
    matched: dict[int, ExtractedObligation] = {}
    used = set()
    for i, item in enumerate(items):
        obl = by_path.get(nfc(item["section_path"])) if item["section_path"] else None
        if obl is not None:
            matched[i] = obl
            used.add(obl.node)
    for i, item in enumerate(items):
        if i in matched:
            continue
        quote = fold(item["quote"])
        hits = [o for o in extracted if o.node not in used and quote in fold(o.text)]
        if hits:
            best = min(hits, key=lambda o: len(o.text))
            matched[i] = best
            used.add(best.node)
    return matched


def _in_section(path: str | None, section: str | None) -> bool:
    return bool(path and section and (path == section or path.startswith(section + ".")))


AGENCY_FIELDS = (
    ("owners", PKG.owner, "owners", "optional_owners"),
    ("coordinators", PKG.coordinator, "coordinators", "optional_coordinators"),
    ("reports_to", PKG.reportsTo, "reports_to", "optional_reports_to"),
)


def score_agencies(
    report: DocReport,
    graph: Graph,
    obl: URIRef | None,
    item: dict | None,
    province: str,
    where: str,
) -> None:
    for metric, prop, key, optional_key in AGENCY_FIELDS:
        expected = item[key] if item else []
        optional = item.get(optional_key, []) if item else []
        found = [agency(graph, a, province) for a in graph.objects(obl, prop)] if obl else []
        hits, missing, spurious = match_agencies(expected, optional, found, province)
        report.scores[metric].tp += hits
        for name in missing:
            report.miss(metric, where, repr(name))
        for a in spurious:
            flag = " (unresolved)" if a.unresolved else ""
            report.spurious(metric, where, f"{a.label!r}{flag}")


def score_timing(
    report: DocReport, graph: Graph, obl: URIRef | None, item: dict | None, where: str
) -> None:
    expected = item or {}
    found = {
        "deadline": _one(graph, obl, PKG.deadline) if obl else None,
        "recurrence": _local(graph.value(obl, PKG.recurrence)) if obl else None,
        "due_day": _one(graph, obl, PKG.dueDay) if obl else None,
    }
    for key, value in found.items():
        _score_value(report, "deadlines", where, key, expected.get(key), value, lambda a, b: a == b)
    modality = _local(graph.value(obl, PKG.modality)) if obl else None
    _score_value(
        report, "modality", where, "", expected.get("modality"), modality, lambda a, b: a == b
    )


def score_items(report: DocReport, graph: Graph, node: URIRef, doc: dict) -> None:
    extracted = obligations(graph, node)
    items = doc["implementation_items"]
    matched = match_items(items, extracted)
    for i, item in enumerate(items):
        where = item["section_path"] or f"«{item['quote'][:30]}»"
        obl = matched.get(i)
        if obl is None and item.get("heading_only"):
            continue  # a bare heading ("1. Sở Y tế") need not be an obligation of its own
        if obl is None:
            report.problems.append(f"{report.label} {where}: no obligation found")
        score_agencies(report, graph, obl.node if obl else None, item, doc["province"], where)
        score_timing(report, graph, obl.node if obl else None, item, where)
    # Obligations the extractor placed in the assignment section that no expected item covers:
    # whatever they claim there is spurious.
    matched_nodes = {o.node for o in matched.values()}
    for obl in extracted:
        if obl.node not in matched_nodes and _in_section(obl.path, doc["implementation_section"]):
            score_agencies(report, graph, obl.node, None, doc["province"], obl.path)
            score_timing(report, graph, obl.node, {"modality": None}, obl.path)


# ----------------------------------------------------------------------------- targets
@dataclass
class ExtractedTarget:
    indicator: str
    comparator: str | None
    value: Decimal | None
    unit: str | None
    year: str | None
    baseline_value: Decimal | None
    baseline_year: str | None


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def targets(graph: Graph, node: URIRef) -> list[ExtractedTarget]:
    holders = [node] + [o.node for o in obligations(graph, node)]
    out = []
    for holder in holders:
        for t in sorted(graph.objects(holder, PKG.hasTarget)):
            out.append(
                ExtractedTarget(
                    indicator=" ".join(str(x) for x in graph.objects(t, PKG.indicator)),
                    comparator=_one(graph, t, PKG.comparator),
                    value=_decimal(graph.value(t, PKG.targetValue)),
                    unit=_one(graph, t, PKG.unit),
                    year=_one(graph, t, PKG.targetYear),
                    baseline_value=_decimal(graph.value(t, PKG.baselineValue)),
                    baseline_year=_one(graph, t, PKG.baselineYear),
                )
            )
    return out


def _year(value) -> str | None:
    return None if value is None else str(value)[:4]


def score_targets(report: DocReport, graph: Graph, node: URIRef, doc: dict) -> None:
    """A target is right when value, comparator and unit agree (and its year, when the document
    prints one); its baseline is scored separately. Matching: equal value, then the indicator
    (accent-folded, token-set similarity >= 60)."""
    unused = targets(graph, node)
    for exp in doc["targets"]:
        value = Decimal(str(exp["value"]))
        pool = [t for t in unused if t.value == value]
        scored = [
            (fuzz.token_set_ratio(fold(exp["indicator"]), fold(t.indicator)), t) for t in pool
        ]
        scored = [(s, t) for s, t in scored if s >= 60]
        where = f"target {exp['indicator'][:40]!r}"
        if not scored:
            report.miss("targets", where, f"{exp['comparator']} {exp['value']}{exp['unit']}")
            if exp["baseline_value"] is not None:
                report.miss("baselines", where, str(exp["baseline_value"]))
            continue
        _, got = max(scored, key=lambda st: st[0])
        unused.remove(got)
        comparators = (
            exp["comparator"] if isinstance(exp["comparator"], list) else [exp["comparator"]]
        )
        right = (
            got.comparator in comparators
            and (got.unit or "").strip() == exp["unit"]
            and (exp["year"] is None or _year(got.year) == str(exp["year"]))
        )
        if right:
            report.hit("targets")
        else:
            report.miss(
                "targets",
                where,
                f"{comparators[0]} {exp['value']}{exp['unit']} "
                f"(got {got.comparator} {got.value}{got.unit} {got.year or ''})",
            )
            report.scores["targets"].fp += 1
        base = None if exp["baseline_value"] is None else Decimal(str(exp["baseline_value"]))
        base_ok = exp["baseline_year"] is None or _year(got.baseline_year) == str(
            exp["baseline_year"]
        )
        _score_value(
            report,
            "baselines",
            where,
            "baseline",
            base,
            got.baseline_value,
            lambda a, b, ok=base_ok: a == b and ok,
        )
    for t in unused:
        report.spurious("targets", "target", f"{t.indicator[:40]!r} {t.comparator} {t.value}")
        if t.baseline_value is not None:
            report.scores["baselines"].fp += 1


# ----------------------------------------------------------------------------- unresolved names
def labels_of(graph: Graph, node) -> list[str]:
    return [str(o) for p in LABELS for o in graph.objects(node, p) if isinstance(o, Literal)]


def named(graph: Graph, node, names: list[str], province: str | None) -> bool:
    wanted = set().union(*(name_keys(n, province) for n in names)) if names else set()
    return any(name_keys(label, province) & wanted for label in labels_of(graph, node))


def scoring_graph(graph: Graph, doc: dict) -> Graph:
    """The graph as the scorer should see it: an unresolved agency carrying one of the document's
    `unresolved_ok` names (a body no reference graph holds) is what the expectation asks for, so
    its flag is lifted for scoring only."""
    names = doc.get("unresolved_ok", [])
    if not names:
        return graph
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    for node in set(graph.subjects(PKG.unresolved, Literal(True))):
        if named(graph, node, names, doc["province"]):
            copy.remove((node, PKG.unresolved, Literal(True)))
    return copy


def score_source(graph: Graph, source_name: str, doc: dict, label: str) -> DocReport:
    """score_document for a source outside graph/sources/ (unseen and corpus documents), with
    the document's `unresolved_ok` names honoured."""
    report = DocReport(label)
    node = find_document(graph, source_name, doc)
    if node is None:
        report.problems.append(f"{label}: document not found in the graph of {source_name}")
        score_metadata(report, Graph(), URIRef("urn:missing"), doc)
        for item in doc["implementation_items"]:
            if not item.get("heading_only"):
                score_agencies(report, Graph(), None, item, doc["province"], "-")
                score_timing(report, Graph(), None, item, "-")
        score_targets(report, Graph(), URIRef("urn:missing"), doc)
        return report
    graph = scoring_graph(graph, doc)
    score_metadata(report, graph, node, doc)
    score_items(report, graph, node, doc)
    score_targets(report, graph, node, doc)
    return report


def totals(reports: list[DocReport]) -> dict[str, Score]:
    """Per metric, the counts of all documents together (micro-averaged)."""
    out = {m: Score() for m in METRICS}
    for report in reports:
        for metric, score in report.scores.items():
            out[metric].add(score)
    return out


# ----------------------------------------------------------------------------- entry points
def score_document(graph: Graph, expected_path: Path, doc: dict) -> DocReport:
    return score_source(graph, source_for(expected_path).name, doc, doc_label(expected_path, doc))


def format_table(reports: list[DocReport]) -> str:
    """A Markdown table: one row per document, 'P/R' per metric ('—' where nothing to score)."""
    head = "| document | " + " | ".join(METRICS) + " |"
    rule = "|---|" + "---|" * len(METRICS)
    rows = [head, rule]
    for r in reports:
        cells = []
        for m in METRICS:
            s = r.scores[m]
            cells.append("—" if s.empty else f"{s.precision:.2f}/{s.recall:.2f}")
        rows.append(f"| {r.label} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


@cache
def extract(path: Path) -> Graph:
    """The graph ingest makes of one file (cached: both quality modules reuse the originals)."""
    from policykg.ingest import ingest_paths

    return ingest_paths([path]).graph


def score_all() -> list[DocReport]:
    reports = []
    for expected_path in expectation_files():
        graph = extract(source_for(expected_path))
        for doc in load_expected(expected_path):
            reports.append(score_document(graph, expected_path, doc))
    return reports
