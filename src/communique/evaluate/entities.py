"""Entity-linking development set: load corpus texts by id and score the linker on them.

A set is JSON Lines, one hand-checked mention per line, pointing into a corpus text
by id and character offsets (the corpus text itself is never copied):

    {"corpus": "voa", "doc": "8011115", "start": 120, "end": 126, "text": "Iraqi",
     "name": "Iraq", "entity": "country:IRQ", "type": "country", "country": "IRQ",
     "split": "dev"}

``name`` is the canonical name the mention should link to; ``null`` when the span must
not become an entity at all (a dateline, an agency tag, a common word). ``entity`` is
the pack id when the packs know the entity; a mention of someone the packs do not know
is right when the linker gives an entity of that name (provisional or, later, a pack
entity whose name or alias is ``name``). ``split`` is ``dev`` or ``heldout``.

The linker runs on the raw corpus text (parse, then link; no cleaning) so offsets stay
stable whatever the clean stage does; the document's date is the corpus date.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from communique.model import Document, Entity, RawDocument

CORPORA = Path(__file__).resolve().parents[3].parent / "shared" / "corpora"
CORPUS_NAMES = ("voa", "webpages", "polnear")


@dataclass
class CorpusText:
    corpus: str
    doc: str
    text: str
    date: str | None


def corpus_root(root: Path | None = None) -> Path:
    return root or CORPORA


@lru_cache(maxsize=4)
def _jsonl(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as fh:
        return {r["id"]: r for r in (json.loads(line) for line in fh if line.strip())}


def load_text(corpus: str, doc: str, root: Path | None = None) -> CorpusText:
    """One corpus text by id: VOA story id, web page id (p001) or PolNeAR ``split/name``."""
    base = corpus_root(root)
    if corpus == "voa":
        rec = _jsonl(base / "voa" / "voa_stories.jsonl")[doc]
        return CorpusText(corpus, doc, rec["text"], (rec.get("published") or "")[:10] or None)
    if corpus == "webpages":
        rec = _jsonl(base / "webpages" / "pages.jsonl")[doc]
        return CorpusText(corpus, doc, rec["text"], rec.get("corpus_date"))
    if corpus == "polnear":
        split, name = doc.split("/", 1)
        text = (base / "polnear" / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        date = name.split("_")[1] if name.count("_") >= 2 else None
        return CorpusText(corpus, doc, text, date)
    raise KeyError(f"unknown corpus {corpus!r} (one of {', '.join(CORPUS_NAMES)})")


def corpus_ids(corpus: str, root: Path | None = None) -> list[str]:
    base = corpus_root(root)
    if corpus == "voa":
        return list(_jsonl(base / "voa" / "voa_stories.jsonl"))
    if corpus == "webpages":
        return list(_jsonl(base / "webpages" / "pages.jsonl"))
    if corpus == "polnear":
        return [f"{p.parent.parent.name}/{p.stem}" for p in sorted((base / "polnear").glob("*/text/*.txt"))]
    raise KeyError(corpus)


def link_texts(texts: list[CorpusText], progress=None) -> Iterator[tuple[CorpusText, Document]]:  # noqa: ANN001
    """Parse and link raw corpus texts, yielding each with its linked document."""
    from communique.link import get_linker
    from communique.nlp import parse_texts

    linker = get_linker()
    for ct, parsed in zip(texts, parse_texts(t.text for t in texts), strict=True):
        doc = Document(raw=RawDocument(source=f"{ct.corpus}:{ct.doc}", text=ct.text, date_hint=ct.date))
        doc.text = ct.text
        doc.spacy_doc = parsed
        linker.link_document(doc)
        if progress is not None:
            progress()
        yield ct, doc


# --- scoring ------------------------------------------------------------------------------------


@dataclass
class GoldMention:
    corpus: str
    doc: str
    start: int
    end: int
    text: str
    name: str | None
    entity: str | None
    type: str | None
    country: str | None
    split: str
    aliases: tuple[str, ...] = ()
    country_given: bool = False

    @classmethod
    def from_json(cls, rec: dict) -> GoldMention:
        return cls(
            rec["corpus"], rec["doc"], rec["start"], rec["end"], rec["text"], rec.get("name"),
            rec.get("entity"), rec.get("type"), rec.get("country"), rec.get("split", "dev"),
            tuple(rec.get("aliases", ())), "country" in rec,
        )  # fmt: skip


@dataclass
class EntityScores:
    mentions: int = 0
    should_link: int = 0
    linked: int = 0
    correct: int = 0
    typed: int = 0
    type_ok: int = 0
    countried: int = 0
    country_ok: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.linked if self.linked else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.should_link if self.should_link else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.type_ok / self.typed if self.typed else 0.0

    @property
    def country_accuracy(self) -> float:
        return self.country_ok / self.countried if self.countried else 0.0


def load_set(path: Path) -> list[GoldMention]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                out.append(GoldMention.from_json(json.loads(line)))
            except (json.JSONDecodeError, KeyError) as exc:
                raise ValueError(f"line {n}: {exc}") from exc
    return out


def is_entity_set(path: Path) -> bool:
    """True when the first record of a .jsonl file looks like an entity mention of this format."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                return {"corpus", "doc", "start", "end"} <= rec.keys()
    return False


