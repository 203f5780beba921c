"""Chart geometry computed on the server, drawn by the templates as inline SVG.

Charts are plain SVG so pages work offline and without a charting library:
the date histogram, events over time stacked by type, and the actor network
(laid out with networkx's spring layout, a fixed seed so a page is stable).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

# Chart sizes in SVG user units; the SVG scales to its container.
CHART_WIDTH = 760
CHART_HEIGHT = 140
AXIS_HEIGHT = 18
# Above this many months a histogram is drawn by year instead.
MAX_MONTH_BARS = 72
NETWORK_SIZE = 760
# PLOVER types, grouped into colours by what they mean (cooperation, talk, conflict).
TYPE_COLOURS = {
    "CONSULT": "#2b6cb0", "AGREE": "#2f855a", "COOPERATE": "#38a169", "SUPPORT": "#68d391",
    "AID": "#9ae6b4", "CONCEDE": "#81e6d9", "RETREAT": "#b2f5ea", "REQUEST": "#90cdf4",
    "ACCUSE": "#dd6b20", "REJECT": "#ed8936", "PROTEST": "#f6ad55", "THREATEN": "#e53e3e",
    "SANCTION": "#c53030", "MOBILIZE": "#b7791f", "COERCE": "#9b2c2c", "ASSAULT": "#742a2a",
}  # fmt: skip
OTHER_COLOUR = "#a0aec0"
# Bars of a plain (unstacked) histogram.
BAR_COLOUR = "#4299e1"


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _periods(dates: set[str]) -> tuple[list[str], str]:
    """Consecutive bar labels covering ``dates`` ("YYYY-MM" or "YYYY" for dated by year only),
    and the unit chosen. By month, a year's year-only items get their own bar after its
    December, labelled with the year alone; over ``MAX_MONTH_BARS`` months, one bar per year."""
    if not dates:
        return [], "month"
    years = sorted({d[:4] for d in dates})
    months = sorted(d for d in dates if len(d) == 7)
    first = months[0] if months else f"{years[0]}-01"
    last = months[-1] if months else f"{years[-1]}-01"
    first, last = min(first, f"{years[0]}-01"), max(last, f"{years[-1]}-01")
    span = _months_between(first, last)
    if len(span) > MAX_MONTH_BARS or not months:
        return [str(y) for y in range(int(years[0]), int(years[-1]) + 1)], "year"
    labels: list[str] = []
    for month in span:
        labels.append(month)
        if (month.endswith("-12") or month == span[-1]) and month[:4] in dates:
            labels.append(month[:4])
    return labels, "month"


def _bucket(date: str, unit: str) -> str:
    return date[:4] if unit == "year" else date


def histogram_bars(
    buckets: list[dict[str, Any]], years: list[dict[str, Any]] | None = None, total: int | None = None
) -> dict[str, Any]:
    """Bars for a ``[{"month": "YYYY-MM", "count": n}]`` histogram, gaps filled with zero.

    ``years`` (the year facet, ``[{"value": "YYYY", "count": n}]``) adds what the monthly
    histogram cannot show, items dated by year only; ``total`` (all results) tells how many
    are undated. The bars then add up to the year facet, and bars plus undated to ``total``.
    """
    counts: dict[str | None, int] = defaultdict(int)
    for b in buckets:
        counts[b["month"]] += b["count"]
    for y in years or []:
        if y["value"] and y["value"][:4].isdigit():
            in_months = sum(n for m, n in counts.items() if m and m[:4] == y["value"])
            if y["count"] > in_months:
                counts[y["value"]] += y["count"] - in_months
    dated = sum(counts.values())
    labels, unit = _periods(set(counts))
    per: dict[str, int] = defaultdict(int)
    for date, n in counts.items():
        per[_bucket(date, unit)] += n
    peak = max(per.values(), default=0) or 1
    plot_h = CHART_HEIGHT - AXIS_HEIGHT
    step = CHART_WIDTH / max(len(labels), 1)
    bars = []
    for i, label in enumerate(labels):
        n = per.get(label, 0)
        h = round(plot_h * n / peak, 1)
        bars.append({"label": label, "count": n, "x": round(i * step, 1), "w": round(max(step - 1, 1), 1),
                     "y": round(plot_h - h, 1), "h": h, "colour": BAR_COLOUR,
                     "year_only": unit == "month" and len(label) == 4})  # fmt: skip
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "unit": unit,
        "bars": bars,
        "ticks": _ticks(bars),
        "peak": peak,
        "dated": dated,
        "undated": max((total or 0) - dated, 0) if total is not None else 0,
        "year_only": any(b["year_only"] and b["count"] for b in bars),
    }


def _ticks(bars: list[dict[str, Any]], wanted: int = 8) -> list[dict[str, Any]]:
    if not bars:
        return []
    labels = list(dict.fromkeys(b["label"] for b in bars))
    xs = {}
    for b in bars:
        xs.setdefault(b["label"], b["x"])
    every = max(1, len(labels) // wanted)
    return [{"x": xs[lab], "label": lab} for i, lab in enumerate(labels) if i % every == 0]


def stacked_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Events over time: one bar per month (or year), stacked by event type.

    ``rows`` are ``[{"date": "YYYY-MM" | "YYYY" | None, "type", "count"}]``: events dated by
    year only get a bar of their own, undated ones are counted in ``undated``; the legend
    names every type drawn, with its count, so bars plus undated add up to the listed total.
    """
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    undated = 0
    type_totals: dict[str, int] = defaultdict(int)
    dates = {r["date"] for r in rows if r["date"]}
    labels, unit = _periods(dates)
    for r in rows:
        type_totals[r["type"]] += r["count"]
        if r["date"]:
            per[_bucket(r["date"], unit)][r["type"]] += r["count"]
        else:
            undated += r["count"]
    peak = max((sum(t.values()) for t in per.values()), default=0) or 1
    plot_h = CHART_HEIGHT - AXIS_HEIGHT
    step = CHART_WIDTH / max(len(labels), 1)
    bars = []
    for i, label in enumerate(labels):
        y = plot_h
        for t, n in sorted(per.get(label, {}).items()):
            h = plot_h * n / peak
            y -= h
            bars.append({"label": label, "type": t, "count": n, "x": round(i * step, 1),
                         "w": round(max(step - 1, 1), 1), "y": round(y, 1), "h": round(h, 1),
                         "colour": TYPE_COLOURS.get(t, OTHER_COLOUR),
                         "year_only": unit == "month" and len(label) == 4})  # fmt: skip
    legend = [{"type": t, "colour": TYPE_COLOURS.get(t, OTHER_COLOUR), "count": type_totals[t]}
              for t in sorted(type_totals)]  # fmt: skip
    ticks = _ticks([{"x": round(i * step, 1), "label": lab} for i, lab in enumerate(labels)])
    dated = sum(n for t in per.values() for n in t.values())
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "unit": unit, "bars": bars, "ticks": ticks,
            "legend": legend, "peak": peak, "dated": dated, "undated": undated,
            "year_only": any(b["year_only"] for b in bars)}  # fmt: skip


