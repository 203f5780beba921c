"""Quotes benchmark: Communique's ``find_quotes`` against textacy's ``direct_quotations``.

Both run in one process on the same spaCy docs: the five seeds after cleaning
(scored against the hand gold) and the VOA stories (quotes found, no gold).
Parsing and linking are timed apart, since textacy needs the parse only and
``find_quotes`` needs the linker's mentions as well.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from communique.evaluate.gold import NameMatcher, quote_matches
from communique.model import Document, RawDocument

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.gold.json"
VOA = SHARED / "corpora" / "voa" / "voa_stories.jsonl"
POLNEAR_DEV = SHARED / "corpora" / "polnear" / "dev"


def load_seed_documents(seeds: Path = SEEDS) -> dict[str, Document]:
    """The seeds as the clean stage leaves them, by file name."""
    from communique.clean import clean_document

    return {
        p.name: clean_document(RawDocument(source=str(p), text=p.read_text(encoding="utf-8")))
        for p in sorted(seeds.glob("*.txt"))
    }


def load_voa_documents(path: Path = VOA) -> list[Document]:
    """VOA stories as cleaned documents, read by the ingest stage's JSON Lines reader."""
    from communique.clean import clean_document
    from communique.ingest.readers import read_file

    return [clean_document(raw) for raw in read_file(path) if isinstance(raw, RawDocument)]


def textacy_quotes(doc: Document) -> list[dict[str, Any]] | None:
    """textacy's direct quotations (text, speaker words); None when textacy refuses the document.

    textacy bails out with ValueError on an odd number of quotation marks (an unclosed
    quotation, or quotes running over paragraphs); such documents count as giving no quotes.
    """
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc.spacy_doc))
    except ValueError:
        return None
    return [
        {
            "text": t.content.text.strip("\"“”'‘’«» ,"),
            "speaker": " ".join(tok.text for tok in t.speaker),
            "speaker_at": t.speaker[0].idx if t.speaker else None,
        }
        for t in triples
    ]


def resolve_textacy_speakers(doc: Document, quotes: list[dict[str, Any]]) -> None:
    """Give textacy's speaker words to our linker, for a second, kinder speaker score."""
    for q in quotes:
        actor = doc.linked.resolve(q["speaker"], q["speaker_at"]) if q["speaker"] and doc.linked else None
        q["resolved"] = actor.name if actor else None


def score_seeds(predicted: dict[str, list[dict[str, Any]]], gold: dict, key: str) -> dict[str, Any]:
    """Recall and speaker accuracy over the gold quotes not marked hard, as the gold README scores them."""
    names = NameMatcher(gold["aliases"])
    found = right = total = 0
    for name, g in gold["documents"].items():
        for gq in g.get("quotes", []):
            if gq.get("hard"):
                continue
            total += 1
            hit = next((q for q in predicted.get(name, []) if quote_matches(q["text"], gq["starts"])), None)
            found += hit is not None
            right += hit is not None and names.same(hit.get(key), gq["speaker"])
    return {"gold": total, "found": found, "speaker_right": right}


def speaker_checks(docs: list[Document]) -> dict[str, Any]:
    """Two checks a reader of the quote finder makes on text without gold (VOA):

    - direct quotations returned without a speaker;
    - one speaker entity per person per document: two speakers of one document whose names
      share the surname and whose given names do not differ ("Lutnick" typed as an
      organisation beside "Howard Lutnick") are one person split in two. Two full names
      with different given names ("Jimmy Lai", "Sebastien Lai") are two people, and descriptions
      ("the statement", "a State Department press officer") are no names: neither is counted.
    """
    quotes = no_speaker = 0
    split: list[str] = []
    for doc in docs:
        speakers: dict[str, str] = {}
        for q in doc.quotes:
            if not q.direct:
                continue
            quotes += 1
            if q.speaker is None:
                no_speaker += 1
            else:
                speakers.setdefault(q.speaker.id or q.speaker.name, q.speaker.name)
        names = sorted(set(speakers.values()))
        pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :] if _one_person(a, b)]
        split += [f"{doc.raw.source}: {a!r} / {b!r}" for a, b in pairs]
    return {
        "quotes": quotes,
        "no_speaker": no_speaker,
        "split_documents": len({s.split(": ", 1)[0] for s in split}),
        "split": split,
    }


def _one_person(a: str, b: str) -> bool:
    """Two speaker names that read as one person: the same surname and no two different given names."""
    from communique.evaluate.polnear import name_words, same_person

    a, b = _after_possessive(a), _after_possessive(b)
    if not (_is_name(a) and _is_name(b)) or not same_person(a, b):
        return False
    wa, wb = name_words(a), name_words(b)
    if len(wa) < 2 or len(wb) < 2:  # a surname alone beside a full name
        return True
    return wa <= wb or wb <= wa  # "Howard Lutnick" / "Howard W. Lutnick"; not "Jimmy Lai" / "Sebastien Lai"


def _after_possessive(name: str) -> str:
    """ "Cornell's Casanova" -> "Casanova": the words before a possessive name someone else."""
    return re.split(r"['’]s\s+", name)[-1]


def _is_name(name: str) -> bool:
    """A proper name, not a description the text gives ("a U.S. State Department press officer")."""
    words = name.split()
    return bool(words) and words[0].lower() not in ("a", "an", "the") and words[-1][:1].isupper()


def count_agreement(ours: list[list], theirs: list[list[dict[str, Any]]]) -> int:
    """textacy quotes whose text lies inside one of ours (both folded), over all documents."""
    from communique.evaluate.gold import fold

    agree = 0
    for our_quotes, their_quotes in zip(ours, theirs, strict=True):
        texts = [fold(q.text) for q in our_quotes if q.direct]
        agree += sum(any(fold(t["text"])[:80] in x for x in texts) for t in their_quotes)
    return agree


