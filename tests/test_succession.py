"""One answer to "who holds this obligation on date D" (issue 12): the successor resolver
(policykg.succession), trace's owners today, `analyze orphans`, the dissolved-owner shape
(validate) and the `dissolved-owners` query agree, on every seed obligation and on a plan of
each of the 63 provinces of February 2025 made here from a template; the generated reference
files are what their generators write today."""

from __future__ import annotations

import filecmp
from datetime import date

import pytest
from rdflib import Graph, URIRef

from policykg import analyze, build, reorganisation, resources, succession
from policykg.gazetteer import Gazetteer, full_name, type_agency_iri
from policykg.namespaces import ID, PKG
from policykg.queries import load_query
from policykg.store import OxigraphStore
from policykg.trace import trace
from policykg.validate import validate_graph

AS_OF = date(2026, 1, 1)
DISSOLVED = "https://w3id.org/policykg/shapes#DissolvedOwnerShape"

# (task text, owner phrase, agency type of the owner, agency type of the holder in 2026)
TASKS = [
    ("Sở Lao động - Thương binh và Xã hội chủ trì xây dựng cơ sở dữ liệu về trẻ em có hoàn "
     "cảnh đặc biệt.", "so-lao-dong-thuong-binh-va-xa-hoi", "so-y-te"),
    ("Sở Thông tin và Truyền thông chủ trì chỉ đạo các cơ quan báo chí tuyên truyền về quyền "
     "trẻ em.", "so-thong-tin-va-truyen-thong", "so-van-hoa-the-thao-va-du-lich"),
    ("Sở Kế hoạch và Đầu tư chủ trì bố trí nguồn vốn cho các công trình vui chơi.",
     "so-ke-hoach-va-dau-tu", "so-tai-chinh"),
    ("Ủy ban nhân dân các huyện, thị xã, thành phố tổ chức thực hiện kế hoạch trên địa bàn.",
     "uy-ban-nhan-dan-cap-huyen", "uy-ban-nhan-dan-cap-xa"),
]


def _plan(province, number: int) -> str:
    kind = "THÀNH PHỐ" if province.city else "TỈNH"
    items = "\n".join(f"{i}. {text}" for i, (text, _, _) in enumerate(TASKS, 1))
    return (
        f"ỦY BAN NHÂN DÂN\n{kind} {province.name.upper()}\nSố: {number}/KH-UBND\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        f"{province.name}, ngày 10 tháng 02 năm 2025\n\nKẾ HOẠCH\n"
        "Thực hiện Chỉ thị số 28-CT/TW về tăng cường công tác chăm sóc, giáo dục và bảo vệ "
        "trẻ em\n\n"
        f"I. NHIỆM VỤ VÀ GIẢI PHÁP\n{items}\n"
    )


@pytest.fixture(scope="module")
def places():
    reference = reorganisation.curated(resources.reference_dir())
    return reorganisation._Provinces(reference)


@pytest.fixture(scope="module")
def plans(tmp_path_factory, places) -> tuple[Graph, dict]:
    """One February-2025 plan per province of that day (63), ingested; and the expected holder
    on 2026-01-01 of each (obligation, owner)."""
    from policykg.ingest import ingest_paths

    folder = tmp_path_factory.mktemp("plans")
    provinces = places.in_march()
    assert len(provinces) == 63
    paths = []
    for n, province in enumerate(provinces, 1):
        path = folder / f"plan-{province.slug}.txt"
        path.write_text(_plan(province, 100 + n), encoding="utf-8")
        paths.append(path)
    graph = ingest_paths(paths).graph
    expected = {}
    for province in provinces:
        unit = places.unit_in_july(province)
        for owner_type, holder_type in ((t[1], t[2]) for t in TASKS):
            owner = str(places.body(owner_type, province))
            obligations = set(graph.subjects(PKG.owner, URIRef(owner)))
            assert len(obligations) == 1, (province.name, owner_type, obligations)
            expected[(str(obligations.pop()), owner)] = str(places.body(holder_type, unit))
    return graph, expected


@pytest.fixture(scope="module")
def store(tmp_path_factory, plans):
    """The built graph (reference + seeds) plus the 63 plans, in an embedded store."""
    data = tmp_path_factory.mktemp("succession-store")
    path = data.parent / "plans.ttl"
    plans[0].serialize(path, format="turtle")
    store = OxigraphStore(data)
    build.load(store)
    store.add([path])
    yield store
    store.close()


