"""The article-extraction benchmark: Communique's HTML path against trafilatura alone.

The corpus (``corpora/article-extraction``) holds gzipped HTML pages and ``ground-truth.json``
with the article body a person marked on each. Both extractors run on the same pages in one
run; each is scored as the benchmark does: 4-word shingles of the extracted body against the
marked body (counts matter), precision and recall per page averaged over pages, F1 from the
averaged precision and recall. Communique's path is what ``ingest`` does with an HTML file:
the reader (trafilatura with metadata) and then the clean stage; its title and published date
are counted too, as the benchmark marks bodies only.
"""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SHINGLE = 4


@dataclass
class ExtractorScore:
    name: str
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    seconds: float = 0.0
    titles: int = 0
    dates: int = 0
    failures: int = 0
    titles_right: int = 0  # the page's own headline (``page_title``), where it states one
    titled: int = 0

    def add(self, predicted: str, truth: str) -> None:
        p, r = shingle_precision_recall(predicted, truth)
        self.precision.append(p)
        self.recall.append(r)

    @property
    def mean_precision(self) -> float:
        return sum(self.precision) / len(self.precision) if self.precision else 0.0

    @property
    def mean_recall(self) -> float:
        return sum(self.recall) / len(self.recall) if self.recall else 0.0

    @property
    def f1(self) -> float:
        p, r = self.mean_precision, self.mean_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = text.split()
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def shingle_precision_recall(predicted: str, truth: str) -> tuple[float, float]:
    """Shared shingles over the predicted ones and over the true ones (1.0 when both are empty)."""
    pred, gold = shingles(predicted), shingles(truth)
    shared = sum((pred & gold).values())
    precision = shared / sum(pred.values()) if pred else float(not gold)
    recall = shared / sum(gold.values()) if gold else float(not pred)
    return precision, recall


def is_extraction_corpus(path: Path) -> bool:
    return path.is_dir() and (path / "ground-truth.json").is_file() and (path / "html").is_dir()


def load_truth(folder: Path) -> dict[str, dict]:
    return json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))


def trafilatura_alone(data: bytes) -> tuple[str, str | None, str | None]:
    """The baseline: trafilatura's own defaults, as the benchmark ran it."""
    import trafilatura

    from communique.ingest.readers import decode_text

    html, _ = decode_text(data)
    return trafilatura.extract(html) or "", None, None


def communique_path(data: bytes) -> tuple[str, str | None, str | None]:
    """What ``ingest`` does with an HTML file: read it, then clean it."""
    from communique.clean import clean_document
    from communique.ingest.readers import ReadError, read_html

    try:
        raw = read_html(Path("page.html"), data)
    except ReadError:
        return "", None, None
    doc = clean_document(raw)
    return doc.text, doc.title, doc.published


Extractor = Callable[[bytes], tuple[str, str | None, str | None]]


def run_benchmark(
    folder: Path, limit: int = 0, advance: Callable[[int], None] | None = None
) -> list[ExtractorScore]:
    """Score both extractors on every page (or the first ``limit``), side by side."""
    truth = load_truth(folder)
    keys = sorted(truth)[: limit or None]
    extractors: list[tuple[ExtractorScore, Extractor]] = [
        (ExtractorScore("trafilatura alone"), trafilatura_alone),
        (ExtractorScore("communique (read + clean)"), communique_path),
    ]
    for key in keys:
        data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        body = truth[key].get("articleBody") or ""
        headline = title_key(page_title(data))
        for score, extract in extractors:
            started = time.perf_counter()
            try:
                text, title, published = extract(data)
            except Exception:  # noqa: BLE001 - a crash on one page counts as an empty extraction
                text, title, published = "", None, None
                score.failures += 1
            score.seconds += time.perf_counter() - started
            score.add(text, body)
            score.titles += bool(title)
            score.dates += bool(published)
            if headline:
                score.titled += 1
                score.titles_right += title_key(title) == headline
        if advance:
            advance(1)
    return [score for score, _ in extractors]


