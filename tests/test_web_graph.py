"""/graph and /graph/frame: filters, sandboxing and the frame's own CSP."""

import re

from web_fixtures import sparql_rows, web_client  # noqa: F401 - fixture

PKG = "https://w3id.org/policykg/ontology#"


def test_graph_page_frames_the_view_with_its_filters(web_client):  # noqa: F811
    page = web_client.get("/graph", params={"level": "provincial", "agency": "So Y te"})
    assert page.status_code == 200
    assert 'sandbox="allow-scripts"' in page.text
    assert 'src="/graph/frame?level=provincial&amp;agency=So+Y+te"' in page.text
    assert '<option value="provincial" selected>' in page.text


def test_frame_is_self_contained_and_sandboxed(web_client):  # noqa: F811
    frame = web_client.get("/graph/frame")
    assert frame.status_code == 200
    csp = frame.headers["content-security-policy"]
    assert csp.startswith("sandbox allow-scripts") and "default-src 'none'" in csp
    # nothing loaded from elsewhere: no external script, style sheet or image
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)=[\"']?(https?:)?//", frame.text)


def test_filters_narrow_the_view(web_client):  # noqa: F811
    everything = web_client.get("/graph/frame").text
    doc = sparql_rows(web_client, f"SELECT ?n WHERE {{ ?d <{PKG}documentNumber> ?n }} "
                                  "ORDER BY ?n LIMIT 1")[0]["n"]
    focused = web_client.get("/graph/frame", params={"document": doc}).text
    assert len(focused) < len(everything)


def test_bad_filters_are_4xx_json(web_client):  # noqa: F811
    assert web_client.get("/graph", params={"level": "galactic"}).status_code == 400
    nothing = web_client.get("/graph/frame", params={"focus": "zzqqxx-nothing-matches"})
    assert nothing.status_code == 400 and "error" in nothing.json()
