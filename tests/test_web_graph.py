"""/graph and /graph/frame: one panel, a small labelled first view, filters, sandboxing and the
frame's own CSP."""

import json
import re

from web_fixtures import sparql_rows, web_client  # noqa: F401 - fixture

PKG = "https://w3id.org/policykg/ontology#"
MAX_DEFAULT_NODES = 60


def frame_data(text: str) -> dict:
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', text,
                      re.S)
    return json.loads(block.group(1))


def initial(data: dict) -> list[dict]:
    first = set(data["initial"])
    return [n for n in data["nodes"] if n["id"] in first]


def test_graph_page_frames_the_view_with_its_filters(web_client):  # noqa: F811
    page = web_client.get("/graph", params={"level": "provincial", "agency": "So Y te"})
    assert page.status_code == 200
    assert 'sandbox="allow-scripts allow-top-navigation-by-user-activation"' in page.text
    assert 'src="/graph/frame?level=provincial&amp;agency=So+Y+te&amp;lang=vi"' in page.text
    # one panel of filters: the frame's; the page has no form of its own
    main = page.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<form" not in main and "<select" not in main
    english = web_client.get("/graph", params={"lang": "en"})
    assert 'src="/graph/frame?lang=en"' in english.text


def test_frame_is_self_contained_and_sandboxed(web_client):  # noqa: F811
    frame = web_client.get("/graph/frame")
    assert frame.status_code == 200
    csp = frame.headers["content-security-policy"]
    assert csp.startswith("sandbox allow-scripts") and "default-src 'none'" in csp
    assert "allow-same-origin" not in csp and "allow-popups" not in csp
    # nothing loaded from elsewhere: no external script, style sheet or image
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)=[\"']?(https?:)?//", frame.text)


def test_default_view_is_small_labelled_and_links_to_local_pages(web_client):  # noqa: F811
    data = frame_data(web_client.get("/graph/frame").text)
    first = initial(data)
    assert 0 < len(first) < MAX_DEFAULT_NODES < len(data["nodes"])
    assert all(n["label"].strip() for n in first)
    names = {n["name"] for n in first}
    assert "28-CT/TW" in names and "28-CT/TW § 1" in names  # the directive and a task group
    assert {n["kind"] for n in first} == {"document", "obligation"}
    assert all(n["href"].startswith("/id/") for n in data["nodes"] if n["kind"] == "document")


def test_frame_speaks_the_requested_language(web_client):  # noqa: F811
    vi = web_client.get("/graph/frame", params={"lang": "vi"}).text
    en = web_client.get("/graph/frame", params={"lang": "en"}).text
    assert '<html lang="vi">' in vi and "Bộ lọc và chú giải" in vi
    assert '<html lang="en">' in en and "Filters and legend" in en


def test_filters_choose_the_first_view(web_client):  # noqa: F811
    default = {n["iri"] for n in initial(frame_data(web_client.get("/graph/frame").text))}
    doc = sparql_rows(web_client, f"SELECT ?d ?n WHERE {{ ?d <{PKG}documentNumber> ?n }} "
                                  "ORDER BY ?n LIMIT 1")[0]
    focused = frame_data(web_client.get("/graph/frame", params={"document": doc["n"]}).text)
    shown = {n["iri"] for n in initial(focused)}
    assert doc["d"] in shown and shown != default


def test_bad_filters_are_4xx_json(web_client):  # noqa: F811
    assert web_client.get("/graph", params={"level": "galactic"}).status_code == 400
    nothing = web_client.get("/graph/frame", params={"focus": "zzqqxx-nothing-matches"})
    assert nothing.status_code == 400 and "error" in nothing.json()
