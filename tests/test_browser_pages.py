"""Every workbench page as a person sees it, at 1,024 and 1,440 px wide, in headless Chromium.

What is checked is what is visible: the API docs render their operations, every
chart bar is painted in its event type's colour and the bars add up to the count
the page lists, the legend names every type drawn, and no element spills over
another. A screenshot of each page at each width goes to test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests import kb_fixture
from tests.browser import ARTIFACTS, browser, server  # noqa: F401 (shared fixtures)

pytestmark = pytest.mark.browser

WIDTHS = (1024, 1440)
PERSON = "person:alexander-lukashenko"
ORG = "org:csto"
# Pages an analyst opens; each is checked for overlapping elements at both widths.
PAGES = {
    "home": "/",
    "search": "/search?q=CSTO",
    "quotes": "/quotes",
    "events": "/events",
    "network": "/network",
    "stories": "/stories",
    "entities": "/entities",
    "person": f"/entities/{PERSON}",
    "org-entity": f"/entities/{ORG}",
    "organisation": f"/organisations/{ORG}",
}

# Boxes that spill out of their parent or run into a sibling; one entry per offence.
OVERLAP_JS = """() => {
  const out = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const spills = (el) => {
    const s = getComputedStyle(el);
    if (s.overflowX !== 'visible' || s.display === 'inline' || s.display === 'contents') return false;
    return el.scrollWidth > el.clientWidth + 1;
  };
  for (const el of document.querySelectorAll('main *')) {
    if (!visible(el) || el.closest('svg, .scroll-x, pre, code')) continue;
    if (spills(el)) out.push('content spills out of ' + name(el) + ' (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
  }
  for (const row of document.querySelectorAll('main .cols, main .layout')) {
    const kids = [...row.children].filter(visible);
    for (let i = 0; i < kids.length; i++) for (let j = i + 1; j < kids.length; j++) {
      const a = kids[i].getBoundingClientRect(), b = kids[j].getBoundingClientRect();
      for (const [x, other] of [[kids[i], b], [kids[j], a]]) {
        for (const d of x.querySelectorAll('*')) {
          const r = d.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          const ix = Math.min(r.right, other.right) - Math.max(r.left, other.left);
          const iy = Math.min(r.bottom, other.bottom) - Math.max(r.top, other.top);
          if (ix > 1 && iy > 1) { out.push(name(d) + ' overlaps the next column'); break; }
        }
      }
    }
  }
  return [...new Set(out)];
}"""

# Each chart: its bars (type, count, painted colour), its legend and the undated count it states.
CHART_JS = """(fig) => {
  // A bar's tooltip reads "2023-05 CONSULT: 3" (stacked) or "2023-05: 3".
  const bars = [...fig.querySelectorAll('rect.bar')].map((r) => {
    const m = r.querySelector('title').textContent.trim().match(/^(\\S+)(?: (\\S+))?: (\\d+)$/);
    return {label: m[1], type: m[2] || null, count: Number(m[3]), fill: getComputedStyle(r).fill};
  });
  const legend = [...fig.querySelectorAll('.legend > *')].map((l) => {
    const swatch = l.querySelector('rect, i');
    const s = getComputedStyle(swatch);
    return {type: l.textContent.trim().split(/\\s/)[0], fill: swatch.tagName === 'rect' ? s.fill : s.backgroundColor};
  });
  const undated = fig.querySelector('[data-undated]');
  return {bars, legend, undated: undated ? Number(undated.dataset.undated) : 0,
          caption: fig.querySelector('figcaption').innerText};
}"""


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request: pytest.FixtureRequest, browser, server: kb_fixture.LiveServer) -> Iterator:  # noqa: ANN001, F811
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    tab = context.new_page()
    tab.width = request.param
    tab.base = server.url
    yield tab
    context.close()


def _open(page, name: str, path: str, ready: str = "main") -> None:  # noqa: ANN001
    response = page.goto(page.base + path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    page.wait_for_selector(ready, timeout=15000)
    page.screenshot(path=str(ARTIFACTS / f"pages-{page.width}-{name}.png"), full_page=True)


def _listed(page, selector: str = "p.summary") -> int:  # noqa: ANN001
    """The count a page states in words, e.g. '17 events' or '451 results for …'."""
    text = page.inner_text(selector)
    match = re.match(r"\s*([\d,]+) ", text)
    assert match, f"no count in {text!r}"
    return int(match.group(1).replace(",", ""))


def _check_chart(page, fig) -> dict:  # noqa: ANN001
    chart = fig.evaluate(CHART_JS)
    assert chart["bars"], "a chart without bars"
    legend = {item["type"]: item["fill"] for item in chart["legend"]}
    for bar in chart["bars"]:
        if bar["type"] is None:
            continue
        assert bar["type"] in legend, f"{bar['type']} is drawn but not in the legend"
        assert bar["fill"] == legend[bar["type"]], f"a {bar['type']} bar is painted {bar['fill']}"
    types = {b["type"] for b in chart["bars"] if b["type"]}
    if types:
        painted = {b["fill"] for b in chart["bars"] if b["type"]}
        assert len(painted) == len(types), f"{len(types)} types drawn in {len(painted)} colours"
    chart["total"] = sum(b["count"] for b in chart["bars"])
    return chart


def test_api_docs_render_operations(page) -> None:  # noqa: ANN001
    _open(
        page,
        "docs",
        "/docs",
        "#swagger-ui .opblock, #swagger-ui .version-pragma, #swagger-ui .errors-wrapper",
    )
    assert "Unable to render" not in page.inner_text("#swagger-ui")
    assert page.locator("#swagger-ui .opblock").count() >= 10
    assert page.locator("#swagger-ui .opblock-summary-path", has_text="/api/search").count() == 1


def test_event_charts_paint_types_and_add_up(page) -> None:  # noqa: ANN001
    _open(page, "events-chart", "/events")
    chart = _check_chart(page, page.locator("figure.chart").first)
    assert chart["total"] + chart["undated"] == _listed(page)
    _open(page, "csto-chart", f"/entities/{ORG}")
    chart = _check_chart(page, page.locator("figure.chart").first)
    listed = int(page.locator("h2", has_text="Timeline").locator(".count").inner_text().split()[0])
    assert chart["total"] + chart["undated"] == listed


def test_filtered_event_chart_adds_up(page) -> None:  # noqa: ANN001
    _open(page, "events-filtered", "/events?from=2021&q=security")
    chart = _check_chart(page, page.locator("figure.chart").first)
    assert chart["total"] + chart["undated"] == _listed(page)


def test_search_histogram_agrees_with_year_facet(page) -> None:  # noqa: ANN001
    _open(page, "search-chart", "/search?q=CSTO")
    chart = _check_chart(page, page.locator("figure.chart").first)
    years = page.locator("aside.facets h3", has_text="Year").locator("xpath=following-sibling::ul[1]/li")
    by_year = {}
    for i in range(years.count()):
        label, count = years.nth(i).inner_text().rsplit(None, 1)
        by_year[label.strip()] = int(count)
    dated = sum(n for y, n in by_year.items() if y[:4].isdigit())
    assert chart["total"] == dated
    assert chart["total"] + chart["undated"] == _listed(page)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_nothing_overlaps(page, name: str) -> None:  # noqa: ANN001
    _open(page, name, PAGES[name])
    problems = page.evaluate(OVERLAP_JS)
    assert problems == [], f"{PAGES[name]} at {page.width}px: {problems}"
