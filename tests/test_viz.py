"""The interactive graph: self-contained, laid out by level, and safe with hostile text.

The browser checks run in Debian's headless Chromium through Playwright (never a downloaded
browser); on CI, where .ci/run installs chromium, a missing browser is a failure, not a skip."""

import os
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


def test_layout_puts_higher_levels_above_lower_ones():
    net = viz.network(hostile_network())
    y = {n["iri"]: n["y"] for n in net.nodes}
    assert y["top"] < y["task"] < y["commune"]
    assert y["doc"] < y["task"] < y["agency"]  # documents, then tasks, then agencies in a level


def test_filters_select_and_empty_views_are_errors():
    g = hostile_network()
    assert set(viz.select(g, level="commune").nodes) == {"commune"}
    assert "lonely" not in viz.select(g).nodes  # unreferenced gazetteer entries are clutter
    assert set(viz.select(g, branch="state").nodes) >= {"agency", "task"}
    assert "task" in viz.select(g, focus="co so du lieu ve tre em").nodes
    assert set(viz.select(g, document="109-KH/TU").nodes) >= {"doc", "task", "agency"}
    with pytest.raises(PolicykgError):
        viz.select(g, focus="no such thing anywhere")


def test_physics_only_for_small_views():
    assert viz.options(10)["physics"]["enabled"] is True
    assert viz.options(viz.PHYSICS_LIMIT + 1)["physics"]["enabled"] is False


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
    viz.write(viz.render(hostile_network()), page_file)
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
            page.fill("#search", "co so du lieu")
            page.press("#search", "Enter")
            assert "match" in page.locator("#status").inner_text()
            page.screenshot(path=str(tmp_path / "graph.png"))
            assert page.evaluate("window.__pwned === undefined")
            assert dialogs == []
            assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests
        finally:
            browser.close()
