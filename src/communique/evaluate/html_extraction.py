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
    return out
