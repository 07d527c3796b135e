"""Ingest over the real-document corpus (issue 11's measure).

    python benchmarks/corpus.py [--corpus ../shared/corpus/real] [--out docs/real-documents.md]
                                [--only PATTERN] [--list refused|crashed|disagree|empty]

Every file is ingested in this one process (the gazetteer loads once), as `policykg add` does.
Per file: accepted / refused (with the reason) / crashed (any other exception, or over the
per-file time limit); for the file's first document, agreement with the publishing site's
metadata in manifest.jsonl (number, date, type, issuer); obligations found, the share with an
owner, the share of owners left unresolved; time. The site's metadata has known errors (the
corpus README lists them); disagreements are listed so they can be judged one by one.

The corpus is not part of the repository: without it this script says so and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import re
import signal
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import RDFS, SKOS, URIRef  # noqa: E402

from policykg.errors import PolicykgError  # noqa: E402
from policykg.namespaces import PKG  # noqa: E402
from policykg.text import fold, slug, tone_key  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real"
PER_FILE_SECONDS = 30
# the site's type words -> ontology class; "Văn bản khác" is the site's filing of Party
# conclusions (corpus README), so the converter's reading of the type word decides there
SITE_TYPES = {
    "Quyết định": "Decision",
    "Công văn": "OfficialLetter",
    "Nghị quyết": "Resolution",
    "Thông tư": "Circular",
    "Kế hoạch": "Plan",
    "Thông báo": "Notice",
    "Công điện": "OfficialTelegram",
    "Nghị định": "Decree",
    "Kết luận": "Conclusion",
    "Chỉ thị": "Directive",
    "Hướng dẫn": "Guidance",
    "Văn bản hợp nhất": "ConsolidatedText",
    "Điều lệ": "Charter",
    "Chương trình": "Programme",
}


@dataclass
class FileResult:
    file: str
    status: str  # accepted | refused | crashed
    reason: str = ""
    seconds: float = 0.0
    documents: int = 0
    obligations: int = 0
    owned: int = 0
    owners: int = 0
    unresolved_owners: int = 0
    agree: dict[str, bool | None] = field(default_factory=dict)
    got: dict[str, str | None] = field(default_factory=dict)


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout


# --- agreement with the site ------------------------------------------------------------------


def site_type(row: dict) -> str | None:
    word = row.get("type")
    if word == "Văn bản khác" or not word:
        word = row.get("type_doc")
    return SITE_TYPES.get(word or "")


def _issuer_key(name: str) -> str:
    """Folded issuer, the Party's 'Ban Chấp hành Trung ương Ban X' read as 'Ban X Trung ương'
    and the header's two-line 'BỘ TÀI CHÍNH / CỤC THUẾ' as its lower body."""
    key = fold(name).replace("ubnd", "uy ban nhan dan").replace("uy ban", "uy ban")
    key = re.sub(r"^ban chap hanh trung uong (ban \w+(?: \w+)?)$", r"\1 trung uong", key)
    return re.sub(r"\s+", " ", key).strip()


def issuer_agrees(site: str, label: str | None, province: str | None) -> bool:
    """The site names a body, or only a province ("Tỉnh Cao Bằng") for any of its bodies."""
    if not label:
        return False
    s, o = _issuer_key(site), _issuer_key(label)
    only_place = re.fullmatch(r"(?:tinh|thanh pho) (.+)", s)
    if only_place:
        return bool(province) and slug(province).replace("-", " ") == only_place.group(1)
    return o == s or s.endswith(" " + o) or o.startswith(s + " ") or o.endswith(" " + s)


def _number_key(number: str | None) -> str:
    return re.sub(r"\s+", "", fold(number or ""))


# --- one file ---------------------------------------------------------------------------------


def ingest_one(path: Path, gazetteer) -> tuple[list, object]:
    from policykg.ingest.pipeline import parse_source
    from policykg.ingest.rdf import documents_graph
    from policykg.ingest.read import read_source

    documents = parse_source(read_source(path), gazetteer)
    graph, obligations = documents_graph(documents, gazetteer)
    return documents, graph


def measure(path: Path, row: dict, gazetteer) -> FileResult:
    result = FileResult(path.name, "accepted")
    start = time.perf_counter()
    signal.alarm(PER_FILE_SECONDS)
    try:
        documents, graph = ingest_one(path, gazetteer)
    except PolicykgError as error:
        result.status, result.reason = "refused", str(error).split(": ", 1)[-1][:160]
        return result
    except _Timeout:
        result.status, result.reason = "crashed", f"over {PER_FILE_SECONDS} s"
        return result
    except Exception as error:  # noqa: BLE001 - a crash is what this measures
        result.status, result.reason = "crashed", f"{type(error).__name__}: {error}"[:160]
        return result
    finally:
        signal.alarm(0)
        result.seconds = time.perf_counter() - start
    _count(result, documents, graph)
    if documents:
        _compare(result, documents[0], graph, row)
    return result


