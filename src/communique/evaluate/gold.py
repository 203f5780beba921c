"""Scoring the pipeline against a hand-made gold file (``../shared/gold``).

Each measure follows the gold README: folded substring matches for clean
text, exact titles and dates, quotes matched by how they start, events by
type + date + a shared actor, and so on. ``score_gold`` returns measures
and misses; the CLI prints them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from communique.model import Document, RawDocument

# Folding used by every text comparison in the gold README.
_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "ʼ": "'"})
_WS = re.compile(r"\s+")
# A gold quote may be matched within the first characters of a predicted one.
QUOTE_START_WINDOW = 200


def fold(text: str) -> str:
    return _WS.sub(" ", text.translate(_QUOTE_FOLD)).strip()


@dataclass
class Measure:
    name: str
    hits: int
    total: int
    misses: list[str] = field(default_factory=list)

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def line(self) -> str:
        value = "n/a" if self.value is None else f"{self.value:.3f}"
        return f"{self.name:<28} {value:>6}  ({self.hits}/{self.total})"


@dataclass
class GoldReport:
    measures: list[Measure]
    notes: list[str] = field(default_factory=list)

    def get(self, name: str) -> Measure:
        return next(m for m in self.measures if m.name == name)


class NameMatcher:
    """Canonical names and their accepted aliases from the gold file."""

    def __init__(self, aliases: dict[str, list[str]]):
        self.groups = {self.norm(k): {self.norm(k), *(self.norm(a) for a in v)} for k, v in aliases.items()}

    @staticmethod
    def norm(name: str) -> str:
        return fold(name).lower().replace(".", "")

    def same(self, predicted: str | None, gold: str) -> bool:
        if not predicted:
            return False
        p, g = self.norm(predicted), self.norm(gold)
        return p == g or p in self.groups.get(g, set())


def load_gold(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc


def analyse_gold_documents(gold: dict, docs_dir: Path) -> dict[str, Document]:
    """Run the whole pipeline on the gold's documents, analysed together."""
    from communique.ingest import Skipped, read_paths
    from communique.pipeline import analyze

    names = list(gold["documents"])
    raws: list[RawDocument] = []
    for name in names:
        path = docs_dir / name
        if not path.is_file():
            raise FileNotFoundError(f"gold document {name} not found in {docs_dir} (use --docs DIR)")
        item = next(read_paths([str(path)]))
        if isinstance(item, Skipped):
            raise ValueError(f"gold document {name} could not be read: {item.reason}")
        raws.append(item)
    docs = analyze(raws, stories=True)
    return dict(zip(names, docs, strict=False))


def score_gold(gold: dict, docs: dict[str, Document]) -> GoldReport:
    """Compute every measure of the gold README on analysed documents."""
    names = NameMatcher(gold.get("aliases", {}))
    measures = [
        *score_clean(gold, docs),
        *score_metadata(gold, docs, names),
        *score_quotes(gold, docs, names),
        score_events(gold, docs, names),
        *score_entities(gold, docs, names),
        score_facts(gold, docs, names),
        score_stories(gold, docs),
    ]
    return GoldReport(measures)


def score_clean(gold: dict, docs: dict[str, Document]) -> list[Measure]:
    present = Measure("clean.must_contain", 0, 0)
    absent = Measure("clean.must_not_contain", 0, 0)
    for name, g in gold["documents"].items():
        text = fold(docs[name].text)
        for phrase in g.get("clean", {}).get("must_contain", []):
            present.total += 1
            if fold(phrase) in text:
                present.hits += 1
            else:
                present.misses.append(f"{name}: missing {phrase!r}")
        for phrase in g.get("clean", {}).get("must_not_contain", []):
            absent.total += 1
            if fold(phrase) not in text:
                absent.hits += 1
            else:
                absent.misses.append(f"{name}: still contains {phrase!r}")
    return [present, absent]


def score_metadata(gold: dict, docs: dict[str, Document], names: NameMatcher) -> list[Measure]:
    title = Measure("title", 0, 0)
    published = Measure("published", 0, 0)
    event_date = Measure("event_date", 0, 0)
    event_hard = Measure("event_date (hard)", 0, 0)
    place = Measure("place", 0, 0)
    for name, g in gold["documents"].items():
        doc = docs[name]
        if "title" in g:
            _check(title, fold(doc.title or "") == fold(g["title"]), f"{name}: title {doc.title!r}")
        if "published" in g:
            _check(
                published,
                _published_ok(doc.published, g["published"]),
                f"{name}: published {doc.published!r}",
            )
        if "event_date" in g:
            target = event_hard if g.get("event_date_hard") else event_date
            _check(target, doc.event_date == g["event_date"], f"{name}: event_date {doc.event_date!r}")
        if "place" in g:
            _check(place, names.same(doc.place, g["place"]), f"{name}: place {doc.place!r}")
    return [title, published, event_date, event_hard, place]


def _published_ok(predicted: str | None, expected: str) -> bool:
    if not predicted or predicted[:10] != expected[:10]:
        return False
    return len(expected) <= 10 or predicted[11:16] == expected[11:16]


def _check(measure: Measure, ok: bool, miss: str) -> None:
    measure.total += 1
    if ok:
        measure.hits += 1
    else:
        measure.misses.append(miss)


def quote_matches(predicted: str, starts: str) -> bool:
    p, s = fold(predicted), fold(starts)
    return p.startswith(s) or s in p[: QUOTE_START_WINDOW + len(s)]


