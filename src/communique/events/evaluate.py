"""Scoring the event coder on a sentence set (``tests/data/event_sentences.jsonl``).

Each line is one sentence with a date and the events a person expects
(``expected`` may be empty: negations and sentences without a codable actor). A
predicted event matches an expected one of the same type (one-to-one, in order);
per-type precision and recall follow. Actor agreement is reported apart: for matched
events, whether a predicted source (target) has the expected country and sector,
counting only the fields the gold gives.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from communique.events.lexicon import PLOVER_TYPES
from communique.model import Actor, Document, Event, RawDocument


@dataclass
class Tally:
    """Counts for one event type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class Agreement:
    """Actor agreement on matched events: hits / compared, per field."""

    hits: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)


def load_sentence_set(path: Path) -> list[dict]:
    """Read and check the JSON Lines sentence set."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        for key in ("id", "text", "date", "expected"):
            if key not in row:
                raise ValueError(f"line {number}: missing {key!r}")
        for exp in row["expected"]:
            if exp.get("type") not in PLOVER_TYPES:
                raise ValueError(f"line {number}: unknown type {exp.get('type')!r}")
        rows.append(row)
    return rows


def code_sentences(rows: list[dict]) -> list[list[Event]]:
    """Run nlp, link and events on each sentence as a one-sentence document published on its date."""
    from communique.events import code_events
    from communique.link import get_linker
    from communique.nlp import parse_documents

    docs = [
        Document(
            raw=RawDocument(source=r["id"], text=r["text"], date_hint=r["date"]),
            text=r["text"],
            published=r["date"],
        )
        for r in rows
    ]
    parse_documents(docs)
    linker = get_linker()
    out = []
    for doc in docs:
        linker.link_document(doc)
        out.append(code_events(doc))
    return out


def score_sentence_set(path: Path | str) -> dict:
    """Per-type precision/recall, overall micro figures and actor agreement on a sentence set.

    RETURNS (dict): {"sentences", "types": {TYPE: {tp, fp, fn, precision, recall}},
        "overall": {tp, fp, fn, precision, recall, f1}, "actors": {field: {hits, total, rate}},
        "errors": [str]}.
    """
    rows = load_sentence_set(Path(path))
    predicted = code_sentences(rows)
    tallies = {t: Tally() for t in PLOVER_TYPES}
    agree = Agreement()
    errors: list[str] = []
    for row, events in zip(rows, predicted, strict=True):
        _score_row(row, events, tallies, agree, errors)
    return _summary(len(rows), tallies, agree, errors)


def _score_row(
    row: dict, events: list[Event], tallies: dict[str, Tally], agree: Agreement, errors: list
) -> None:
    unmatched = list(events)
    for exp in row["expected"]:
        hit = next((e for e in unmatched if e.type == exp["type"]), None)
        if hit is None:
            tallies[exp["type"]].fn += 1
            errors.append(f"{row['id']}: missed {exp['type']}: {row['text']}")
            continue
        unmatched.remove(hit)
        tallies[exp["type"]].tp += 1
        _compare_actors(exp.get("source", {}), hit.source, "source", agree)
        _compare_actors(exp.get("target", {}), hit.target, "target", agree)
    for extra in unmatched:
        tallies[extra.type].fp += 1
        errors.append(f"{row['id']}: extra {extra.type} ({extra.rule}): {row['text']}")


def _compare_actors(expected: dict, actors: list[Actor], role: str, agree: Agreement) -> None:
    for key in ("country", "sector"):
        if expected.get(key) is None:
            continue
        name = f"{role}.{key}"
        agree.total[name] += 1
        if any(getattr(a, key) == expected[key] for a in actors):
            agree.hits[name] += 1


def _summary(n: int, tallies: dict[str, Tally], agree: Agreement, errors: list[str]) -> dict:
    tp = sum(t.tp for t in tallies.values())
    fp = sum(t.fp for t in tallies.values())
    fn = sum(t.fn for t in tallies.values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "sentences": n,
        "types": {
            name: {"tp": t.tp, "fp": t.fp, "fn": t.fn, "precision": t.precision, "recall": t.recall}
            for name, t in tallies.items()
        },
        "overall": {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1},
        "actors": {
            name: {"hits": agree.hits[name], "total": total, "rate": agree.hits[name] / total}
            for name, total in sorted(agree.total.items())
        },
        "errors": errors,
    }


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def format_report(result: dict, max_errors: int = 40) -> list[str]:
    """The lines ``communique eval SENTENCES.jsonl`` prints."""
    o = result["overall"]
    lines = [
        f"event sentence set: {result['sentences']} sentences",
        f"{'type':<10} {'P':>6} {'R':>6}   tp  fp  fn",
    ]
    for name, t in result["types"].items():
        lines.append(
            f"{name:<10} {_fmt(t['precision']):>6} {_fmt(t['recall']):>6}  {t['tp']:3} {t['fp']:3} {t['fn']:3}"
        )
    lines.append(
        f"{'overall':<10} {o['precision']:6.3f} {o['recall']:6.3f}  {o['tp']:3} {o['fp']:3} {o['fn']:3}  F1 {o['f1']:.3f}"
    )
    for name, a in result["actors"].items():
        lines.append(f"actors {name:<15} {a['rate']:.3f}  ({a['hits']}/{a['total']})")
    if result["errors"]:
        lines.append(f"errors ({len(result['errors'])}):")
        lines.extend(f"  - {e}" for e in result["errors"][:max_errors])
    return lines
