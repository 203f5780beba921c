"""Scoring the event coder on sentence sets.

Two kinds of JSON Lines rows are read: rows that carry their ``text`` (the project's
own ``tests/data/event_sentences.jsonl`` and the sentences of our own wording in
``tests/data/event_written.jsonl``), and rows of the development set
(``tests/data/event_devset.jsonl``) that point into the shared corpora by document
id and character offsets (see ``communique.events.devset``). Each row has a date and
the events a person expects (``expected`` may be empty: a sentence with no event);
``also`` lists types that are right too but not required (a second event in the
sentence), and ``split`` is ``dev`` or ``final`` (the held-out fifth).

A predicted event matches an expected one of the same type (one-to-one, in order).
Reported: per-type precision, recall and F1, their macro average, the share of event
sentences where nothing is coded (no-event rate), the share of no-event sentences
where something is (false events), whether the first event coded has the first
expected type, and, for matched events, whether a predicted source (target) has the
expected country and sector (only fields the gold gives are compared) and the mode.
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

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        p, r = p or 0.0, r or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Agreement:
    """Actor agreement on matched events: hits / compared, per field."""

    hits: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)


@dataclass
class SentenceCounts:
    """Sentence-level counts: event sentences left empty, no-event sentences given events."""

    event_sentences: int = 0
    empty: int = 0
    none_sentences: int = 0
    false_events: int = 0
    first_right: int = 0


def load_sentence_set(path: Path, split: str | None = None, root: Path | None = None) -> list[dict]:
    """Read and check a JSON Lines sentence set; corpus rows get their ``text`` from the corpora.

    split (str | None): keep only rows of this part ("dev" or "final"); all when None.
    root (Path | None): the shared data folder for corpus rows (``devset.shared_root()``).
    """
    from communique.events.devset import resolve_text

    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if "text" not in row and "doc" in row:
            row["text"] = resolve_text(row, root)
        for key in ("id", "text", "date", "expected"):
            if key not in row:
                raise ValueError(f"line {number}: missing {key!r}")
        for exp in row["expected"]:
            if exp.get("type") not in PLOVER_TYPES:
                raise ValueError(f"line {number}: unknown type {exp.get('type')!r}")
        if split is None or row.get("split", "dev") == split:
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


def score_sentence_set(path: Path | str | list, split: str | None = None) -> dict:
    """Score the coder on one or more sentence files (see ``score_rows`` for the result)."""
    paths = path if isinstance(path, list) else [path]
    rows = [row for p in paths for row in load_sentence_set(Path(p), split)]
    return score_rows(rows, code_sentences(rows))


def score_rows(rows: list[dict], predicted: list[list[Event]]) -> dict:
    """Per-type precision/recall/F1, macro-F1, sentence rates and actor agreement.

    RETURNS (dict): {"sentences", "types": {TYPE: {tp, fp, fn, precision, recall, f1}},
        "overall": {tp, fp, fn, precision, recall, f1}, "macro_f1", "sentence": {event_sentences,
        empty, no_event_rate, none_sentences, false_events, false_event_rate, first_type},
        "actors": {field: {hits, total, rate}}, "errors": [str]}.
    """
    tallies = {t: Tally() for t in PLOVER_TYPES}
    agree = Agreement()
    counts = SentenceCounts()
    errors: list[str] = []
    for row, events in zip(rows, predicted, strict=True):
        _score_row(row, events, tallies, agree, errors)
        _count_sentence(row, events, counts)
    return _summary(len(rows), tallies, agree, counts, errors)


def _count_sentence(row: dict, events: list[Event], counts: SentenceCounts) -> None:
    if row["expected"]:
        counts.event_sentences += 1
        counts.empty += not events
        counts.first_right += bool(events) and events[0].type == row["expected"][0]["type"]
    else:
        counts.none_sentences += 1
        counts.false_events += bool(events)


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
        if exp.get("mode"):
            agree.total["mode"] += 1
            agree.hits["mode"] += hit.mode == exp["mode"]
    also = set(row.get("also", ()))
    for extra in unmatched:
        if extra.type in also:
            continue  # a second event the annotator saw: right, but not required
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


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _summary(
    n: int, tallies: dict[str, Tally], agree: Agreement, counts: SentenceCounts, errors: list[str]
) -> dict:
    tp = sum(t.tp for t in tallies.values())
    fp = sum(t.fp for t in tallies.values())
    fn = sum(t.fn for t in tallies.values())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    scored = [t.f1 for t in tallies.values() if t.tp + t.fn]  # types present in the gold
    return {
        "sentences": n,
        "types": {
            name: {
                "tp": t.tp,
                "fp": t.fp,
                "fn": t.fn,
                "precision": t.precision,
                "recall": t.recall,
                "f1": t.f1,
            }
            for name, t in tallies.items()
        },
        "overall": {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1},
        "macro_f1": sum(scored) / len(scored) if scored else 0.0,
        "sentence": {
            "event_sentences": counts.event_sentences,
            "empty": counts.empty,
            "no_event_rate": _rate(counts.empty, counts.event_sentences),
            "none_sentences": counts.none_sentences,
            "false_events": counts.false_events,
            "false_event_rate": _rate(counts.false_events, counts.none_sentences),
            "first_type": _rate(counts.first_right, counts.event_sentences),
        },
        "actors": {
            name: {"hits": agree.hits[name], "total": total, "rate": agree.hits[name] / total}
            for name, total in sorted(agree.total.items())
        },
        "errors": errors,
    }


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


def format_report(result: dict, max_errors: int = 40, title: str = "event sentence set") -> list[str]:
    """The lines ``communique eval SENTENCES.jsonl`` prints."""
    o = result["overall"]
    lines = [
        f"{title}: {result['sentences']} sentences",
        f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn",
    ]
    for name, t in result["types"].items():
        lines.append(
            f"{name:<10} {_fmt(t['precision']):>6} {_fmt(t['recall']):>6} {_fmt(t['f1']):>6}"
            f"  {t['tp']:3} {t['fp']:3} {t['fn']:3}"
        )
    lines.append(
        f"{'overall':<10} {o['precision']:6.3f} {o['recall']:6.3f}  {o['tp']:3} {o['fp']:3} {o['fn']:3}  F1 {o['f1']:.3f}"
    )
    s = result["sentence"]
    lines.append(f"macro-F1 {result['macro_f1']:.3f}")
    lines.append(
        f"no-event rate on event sentences {s['no_event_rate']:.3f} ({s['empty']}/{s['event_sentences']})"
    )
    lines.append(
        f"events on no-event sentences {s['false_event_rate']:.3f} ({s['false_events']}/{s['none_sentences']})"
    )
    lines.append(f"first event of the right type {s['first_type']:.3f}")
    for name, a in result["actors"].items():
        lines.append(f"actors {name:<15} {a['rate']:.3f}  ({a['hits']}/{a['total']})  when the type is right")
    if result["errors"]:
        lines.append(f"errors ({len(result['errors'])}):")
        lines.extend(f"  - {e}" for e in result["errors"][:max_errors])
    return lines


def report_lines(paths: list[Path], max_errors: int = 40) -> list[str]:
    """``communique eval``: one report per part when the rows are split (dev, final), else one."""
    rows = [row for p in paths for row in load_sentence_set(Path(p))]
    predicted = code_sentences(rows)
    parts = sorted({row.get("split") for row in rows if row.get("split")})
    if not parts:
        return format_report(score_rows(rows, predicted), max_errors)
    lines: list[str] = []
    for part in parts:
        keep = [i for i, row in enumerate(rows) if row.get("split") == part]
        result = score_rows([rows[i] for i in keep], [predicted[i] for i in keep])
        lines += format_report(result, max_errors if part == "dev" else 0, title=f"{part} part")
        lines.append("")
    return lines
