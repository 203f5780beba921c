"""Scoring quotations and speakers against a brat-standoff attribution corpus (PolNeAR's layout).

A corpus folder holds ``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann``.
Each attribution ties a *content* span to a *source* mention and a *cue*. A
direct quotation is an attribution whose content starts with a quotation mark.

The pipeline runs on each text as it is (no cleaning, so offsets stay those of
the annotations), and the measures are:

- recall: gold direct quotations that a returned direct quote overlaps;
- precision: returned direct quotes that match a gold direct quotation or lie in the content of
  a *partial quotation*, a gold attribution that is no direct quotation but holds quotation marks
  ("Cruz said there is “only one strong conservative” in the race"). PolNeAR's annotation is
  univocal (every token belongs to at most one attribution), so a quoted phrase inside reported
  speech is never an attribution of its own: it is annotated as part of the reported speech
  around it, and that attribution is the gold it is scored against (speaker included). Two more
  figures: against direct quotations only (the partial ones counted wrong), and lying in any gold
  attribution's content. Scare quotes, titles and quoted names count against all three;
- exact-span F1: the returned span (the whole quote or one part of an interrupted one) equals
  the gold content, or one piece of a discontinuous content, without marks and edge punctuation;
- speaker accuracy on found quotations: the returned speaker names the person the
  gold source mention refers to. The source is a mention ("he", "the senator"),
  so it is read the way an analyst would: a name heading the mention, else a person named
  in apposition to it or a bare surname of a person the article names; a relative "who" is
  the person named just before it; for a pronoun
  or a description, either the last source the annotators named before it or the
  last person named as a subject before it (the corpus has no coreference, so both
  readings are accepted; a speaker matching neither is wrong). A gold source with
  no name anywhere ("aides said"), or a description returned as the speaker itself
  ("the ad says"), counts as right when the returned mention is that same mention; the
  quotes counted right through a partial quotation get the same speaker score apart;
- indirect speech (``kind="indirect"``), on gold attributions that are not direct
  quotations and whose cue is a speech verb: precision, recall and speaker accuracy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from communique.model import Document, Quote, RawDocument

QUOTE_MARKS = "\"“”„«»‘’'"
# A quotation mark inside a content (single quotes only as '' or an opening ‘, not apostrophes).
MARK_INSIDE = re.compile(r"[\"“”„«»]|''|‘")
# Stripped from both ends of a span before spans are compared exactly.
EDGE = QUOTE_MARKS + " \t\r\n,.;:!?…—–-"
# Words that are no name: titles and honorifics dropped before names are compared.
TITLE_WORDS = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "president", "senator", "the"}
TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
# Pronouns that tell the gender of the person they stand for, and honorifics that tell a name's.
GENDERED = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f"}
HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms)\.?\s+(?:[A-Z][\w'’-]*\s+)*?([A-Z][\w'’-]+)\b")
# Source mentions that stand for one person, resolved to the name before them.
PERSON_PRONOUNS = {"he", "she", "him", "her", "i"}
# Chars before a relative "who" in which the person it refers to is named.
RELATIVE_REACH = 80
# Source mentions that name a group, which no single name resolves.
GROUP_WORDS = {
    "sources",
    "aides",
    "officials",
    "source",
    "people",
    "they",
    "we",
    "experts",
    "analysts",
    "critics",
}


@dataclass
class GoldAttribution:
    """One annotated attribution: char spans of its content, source and cue (each may be discontinuous)."""

    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    cue: list[tuple[int, int]]
    direct: bool = False

    @property
    def content_start(self) -> int:
        return min(a for a, _ in self.content)

    @property
    def content_end(self) -> int:
        return max(b for _, b in self.content)


@dataclass
class Article:
    name: str
    text: str
    attributions: list[GoldAttribution]

    @property
    def direct(self) -> list[GoldAttribution]:
        return [a for a in self.attributions if a.direct]


def is_partial(text: str, att: GoldAttribution) -> bool:
    """A partial quotation: no direct quotation, but its content holds quotation marks."""
    return not att.direct and any(MARK_INSIDE.search(text[a:b]) for a, b in att.content)


def is_attribution_corpus(path: Path) -> bool:
    """A folder with ``text/`` and ``attributions/`` (brat standoff) beside each other."""
    return path.is_dir() and (path / "text").is_dir() and (path / "attributions").is_dir()


def _offsets(field_text: str) -> list[tuple[int, int]]:
    """ "110 112" or "110 112;120 130" (discontinuous) -> [(110, 112), (120, 130)]."""
    spans = []
    for part in field_text.split(";"):
        a, b = part.split()
        spans.append((int(a), int(b)))
    return spans


def parse_ann(ann: str, text: str) -> list[GoldAttribution]:
    """The attributions of one ``.ann`` file; an attribution without content or source is skipped."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[str] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if len(fields) < 2:  # a stray line in the annotation file
            continue
        if line.startswith("T"):
            tid, middle = fields[0], fields[1]
            kind, _, offsets = middle.partition(" ")
            try:
                spans[tid] = (kind, _offsets(offsets))
            except ValueError:
                continue
        elif line.startswith("E"):
            events.append(fields[1])
    out = []
    for event in events:
        roles: dict[str, list[tuple[int, int]]] = {}
        for arg in event.split():
            role, _, tid = arg.partition(":")
            role = role.rstrip("0123456789")
            if tid in spans:
                roles.setdefault(role, []).extend(spans[tid][1])
        if not roles.get("Content") or not roles.get("Source"):
            continue
        content = sorted(roles["Content"])
        first = text[content[0][0] : content[0][1]].lstrip()
        out.append(
            GoldAttribution(
                content=content,
                source=sorted(roles["Source"]),
                cue=sorted(roles.get("Cue", [])),
                direct=first[:1] in QUOTE_MARKS,
            )
        )
    return out