def textacy_as_quotes(doc: Document) -> list:
    """textacy's direct quotations as ``Quote`` objects (speaker = its subject words, unresolved),
    so that the attribution-corpus scorer reads both systems alike."""
    from textacy.extract.triples import direct_quotations

    from communique.model import Actor, Quote, Span

    try:
        triples = list(direct_quotations(doc.spacy_doc))
    except ValueError:
        return []
    out = []
    for t in triples:
        content = t.content
        start, end = content.start_char, content.end_char
        speaker = mention = None
        if t.speaker:
            a, b = t.speaker[0].idx, t.speaker[-1].idx + len(t.speaker[-1])
            mention = Span(a, b, doc.text[a:b])
            speaker = Actor(id=None, name=mention.text)
        out.append(Quote(text=content.text, start=start, end=end, speaker=speaker, speaker_mention=mention))
    return out


def run_attribution_benchmark(folder: Path = POLNEAR_DEV) -> dict[str, Any]:
    """Both systems on the articles of a brat attribution corpus, scored by ``communique.evaluate.polnear``.

    The texts are parsed and linked as they stand (no cleaning), so offsets stay the annotations'.
    """
    import textacy.extract.triples  # noqa: F401  (imported before timing starts)

    from communique.evaluate.polnear import load_corpus, score_corpus
    from communique.link import get_linker
    from communique.nlp import parse_documents
    from communique.quotes import find_quotes
    from communique.quotes.cues import load_cues

    load_cues()  # the lexicon is read once per process, before timing starts
    articles = load_corpus(folder)
    docs = [Document(raw=RawDocument(source=a.name, text=a.text), text=a.text) for a in articles]
    t0 = time.perf_counter()
    parse_documents(docs)
    parse_s = time.perf_counter() - t0
    _, link_s = _time(get_linker().link_document, docs)
    ours, ours_s = _time(find_quotes, docs)
    theirs, theirs_s = _time(textacy_as_quotes, docs)
    report: dict[str, Any] = {"documents": len(docs), "parse_s": parse_s, "link_s": link_s}
    for system, quotes, seconds in (("communique", ours, ours_s), ("textacy", theirs, theirs_s)):
        for doc, qs in zip(docs, quotes, strict=True):
            doc.quotes = qs
        direct = score_corpus(articles, docs, "direct")
        report[system] = {
            "seconds": seconds,
            "returned": direct.returned,
            "recall": direct.recall,
            "precision": direct.precision,
            "direct_only": direct.strict_precision,
            "in_attribution": direct.in_attribution / direct.returned if direct.returned else 0.0,
            "exact_f1": direct.exact_f1,
            "speaker_accuracy": direct.speaker_accuracy,
            "found": direct.found,
            "gold": direct.gold,
        }
    return report


def _time(fn, docs: list[Document]) -> tuple[list[Any], float]:  # noqa: ANN001
    t0 = time.perf_counter()
    results = [fn(d) for d in docs]
    return results, time.perf_counter() - t0


def run_quote_benchmark(seeds: Path = SEEDS, voa: Path = VOA, gold_path: Path = GOLD) -> dict[str, Any]:
    """Run both extractors on the same parsed docs; RETURNS figures per corpus and system."""
    import textacy.extract.triples  # noqa: F401  (imported before timing starts)

    from communique.link import get_linker
    from communique.nlp import load_pipeline, parse_documents
    from communique.quotes import find_quotes
    from communique.quotes.cues import load_cues

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    load_cues()  # the lexicon is read once per process, before timing starts
    load_pipeline()
    linker = get_linker()
    seed_docs = load_seed_documents(seeds)
    corpora = {"seeds": list(seed_docs.values()), "voa": load_voa_documents(voa)}
    report: dict[str, Any] = {}
    for corpus, docs in corpora.items():
        t0 = time.perf_counter()
        parse_documents(docs)
        parse_s = time.perf_counter() - t0
        _, link_s = _time(linker.link_document, docs)
        ours, ours_s = _time(find_quotes, docs)
        theirs_raw, theirs_s = _time(textacy_quotes, docs)
        theirs = [q or [] for q in theirs_raw]
        report[corpus] = {
            "documents": len(docs),
            "parse_s": parse_s,
            "link_s": link_s,
            "communique": {
                "quotes": sum(q.kind == "direct" for qs in ours for q in qs),
                "indirect": sum(q.kind == "indirect" for qs in ours for q in qs),
                "seconds": ours_s,
            },
            "textacy": {
                "quotes": sum(len(q) for q in theirs),
                "seconds": theirs_s,
                "refused_documents": sum(q is None for q in theirs_raw),
            },
            "agree": count_agreement(ours, theirs),
        }
        for doc, qs in zip(docs, ours, strict=True):
            doc.quotes = qs
        report[corpus]["checks"] = speaker_checks(docs)
        if corpus == "seeds":
            names = list(seed_docs)
            ours_d = {
                n: [
                    {"text": q.text, "speaker": q.speaker.name if q.speaker else None} for q in qs if q.direct
                ]
                for n, qs in zip(names, ours, strict=True)
            }
            theirs_d = dict(zip(names, theirs, strict=True))
            for doc, qs in zip(seed_docs.values(), theirs, strict=True):
                resolve_textacy_speakers(doc, qs)
            report[corpus]["communique"].update(score_seeds(ours_d, gold, "speaker"))
            report[corpus]["textacy"].update(score_seeds(theirs_d, gold, "speaker"))
            report[corpus]["textacy_linked"] = score_seeds(theirs_d, gold, "resolved")
    return report