def score_quotes(gold: dict, docs: dict[str, Document], names: NameMatcher) -> list[Measure]:
    recall = Measure("quotes.recall", 0, 0)
    speaker = Measure("quotes.speaker_accuracy", 0, 0)
    hard = Measure("quotes.hard (recall+speaker)", 0, 0)
    not_quotes = Measure("quotes.not_quotes_avoided", 0, 0)
    precision = Measure("quotes.precision", 0, 0)
    for name, g in gold["documents"].items():
        predicted = [q for q in docs[name].quotes if q.direct]
        used: set[int] = set()
        for gq in g.get("quotes", []):
            idx = next((i for i, q in enumerate(predicted) if quote_matches(q.text, gq["starts"])), None)
            found = idx is not None
            if idx is not None:
                used.add(idx)
            who = predicted[idx].speaker.name if found and predicted[idx].speaker else None
            right = found and names.same(who, gq["speaker"])
            if gq.get("hard"):
                _check(
                    hard, right, f"{name}: hard quote {gq['starts'][:40]!r} → {who if found else 'not found'}"
                )
                continue
            _check(recall, found, f"{name}: quote not found {gq['starts'][:50]!r}")
            if found:
                _check(speaker, right, f"{name}: {gq['starts'][:40]!r} speaker {who!r} ≠ {gq['speaker']!r}")
        for i, q in enumerate(predicted):
            if not g.get("quotes") and not g.get("not_quotes"):
                break
            _check(precision, i in used, f"{name}: extra quote {q.text[:60]!r}")
        for nq in g.get("not_quotes", []):
            bad = [q for q in predicted if fold(q.text).strip(" .,") == fold(nq)]
            _check(not_quotes, not bad, f"{name}: not-quote returned {nq!r}")
    return [recall, speaker, hard, not_quotes, precision]


def _event_date_ok(predicted: str | None, g: dict) -> bool:
    if "date" in g:
        return predicted == g["date"]
    if "year" in g:
        return predicted is not None and predicted[:4] == str(g["year"])
    if "date_before" in g:
        return predicted is not None and g.get("date_after", "") <= predicted[:10] <= g["date_before"]
    return True


def score_events(gold: dict, docs: dict[str, Document], names: NameMatcher) -> Measure:
    measure = Measure("events.recall", 0, 0)
    for name, g in gold["documents"].items():
        for ge in g.get("events", []):
            ok = any(
                ev.type == ge["type"]
                and _event_date_ok(ev.date, ge)
                and any(names.same(a.name, ga) for a in ev.source + ev.target for ga in ge["actors"])
                for ev in docs[name].events
            )
            _check(measure, ok, f"{name}: event {ge['type']} {ge.get('what', '')!r} not found")
    return measure


def entity_ids_for(docs: dict[str, Document], surface: str) -> set[str]:
    """Ids of the entities whose mentions read ``surface`` (or end with it: "President Putin")."""
    key = NameMatcher.norm(surface)
    return {
        e.id
        for doc in docs.values()
        for e in doc.entities
        for m in e.mentions
        if NameMatcher.norm(m.text) == key or NameMatcher.norm(m.text).endswith(" " + key)
    }


def score_entities(gold: dict, docs: dict[str, Document], names: NameMatcher) -> list[Measure]:
    one = Measure("entities.same_name_groups", 0, 0)
    groups = [[k, *v] for k, v in gold.get("aliases", {}).items()] + gold.get(
        "same_thing_different_names", []
    )
    for group in groups:
        ids: set[str] = set()
        seen = False
        for surface in group:
            found = entity_ids_for(docs, surface)
            seen = seen or bool(found)
            ids |= found
        if seen:
            _check(one, len(ids) == 1, f"{group[0]!r} resolves to {sorted(ids)}")
    roles = Measure("entities.roles_at_date", 0, 0)
    participants = Measure("entities.participants_iso3", 0, 0)
    from communique.link import get_linker

    linker = get_linker()
    for name, g in gold["documents"].items():
        for r in g.get("roles_at_date", []):
            held = linker.who(r["role"], r["date"])
            who = held[0].name if held else None
            _check(roles, names.same(who, r["person"]), f"{r['role']} on {r['date']} → {who!r}")
        for p in g.get("participants", []):
            ents = [e for e in docs[name].entities if names.same(e.name, p)]
            _check(
                participants, any(e.country for e in ents), f"{name}: participant {p!r} not linked with ISO3"
            )
    return [one, roles, participants]


def fact_matches(fact, g: dict, names: NameMatcher) -> bool:  # noqa: ANN001
    """A text fact matches a gold fact: relation, subject, object, dates, and a source sentence."""
    if fact.relation != g["relation"] or fact.sentence is None:
        return False
    if not (names.same(fact.subject, g["subject"]) and names.same(fact.object, g["object"])):
        return False
    for key, attr in (("from", "from_"), ("until", "until"), ("at", "at")):
        if key in g and getattr(fact, attr) != g[key]:
            return False
    if "year" in g:
        dates = [fact.from_, fact.until, fact.at]
        return any(d and d[:4] == str(g["year"]) for d in dates)
    return True


def score_facts(gold: dict, docs: dict[str, Document], names: NameMatcher) -> Measure:
    measure = Measure("facts.found_with_sentence", 0, 0)
    for name, g in gold["documents"].items():
        for gf in g.get("facts", []):
            ok = any(fact_matches(f, gf, names) for f in docs[name].facts)
            _check(measure, ok, f"{name}: fact {gf['relation']} {gf['object']} {gf} not found")
    return measure


def score_stories(gold: dict, docs: dict[str, Document]) -> Measure:
    measure = Measure("stories.pairs", 0, 0)
    names = list(gold["documents"])
    cluster = {n: gold["documents"][n].get("story") or f"alone:{n}" for n in names}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            same_gold = cluster[a] == cluster[b]
            same_pred = docs[a].story is not None and docs[a].story == docs[b].story
            _check(measure, same_gold == same_pred, f"{a} / {b}: together={same_pred}, gold {same_gold}")
    return measure