def _query_holders(store) -> dict[str, set[str]]:
    """owner -> holders, from the dissolved-owners query."""
    text = load_query("dissolved-owners", resources.queries_dir()).bind(
        {"asOf": AS_OF.isoformat()})
    out: dict[str, set[str]] = {}
    for row in store.select(text):
        out.setdefault(str(row["owner"]), set()).add(str(row.get("successor")))
    return out


def _resolver_holders(store, pairs) -> dict[tuple[str, str], set[str]]:
    resolver = succession.from_store(store)
    cues = succession.cues_of(store, {o for o, _ in pairs})
    return {
        (o, a): {str(h.holder) for h in resolver.holdings(a, AS_OF, *cues.get(o, ("", "")))}
        for o, a in pairs
    }


def _owned_by_dissolved(store, resolver=None) -> set[tuple[str, str]]:
    resolver = resolver or succession.from_store(store)
    rows = store.select("PREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
                        "SELECT ?o ?a WHERE { ?o pkg:owner ?a }")
    return {(str(r["o"]), str(r["a"])) for r in rows
            if resolver.ended(str(r["a"]), AS_OF) is not None}


def test_every_generated_plan_names_the_right_body_of_the_right_new_unit(plans):
    """Validated as of 2026-01-01, each of the 63 plans gets a dissolved-owner warning for
    each of its four owners, naming the body of the merged province that holds the task."""
    graph, expected = plans
    report = validate_graph(graph, as_of=AS_OF)
    warnings = {(r.focus, r.value): r.message("en") for r in report.results
                if r.shape == DISSOLVED}
    gaz = Gazetteer.load()
    for (obligation, owner), holder in expected.items():
        message = warnings[(obligation, owner)]
        info = gaz.agency(holder)
        assert f"lies with {info.label}:" in message, (owner, message)
        if info.province != gaz.agency(owner).province:  # merged away: the July hop is shown
            assert "(2025-07-01, inferred)" in message, message


def test_trace_analyze_query_and_validate_agree_on_the_generated_plans(store, plans):
    graph, expected = plans
    pairs = set(expected)
    resolved = _resolver_holders(store, pairs)
    assert {k: {v} for k, v in expected.items()} == resolved
    # trace: owners today of each plan obligation
    for obligation, owner in sorted(pairs)[::7]:  # every 7th: a trace costs a few queries
        (step,) = [s for s in trace(store, obligation, AS_OF) if s.obligation == obligation]
        today = {o["iri"] for o in step.ownersToday if o["from"] == owner}
        assert today == resolved[(obligation, owner)], obligation
    # analyze orphans
    network = analyze.build_network(store)
    orphans = {(r["obligation"], r["owner"]): {s["agency"] for s in r["successors"]}
               for r in analyze.orphaned_obligations(network, AS_OF)}
    for pair in pairs:
        assert orphans[pair] == resolved[pair], pair
    # the dissolved-owners query (per owner: every plan's owner appears in one plan only)
    by_query = _query_holders(store)
    for (_, owner), holders in resolved.items():
        assert by_query[owner] == holders, owner


def test_all_agree_on_every_seed_obligation(built_store):
    """Every seed obligation whose owner ended by 2026-01-01: trace, analyze, the query and the
    shape name the holders the resolver names."""
    resolver = succession.from_store(built_store)
    pairs = _owned_by_dissolved(built_store, resolver)
    assert len(pairs) > 20
    resolved = _resolver_holders(built_store, pairs)
    network = analyze.build_network(built_store)
    orphans = {(r["obligation"], r["owner"]): {s["agency"] for s in r["successors"]}
               for r in analyze.orphaned_obligations(network, AS_OF)}
    for pair in pairs:
        assert orphans[pair] == resolved[pair] - {"None"}, pair
        (step,) = [s for s in trace(built_store, pair[0], AS_OF) if s.obligation == pair[0]]
        today = {o["iri"] for o in step.ownersToday if o["from"] == pair[1]}
        assert today == resolved[pair] - {"None"} or resolved[pair] == {"None"}, pair
    by_query = _query_holders(built_store)
    for owner in {a for _, a in pairs}:
        holders = set().union(*(h for (o, a), h in resolved.items() if a == owner))
        assert by_query[owner] == holders, owner
    # the shape, through validate, on the seed documents as submitted plans
    extracted = Graph()
    for path in sorted(resources.extracted_dir().glob("*.ttl")):
        if path.name != "links.ttl":
            extracted.parse(path, format="turtle")
    report = validate_graph(extracted, as_of=AS_OF)
    gaz = Gazetteer.load()
    warned = {(r.focus, r.value): r.message("en") for r in report.results if r.shape == DISSOLVED}
    for pair, holders in resolved.items():
        if pair not in warned:
            continue  # an obligation the plan only refers to (not its own node)
        for holder in holders - {"None"}:
            label = gaz.agency(holder).label if "/agency/" in holder else holder
            assert label in warned[pair], (pair, warned[pair])
    assert len(warned) >= len(pairs) // 2


