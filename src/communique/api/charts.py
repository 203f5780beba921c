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


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _buckets(counts: dict[str, int]) -> tuple[list[str], str]:
    """Consecutive month (or year) labels covering the data, and which unit was chosen."""
    months = sorted(counts)
    if not months:
        return [], "month"
    span = _months_between(months[0], months[-1])
    if len(span) <= MAX_MONTH_BARS:
        return span, "month"
    return [str(y) for y in range(int(months[0][:4]), int(months[-1][:4]) + 1)], "year"


def histogram_bars(buckets: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars for a ``[{"month": "YYYY-MM", "count": n}]`` histogram, gaps filled with zero."""
    counts = {b["month"]: b["count"] for b in buckets}
    labels, unit = _buckets(counts)
    if unit == "year":
        by_year: dict[str, int] = defaultdict(int)
        for month, n in counts.items():
            by_year[month[:4]] += n
        counts = by_year
    peak = max(counts.values(), default=0) or 1
    plot_h = CHART_HEIGHT - AXIS_HEIGHT
    step = CHART_WIDTH / max(len(labels), 1)
    bars = []
    for i, label in enumerate(labels):
        n = counts.get(label, 0)
        h = round(plot_h * n / peak, 1)
        bars.append({"label": label, "count": n, "x": round(i * step, 1), "w": round(max(step - 1, 1), 1),
                     "y": round(plot_h - h, 1), "h": h})  # fmt: skip
    ticks = _ticks(bars)
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "unit": unit,
        "bars": bars,
        "ticks": ticks,
        "peak": peak,
    }


def _ticks(bars: list[dict[str, Any]], wanted: int = 8) -> list[dict[str, Any]]:
    if not bars:
        return []
    every = max(1, len(bars) // wanted)
    return [{"x": b["x"], "label": b["label"]} for i, b in enumerate(bars) if i % every == 0]


def stacked_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Events over time: one bar per month (or year), stacked by event type."""
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        per[r["month"]][r["type"]] += r["count"]
    labels, unit = _buckets({m: 1 for m in per})
    if unit == "year":
        years: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for month, types in per.items():
            for t, n in types.items():
                years[month[:4]][t] += n
        per = years
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
                         "colour": TYPE_COLOURS.get(t, OTHER_COLOUR)})  # fmt: skip
    types = sorted({t for v in per.values() for t in v})
    legend = [{"type": t, "colour": TYPE_COLOURS.get(t, OTHER_COLOUR)} for t in types]
    ticks = _ticks([{"x": round(i * step, 1), "label": lab} for i, lab in enumerate(labels)])
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "unit": unit, "bars": bars, "ticks": ticks,
            "legend": legend, "peak": peak}  # fmt: skip


def network_layout(graph: dict[str, Any], focus: str | None = None) -> dict[str, Any]:
    """Node positions and sizes for the actor network (networkx spring layout, fixed seed)."""
    import networkx as nx

    g = nx.Graph()
    for n in graph["nodes"]:
        g.add_node(n["id"])
    for e in graph["edges"]:
        g.add_edge(e["source"], e["target"], weight=e["weight"])
    if not g:
        return {"size": NETWORK_SIZE, "nodes": [], "edges": []}
    pos = nx.spring_layout(g, seed=7, weight="weight", k=1.6 / max(len(g), 1) ** 0.5)
    pad, size = 60, NETWORK_SIZE
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x = (max(xs) - min(xs)) or 1
    span_y = (max(ys) - min(ys)) or 1

    def place(node: str) -> tuple[float, float]:
        x, y = pos[node]
        return (round(pad + (x - min(xs)) / span_x * (size - 2 * pad), 1),
                round(pad + (y - min(ys)) / span_y * (size - 2 * pad), 1))  # fmt: skip

    heaviest = max((n["weight"] for n in graph["nodes"]), default=1) or 1
    top_edge = max((e["weight"] for e in graph["edges"]), default=1) or 1
    nodes = []
    for n in graph["nodes"]:
        x, y = place(n["id"])
        nodes.append({**n, "x": x, "y": y, "r": round(5 + 14 * (n["weight"] / heaviest) ** 0.5, 1),
                      "focus": n["id"] == focus})  # fmt: skip
    edges = []
    for e in graph["edges"]:
        (x1, y1), (x2, y2) = place(e["source"]), place(e["target"])
        edges.append({**e, "x1": x1, "y1": y1, "x2": x2, "y2": y2,
                      "stroke": round(0.8 + 5 * e["weight"] / top_edge, 1)})  # fmt: skip
    return {"size": size, "nodes": nodes, "edges": edges}