def _count(result: FileResult, documents: list, graph) -> None:
    result.documents = len(documents)
    obligations = set(graph.subjects(PKG.statedIn, None))
    result.obligations = len(obligations)
    for obligation in obligations:
        owners = list(graph.objects(obligation, PKG.owner))
        result.owned += bool(owners)
        result.owners += len(owners)
        result.unresolved_owners += sum(
            1 for owner in owners if graph.value(owner, PKG.unresolved) is not None
        )


def _issuer_labels(graph, node: URIRef, gazetteer) -> list[str]:
    """The issuer's labels, Vietnamese first (the site names issuers in Vietnamese)."""
    issuer = graph.value(node, PKG.issuedBy)
    if issuer is None:
        return []
    labels = [x for x in graph.objects(issuer, RDFS.label) if x.language in (None, "vi")]
    labels += [x for x in graph.objects(issuer, SKOS.altLabel) if x.language in (None, "vi")]
    try:  # a reference body: its label from the gazetteer (bodies of a province are made there)
        labels.append(gazetteer.agency(issuer).label)
    except Exception:  # noqa: BLE001 - not a reference body: the labels minted in the graph
        pass
    return [str(x) for x in labels]


def _compare(result: FileResult, document, graph, row: dict) -> None:
    from policykg.ingest.rdf import document_iris

    node = document_iris([document])[0]
    site_number = row.get("number") or row.get("header_number")
    result.got = {
        "number": document.number,
        "date": document.issued.isoformat() if document.issued else None,
        "type": document.kind,
        "issuer": None,
        "signer": document.signer,
    }
    labels = _issuer_labels(graph, node, _GAZETTEER[0])
    result.got["issuer"] = labels[0] if labels else document.issuer_phrase
    result.agree = {
        "number": None
        if not site_number
        else _number_key(site_number) == _number_key(document.number),
        "date": None if not row.get("issued_iso") else row["issued_iso"] == result.got["date"],
        "type": None if not site_type(row) else site_type(row) == document.kind,
        "issuer": None
        if not row.get("issuer_body")
        else any(issuer_agrees(row["issuer_body"], x, document.province) for x in labels),
        "signer": None
        if not row.get("signer") or row["signer"].startswith(("Đang", "Không"))
        else tone_key(row["signer"]) == tone_key(document.signer or ""),
    }


_GAZETTEER: list = [None]


# --- the whole corpus -------------------------------------------------------------------------


