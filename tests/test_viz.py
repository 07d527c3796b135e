"""The interactive graph: self-contained, laid out by level, a small labelled first view, and
safe with hostile text.

The browser checks run in Debian's headless Chromium through Playwright (never a downloaded
browser); on CI, where .ci/run installs chromium, a missing browser is a failure, not a skip."""

import json
import os
import re
import shutil

import networkx as nx
import pytest

from policykg import viz
from policykg.errors import PolicykgError

SCRIPT = "<script>window.__pwned = 1</script>"
IMG = "<img src=x onerror=\"window.__pwned = 2\">"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def hostile_network() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("doc", kind="document", label="109-KH/TU", level="provincial")
    g.add_node("top", kind="obligation", label="g1", level="central", text="Tăng cường lãnh đạo")
    g.add_node("task", kind="obligation", label="III.2", level="provincial", document="doc",
               text=f"Chỉ đạo rà soát {SCRIPT} cơ sở dữ liệu về trẻ em")
    g.add_node("agency", kind="agency", label=f"Sở Y tế {IMG}", level="provincial",
               branch="state")
    g.add_node("commune", kind="agency", label="Ủy ban nhân dân xã", level="commune",
               branch="state")
    g.add_edge("task", "doc", key="statedIn", rel="statedIn")
    g.add_edge("task", "top", key="concretises", rel="concretises")
    g.add_edge("task", "agency", key="owner", rel="owner")
    g.add_edge("task", "commune", key="coordinator", rel="coordinator")
    g.add_node("lonely", kind="agency", label="Sở nobody refers to", level="provincial")
    return g


def test_page_is_self_contained_and_escapes_document_text():
    html = viz.render(hostile_network(), title="<b>title</b>")
    assert SCRIPT not in html and IMG not in html and "<b>title</b>" not in html
    assert "&lt;b&gt;title&lt;/b&gt;" in html
    for remote in ('src="http', "src='http", 'href="http', "@import"):
        assert remote not in html, remote
    assert "vis.Network" in html


def page_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html,
                      re.S)
    return json.loads(block.group(1))


def test_layout_puts_higher_levels_above_lower_ones():
    data = viz.payload(hostile_network(), focus="109-KH/TU")
    band = {n["iri"]: n["band"] for n in data["nodes"]}
    assert band["top"] < band["task"] < band["commune"]
    assert band["doc"] < band["task"] < band["agency"]  # documents, tasks, agencies in a level


def test_filters_select_and_empty_views_are_errors():
    g = hostile_network()
    assert set(viz.select(g, level="commune").nodes) == {"commune"}
    assert "lonely" not in viz.select(g).nodes  # unreferenced gazetteer entries are clutter
    assert set(viz.select(g, branch="state").nodes) >= {"agency", "task"}
    assert "task" in viz.select(g, focus="co so du lieu ve tre em").nodes
    assert set(viz.select(g, document="109-KH/TU").nodes) >= {"doc", "task", "agency"}
    with pytest.raises(PolicykgError):
        viz.select(g, focus="no such thing anywhere")


def cascade_network() -> nx.MultiDiGraph:
    """Directive 28-CT/TW, a plan carrying it out, a letter about something else, tasks and
    sub-tasks, owners and a gazetteer entry two steps away."""
    g = nx.MultiDiGraph()
    g.add_node("ct", kind="document", label="28-CT/TW", number="28-CT/TW", level="central")
    g.add_node("kh", kind="document", label="109-KH/TU", number="109-KH/TU", level="provincial")
    g.add_node("cv", kind="document", label="7/CV", number="7/CV", level="provincial")
    g.add_edge("kh", "ct", key="implements", rel="implements")
    for name, doc, parent in (("g1", "ct", None), ("g1.a", "ct", "g1"), ("p1", "kh", None),
                              ("c1", "cv", None)):
        g.add_node(name, kind="obligation", label=name, sectionPath=name, document=doc,
                   level=g.nodes[doc]["level"], text=f"nhiệm vụ {name}", deadline="2025-03-08")
        g.add_edge(name, doc, key="statedIn", rel="statedIn")
        if parent:
            g.add_edge(name, parent, key="partOf", rel="partOf")
    g.add_edge("p1", "g1", key="concretises", rel="concretises")
    g.add_node("syt", kind="agency", label="Sở Y tế tỉnh Lâm Đồng", level="provincial",
               branch="state")
    g.add_node("new", kind="agency", label="Sở Y tế tỉnh Lâm Đồng (mới)", level="provincial",
               branch="state")
    g.add_node("far", kind="agency", label="three steps away", level="provincial")
    g.add_edge("p1", "syt", key="owner", rel="owner")
    g.add_edge("syt", "new", key="succession e", rel="succession")
    g.add_edge("new", "far", key="succession f", rel="succession")
    return g