def network_layout(graph: dict[str, Any], focus: str | None = None) -> dict[str, Any]:
    """Node positions, sizes and communities for the actor network.

    Positions come from networkx's spring layout (fixed seed, so a page is stable) in a
    ``NETWORK_SIZE`` square; the browser draws them with cytoscape and fits the view to
    nodes *and* labels. Communities (Louvain, fixed seed) give each node a colour index.
    """
    import networkx as nx

    g = nx.Graph()
    for n in graph["nodes"]:
        g.add_node(n["id"])
    for e in graph["edges"]:
        g.add_edge(e["source"], e["target"], weight=e["weight"])
    if not g:
        return {"size": NETWORK_SIZE, "nodes": [], "edges": [], "communities": 0}
    pos = _force_layout(g, seed=7)
    community = {}
    groups = nx.community.louvain_communities(g, weight="weight", seed=7)
    for i, members in enumerate(sorted(groups, key=len, reverse=True)):
        for node in members:
            community[node] = i
    pad, size = 60, NETWORK_SIZE
    # Scale to the 1st-99th percentile so a few far-flung nodes do not squeeze the rest.
    xs = sorted(p[0] for p in pos.values())
    ys = sorted(p[1] for p in pos.values())
    lo_x, hi_x = xs[len(xs) // 100], xs[-1 - len(xs) // 100]
    lo_y, hi_y = ys[len(ys) // 100], ys[-1 - len(ys) // 100]
    span_x, span_y = (hi_x - lo_x) or 1, (hi_y - lo_y) or 1

    def place(node: str) -> tuple[float, float]:
        x = min(max((pos[node][0] - lo_x) / span_x, -0.02), 1.02)
        y = min(max((pos[node][1] - lo_y) / span_y, -0.02), 1.02)
        return round(pad + x * (size - 2 * pad), 1), round(pad + y * (size - 2 * pad), 1)

    heaviest = max((n["weight"] for n in graph["nodes"]), default=1) or 1
    # Smaller dots when there are many, so a thousand still leave room between them.
    shrink = min(1.0, (150 / len(g)) ** 0.5)
    top_edge = max((e["weight"] for e in graph["edges"]), default=1) or 1
    nodes = []
    for n in graph["nodes"]:
        x, y = place(n["id"])
        nodes.append({**n, "x": x, "y": y, "r": round((5 + 14 * (n["weight"] / heaviest) ** 0.5) * shrink, 1),
                      "focus": n["id"] == focus, "community": community.get(n["id"], 0)})  # fmt: skip
    edges = []
    for e in graph["edges"]:
        (x1, y1), (x2, y2) = place(e["source"]), place(e["target"])
        edges.append({**e, "x1": x1, "y1": y1, "x2": x2, "y2": y2,
                      "stroke": round(0.8 + 5 * e["weight"] / top_edge, 1)})  # fmt: skip
    return {"size": size, "nodes": nodes, "edges": edges, "communities": len(groups)}


def _force_layout(g: Any, seed: int, iterations: int = 40) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold positions in the unit square, computed on dense numpy arrays.

    Hand-written because networkx switches to a pure-Python sparse version above 500
    nodes, which takes seconds at 1,000; this one takes a fraction of that.
    """
    import networkx as nx
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    adjacency = nx.to_numpy_array(g, nodelist=nodes, weight="weight", dtype=np.float32)
    adjacency = np.log1p(adjacency)  # a tie of 50 events pulls harder than one of 5, not ten times
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2), dtype=np.float32)
    k = np.float32(1.6 / n**0.5)
    t = np.float32(0.1)
    cooling = t / (iterations + 1)
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist2 = dx * dx + dy * dy
        np.maximum(dist2, 1e-4, out=dist2)
        # repulsion k²/d and attraction w·d²/k, both along the unit vector (dx, dy)/d
        force = k * k / dist2 - adjacency * np.sqrt(dist2) / k
        mx, my = (dx * force).sum(axis=1), (dy * force).sum(axis=1)
        length = np.maximum(np.sqrt(mx * mx + my * my), 0.01)
        x += mx * t / length
        y += my * t / length
        t -= cooling
    pos = np.stack([x, y], axis=1)
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for i, node in enumerate(nodes)}