def load_corpus(folder: Path, limit: int = 0) -> list[Article]:
    """The corpus's articles, each with one annotator's attributions (the first by file name).

    limit (int): read only the first ``limit`` articles by name (0: all).
    """
    if not is_attribution_corpus(folder):
        raise FileNotFoundError(f"{folder}: expected text/ and attributions/ folders")
    anns: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(stem, ann)
    articles = []
    for txt in sorted((folder / "text").glob("*.txt")):
        if txt.stem not in anns:
            continue
        text = txt.read_text(encoding="utf-8")
        articles.append(Article(txt.stem, text, parse_ann(anns[txt.stem].read_text(encoding="utf-8"), text)))
        if limit and len(articles) >= limit:
            break
    if not articles:
        raise FileNotFoundError(f"{folder}: no text with attributions")
    return articles


def analyse_articles(
    articles: list[Article], progress: Callable[[int], None] | None = None
) -> list[Document]:
    """Parse, link and find quotes in each text as it stands (offsets stay those of the annotations)."""
    from communique.link import get_linker
    from communique.nlp import parse_texts
    from communique.quotes import find_quotes

    linker = get_linker()
    docs = []
    for article, sdoc in zip(articles, parse_texts(a.text for a in articles), strict=True):
        doc = Document(raw=RawDocument(source=article.name, text=article.text), text=article.text)
        doc.spacy_doc = sdoc
        linker.link_document(doc)
        doc.quotes = find_quotes(doc)
        docs.append(doc)
        if progress is not None:
            progress(1)
    return docs


# --- speakers -------------------------------------------------------------------------------------


def name_words(name: str | None) -> set[str]:
    """Lowercased words of a name without titles and possessives: "Sen. Ted Cruz's" -> {ted, cruz}."""
    if not name:
        return set()
    words = {w.lower().removesuffix("'s").removesuffix("’s") for w in TOKEN.findall(name)}
    return words - TITLE_WORDS


def _surname(name: str) -> str:
    return re.split(r"[-\s]", TOKEN.findall(name)[-1].lower().removesuffix("'s").removesuffix("’s"))[-1]


def same_person(predicted: str | None, gold: str | None) -> bool:
    """Names agree on the surname: "Hillary Clinton" ~ "Clinton", "Mr. Holtz-Eakin" ~ "Douglas Holtz-Eakin"."""
    p, g = name_words(predicted), name_words(gold)
    if not p or not g:
        return False
    p |= {w for word in p for w in word.split("-")}
    g |= {w for word in g for w in word.split("-")}
    return _surname(predicted) in g or _surname(gold) in p


