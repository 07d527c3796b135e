"""The synthetic cascade generator is deterministic and its planted defects are findable."""

import importlib.util
import sys
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(_spec)
sys.modules["generate"] = generate  # dataclasses look their module up
_spec.loader.exec_module(generate)

PKG = "https://w3id.org/policykg/ontology#"


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    a, b, c = tmp_path / "a.nt", tmp_path / "b.nt", tmp_path / "c.nt"
    generate.generate("S", 7, a)
    generate.generate("S", 7, b)
    generate.generate("S", 8, c)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_planted_defects_are_found_by_sparql(tmp_path):
    out = tmp_path / "s.nt"
    triples, defects = generate.generate("S", 3, out)
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == triples
    unowned = store.query(f"""PREFIX pkg: <{PKG}>
        SELECT (COUNT(?o) AS ?n) WHERE {{
          ?o a pkg:Obligation FILTER NOT EXISTS {{ ?o pkg:owner ?a }} }}""")
    assert int(next(unowned)["n"].value) == defects["no-owner"] > 0
    below = store.query(f"""PREFIX pkg: <{PKG}>
        SELECT (COUNT(?t) AS ?n) WHERE {{
          ?t pkg:comparator ?c ; pkg:targetValue ?v ; pkg:baselineValue ?b
          FILTER((?c IN ("<", "<=") && ?v > ?b) || (?c IN (">", ">=") && ?v < ?b)) }}""")
    assert int(next(below)["n"].value) == defects["below-baseline"]
    # every obligation below the directive links upward
    orphans = store.query(f"""PREFIX pkg: <{PKG}>
        SELECT (COUNT(?o) AS ?n) WHERE {{ ?o a pkg:Obligation ; pkg:statedIn ?d
          FILTER(?d != <https://w3id.org/policykg/id/doc/28-ct-tw>)
          FILTER NOT EXISTS {{ ?o pkg:concretises ?p }} }}""")
    assert int(next(orphans)["n"].value) == 0
