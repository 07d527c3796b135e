"""The named-query conventions: header parsing, VALUES injection at the outermost WHERE, term
typing, defaults, bad parameters; and every query of the library runs on the built store."""

from datetime import date

import pytest
from rdflib import Literal, URIRef

from policykg.errors import NotFoundError, PolicykgError
from policykg.queries import (
    bind,
    list_queries,
    outer_where_brace,
    parse_params,
    parse_query,
    resolve,
    sparql_term,
    with_prefixes,
)
from policykg.store import query_form

HEADED = """# title: Obligations of an owner
# description: Every obligation with its owner,
# description: level and document.
# param: owner — owning agency IRI; optional (all owners when absent)
# param: asOf — as-of date (xsd:date); default: today
# param: minimum - smallest count
PREFIX pkg: <https://w3id.org/policykg/ontology#>
SELECT ?o (COUNT(?x) AS ?n) WHERE {
  ?o pkg:owner ?owner .
  { SELECT ?x WHERE { ?x ?y ?z } }
  FILTER(?n >= ?minimum && STR(?asOf) != "{ WHERE }")   # a { in a comment
}
GROUP BY ?o
"""


def test_header_is_parsed():
    q = parse_query(HEADED, name="q")
    assert q.title == "Obligations of an owner"
    assert q.description == "Every obligation with its owner, level and document."
    assert [(p.name, p.optional, p.default) for p in q.params] == [
        ("owner", True, None), ("asOf", True, "today"), ("minimum", False, None)]


def test_values_go_first_in_the_outermost_where():
    q = parse_query(HEADED, name="q")
    text = bind(q, {"owner": "id:agency/vn/bo-chinh-tri", "minimum": "2"})
    head, _, rest = text.partition("WHERE {")
    assert "VALUES" not in head
    assert rest.lstrip().startswith(
        "VALUES ?owner { <https://w3id.org/policykg/id/agency/vn/bo-chinh-tri> }")
    today = date.today().isoformat()
    assert f'VALUES ?asOf {{ "{today}"^^<http://www.w3.org/2001/XMLSchema#date> }}' in rest
    assert 'VALUES ?minimum { "2"^^<http://www.w3.org/2001/XMLSchema#integer> }' in rest
    assert rest.count("VALUES") == 3  # nothing injected into the sub-select


def test_optional_parameter_left_out_stays_unbound():
    q = parse_query(HEADED, name="q")
    text = bind(q, {"minimum": "1"})
    assert "VALUES ?owner" not in text


@pytest.mark.parametrize("query,opening", [
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE {"),
    ("SELECT * { ?s ?p ?o }", "SELECT * {"),
    ("ASK { ?s ?p <http://x/{y}> }", "ASK {"),
    ('# { comment\nSELECT ?s WHERE { ?s ?p "}" }', '# { comment\nSELECT ?s WHERE {'),
])
def test_outer_where_brace(query, opening):
    assert query[: outer_where_brace(query) + 1] == opening


@pytest.mark.parametrize("value,term", [
    ("https://w3id.org/policykg/id/doc/28-ct-tw", "<https://w3id.org/policykg/id/doc/28-ct-tw>"),
    ("id:doc/28-ct-tw", "<https://w3id.org/policykg/id/doc/28-ct-tw>"),
    ("pkg:Plan", "<https://w3id.org/policykg/ontology#Plan>"),
    ("2025-07-01", '"2025-07-01"^^<http://www.w3.org/2001/XMLSchema#date>'),
    ("42", '"42"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    ("99.5", '"99.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
    ('Sở "Y tế"', '"Sở \\"Y tế\\""'),
    ("unknown:thing", '"unknown:thing"'),
])
def test_term_typing(value, term):
    assert sparql_term(value) == term


@pytest.mark.parametrize("value", ["2025-13-45", "https://x/a<b"])
def test_bad_values_are_refused(value):
    with pytest.raises(PolicykgError):
        sparql_term(value)


def test_unknown_and_missing_parameters():
    q = parse_query(HEADED, name="q")
    with pytest.raises(PolicykgError, match="unknown parameter 'bogus'"):
        bind(q, {"bogus": "1", "minimum": "1"})
    with pytest.raises(PolicykgError, match="needs --param minimum"):
        bind(q, {})


def test_raw_sparql_parameters_must_name_a_variable():
    q = parse_query("SELECT ?s WHERE { ?s ?p ?o }")
    assert "VALUES ?o" in bind(q, {"o": "x"})
    with pytest.raises(PolicykgError, match="no variable"):
        bind(q, {"nothere": "x"})


@pytest.mark.parametrize("pairs", [["novalue"], ["=x"]])
def test_malformed_param_pairs(pairs):
    with pytest.raises(PolicykgError, match="name=value"):
        parse_params(pairs)


def test_param_values_may_contain_equals():
    assert parse_params(["q=a=b"]) == {"q": "a=b"}


def test_resolve_name_file_and_text(tmp_path):
    with pytest.raises(NotFoundError, match="unknown query 'no-such-query'"):
        resolve("no-such-query")
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\nSELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert resolve(str(path)).title == "Mine"
    assert resolve("SELECT * WHERE { ?s ?p ?o }").name == "query"
    with pytest.raises(PolicykgError, match="no such query file"):
        resolve(str(tmp_path / "absent.rq"))


def test_bound_query_runs_against_a_store(built_store):
    q = parse_query("# param: doc — a document\nPREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
                    "SELECT ?d ?type WHERE { ?d a ?type }", name="t")
    rows = built_store.select(bind(q, {"doc": "pkg:Plan"}).replace("?d a", "?doc a ?x . ?d a"))
    assert rows  # the ontology alone has typed nodes
    assert all(isinstance(r["type"], URIRef) for r in rows)


def test_every_library_query_has_a_header_and_runs(built_store):
    """Each queries/*.rq parses, has a title and description, and runs with its defaults
    (required parameters get a harmless value of their documented kind)."""
    queries = list_queries()
    if not queries:
        pytest.skip("queries/ is empty")
    for q in queries:
        assert q.title and q.description, q.name
        values = {p.name: "1" for p in q.params if not p.optional}
        for p in q.params:
            if not p.optional and ("IRI" in p.meaning or "iri" in p.meaning):
                values[p.name] = "id:doc/28-ct-tw"
            elif not p.optional and "date" in p.meaning.lower():
                values[p.name] = "2025-07-01"
        text = q.bind(values)
        result = built_store.run(text, timeout=60)
        assert result is not None, q.name
        assert query_form(text) in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def test_literal_parameter_matches_data(built_store):
    rows = built_store.select(bind(parse_query(
        "SELECT ?c WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?label }"),
        {"label": "no label is this string"}))
    assert rows == []
    assert Literal("x") != Literal("x", lang="vi")  # why labels need CONTAINS/STR in queries


def test_known_prefixes_are_declared_when_used():
    text = with_prefixes('SELECT ?d WHERE { ?d a pkg:Plan ; rdfs:label "id:x" } # org:y')
    assert text.startswith("PREFIX pkg: <https://w3id.org/policykg/ontology#>\n")
    assert "PREFIX rdfs:" in text
    assert "PREFIX id:" not in text and "PREFIX org:" not in text  # only in a string, a comment
    declared = "PREFIX pkg: <http://example.org/mine#>\nSELECT * WHERE { ?d a pkg:Plan }"
    assert with_prefixes(declared) == declared