def test_soc_trang_validate_and_trace_give_one_answer(built_store):
    """Issue 12: the Sóc Trăng letter's task of its Sở LĐTBXH: validate named Sóc Trăng's Sở Y
    tế (a body that ended on 1 July 2025) while trace said Cần Thơ's."""
    owner = str(ID["agency/soc-trang/so-lao-dong-thuong-binh-va-xa-hoi"])
    rows = built_store.select("PREFIX pkg: <https://w3id.org/policykg/ontology#>\n"
                              f"SELECT ?o WHERE {{ ?o pkg:owner <{owner}> }}")
    assert rows
    obligation = str(rows[0]["o"])
    (step,) = [s for s in trace(built_store, obligation, AS_OF) if s.obligation == obligation]
    today = [o for o in step.ownersToday if o["from"] == owner]
    assert [o["iri"] for o in today] == [str(ID["agency/can-tho/so-y-te"])]
    assert [h["date"] for h in today[0]["chain"]] == ["2025-03-01", "2025-07-01"]
    assert today[0]["inferred"]
    document = Graph()
    for path in resources.extracted_dir().glob("*.ttl"):
        g = Graph().parse(path, format="turtle")
        if (URIRef(obligation), None, None) in g:
            document = g
    report = validate_graph(document, as_of=AS_OF)
    (message,) = [r.message("en") for r in report.results
                  if r.shape == DISSOLVED and r.focus == obligation and r.value == owner]
    assert "lies with Sở Y tế thành phố Cần Thơ" in message
    assert "Sở Y tế tỉnh Sóc Trăng (2025-03-01" in message  # the path names the hop between


def test_generated_reorganisation_files_are_up_to_date(tmp_path):
    """reorganisation.ttl and successions.ttl are what `python -m policykg.reorganisation`
    writes today (never edited by hand)."""
    for path in resources.reference_dir().glob("*.ttl"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    reorganisation.write_all(tmp_path)
    for name in (reorganisation.EVENTS_FILE, reorganisation.SUCCESSIONS_FILE):
        assert filecmp.cmp(tmp_path / name, resources.reference_dir() / name, shallow=False), name


def test_the_query_strips_the_names_the_resolver_strips():
    text = (resources.queries_dir() / "dissolved-owners.rq").read_text(encoding="utf-8")
    assert text.count(succession.NAME_PATTERN) == 2


def test_every_province_has_its_2025_events(places):
    """The rules reach every province: 63 on 1 March, the 29 merged away on 1 July."""
    events = reorganisation.all_events(reorganisation.curated(resources.reference_dir()))
    merged_away = [p for p in places.in_march() if places.unit_in_july(p) is not p]
    assert len(merged_away) == 29
    for province in places.in_march():
        assert (ID[f"event/{province.slug}-child-affairs-to-so-y-te"], None, None) in events
    for province in merged_away:
        unit = places.unit_in_july(province)
        e = ID[f"event/{province.slug}-so-y-te-into-{unit.slug}"]
        assert (e, None, None) in events, e


def test_a_body_type_instance_names_follow_the_province_kind(places):
    can_tho = places.by_slug["can-tho"]
    info = places.types["uy-ban-nhan-dan-tinh"]
    assert str(type_agency_iri(info, can_tho)).endswith("can-tho/uy-ban-nhan-dan-thanh-pho")
    assert full_name(info.short, can_tho) == "Ủy ban nhân dân thành phố Cần Thơ"


def test_generated_plans_fixture_reads_every_province(plans):
    _, expected = plans
    assert len(expected) == 63 * len(TASKS)
