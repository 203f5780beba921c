"""What a page prints after its article about other things: teaser lists of other stories and
reader comments.

Both are made of whole sentences, so the shape of one line does not tell them from the
article's last paragraphs; the run they make does:

- a run of headlines of other stories: at least ``RUN_MIN_ITEMS`` headline-shaped lines in a
  row (title case or no final stop, a short unit each), each with at most a short blurb under
  it, whose words the article above them does not use;
- a comment thread or a feed of teasers: lines stamped with times counted back from the moment
  the page was shown ("2 days ago at 07:52 am", "13 hours ago"), recurring after the article.

The labeller (``communique.clean.furniture``) calls ``label_teasers`` once it knows where the
article starts; the units it labels keep their label and cue like every other piece of
furniture. Hand-written, as the other cues: the evidence is positional and few rules explain
themselves in the removed list.
"""

from __future__ import annotations

import re

from communique.clean.layout import Unit, ends_sentence

# A run of teasers holds at least this many items (a headline, maybe a blurb under it).
RUN_MIN_ITEMS = 3
# A teaser's headline runs this many words at most, and at least this many.
HEADLINE_MAX_WORDS = 20
HEADLINE_MIN_WORDS = 3
# Under a headline, at most this many blurb units of at most this many words each.
BLURB_MAX_UNITS = 2
BLURB_MAX_WORDS = 60
# A line this short between items (a section's name, "Company Town") belongs to the item.
KICKER_MAX_WORDS = 4
# A headline is about the article when this share of its content words occurs above it.
TOPIC_SHARE = 0.5
# The article holds at least this many characters before its teasers or comments begin.
ARTICLE_MIN_CHARS = 500
# A unit longer than this (in characters) is longer than any blurb: its words are not counted.
SHORT_UNIT_CHARS = 800
# Times counted back: a comment's or a teaser's stamp ("2 days ago", "an hour ago").
AGO = re.compile(
    r"\b(?:\d{1,3}|an?|one)\s*(?:m|h|d|mins?|minutes?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE,
)
AGO_LINE_WORDS = 20
# Such stamps make a thread when each stands within this many units of the one before ...
AGO_CHAIN_UNITS = 12
# ... and at least this many of them do.
AGO_MIN_STAMPS = 3
# Under the last stamp of a thread, at most this many units are its comment or its teaser.
AGO_LAST_UNITS = 3
# A numbered item ("7. ...", "1) ..."), a price or a share, a label and its value ("Q: ...").
NOT_HEADLINE = re.compile(r"^\d{1,3}[.)]\s|[$€£¥₩%]|^[^\s:]+(?:\s[^\s:]+){0,2}:\s")
CONTENT_WORD_CHARS = 3
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
POSSESSIVE = re.compile(r"['’]s$")


def label_teasers(units: list[Unit], labels: dict[int, str], start: int, title: str | None) -> None:
    """Label the comment threads and teaser runs after the article that starts at ``start``."""
    live = [k for k in range(start, len(units)) if k not in labels]
    _label_stamped_thread(units, labels, live)
    live = [k for k in live if k not in labels]
    _label_headline_runs(units, labels, live, title)


def _words(text: str) -> list[str]:
    """Content words: three letters or more ("SCO" counts), the function words aside."""
    from communique.clean.boilerplate import load_lexicon

    small = load_lexicon().function_words
    words = (POSSESSIVE.sub("", w) for w in WORD.findall(text.lower()))
    return [w for w in words if len(w) >= CONTENT_WORD_CHARS and w not in small]


def _label_stamped_thread(units: list[Unit], labels: dict[int, str], live: list[int]) -> None:
    """Times counted back recurring after the article: a thread of comments or a feed of
    teasers, from its first stamp to the unit under its last one."""
    stamps = [n for n, k in enumerate(live) if _is_ago(units[k].text)]
    said = [0]  # characters above each live unit
    for k in live:
        said.append(said[-1] + len(units[k].text))
    # chains of stamps, each within AGO_CHAIN_UNITS of the one before (one pass: linear)
    chains: list[list[int]] = []
    for n in stamps:
        if chains and n - chains[-1][-1] <= AGO_CHAIN_UNITS:
            chains[-1].append(n)
        else:
            chains.append([n])
    for chain in chains:
        # the thread starts at the first stamp with the article above it and enough stamps after
        at = next((i for i, n in enumerate(chain) if said[n] >= ARTICLE_MIN_CHARS), None)
        if at is None or len(chain) - at < AGO_MIN_STAMPS:
            continue
        end = min(len(live), chain[-1] + 1 + AGO_LAST_UNITS)
        for k in live[chain[at] : end]:
            labels[k] = "teaser: a comment or teaser stamped with a time counted back"
        return


