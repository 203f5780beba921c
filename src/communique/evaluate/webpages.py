"""Scoring the clean stage on annotated web pages (``tests/data/webpages_*.jsonl``).

Each line of an annotation file names a page of ``corpora/webpages/pages.jsonl`` by id and
holds what a reader sees on it: the headline, the published date(-time), the date of the main
event, the place, how the body's first and last sentences start, and short strings of page
furniture that must not stay in the body. A value may be a list of accepted answers (a page
that only implies the year, a summit that ran over three days); ``null`` means the page does
not say, and the cleaner is right only when it says nothing either.

Measures: title, published date, event date, place (share right); furniture strings left in
the body and body sentences lost (share of all checked strings); each per kind of site.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from communique.clean import clean_document
from communique.evaluate.gold import fold
from communique.model import Document, RawDocument

# Where the pages live, relative to an annotation file in tests/data of the repository.
DEFAULT_PAGES = Path("../shared/corpora/webpages/pages.jsonl")
DEFAULT_EXTRACTION = Path("../shared/corpora/article-extraction")
# Title comparison ignores case, quotes, spacing and a closing full stop.
_TITLE_END = re.compile(r"[\s.]+$")


@dataclass
class KindScore:
    """Counts for one kind of site (or for all pages)."""

    pages: int = 0
    title: int = 0
    published: int = 0
    event_date: int = 0
    place: int = 0
    furniture_total: int = 0
    furniture_left: int = 0
    body_total: int = 0
    body_lost: int = 0

    def add(self, other: KindScore) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class WebpageReport:
    overall: KindScore
    per_kind: dict[str, KindScore]
    misses: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        o = self.overall
        out = [
            _share("title right", o.title, o.pages),
            _share("published right", o.published, o.pages),
            _share("event date right", o.event_date, o.pages),
            _share("place right", o.place, o.pages),
            _share("furniture left", o.furniture_left, o.furniture_total),
            _share("body sentences lost", o.body_lost, o.body_total),
            "",
            f"{'kind':<11}{'pages':>6}{'title':>8}{'publ.':>8}{'event':>8}{'furn.left':>11}{'body lost':>11}",
        ]
        for kind, s in sorted(self.per_kind.items()):
            out.append(
                f"{kind:<11}{s.pages:>6}{_pct(s.title, s.pages):>8}{_pct(s.published, s.pages):>8}"
                f"{_pct(s.event_date, s.pages):>8}{_pct(s.furniture_left, s.furniture_total):>11}"
                f"{_pct(s.body_lost, s.body_total):>11}"
            )
        return out


def _share(name: str, hits: int, total: int) -> str:
    value = f"{hits / total:.3f}" if total else "n/a"
    return f"{name:<28} {value:>6}  ({hits}/{total})"


def _pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:.0f}%" if total else "-"


def load_annotations(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: invalid JSON: {exc.msg}") from exc
    return rows


def load_pages(path: Path) -> dict[str, dict]:
    if not path.is_file():
        raise FileNotFoundError(f"web pages corpus {path} not found (give --docs)")
    return {p["id"]: p for p in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if p}


def page_raw(page: dict) -> RawDocument:
    """A stored page as an analyst's saved copy: its text and its address, nothing else."""
    return RawDocument(source=f"{page['id']}.txt", text=page["text"], kind="txt", url=page.get("url"))


def clean_page(page: dict) -> Document:
    """Clean one stored page alone."""
    return clean_document(page_raw(page))


def score_webpages(annotations: list[dict], pages: dict[str, dict]) -> WebpageReport:
    """Score the annotated pages, cleaned as one batch of the whole corpus (a folder of saved
    pages ingested together: lines a site prints on several of its pages are its furniture)."""
    from communique.clean.site import mark_site_repeats

    raws = {pid: page_raw(page) for pid, page in sorted(pages.items())}
    mark_site_repeats(list(raws.values()))
    per_kind: dict[str, KindScore] = defaultdict(KindScore)
    misses: list[str] = []
    for gold in annotations:
        page = pages.get(gold["id"])
        if page is None:
            raise KeyError(f"page {gold['id']} is not in the corpus")
        score = score_page(gold, clean_document(raws[gold["id"]]), misses)
        per_kind[gold.get("kind") or page.get("kind") or "other"].add(score)
    overall = KindScore()
    for s in per_kind.values():
        overall.add(s)
    return WebpageReport(overall, dict(per_kind), misses)