def run(corpus: Path, only: str | None = None) -> tuple[list[FileResult], dict[str, dict], float]:
    from policykg.gazetteer import Gazetteer

    rows = {
        json.loads(line)["file"]: json.loads(line)
        for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    start = time.perf_counter()
    _GAZETTEER[0] = gazetteer = Gazetteer.load()
    signal.signal(signal.SIGALRM, _alarm)
    files = sorted(p for p in corpus.glob("*.txt") if p.name in rows)
    if only:
        files = [p for p in files if re.search(only, p.name)]
    results = [measure(path, rows[path.name], gazetteer) for path in files]
    return results, rows, time.perf_counter() - start


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


def summary(results: list[FileResult], rows: dict[str, dict], seconds: float) -> str:
    total = len(results)
    status = Counter(r.status for r in results)
    lines = [
        f"files: {total}; accepted {status['accepted']} ({_share(status['accepted'], total)}), "
        f"refused {status['refused']}, crashed {status['crashed']}; "
        f"{seconds:.1f} s in all (gazetteer load included)",
        "",
        "| field | agree | of | share |",
        "|---|---|---|---|",
    ]
    for key in ("number", "date", "type", "issuer", "signer"):
        judged = [r.agree[key] for r in results if r.agree.get(key) is not None]
        lines.append(
            f"| {key} | {sum(judged)} | {len(judged)} | {_share(sum(judged), len(judged))} |"
        )
    accepted = [r for r in results if r.status == "accepted"]
    obligations = sum(r.obligations for r in accepted)
    owners = sum(r.owners for r in accepted)
    lines += [
        "",
        f"obligations: {obligations} "
        f"({obligations / max(len(accepted), 1):.1f} per accepted file); "
        f"with an owner {_share(sum(r.owned for r in accepted), obligations)}; "
        f"owners unresolved {_share(sum(r.unresolved_owners for r in accepted), owners)}",
        f"accepted files with no obligation: {sum(1 for r in accepted if not r.obligations)}",
        "",
        "| site type | files | accepted | with an owned obligation |",
        "|---|---|---|---|",
    ]
    by_type: dict[str, list[FileResult]] = {}
    for r in results:
        by_type.setdefault(rows[r.file].get("type") or "?", []).append(r)
    for word, group in sorted(by_type.items(), key=lambda kv: -len(kv[1])):
        ok = sum(r.status == "accepted" for r in group)
        owned = sum(r.owned > 0 for r in group)
        lines.append(f"| {word} | {len(group)} | {ok} | {owned} |")
    return "\n".join(lines)


def details(results: list[FileResult], rows: dict[str, dict], which: str) -> list[str]:
    out = []
    for r in results:
        if which in ("refused", "crashed") and r.status == which:
            out.append(f"{r.file}: {r.reason}")
        elif which == "empty" and r.status == "accepted" and not r.owned:
            out.append(
                f"{r.file}: {r.obligations} obligations, none owned ({rows[r.file]['type']})"
            )
        elif which == "disagree":
            for key, ok in r.agree.items():
                if ok is False:
                    site = {
                        "number": rows[r.file].get("number"),
                        "date": rows[r.file].get("issued_iso"),
                        "type": site_type(rows[r.file]),
                        "issuer": rows[r.file].get("issuer_body"),
                        "signer": rows[r.file].get("signer"),
                    }[key]
                    line = f"{r.file} {key}: site {site!r}, ours {r.got.get(key)!r}"
                    why = _site_error(key, site, r.got.get(key), rows[r.file])
                    out.append(f"{line} — {why}" if why else line)
    return out


def _site_error(key: str, site, ours, row: dict) -> str | None:
    """Why a disagreement is the site's, where that can be told from the site's own record."""
    if key == "signer" and str(site).startswith(("Chương", "Mẫu", "Điều")):
        return "the site's error: a heading of the text, not a person"
    if key in ("number", "date") and ours is None:
        return "the published text has no header block (no 'Số:' nor date line to read)"
    if key == "type" and "VBHN" in (row.get("number") or "").upper():
        return "the site files a consolidated text (VBHN) under the type it consolidates"
    return None


def gold_report() -> str:
    """Precision/recall against the expectations written by reading corpus documents
    (tests/test_corpus_quality.py asserts the floors)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from extraction_scoring import METRICS, format_table, totals
    from test_corpus_quality import reports

    all_reports = reports()
    total = totals(all_reports)
    head = "| all documents | " + " | ".join(
        "—" if total[m].empty else f"{total[m].precision:.2f}/{total[m].recall:.2f}"
        for m in METRICS
    ) + " |"
    problems = [p for r in all_reports for p in r.problems]
    return "\n".join(
        ["## Against expectations written by reading (precision/recall)", "",
         format_table(all_reports), head, "", f"{len(problems)} misses; the first 80:", ""]
        + [f"- {p}" for p in problems[:80]]
    )


def _machine() -> str:
    import pyoxigraph
    import rdflib

    return (
        f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, help="write the report (Markdown) here")
    parser.add_argument("--only", help="regular expression on file names")
    parser.add_argument("--list", choices=("refused", "crashed", "disagree", "empty"), nargs="*")
    parser.add_argument(
        "--gold", action="store_true", help="also score tests/expected/corpus (written by reading)"
    )
    args = parser.parse_args()
    if not (args.corpus / "manifest.jsonl").is_file():
        print(f"corpus not found at {args.corpus}: nothing measured (it is not in the repository)")
        return 0
    results, rows, seconds = run(args.corpus, args.only)
    report = summary(results, rows, seconds)
    print(report)
    for which in args.list or ():
        print(f"\n{which}:")
        print("\n".join(details(results, rows, which)) or "(none)")
    gold = gold_report() if args.gold else ""
    if gold:
        print("\n" + gold)
    if args.out:
        from policykg.ingest.pipeline import write_atomic

        body = [
            "# Real documents: ingest over the corpus",
            "",
            f"Measured {dt.date.today().isoformat()} by `python benchmarks/corpus.py --out "
            f"{args.out}` on {_machine()}, over `{args.corpus.name}/` "
            f"({len(results)} files of the development half).",
            "",
            report,
            "",
        ]
        if gold:
            body += [gold, ""]
        for which in ("refused", "crashed", "disagree", "empty"):
            items = details(results, rows, which)
            body += [f"## {which} ({len(items)})", ""] + [f"- {x}" for x in items] + [""]
        write_atomic(args.out, "\n".join(body).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
