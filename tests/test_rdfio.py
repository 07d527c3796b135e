"""The fast reader gives the same graph as rdflib's own parser and names a broken file."""

import pytest
from rdflib import XSD, Graph, Literal
from rdflib.compare import isomorphic

from policykg import rdfio
from policykg.errors import PolicykgError


def test_reference_graph_equals_rdflib_parse():
    expected = Graph()
    for path in rdfio.reference_files():
        expected.parse(path, format="turtle")
    assert isomorphic(rdfio.reference_graph(), expected)


def test_literals_keep_language_and_datatype(tmp_path):
    path = tmp_path / "t.ttl"
    path.write_text('<urn:a> <urn:p> "Sở Y tế"@vi, "2024-03-08"^^<http://www.w3.org/2001/XMLSchema#date>,'
                    ' "plain", [ <urn:q> 1 ] .', encoding="utf-8")
    g = rdfio.read([path])
    objects = set(g.objects())
    assert Literal("Sở Y tế", lang="vi") in objects
    assert Literal("plain") in objects
    assert Literal("2024-03-08", datatype=XSD.date) in objects
    assert Literal(1) in objects
    assert len(g) == 5


@pytest.mark.parametrize("text", ["<urn:a> <urn:p> .", "@prefix x: <urn:x#> . x:a x:b"])
def test_broken_file_is_named(tmp_path, text):
    path = tmp_path / "broken.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicykgError, match="broken.ttl"):
        rdfio.read([path])


def test_unknown_suffix_is_refused(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b", encoding="utf-8")
    with pytest.raises(PolicykgError, match="unknown RDF file type"):
        rdfio.read([path])
