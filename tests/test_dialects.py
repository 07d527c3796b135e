"""The Virtuoso dialect's query rewrites, on text alone (the conformance suite runs them on a
real server): each keeps the query's meaning and touches only what Virtuoso 7.2 answers
otherwise."""

import httpx
import pytest

from policykg.errors import StoreError
from policykg.store import RemoteStore
from policykg.store.dialects import XSD_BOOLEAN, Virtuoso, serialise_select
from policykg.store.remote import _json_term

B = f"<{XSD_BOOLEAN}>"


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT (EXISTS { ?s ?p ?o } AS ?b) WHERE { }",
     f"SELECT ({B}(EXISTS {{ ?s ?p ?o }}) AS ?b) WHERE {{ }}"),
    ("SELECT * WHERE { BIND (?a < ?b AS ?c) BIND (!BOUND(?x) AS ?d) }",
     f"SELECT * WHERE {{ BIND ({B}(?a < ?b) AS ?c) BIND ({B}(!BOUND(?x)) AS ?d) }}"),
    ("SELECT * WHERE { BIND (IF(?c, ?a > ?b, false) AS ?x) }",
     f"SELECT * WHERE {{ BIND ({B}(IF(?c, ?a > ?b, false)) AS ?x) }}"),
    # not booleans: left alone
    ("SELECT (COUNT(*) AS ?n) (IF(?c, 1, 2) AS ?m) (STR(?s) AS ?t) WHERE { ?s ?p ?o }",
     "SELECT (COUNT(*) AS ?n) (IF(?c, 1, 2) AS ?m) (STR(?s) AS ?t) WHERE { ?s ?p ?o }"),
])
def test_computed_booleans_are_cast(query, expected):
    assert Virtuoso.portable(query) == expected


def test_inline_data_becomes_a_sub_select():
    query = "SELECT ?d WHERE { VALUES ?p { <a> <b> } ?p <x>+ ?d } VALUES ?d { <c> }"
    assert Virtuoso.portable(query) == (
        "SELECT ?d WHERE { { SELECT ?p WHERE { VALUES ?p { <a> <b> } } } ?p <x>+ ?d } "
        "VALUES ?d { <c> }")  # the query's own trailing VALUES stays
    two = "SELECT * WHERE { VALUES (?a ?b) { (1 2) } }"
    assert "{ SELECT ?a ?b WHERE { VALUES (?a ?b) { (1 2) } } }" in Virtuoso.portable(two)


def test_regex_patterns_read_unicode_letters():
    query = 'SELECT * WHERE { FILTER(REGEX(?t, "\\\\btr[eẻ]\\\\b") && REGEX(?u, """x""", "i")) }'
    assert Virtuoso.portable(query) == (
        'SELECT * WHERE { FILTER(REGEX(?t, "(*UCP)\\\\btr[eẻ]\\\\b") '
        '&& REGEX(?u, """(*UCP)x""", "i")) }')
    assert Virtuoso.portable('SELECT * WHERE { FILTER(REGEX(?t, ?pattern)) }').count("UCP") == 0


def test_boolean_results_are_written_true_and_false():
    term = _json_term({"type": "typed-literal", "datatype": XSD_BOOLEAN, "value": "1"})
    assert str(term) == "true" and term.toPython() is True
    body = b'{ "b": { "type": "typed-literal", "datatype": "' + XSD_BOOLEAN.encode() \
        + b'", "value": "0" }}'
    assert b'"value": "false"' in Virtuoso().raw_results(body, "application/sparql-results+json")
    csv = serialise_select(["b"], [{"b": term}], "text/csv")
    assert csv == b"b\r\ntrue\r\n"


def test_results_the_server_cut_at_its_timeout_are_an_error():
    """Virtuoso answers 200 with the rows found so far once a query passes the timeout it was
    sent; Oxigraph ends results it cancelled with a message. Neither is an answer."""
    sent = {}

    def virtuoso(request: httpx.Request) -> httpx.Response:
        sent.update(httpx.QueryParams(request.content.decode()))
        return httpx.Response(200, headers={"X-SQL-State": "S1TAT"},
                              json={"head": {"vars": ["n"]}, "results": {"bindings": []}})

    def oxigraph(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b'{"head":{"vars":["n"]},"results":{"bindings":['
                                           b"The SPARQL operation has been cancelled")

    for dialect, handler in (("virtuoso", virtuoso), ("sparql11", oxigraph)):
        store = RemoteStore("http://127.0.0.1:9/sparql", timeout=30, dialect=dialect)
        store._client = httpx.Client(transport=httpx.MockTransport(handler))
        with pytest.raises(StoreError, match="timed out: the server stopped the query"):
            store.select("SELECT * WHERE { ?s ?p ?o }", timeout=3)
    assert sent["timeout"] == "1000"  # ms, a third of the client's 3 s


def test_nested_boolean_bindings_are_each_cast():
    query = "SELECT * WHERE { BIND (EXISTS { ?s ?p ?o BIND (?o > 1 AS ?big) } AS ?any) }"
    assert Virtuoso.portable(query) == (
        f"SELECT * WHERE {{ BIND ({B}(EXISTS {{ ?s ?p ?o BIND ({B}(?o > 1) AS ?big) }}) "
        "AS ?any) }")
