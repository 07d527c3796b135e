"""`policykg stats`: what the store holds, as tables."""


import typer
from rich.console import Console
from rich.table import Table

from policykg.commands.common import DataDir, Endpoint, LangOption
from policykg.namespaces import sparql_prefixes

COUNTS = {
    "documents": "?x a/rdfs:subClassOf* pkg:PolicyDocument",
    "obligations": "?x a/rdfs:subClassOf* pkg:Obligation",
    "obligations with an owner": "?x a/rdfs:subClassOf* pkg:Obligation ; pkg:owner ?o",
    "obligations with only an implied owner": (
        "?x a/rdfs:subClassOf* pkg:Obligation ; pkg:impliedOwner ?o "
        "FILTER NOT EXISTS { ?x pkg:owner ?n }"
    ),
    "agencies": "?x a/rdfs:subClassOf* pkg:Agency",
    "targets": "?x a pkg:Target",
    "change events": "?x a org:ChangeEvent",
    "concretises links": "?x pkg:concretises ?parent",
}

PER_LEVEL = (
    sparql_prefixes()
    + """
SELECT ?level (COUNT(DISTINCT ?d) AS ?documents) (COUNT(DISTINCT ?o) AS ?obligations)
WHERE {
  ?d a/rdfs:subClassOf* pkg:PolicyDocument .
  OPTIONAL { ?d pkg:level ?l1 }
  OPTIONAL { ?d pkg:issuedBy/pkg:level ?l2 }
  BIND(COALESCE(?l1, ?l2) AS ?level)
  OPTIONAL { ?o pkg:statedIn ?d }
}
GROUP BY ?level ORDER BY ?level
"""
)


def collect(store) -> dict:
    counts = {}
    for label, pattern in COUNTS.items():
        rows = store.select(
            sparql_prefixes() + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}"
        )
        counts[label] = int(rows[0]["n"]) if rows else 0
    levels = [
        {
            "level": str(r["level"]).rsplit("#", 1)[-1] if "level" in r else "(unknown)",
            "documents": int(r["documents"]),
            "obligations": int(r["obligations"]),
        }
        for r in store.select(PER_LEVEL)
    ]
    return {"graphs": store.graph_counts(), "counts": counts, "levels": levels}


def register(app: typer.Typer) -> None:
    @app.command("stats")
    def stats_command(
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
        lang: LangOption = "vi",
        data_dir: DataDir = None,
        endpoint: Endpoint = None,
    ) -> None:
        """Triples per named graph, documents, obligations, agencies, and counts per level."""
        import json

        from policykg.store import open_store

        with open_store(data_dir, endpoint) as store:
            data = collect(store)
        if as_json:
            print(json.dumps(data, ensure_ascii=False, indent=1))
            return
        for table in tables(data, str(lang)):
            Console().print(table)


def tables(data: dict, lang: str) -> list[Table]:
    """The three tables in `lang` (the JSON keeps its English keys for programs)."""
    from policykg.web.i18n import Translator

    t = Translator(lang)
    graphs = Table(t("stats.graph"), t("stats.triples"), title=t("stats.store"))
    for graph, n in data["graphs"].items():
        graphs.add_row(graph, t.number(n))
    graphs.add_row(t("stats.total"), t.number(sum(data["graphs"].values())), style="bold")
    counts = Table(t("stats.what"), t("stats.count"), title=t("stats.contents"))
    for label, n in data["counts"].items():
        counts.add_row(t("stats." + label.replace(" ", "_")), t.number(n))
    levels = Table(t("col.level"), t("col.documents"), t("col.obligations"),
                   title=t("stats.per_level"))
    for row in data["levels"]:
        key = row["level"].removesuffix("Level").lower()
        levels.add_row(t("level." + key) if key in LEVELS else row["level"],
                       t.number(row["documents"]), t.number(row["obligations"]))
    return [graphs, counts, levels]


LEVELS = ("central", "provincial", "district", "commune")