def report_lines(scores: list[ExtractorScore]) -> list[str]:
    pages = len(scores[0].precision) if scores else 0
    out = [
        f"pages {pages}; 4-word shingles, precision/recall averaged over pages",
        f"{'extractor':<28}{'F1':>7}{'prec.':>7}{'recall':>7}{'title':>7}{'date':>7}{'s/page':>8}",
    ]
    for s in scores:
        per_page = s.seconds / pages if pages else 0.0
        out.append(
            f"{s.name:<28}{s.f1:>7.3f}{s.mean_precision:>7.3f}{s.mean_recall:>7.3f}"
            f"{s.titles:>7}{s.dates:>7}{per_page:>8.3f}"
        )
    for s in scores:
        if s.titles:
            out.append(
                f"{s.name}: headline right on {s.titles_right}/{s.titled} pages whose <title> or "
                "og:title repeats their <h1>"
            )
    return out


# --- The same pages as a search index stores them: furniture, titles ----------------------------
# Elements whose text a reader never sees.
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "head", "select", "option")
# Elements that start a new line of text when a browser lays the page out.
_BLOCKS = frozenset(
    "address article aside blockquote br dd details div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul button label".split()
)


def render_page_text(html: bytes | str) -> str:
    """All visible text of an HTML page, one line per block, as a search index stores a page
    (menus, footers and teasers included): the cleaner's input for a saved text copy.

    Written here with lxml (trafilatura's ``html2txt`` joins the page into one line, and the
    line breaks are what the cleaner reads)."""
    import lxml.html

    from communique.ingest.readers import decode_text

    text = html if isinstance(html, str) else decode_text(html)[0]
    try:
        root = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return ""
    for element in list(root.iter(*_INVISIBLE)):
        element.drop_tree()
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        style = (element.get("style") or "").replace(" ", "").lower()
        if (
            element.get("hidden") is not None
            or "display:none" in style
            or element.get("aria-hidden") == "true"
        ):
            element.drop_tree()
    parts: list[str] = []

    def walk(element) -> None:  # noqa: ANN001 - an lxml element
        block = isinstance(element.tag, str) and element.tag in _BLOCKS
        if block:
            parts.append("\n")
        if isinstance(element.tag, str) and element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    body = root.find("body")
    walk(body if body is not None else root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def page_title(html: bytes | str) -> str | None:
    """The headline a page states for itself: the first <h1> that its <title> or og:title also
    gives (sites add their name to both), else og:title when it is printed on the page."""
    import lxml.html

    from communique.ingest.readers import decode_text

    text = html if isinstance(html, str) else decode_text(html)[0]
    try:
        root = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return None
    metas = [m.get("content") or "" for m in root.iter("meta") if m.get("property") in ("og:title",)]
    titles = [" ".join(t.text_content().split()) for t in root.iter("title")][:1] + metas
    folded = [_fold(t) for t in titles if t]
    for h1 in root.iter("h1"):
        head = " ".join(h1.text_content().split())
        if len(head.split()) >= 3 and any(_fold(head) and _fold(head) in t for t in folded):
            return head
    return None


def _fold(text: str) -> str:
    from communique.evaluate.gold import fold

    return " ".join(fold(text).lower().replace("’", "'").split())


# A rendered line is body text when the marked body holds it and it has this many words at least
# (a shorter line, "Markets", may stand in both); any line the marked body does not hold is furniture.
BODY_LINE_WORDS = 4
# Pages whose hash starts with one of these hex digits are the tuning half; the others are scored.
TUNE_DIGITS = "01234567"


@dataclass
class RenderedScore:
    """Counts for the rendered pages of one split."""

    pages: int = 0
    titled: int = 0
    title: int = 0
    furniture_total: int = 0
    furniture_left: int = 0
    body_total: int = 0
    body_lost: int = 0
    misses: list[str] = field(default_factory=list)


def split_of(key: str) -> str:
    return "tune" if key[:1] in TUNE_DIGITS else "test"


def rendered_lines(html: bytes, body: str) -> tuple[list[str], list[str]]:
    """(body lines, furniture lines) of the rendered page, told apart by the marked body."""
    gold = _fold(body)
    kept, furniture = [], []
    for line in render_page_text(html).split("\n"):
        folded = _fold(line)
        if not folded:
            continue
        if folded not in gold:
            furniture.append(line)
        elif len(line.split()) >= BODY_LINE_WORDS:
            kept.append(line)
    return kept, furniture


def title_key(title: str | None) -> str | None:
    """A short hash of a folded headline: annotation files store it, never the headline."""
    import hashlib

    if not title:
        return None
    return hashlib.sha1(_fold(title).rstrip(" .").encode("utf-8")).hexdigest()[:16]


def annotate_rendered(folder: Path) -> list[dict]:
    """One annotation row per page: its hash, split, headline hash and line counts (a check that
    the rendering has not changed since the file was written)."""
    truth = load_truth(folder)
    rows = []
    for key in sorted(truth):
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        body, furniture = rendered_lines(html, truth[key].get("articleBody") or "")
        rows.append(
            {
                "sha256": key,
                "split": split_of(key),
                "title": title_key(page_title(html)),
                "body_lines": len(body),
                "furniture_lines": len(furniture),
            }
        )
    return rows


def score_rendered(
    rows: list[dict], folder: Path, split: str | None = None, advance: Callable[[int], None] | None = None
) -> dict[str, RenderedScore]:
    """Clean each rendered page as a saved text copy with its address; score per split."""
    from communique.clean import clean_document
    from communique.model import RawDocument

    truth = load_truth(folder)
    scores: dict[str, RenderedScore] = {}
    for row in rows:
        if split and row["split"] != split:
            continue
        key = row["sha256"]
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        body, furniture = rendered_lines(html, truth[key].get("articleBody") or "")
        if (len(body), len(furniture)) != (row["body_lines"], row["furniture_lines"]):
            raise ValueError(f"{key[:12]}: the page renders differently from when it was annotated")
        raw = RawDocument(
            source=f"{key[:12]}.txt", text=render_page_text(html), kind="txt", url=truth[key]["url"]
        )
        doc = clean_document(raw)
        s = scores.setdefault(row["split"], RenderedScore())
        _score_rendered_page(s, row, key[:12], doc, body, furniture)
        if advance:
            advance(1)
    return scores


def _score_rendered_page(
    s: RenderedScore, row: dict, name: str, doc, body: list[str], furniture: list[str]
) -> None:  # noqa: ANN001
    s.pages += 1
    if row["title"]:
        s.titled += 1
        if title_key(doc.title) == row["title"]:
            s.title += 1
        else:
            s.misses.append(f"{name} title: {doc.title!r}")
    paragraphs = [_fold(p) for p in doc.text.split("\n\n") if p.strip()]
    text = "\n".join(paragraphs)
    gold_body = {_fold(line) for line in body}
    stray = [p for p in paragraphs if not any(p in g or g in p for g in gold_body)]
    stray_text = "\n".join(stray)
    for line in furniture:
        s.furniture_total += 1
        folded = _fold(line)
        if stray_text and _bounded(folded).search(stray_text):
            s.furniture_left += 1
            s.misses.append(f"{name} furniture left: {line[:80]!r}")
    for line in body:
        s.body_total += 1
        if _fold(line) not in text:
            s.body_lost += 1
            s.misses.append(f"{name} body line lost: {line[:80]!r}")


def _bounded(needle: str):  # noqa: ANN202
    import re

    left = r"(?<!\w)" if needle[:1].isalnum() else ""
    right = r"(?!\w)" if needle[-1:].isalnum() else ""
    return re.compile(left + re.escape(needle) + right)


def rendered_report(scores: dict[str, RenderedScore]) -> list[str]:
    out = [f"{'split':<7}{'pages':>6}{'title':>14}{'furniture left':>22}{'body lines lost':>22}"]
    for split in ("tune", "test"):
        s = scores.get(split)
        if s is None:
            continue
        out.append(
            f"{split:<7}{s.pages:>6}{_ratio(s.title, s.titled):>14}{_ratio(s.furniture_left, s.furniture_total):>22}"
            f"{_ratio(s.body_lost, s.body_total):>22}"
        )
    return out


def _ratio(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a"