def _system_entity(doc: Document, start: int, end: int) -> Entity | None:
    """The entity whose mention overlaps [start, end) most; on ties the mention closest in length
    (a name inside a role description, "UN" in "the UN Secretary-General", is its own mention)."""
    best: tuple[tuple[int, int], Entity] | None = None
    for ent in doc.entities:
        for m in ent.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            key = (overlap, -abs((m.end - m.start) - (end - start)))
            if overlap > 0 and (best is None or key > best[0]):
                best = (key, ent)
    return best[1] if best else None


def _same_entity(gold: GoldMention, ent: Entity) -> bool:
    from communique.link import get_linker
    from communique.link.kb import normalise_name

    if gold.entity and ent.id == gold.entity:
        return True
    if gold.entity and not gold.entity.startswith("prov:") and not ent.provisional:
        return False
    names = {normalise_name(ent.name)}
    kb_ent = get_linker().kb.entities.get(ent.id)
    if kb_ent is not None:
        names |= {normalise_name(a) for a in kb_ent.aliases}
    return any(normalise_name(n) in names for n in (gold.name or "", *gold.aliases))


def score(gold: list[GoldMention], root: Path | None = None, progress=None) -> dict[str, EntityScores]:  # noqa: ANN001
    """Scores per split ("dev", "heldout") and over all mentions ("all")."""
    by_doc: dict[tuple[str, str], list[GoldMention]] = {}
    for g in gold:
        by_doc.setdefault((g.corpus, g.doc), []).append(g)
    texts = [load_text(c, d, root) for c, d in by_doc]
    results = {s: EntityScores() for s in ("dev", "heldout", "all")}
    for ct, doc in link_texts(texts, progress):
        for g in by_doc[(ct.corpus, ct.doc)]:
            if ct.text[g.start : g.end] != g.text:
                raise ValueError(f"{g.corpus}:{g.doc} {g.start}-{g.end}: text is not {g.text!r}")
            ent = _system_entity(doc, g.start, g.end)
            for key in (g.split, "all"):
                _count(results[key], g, ent)
    return results


def _count(s: EntityScores, g: GoldMention, ent: Entity | None) -> None:
    s.mentions += 1
    where = f"{g.corpus}:{g.doc}@{g.start} {g.text!r}"
    if g.name is not None:
        s.should_link += 1
    if ent is None:
        if g.name is not None:
            s.misses.append(f"{where}: not linked (want {g.name}, {g.type})")
        return
    s.linked += 1
    if g.name is None:
        s.misses.append(f"{where}: linked to {ent.name} ({ent.type}), should not be an entity")
        return
    ok = _same_entity(g, ent)
    s.correct += ok
    if not ok:
        s.misses.append(f"{where}: linked to {ent.name} [{ent.id}], want {g.name} [{g.entity}]")
    s.typed += 1
    s.type_ok += ent.type == g.type
    if g.country_given:
        s.countried += 1
        s.country_ok += ent.country == g.country
    if ent.type != g.type:
        s.misses.append(f"{where}: type {ent.type}, want {g.type}")