class SourceNames:
    """The name an analyst reads for each gold source mention of one article."""

    def __init__(self, article: Article, sdoc) -> None:  # noqa: ANN001  (spacy Doc)
        self.text = article.text
        self.sdoc = sdoc
        self.people = [(e.start_char, e.text) for e in sdoc.ents if e.label_ == "PERSON"]
        direct = [c for att in article.attributions if att.direct for c in att.content]
        self.subjects = [
            (e.start_char, e.text)
            for e in sdoc.ents
            if e.label_ == "PERSON"
            and e.root.dep_ in ("nsubj", "nsubjpass")
            and not any(a <= e.start_char < b for a, b in direct)
        ]
        named = []
        for att in article.attributions:
            start, end = att.source[0][0], att.source[-1][1]
            name = self.name_in(start, end)
            if name is not None:
                named.append((start, name))
        self.named_sources = sorted(named)
        self._honorifics: dict[str, str] | None = None

    def name_in(self, start: int, end: int) -> str | None:
        """The name heading the mention: "Kenneth Baer, a former official who runs X" -> "Kenneth Baer",
        "campaign manager Kellyanne Conway" -> "Kellyanne Conway"; None for "the senator" or "he"."""
        span = self.sdoc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        heads = [t for t in span if t.head.i == t.i or not (span.start <= t.head.i < span.end)]
        head = heads[0]
        if head.pos_ != "PROPN" or not head.text[:1].isupper():
            return self._person_inside(span)
        first = head.i
        while (
            first > span.start
            and self.sdoc[first - 1].pos_ == "PROPN"
            and self.sdoc[first - 1].dep_ == "compound"
        ):
            first -= 1
        return self.sdoc[first : head.i + 1].text

    def _person_inside(self, span) -> str | None:  # noqa: ANN001  (spacy Span)
        """A description with the name in it: "the White House spokesman, Josh Earnest," -> Josh Earnest
        (a person the tagger found: in apposition first, else the last one that is neither a
        possessive, "Mr. Trump's campaign chairman", nor inside a prepositional phrase, "the former
        aide to President Bush"), or a bare surname the parse did not read as a proper noun
        ("Skelly") of a person named in the article."""
        names = [
            e
            for e in span.ents
            if e.label_ == "PERSON"
            and not (e.end < len(self.sdoc) and self.sdoc[e.end].tag_ == "POS")
            and not any(a.dep_ == "prep" and a.i >= span.start for a in e.root.ancestors)
        ]
        appos = [e for e in names if e.root.dep_ == "appos"]
        if appos:
            return appos[0].text
        if names:
            return names[-1].text
        words = [t for t in span if not t.is_punct]
        if 0 < len(words) <= 3 and all(t.text[:1].isupper() for t in words):
            surname = words[-1].text.lower()
            if any(_surname(name) == surname for _, name in self.people if name.split()[-1][:1].isupper()):
                return span.text.strip()
        return None

    def _agrees(self, name: str, pronoun: str | None) -> bool:
        """An analyst does not read "she" as a man: a name whose gender is known (an honorific in the
        article, "Mr. Trump", or a given name the cue lexicon lists) must match the pronoun's."""
        if pronoun is None:
            return True
        gender = self._gender(name)
        return gender is None or gender == GENDERED[pronoun]

    def _gender(self, name: str) -> str | None:
        from communique.quotes.cues import load_cues

        words = name.split()
        if not words:
            return None
        first = words[0].lower().rstrip(".")
        if first in HONORIFIC_GENDER:
            return HONORIFIC_GENDER[first]
        if self._honorifics is None:
            self._honorifics = {
                m.group(2).lower(): HONORIFIC_GENDER[m.group(1).lower()]
                for m in HONORIFIC.finditer(self.text)
            }
        return self._honorifics.get(words[-1].lower()) or load_cues().name_gender(name)

    def resolve(self, source: list[tuple[int, int]]) -> list[str]:
        """The names a source mention may refer to: its own name; or, for a pronoun or a description,
        the last source named before it and the last person named as a subject before it (the two
        readings an analyst weighs); [] when nothing names it ("aides said")."""
        start, end = source[0][0], source[-1][1]
        own = self.name_in(start, end)
        if own is not None:
            return [own]
        words = TOKEN.findall(self.text[start:end].lower())
        if words in (["who"], ["whom"]):  # "Smith, who said ...": the person named right before
            near = [n for pos, n in self.people if start - RELATIVE_REACH <= pos < start]
            return near[-1:]
        if not words or words[-1] not in PERSON_PRONOUNS and words[0] not in ("the", "a", "an"):
            return []
        if words[-1] not in PERSON_PRONOUNS and words[-1] in GROUP_WORDS:
            return []
        out = []
        pronoun = words[-1] if words[-1] in GENDERED else None
        source_before = [n for pos, n in self.named_sources if pos < start and self._agrees(n, pronoun)]
        if source_before:
            out.append(source_before[-1])
        subject_before = [n for pos, n in self.subjects if pos < start and self._agrees(n, pronoun)]
        if subject_before:
            out.append(subject_before[-1])
        if not out:
            out += [n for pos, n in self.people if pos < start and self._agrees(n, pronoun)][-1:]
        return out