def test_default_view_is_the_cascade_and_the_directives_task_groups():
    g = cascade_network()
    assert viz.default_view(g) == {"ct", "kh", "g1"}  # not the letter, sub-tasks or agencies
    data = viz.payload(g, lang="vi", local_links=True)
    by_iri = {n["iri"]: n for n in data["nodes"]}
    assert {by_iri[i]["iri"] for i in ("ct", "kh", "g1")} == {
        n["iri"] for n in data["nodes"] if n["id"] in data["initial"]}
    # the page can widen to what lies two steps from documents and tasks, not further
    assert {"syt", "new", "cv", "c1"} <= set(by_iri) and "far" not in by_iri
    assert all(n["label"].strip() for n in data["nodes"])
    assert by_iri["g1"]["name"] == "28-CT/TW § g1"
    assert by_iri["g1"]["label"].startswith("§ g1 · nhiệm vụ g1")
    assert by_iri["g1"]["deadline"] == "08/3/2025"  # as Vietnamese write dates
    assert viz.payload(g, lang="en")["nodes"][0]["title"]  # a plain-text tooltip
    # filters choose another first view
    focused = viz.payload(g, focus="Sở Y tế")
    assert {n["iri"] for n in focused["nodes"] if n["id"] in focused["initial"]} >= {"syt", "p1"}


def test_links_are_local_pages_on_the_server_and_iris_in_a_file():
    g = nx.MultiDiGraph()
    iri = "https://w3id.org/policykg/id/doc/28-ct-tw"
    g.add_node(iri, kind="document", label="28-CT/TW", number="28-CT/TW", level="central")
    g.add_node("t", kind="obligation", label="1", sectionPath="1", document=iri, level="central")
    g.add_edge("t", iri, key="statedIn", rel="statedIn")
    hrefs = {n["iri"]: n["href"] for n in viz.payload(g, local_links=True)["nodes"]}
    assert hrefs[iri] == "/id/doc/28-ct-tw" and hrefs["t"] == ""
    assert viz.payload(g)["nodes"][0]["href"] == iri


def test_page_words_come_from_the_translation_table():
    vi = viz.render(cascade_network(), lang="vi")
    en = viz.render(cascade_network(), lang="en")
    assert '<html lang="vi">' in vi and "Bộ lọc và chú giải" in vi
    assert '<html lang="en">' in en and "Filters and legend" in en
    assert page_data(vi)["initial"] == page_data(en)["initial"]


def _browser_or_skip():
    playwright = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed")
        pytest.skip("chromium is not installed")
    return playwright


def test_hostile_text_stays_text_in_chromium(tmp_path):
    sync_api = _browser_or_skip()
    page_file = tmp_path / "graph.html"
    viz.write(viz.render(hostile_network(), focus="109-KH/TU"), page_file)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            requests = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            page.wait_for_function("window.policykgNetwork !== undefined")
            drawn = page.evaluate("Object.keys(window.policykgNetwork.body.nodes).length")
            assert drawn == 5
            # hover the hostile agency: the tooltip shows the markup as text
            pos = page.evaluate("""() => {
                const net = window.policykgNetwork;
                net.setOptions({physics: {enabled: false}});
                const id = net.body.data.nodes.get({filter: n => n.iri === 'agency'})[0].id;
                net.focus(id, {scale: 1.5, animation: false});
                return net.canvasToDOM(net.getPositions([id])[id]);
            }""")
            box = page.locator("#network canvas").bounding_box()
            page.mouse.move(box["x"] + 5, box["y"] + 5)
            page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"], steps=8)
            page.wait_for_selector(".vis-tooltip", state="visible", timeout=5000)
            tooltip = page.locator(".vis-tooltip").inner_text()
            assert IMG in tooltip
            assert page.locator(".vis-tooltip img").count() == 0
            # the search lists the hostile names as text; their details too
            page.fill("#search", "so y te")
            page.press("#search", "Enter")
            match = page.locator("#match-list li button").first
            assert IMG in match.inner_text()
            match.click()
            assert IMG in page.locator("#details h2").inner_text()
            page.fill("#search", "co so du lieu")
            page.press("#search", "Enter")
            page.locator("#match-list li button", has_text="III.2").click()
            assert SCRIPT in page.locator("#details .text").inner_text()
            assert page.locator("#panel img, #panel script").count() == 0
            page.screenshot(path=str(tmp_path / "graph.png"))
            assert page.evaluate("window.__pwned === undefined")
            assert dialogs == []
            assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests
        finally:
            browser.close()