def _is_ago(text: str) -> bool:
    return (
        len(text) <= SHORT_UNIT_CHARS and len(text.split()) <= AGO_LINE_WORDS and AGO.search(text) is not None
    )


def _is_headline(text: str, n: int) -> bool:
    """Shaped like another story's headline (``n`` words); an item of a numbered list, a price,
    a labelled answer ("A: ...") or a button ("See it now: ...") is the article's own or none."""
    from communique.clean.metadata import is_title_like

    return (
        HEADLINE_MIN_WORDS <= n <= HEADLINE_MAX_WORDS
        and is_title_like(text)
        and not ends_sentence(text)
        and not NOT_HEADLINE.search(text)
    )


def _label_headline_runs(
    units: list[Unit], labels: dict[int, str], live: list[int], title: str | None
) -> None:
    """At least ``RUN_MIN_ITEMS`` headlines in a row, each with at most a short blurb under it,
    that the article above them does not speak of: links to other stories."""
    topic = _Topic(units, title)
    run: list[list[int]] = []  # items: a headline's unit, then the units under it

    def close(last_is_article: bool = False) -> None:
        if last_is_article and run:
            topic.read(run.pop())  # a subheading with its section under it: the article's
        if len(run) >= RUN_MIN_ITEMS and topic.chars >= ARTICLE_MIN_CHARS:
            for item in run:
                labels[item[0]] = "teaser: a headline of another story after the article"
                for k in item[1:]:
                    short = _word_count(units[k].text) <= KICKER_MAX_WORDS
                    labels[k] = (
                        f"teaser: {'a short line among' if short else 'the blurb under'} other stories' headlines"
                    )
        else:
            topic.read([k for item in run for k in item])
        run.clear()

    for k in live:
        text = units[k].text
        n = _word_count(text)
        headline = _is_headline(text, n)
        if headline and not topic.about(text):
            run.append([k])
        elif run and n <= KICKER_MAX_WORDS:
            run[-1].append(k)
        elif (
            run
            and n <= BLURB_MAX_WORDS
            and not headline
            and _blurbs(units, run[-1]) < BLURB_MAX_UNITS
            and not topic.about(text)
        ):
            run[-1].append(k)
        else:
            close(last_is_article=bool(run) and not headline)
            topic.read([k])
    close()


class _Topic:
    """The words of the headline and of the article read so far. Units are tokenised only when
    a candidate asks (most pages have none after the article): cleaning speed."""

    def __init__(self, units: list[Unit], title: str | None) -> None:
        self.units = units
        self.words = set(_words(title or ""))
        self.pending: list[int] = []
        self.chars = 0  # characters of the article above the run

    def read(self, ks: list[int]) -> None:
        self.pending.extend(ks)
        self.chars += sum(len(self.units[k].text) for k in ks)

    def about(self, text: str) -> bool:
        """This share of the text's content words occurs in the headline or the article above."""
        for k in self.pending:
            self.words.update(_words(self.units[k].text))
        self.pending.clear()
        words = _words(text)
        return sum(1 for w in words if w in self.words) >= TOPIC_SHARE * max(HEADLINE_MIN_WORDS, len(words))


def _word_count(text: str) -> int:
    """Words of a unit; a unit longer than any blurb counts as long without splitting it."""
    return len(text.split()) if len(text) <= SHORT_UNIT_CHARS else SHORT_UNIT_CHARS


def _blurbs(units: list[Unit], item: list[int]) -> int:
    return sum(1 for k in item[1:] if _word_count(units[k].text) > KICKER_MAX_WORDS)