def format_scores(results: dict[str, EntityScores]) -> Iterable[str]:
    for split in ("dev", "heldout", "all"):
        s = results[split]
        if not s.mentions:
            continue
        yield (
            f"entities ({split}): {s.mentions} mentions, {s.should_link} should link; "
            f"link precision {s.correct}/{s.linked} = {s.precision:.3f}, "
            f"recall {s.correct}/{s.should_link} = {s.recall:.3f}, "
            f"type accuracy {s.type_ok}/{s.typed} = {s.type_accuracy:.3f}, "
            f"country {s.country_ok}/{s.countried} = {s.country_accuracy:.3f}"
        )


def split_counts(gold: list[GoldMention]) -> Counter:
    return Counter(g.split for g in gold)


# --- corpus-wide checks (no annotation needed) --------------------------------------------------


@dataclass
class CorpusReport:
    documents: int = 0
    mentions: int = 0
    unjustified_country_links: list[str] = field(default_factory=list)
    split_persons: list[str] = field(default_factory=list)
    # of those, the splits where one name's words are all in another's ("Lutnick" and "Howard
    # Lutnick"): one person for sure; the rest may be relatives ("Jimmy Lai", "Sebastien Lai")
    split_same_person: list[str] = field(default_factory=list)
    cross_type_names: dict[str, set[str]] = field(default_factory=dict)


def corpus_report(corpus: str = "voa", root: Path | None = None, progress=None) -> CorpusReport:  # noqa: ANN001
    """Checks on a whole corpus: every country link justified by a name, alias, demonym or capital
    of that country; at most one entity per person per document; names carrying several types.
    """
    from communique.link import get_linker
    from communique.link.kb import normalise_name

    kb = get_linker().kb
    rep = CorpusReport()
    types_of: dict[str, set[str]] = {}
    texts = [load_text(corpus, d, root) for d in corpus_ids(corpus, root)]
    for ct, doc in link_texts(texts, progress):
        rep.documents += 1
        surnames: dict[str, set[str]] = {}
        for ent in doc.entities:
            kb_ent = kb.entities.get(ent.id)
            justified = set()
            if ent.type == "country" and kb_ent is not None:
                capital = [e.name for e in kb.entities.values() if e.part_of == ent.id and e.type == "place"]
                words = (kb_ent.name, *kb_ent.aliases, *kb_ent.demonyms, *capital)
                justified = {normalise_name(n) for n in words}
            for m in ent.mentions:
                rep.mentions += 1
                key = normalise_name(m.text)
                if ent.type == "country" and key not in justified:
                    rep.unjustified_country_links.append(f"{ct.doc}@{m.start} {m.text!r} -> {ent.name}")
                types_of.setdefault(key, set()).add(ent.type)
            if ent.type == "person":
                surnames.setdefault(normalise_name(ent.name).split()[-1], set()).add(ent.name)
        for surname, names in surnames.items():
            if len(names) > 1:
                rep.split_persons.append(f"{ct.doc}: {surname}: {' | '.join(sorted(names))}")
                words = [set(normalise_name(n).split()) for n in names]
                if any(a < b for a in words for b in words):
                    rep.split_same_person.append(rep.split_persons[-1])
    rep.cross_type_names = {k: v for k, v in sorted(types_of.items()) if len(v) > 1}
    return rep


def format_corpus_report(rep: CorpusReport, corpus: str) -> Iterable[str]:
    yield f"{corpus}: {rep.documents} documents, {rep.mentions} linked mentions"
    yield f"country links not justified by a name, alias, demonym or capital: {len(rep.unjustified_country_links)}"
    yield from (f"  - {x}" for x in rep.unjustified_country_links)
    yield f"persons split over several entities in one document (same surname): {len(rep.split_persons)}"
    yield from (f"  - {x}" for x in rep.split_persons)
    yield f"  of which one name is part of another (one person for sure): {len(rep.split_same_person)}"
    yield f"names carrying several types: {len(rep.cross_type_names)}"
    yield from (f"  - {k}: {', '.join(sorted(v))}" for k, v in rep.cross_type_names.items())
