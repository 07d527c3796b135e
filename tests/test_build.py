"""build: the named graphs loaded from the repository's files, regeneration into a temporary
directory, and the staleness check on committed generated files."""

import shutil

import pytest
import rdflib

from policykg import build, resources
from policykg.namespaces import EXTRACTED_GRAPH, LINKS_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH


def parsed_size(paths) -> int:
    g = rdflib.Graph()
    for p in paths:
        g.parse(p, format="turtle")
    return len(g)


def test_graph_sources_split_the_files():
    sources = build.graph_sources()
    assert set(sources) == {str(ONTOLOGY_GRAPH), str(REFERENCE_GRAPH), str(EXTRACTED_GRAPH),
                            str(LINKS_GRAPH)}
    assert all(p.name != build.LINKS_FILE for p in sources[str(EXTRACTED_GRAPH)])
    assert all(p.name == build.LINKS_FILE for p in sources[str(LINKS_GRAPH)])
    assert sources[str(ONTOLOGY_GRAPH)], "ontology/*.ttl is missing"


def test_load_puts_each_directory_in_its_graph(built_store):
    counts = built_store.graph_counts()
    for graph, paths in build.graph_sources().items():
        if paths:  # blank-node-free files: the store holds exactly what rdflib parses
            expected = parsed_size(paths)
            assert counts.get(graph) == expected, graph
    assert built_store.count() == sum(counts.values())


def test_stale_files_names_changed_missing_and_extra(tmp_path):
    fresh, committed = tmp_path / "fresh", tmp_path / "committed"
    fresh.mkdir()
    committed.mkdir()
    for d in (fresh, committed):
        (d / "same.ttl").write_text("<a:x> <a:y> <a:z> .\n")
        (d / "same.txt").write_text("văn bản\n")
    (fresh / "changed.ttl").write_text("<a:x> <a:y> 1 .\n")
    (committed / "changed.ttl").write_text("<a:x> <a:y> 2 .\n")
    (fresh / "new.ttl").write_text("")
    (committed / "gone.txt").write_text("")
    (committed / "notes.md").write_text("not generated")
    assert build.stale_files(fresh, committed) == ["changed.ttl", "gone.txt", "new.ttl"]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """graph/sources ingested into a temporary directory (the checkout is not touched)."""
    out = tmp_path_factory.mktemp("regenerated")
    notes: list[str] = []
    build.generate(out, notes=notes)
    return out, notes


def test_regeneration_is_deterministic(regenerated, tmp_path):
    out, notes = regenerated
    assert not notes, notes  # ingest and links are both available
    again = tmp_path / "again"
    again.mkdir()
    build.generate(again)
    assert build.stale_files(again, out) == []  # byte-identical on re-run


def test_committed_generated_files_are_up_to_date(regenerated):
    """What `policykg build --check` enforces: graph/extracted as committed is what the
    sources and the code produce now."""
    out, _ = regenerated
    stale = build.stale_files(out, resources.extracted_dir())
    assert stale == [], f"graph/extracted is stale, run `policykg build`: {stale}"


def test_a_changed_committed_file_is_reported(regenerated, tmp_path):
    out, _ = regenerated
    committed = tmp_path / "committed"
    shutil.copytree(out, committed)
    victim = sorted(committed.glob("*.ttl"))[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n# edited by hand\n", encoding="utf-8")
    assert build.stale_files(out, committed) == [victim.name]
