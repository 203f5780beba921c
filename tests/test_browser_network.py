"""The actor network as an analyst uses it, in headless Chromium at 1,024 and 1,440 px: zoom,
pan, drag, the minimum tie strength slider, communities in colour, and labels that neither
overlap nor get cut at the edge, on the seeds and on a graph of 1,000 actors."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from communique.api.charts import network_layout
from tests import kb_fixture
from tests.browser import ARTIFACTS, browser, server  # noqa: F401 (shared fixtures)
from tests.test_browser_pages import WIDTHS

pytestmark = pytest.mark.browser

# Labels shown: their boxes on screen, and whether any two overlap or one leaves the view.
LABELS_JS = """() => {
  const cy = window.communiqueNetwork.cy(), box = document.getElementById('network-graph');
  const w = box.clientWidth, h = box.clientHeight, shown = [];
  cy.nodes(':visible').forEach((n) => {
    if (n.hasClass('no-label')) return;
    shown.push(n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true}));
  });
  let overlaps = 0, outside = 0;
  shown.forEach((a, i) => {
    if (a.x1 < 0 || a.y1 < 0 || a.x2 > w || a.y2 > h) outside++;
    shown.slice(i + 1).forEach((b) => { if (a.x1 < b.x2 && a.x2 > b.x1 && a.y1 < b.y2 && a.y2 > b.y1) overlaps++; });
  });
  const colours = new Set(cy.nodes().map((n) => n.style('background-color')));
  return {labels: shown.length, overlaps, outside, nodes: cy.nodes().length, colours: colours.size,
          communities: new Set(cy.nodes().map((n) => n.data('community'))).size};
}"""


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def page(request: pytest.FixtureRequest, browser, server: kb_fixture.LiveServer) -> Iterator:  # noqa: ANN001, F811
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    tab = context.new_page()
    tab.width = request.param
    tab.goto(server.url + "/network")
    tab.wait_for_function("window.communiqueNetwork && window.communiqueNetwork.cy().nodes().length > 0")
    yield tab
    context.close()


def _labels(page) -> dict:  # noqa: ANN001
    """Thin the labels, let the canvas draw twice, then measure the labels cytoscape drew."""
    page.evaluate("window.communiqueNetwork.thinLabels()")
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return page.evaluate(LABELS_JS)


def test_network_labels_communities_and_fit(page) -> None:  # noqa: ANN001
    page.screenshot(path=str(ARTIFACTS / f"network-{page.width}.png"), full_page=True)
    seen = _labels(page)
    assert seen["nodes"] >= 10 and seen["labels"] >= 5
    assert seen["overlaps"] == 0 and seen["outside"] == 0
    assert seen["communities"] >= 2 and seen["colours"] >= 2
    assert page.locator("#network-graph canvas").count() >= 1


def test_network_zoom_pan_drag(page) -> None:  # noqa: ANN001
    box = page.locator("#network-graph").bounding_box()
    cx, cy_ = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    zoom = page.evaluate("window.communiqueNetwork.cy().zoom()")
    page.mouse.move(cx, cy_)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"window.communiqueNetwork.cy().zoom() > {zoom}")
    seen = _labels(page)
    assert seen["overlaps"] == 0 and seen["outside"] == 0
    pan = page.evaluate("window.communiqueNetwork.cy().pan()")
    page.evaluate("window.communiqueNetwork.cy().fit(undefined, 24)")
    # drag the heaviest node 60 px to the right
    node = page.evaluate(
        "(() => { const n = window.communiqueNetwork.cy().nodes().max((n) => n.data('weight')).ele;"
        " const p = n.renderedPosition(); return {id: n.id(), x: p.x, y: p.y}; })()"
    )
    start = page.evaluate(f"window.communiqueNetwork.cy().getElementById({node['id']!r}).position('x')")
    page.mouse.move(box["x"] + node["x"], box["y"] + node["y"])
    page.mouse.down()
    page.mouse.move(box["x"] + node["x"] + 30, box["y"] + node["y"], steps=4)
    page.mouse.move(box["x"] + node["x"] + 60, box["y"] + node["y"], steps=4)
    page.mouse.up()
    moved = page.evaluate(f"window.communiqueNetwork.cy().getElementById({node['id']!r}).position('x')")
    assert moved > start
    assert pan is not None


def test_network_minimum_tie_strength(page) -> None:  # noqa: ANN001
    before = page.evaluate("window.communiqueNetwork.cy().edges(':visible').length")
    top = int(page.get_attribute("#net-min", "max"))
    page.fill("#net-min", str(top))
    page.dispatch_event("#net-min", "input")
    after = page.evaluate("window.communiqueNetwork.cy().edges(':visible').length")
    weights = page.evaluate("window.communiqueNetwork.cy().edges(':visible').map((e) => e.data('weight'))")
    assert 0 < after < before and min(weights) >= top
    page.fill("#net-min", "1")
    page.dispatch_event("#net-min", "input")


def test_network_readable_at_1000_actors(page) -> None:  # noqa: ANN001
    if page.width != max(WIDTHS):
        return  # one width is enough for the large graph; the small one is checked at both
    rng = random.Random(3)
    nodes = [
        {"id": f"n{i}", "name": f"Actor {i} of the network", "weight": rng.randint(1, 60)}
        for i in range(1000)
    ]
    pairs = {tuple(sorted(rng.sample(range(1000), 2))) for _ in range(2600)}
    edges = [{"source": f"n{a}", "target": f"n{b}", "weight": rng.randint(1, 9)} for a, b in sorted(pairs)]
    layout = network_layout({"nodes": nodes, "edges": edges})
    page.evaluate("(d) => window.communiqueNetwork.draw(d)", layout)
    seen = _labels(page)
    page.screenshot(path=str(ARTIFACTS / f"network-1000-{page.width}.png"))
    assert seen["nodes"] == 1000
    assert seen["labels"] >= 10 and seen["overlaps"] == 0 and seen["outside"] == 0
    assert seen["colours"] >= 10
    page.evaluate(
        "(() => { const cy = window.communiqueNetwork.cy(); cy.zoom({level: cy.zoom() * 3, "
        "renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}}); })()"
    )
    closer = _labels(page)
    page.screenshot(path=str(ARTIFACTS / f"network-1000-zoomed-{page.width}.png"))
    assert closer["labels"] >= 15 and closer["overlaps"] == 0 and closer["outside"] == 0