def score_page(gold: dict, doc: Document, misses: list[str]) -> KindScore:
    s = KindScore(pages=1)
    pid = gold["id"]
    s.title = int(_same_title(doc.title, gold["title"]))
    if not s.title:
        misses.append(f"{pid} title: {doc.title!r} ≠ {gold['title']!r}")
    s.published = int(_same_date(doc.published, gold["published"]))
    if not s.published:
        misses.append(f"{pid} published: {doc.published} ≠ {gold['published']}")
    s.event_date = int(_same_date(doc.event_date, gold["event_date"]))
    if not s.event_date:
        misses.append(f"{pid} event date: {doc.event_date} ≠ {gold['event_date']} ({doc.event_date_reason})")
    s.place = int(_same_place(doc.place, gold["place"]))
    body = fold(doc.text)
    page = fold(doc.raw.text)
    for text in gold["furniture"]:
        s.furniture_total += 1
        if _contains(body, fold(text), page):
            s.furniture_left += 1
            misses.append(f"{pid} furniture left: {text!r}")
    for key in ("first", "last"):
        if gold[key] is None:
            continue
        s.body_total += 1
        if fold(gold[key]).lower() not in body.lower():
            s.body_lost += 1
            misses.append(f"{pid} body {key} sentence lost: {gold[key]!r}")
    return s


def _accepted(gold: object) -> list:
    return gold if isinstance(gold, list) else [gold]


def _same_title(predicted: str | None, gold: str | None) -> bool:
    if gold is None or predicted is None:
        return gold is predicted
    return _fold_title(predicted) == _fold_title(gold)


def _fold_title(text: str) -> str:
    return _TITLE_END.sub("", fold(text).lower())


def _same_date(predicted: str | None, gold: object) -> bool:
    day = predicted[:10] if predicted else None
    return any(day == (g[:10] if g else None) for g in _accepted(gold))


def _same_place(predicted: str | None, gold: str | None) -> bool:
    if gold is None or predicted is None:
        return gold is predicted
    from communique.clean.metadata import canonical_place

    return predicted.lower() in {gold.lower(), (canonical_place(gold) or gold).lower()}


def _contains(body: str, needle: str, page: str | None = None) -> bool:
    """The needle stands in the body as its own words (case kept: "belarus" the tag is not
    "Belarus" the country); as a bare substring when the page itself prints it glued to the
    next word ("HomeDiplomacyChina ..."), else such a string could never be found left."""
    left = r"(?<!\w)" if needle[:1].isalnum() else ""
    right = r"(?!\w)" if needle[-1:].isalnum() else ""
    bounded = re.compile(left + re.escape(needle) + right)
    if page is not None and bounded.search(page) is None and needle in page:
        return needle in body
    return bounded.search(body) is not None


def evaluate_webpages(path: Path, pages_path: Path | None = None) -> WebpageReport | RenderedReport:
    """Score one annotation file against the pages corpus (default: ../shared beside the repo);
    a file of rendered benchmark pages against the HTML benchmark (``--docs``: its folder)."""
    annotations = load_annotations(path)
    if annotations and "sha256" in annotations[0]:
        return evaluate_rendered(path, pages_path)
    pages = load_pages(pages_path or _default_pages(path))
    return score_webpages(annotations, pages)


def _default_pages(path: Path) -> Path:
    # tests/data/x.jsonl → <repo>/../shared/corpora/webpages/pages.jsonl; else the working folder.
    repo = path.resolve().parent.parent.parent
    candidate = repo / DEFAULT_PAGES
    return candidate if candidate.is_file() else DEFAULT_PAGES


@dataclass
class RenderedReport:
    """The rendered benchmark pages' scores, per split (tune, test)."""

    report: list[str]
    misses: list[str]

    def lines(self) -> list[str]:
        return self.report


def evaluate_rendered(path: Path, folder: Path | None = None, split: str | None = None) -> RenderedReport:
    """Score the rendered pages of the HTML benchmark (``tests/data/webpages_rendered.jsonl``):
    every visible line of each page, as a search index stores it, cleaned as a saved text copy
    with its address; lines the hand-marked body does not hold are furniture. Pages are split
    by their hash into a tuning half and a test half, scored apart."""
    from communique.evaluate.html_extraction import rendered_report, score_rendered

    rows = load_annotations(path)
    folder = folder or _default_corpus(path, DEFAULT_EXTRACTION)
    scores = score_rendered(rows, folder, split)
    misses = [m for _, s in sorted(scores.items(), reverse=True) for m in s.misses]
    return RenderedReport(rendered_report(scores), misses)


def _default_corpus(path: Path, relative: Path) -> Path:
    repo = path.resolve().parent.parent.parent
    return repo / relative if (repo / relative).exists() else relative