# --- matching -------------------------------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def quote_spans(q: Quote) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in q.parts] or [(q.start, q.end)]


def _matches(q: Quote, att: GoldAttribution) -> bool:
    """The returned quote covers at least half of one of its own spans inside the gold content."""
    for span in quote_spans(q):
        inside = sum(_overlap(span, c) for c in att.content)
        if inside and inside >= 0.5 * (span[1] - span[0]):
            return True
    return False


def _exact(text: str, q: Quote, att: GoldAttribution) -> bool:
    gold = {_stripped(text, att.content_start, att.content_end)}
    gold |= {_stripped(text, a, b) for a, b in att.content}  # each piece of a discontinuous content
    return any(_stripped(text, a, b) in gold for a, b in [(q.start, q.end), *quote_spans(q)])


@dataclass
class Counts:
    gold: int = 0
    found: int = 0
    returned: int = 0
    attributed: int = 0  # returned quotes matching a gold attribution of the kind scored
    partial: int = 0  # returned direct quotes inside a partial quotation (and no direct one)
    partial_speaker_right: int = 0
    in_attribution: int = 0  # returned quotes inside any gold attribution's content
    exact: int = 0
    speaker_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in (
            "gold",
            "found",
            "returned",
            "attributed",
            "partial",
            "partial_speaker_right",
            "in_attribution",
            "exact",
            "speaker_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        """Direct quotations and partial quotations (for indirect speech, ``partial`` stays 0)."""
        return (self.attributed + self.partial) / self.returned if self.returned else 0.0

    @property
    def strict_precision(self) -> float:
        """Against direct quotations only."""
        return self.attributed / self.returned if self.returned else 0.0

    @property
    def exact_f1(self) -> float:
        p = self.exact / self.returned if self.returned else 0.0
        r = self.exact / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.found if self.found else 0.0


def _speaker_right(q: Quote, att: GoldAttribution, names: SourceNames) -> bool:
    gold = names.resolve(att.source)
    if q.speaker_mention is not None and any(
        _overlap((q.speaker_mention.start, q.speaker_mention.end), s) for s in att.source
    ):
        if not gold or q.speaker is None:
            return not gold
        if q.speaker.id is None and q.speaker.name == q.speaker_mention.text:
            return not _is_pronoun(q.speaker_mention.text)  # the annotated description itself ("the ad")
        # the same mention: right when it resolves to a person it may refer to (or is a name itself)
        return any(same_person(q.speaker.name, g) or same_person(q.speaker_mention.text, g) for g in gold)
    return q.speaker is not None and any(same_person(q.speaker.name, g) for g in gold)


def _is_pronoun(text: str) -> bool:
    return text.strip().lower() in PERSON_PRONOUNS | GROUP_WORDS


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def score_article(article: Article, doc: Document, kind: str = "direct") -> Counts:
    """Counts for one article: ``kind`` "direct" (quotations) or "indirect" (speech-verb attributions)."""
    from communique.quotes.cues import load_cues

    text = article.text
    names = SourceNames(article, doc.spacy_doc)
    c = Counts()
    if kind == "direct":
        gold = article.direct
        returned = [q for q in doc.quotes if getattr(q, "kind", "direct") != "indirect"]
        pool = article.attributions
    else:  # indirect: right when it matches any attribution that is not a direct quotation
        cues = load_cues()
        pool = [a for a in article.attributions if not a.direct]
        gold = [a for a in pool if _speech_cue(text, a, cues)]
        returned = [q for q in doc.quotes if getattr(q, "kind", "direct") == "indirect"]
    c.gold, c.returned = len(gold), len(returned)
    for q in returned:
        if any(_matches(q, a) for a in (gold if kind == "direct" else pool)):
            c.attributed += 1
            c.in_attribution += 1
        elif kind == "direct" and (
            att := next((a for a in pool if is_partial(text, a) and _matches(q, a)), None)
        ):
            c.partial += 1
            c.in_attribution += 1
            if _speaker_right(q, att, names):
                c.partial_speaker_right += 1
            else:
                c.misses.append(
                    f"{article.name}: partial quotation speaker {q.speaker.name if q.speaker else None!r},"
                    f" gold {' '.join(text[a:b] for a, b in att.source)!r}"
                    f" -> {names.resolve(att.source)!r}: {_short(q.text, 50)!r}"
                )
        elif any(_matches(q, a) for a in pool):
            c.in_attribution += 1
            c.misses.append(f"{article.name}: inside another attribution: {_short(q.text)!r}")
        else:
            c.misses.append(f"{article.name}: not attributed in gold: {_short(q.text)!r}")
    for att in gold:
        q = next((q for q in returned if _matches(q, att)), None)
        if q is None:
            c.misses.append(f"{article.name}: missed: {_short(text[att.content_start : att.content_end])!r}")
            continue
        c.found += 1
        c.exact += _exact(text, q, att)
        if _speaker_right(q, att, names):
            c.speaker_right += 1
        else:
            src = " ".join(text[a:b] for a, b in att.source)
            c.misses.append(
                f"{article.name}: speaker {q.speaker.name if q.speaker else None!r}"
                f" (mention {q.speaker_mention.text if q.speaker_mention else None!r}),"
                f" gold {src!r} -> {names.resolve(att.source)!r}: {_short(q.text, 50)!r}"
            )
    return c


def _speech_cue(text: str, att: GoldAttribution, cues) -> bool:  # noqa: ANN001  (CueLexicon)
    """The attribution's cue contains a speech verb of the cue lexicon ("said", "told reporters")."""
    words = TOKEN.findall(" ".join(text[a:b] for a, b in att.cue).lower())
    return any(w in cues.speech_words for w in words)


def score_corpus(articles: Iterable[Article], docs: Iterable[Document], kind: str = "direct") -> Counts:
    total = Counts()
    for article, doc in zip(articles, docs, strict=True):
        total.add(score_article(article, doc, kind))
    return total


def report_lines(direct: Counts, indirect: Counts | None = None) -> list[str]:
    """One line per measure, in the style of the gold scorer."""

    def line(name: str, value: float, detail: str) -> str:
        return f"{name:<38} {value:>6.3f}  ({detail})"

    out = [
        line("direct quotes recall", direct.recall, f"{direct.found}/{direct.gold}"),
        line(
            "direct quotes precision",
            direct.precision,
            f"{direct.attributed} direct + {direct.partial} partial / {direct.returned}",
        ),
        line(
            "direct quotes precision, direct only",
            direct.strict_precision,
            f"{direct.attributed}/{direct.returned}",
        ),
        line(
            "direct quotes in any attribution",
            direct.in_attribution / direct.returned if direct.returned else 0.0,
            f"{direct.in_attribution}/{direct.returned}",
        ),
        line("direct quotes exact-span F1", direct.exact_f1, f"{direct.exact} exact"),
        line(
            "direct quotes speaker accuracy",
            direct.speaker_accuracy,
            f"{direct.speaker_right}/{direct.found}",
        ),
        line(
            "partial quotations speaker accuracy",
            direct.partial_speaker_right / direct.partial if direct.partial else 0.0,
            f"{direct.partial_speaker_right}/{direct.partial}",
        ),
    ]
    if indirect is not None:
        out += [
            line("indirect speech recall", indirect.recall, f"{indirect.found}/{indirect.gold}"),
            line(
                "indirect speech precision", indirect.precision, f"{indirect.attributed}/{indirect.returned}"
            ),
            line(
                "indirect speech speaker accuracy",
                indirect.speaker_accuracy,
                f"{indirect.speaker_right}/{indirect.found}",
            ),
        ]
    return out
