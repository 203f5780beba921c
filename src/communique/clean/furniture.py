"""One pass that labels every unit of a web page: body, headline, dateline, byline, timestamp,
caption, credit, navigation, widget, teaser, repeat.

The cues are what tells furniture from an article on any site, not phrases of particular pages:

- shape: a short line without a sentence end and without a verb-bearing clause; a line of
  symbols and digits; a line of a few words in another script than the article's;
- machinery: a line made mostly of interface words (buttons, counters, forms, menus), counters
  ("Views: 414"), menus flattened with separators ("A • B • C", "Home » News");
- stamps: a line that is a date with a little around it (a time, a counter, a source name);
- position: what stands above the first paragraph is the page's header (the headline is the
  header line that reads as a headline and agrees with the body), what follows a tail opener
  ("Related articles", a comment form) is the page's tail;
- repetition: a unit that repeats an earlier one, or that a following unit repeats and extends;
- neighbours and layout: a caption under a media label or above a credit, a form line between
  widgets, paragraphs opening with dates that run newest first (a listing), short lines after
  the article set apart by a wider gap or by furniture, a sign-off closing a paragraph.

Labelled units are marked on the ``Page`` with "label: cue", so everything removed keeps its
label and why. Metadata (headline, published stamp, dateline place and date) is read from the
labelled units into the ``Header``. Hand-written rules, because the cues are few and each must
explain itself in the removed list; word lists live in ``lexicons/furniture.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from communique.clean.dates import date_from_url, is_time_line, read_timestamp, year_from_url
from communique.clean.layout import FULL_LINE_SHARE, Page, Unit, ends_sentence
from communique.clean.teasers import label_teasers
from communique.lexicon import LEXICONS, alternation, read_lexicon

LEXICON = LEXICONS / "furniture.yaml"

# --- Shapes ---------------------------------------------------------------------------------------
# A tail opener stands alone ("Related articles"); with a headline after it, it is one link.
TAIL_OPENER_MAX_WORDS = 3
# A unit this long after a tail opener is the article again, not a teaser.
TAIL_PARAGRAPH_WORDS = 40
# A page's tail is shorter than this share of the article above it.
TAIL_SHARE = 0.6
# A unit this long (in words), ending like a sentence, is article text: where the body starts.
BODY_MIN_WORDS = 6
# ... or this long whatever its end (excerpts cut mid-sentence).
BODY_LONG_WORDS = 30
# A widget line is at most this many words; a form line (several interface words) at most this many.
WIDGET_MAX_WORDS = 8
FORM_MAX_WORDS = 25
# Share of interface words that makes a short line a widget, and of a longer line a form.
WIDGET_SHARE = 0.5
FORM_SHARE = 0.25
FORM_MIN_WORDS = 3
# ... and a line that ends like a sentence needs this many (the article may say "click here").
FORM_SENTENCE_WORDS = 4
# A stamp line holds a date and at most this many other words.
STAMP_OTHER_WORDS = 4
STAMP_MAX_CHARS = 80
# Header lines (above the body) shorter than this, not sentences, are the site's header.
HEADER_MAX_WORDS = 14
# A caption above a picture credit runs at most this many words.
CAPTION_MAX_WORDS = 80
# Bylines, dates and credits stand in the few units under the headline, and are short.
BYLINE_ZONE_UNITS = 3
BYLINE_MAX_WORDS = 8
# A headline glued to the first paragraph is at most this many words.
GLUED_TITLE_WORDS = 20
# A repeated unit is furniture when at least this long (a word or two repeats by chance).
REPEAT_MIN_CHARS = 25
# A repeated unit this long is a paragraph printed twice wherever it stands.
REPEAT_PARAGRAPH_CHARS = 200
# A headline agrees with the body when this share of its content words occurs in the lead.
TITLE_AGREEMENT = 0.3
# Words a headline shares with the page's address count this much beside those it shares with the lead.
SLUG_WEIGHT = 0.5
FILE_EXTENSION = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms)$")
# A short line with this share of interface words is a button, not a headline.
INTERFACE_TITLE_SHARE = 0.3
# A paragraph-shaped first unit is the headline when this share of its words is in the address.
HEADLINE_SLUG_SHARE = 0.5
# A headline stands among the last few header lines above the body; one further up (a menu's
# item, a teaser's headline) loses this much.
TITLE_NEAR_UNITS = 12
FAR_TITLE_PENALTY = 0.2
# A header line longer than this (in words) is more likely a standfirst than the headline.
LONG_TITLE_WORDS = 18
LONG_TITLE_PENALTY = 0.3
# Agreement counts at least this many content words: one shared word is no agreement, and a
# section's name of two words above its headline ("Minnesota Wild", "Hong Kong") is no headline.
MIN_TITLE_WORDS = 4
SALUTATION_WORDS = 4
FULLER_TITLE_BONUS = 0.01
LEAD_CHARS = 1500
LEAD_UNITS = 3
# More short lines than this in a row (not paragraphs) part the article from what is around it.
CORE_GAP_UNITS = 8
# A bulleted item: "- ...", "– ...", "• ...", "* ...".
BULLET = re.compile(r"^[-–—•*·]\s+(?=\S)")
BULLET_LIST_MIN = 3
# Marks of a list's items; a list closing the article has this share of its items marked alike.
LIST_MARKS = (
    ("bullet", re.compile(r"^(?:[-–—•*·]|\d{1,3}[.)])\s")),
    ("figure", re.compile(r"\d")),
    ("separator", re.compile(r"\s(?:[-–—@]|--)\s|:\s")),
    ("comma", re.compile(r",\s")),
)
LIST_MARK_SHARE = 0.6
FEATURE_MARK = re.compile(r"\d|,\s|;")
HEADLINE_ITEM_WORDS = 25
# "1) ...", "12. ...": an item of a numbered list.
LIST_ITEM = re.compile(r"^\d{1,3}[.)]\s")
# A dateline opens one of the first few paragraphs (an error line or a standfirst may come first).
DATELINE_UNITS = 3
WRAPPED_DATELINE_LINES = 6

POSSESSIVE = re.compile(r"['’]s$")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
LATIN = re.compile(r"[A-Za-z]")
LETTER = re.compile(r"[^\W\d_]")
LATIN_RUN = re.compile(r"[A-Za-z]+")
LETTER_RUN = re.compile(r"[^\W\d_]+")
PUNCT = re.compile(r"[^\w\s]+")
PUNCTUATION_ONLY = re.compile(r"^[.,;:!?…'\"“”‘’()\[\]-]+$")
# Menus flattened into one line: "Events • Structure • Videos", "Home » Nation", "A | B | C".
MENU_SEPARATOR = re.compile(r"\s[»›>]\s|^[•»›>·^]\s|\s[•»›>·]$")
# "A | B | C", "Internal Affairs / Foreign Relations / Kyrgyzstan": two such separators at least.
MENU_WEAK_SEPARATOR = re.compile(r"\s[|/•·]\s")
# Links run together: "A story • Another story • A third" (a ticker, a list of headlines).
LIST_SEPARATOR = re.compile(r"\s[•|·]\s")
LIST_MIN_SEPARATORS = 3
LINK_MAX_WORDS = 14
# A short note in brackets on its own line: "(As delivered)", "[Check against delivery]".
EDITORIAL_NOTE = re.compile(r"^[(\[][^()\[\]]{2,40}[)\]]$")
# A site's name alone: "Caliber.Az", "Philstar.com", "News.Az".
SITE_NAME = re.compile(r"^[A-Za-z][\w-]*(?:\.[A-Za-z]{2,6})+$")
# Wire credits in brackets: "(Reporting by ...; Editing by ...)".
WIRE_CREDIT = re.compile(r"^\((?:Reporting|Writing|Editing|Additional reporting|Compiled)\b[^()]*\)$")
# A media tag closing a headline, and a site's name after a bar.
MEDIA_TAG = re.compile(r"\s*\[?\b(?:PHOTOS?|VIDEOS?|AUDIO)(?:\s*[/+&]\s*(?:PHOTOS?|VIDEOS?|AUDIO))*\]?\s*$")
SITE_SUFFIX = re.compile(r"\s+\|\s+")
SITE_SUFFIX_WORDS = 4
SECTION_PREFIX_WORDS = 2
# A <title>'s parts: "Headline | Site", "Headline - Site", "Site: Headline" is left alone.
TITLE_AFFIX = re.compile(r"(\s+[|–—-]\s+|\s*\|\s*|\s+::\s+)")
SITE_NAME_WORDS = 6
SITE_LABEL_MIN = 4
# A page is in Latin script when this share of its letters is ASCII (its first units are read);
# only there is a short line in another script an untranslated interface label.
LATIN_PAGE_SHARE = 0.6
LATIN_SAMPLE_UNITS = 60
LATIN_SAMPLE_CHARS = 3000
# Markup or code printed as text ("/html/head/meta[@name='og:title']/@content", "<a onclick=...>"):
# a token with letters and at least this many markup characters, in at least half of the tokens.
MARKUP_CHARS = re.compile(r"[/=@<>\[\]{}]")
MARKUP_MIN_CHARS = 2
# A caption introduced by its label: "photo: The Foreign Ministers of ...".
CAPTION_LABEL = re.compile(r"^(?:photos?|pictures?|images?|caption)\s*:\s*\S", re.IGNORECASE)
# A video's running time alone on a line ("2:09"): the line under it is the video's title.
DURATION = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
# A sign-off closing the last sentence of a paragraph: "… next week. -02D-", "… discussions. (ILKHA)".
SIGN_OFF = re.compile(r"(?<=[.!?\"”’])\s+(?:\([A-Z][A-Za-z]{1,15}\)|[-–—][A-Z0-9]{2,6}[-–—])\s*$")
# The last sentence of a paragraph, glued or not: "… Lukashenko.Follow Sputnik's live feed to learn more!"
LAST_SENTENCE = re.compile(r"[.!?][\"”’)]?\s*(?P<s>[A-Z][^.!?]{2,100}[.!?]?)$")
CALL_MAX_WORDS = 10
CALL_SHARE = 0.4
CALL_MIN_WORDS = 2
SIGN_OFF_TAIL_CHARS = 120
# Short lines after the article (a teaser cut off, the site's slogan): at most this many words.
TRAILER_MAX_WORDS = 12
# A sign-off line of capitals closing the page ("MIL OSI"): at most this many words.
SIGN_OFF_LINE_WORDS = 3
# A listing of dated news items, newest first: at least this many in a row.
LISTING_MIN_ITEMS = 3
LISTING_DATE_CHARS = 4  # the date opens the item: "On 16 February 2024, ..."
# A glossary box after the article: an acronym alone, then a paragraph that spells it out.
ACRONYM = re.compile(r"^[A-Z]{2,8}$")
# A date in another language under the headline: "2017. május 25. 8:16", "10 Ottobre 2019".
FOREIGN_DATE = re.compile(
    r"(?:(?:19|20)\d{2}\.?\s+[^\W\d_]{3,}\.?\s+\d{1,2}\.?|\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+(?:19|20)\d{2})"
    r"(?:,?\s+\d{1,2}:\d{2})?"
)
# Stamps of this many different days are the dates of a listing's items, not the page's.
LISTING_STAMP_DAYS = 3
# A first line is the headline, whatever it ends with, when it holds this share of the words of
# the address's last part ("/osce-foreign-ministers-meeting-opens-belgrade").
SLUG_AGREEMENT = 0.8
SLUG_MIN_WORDS = 3
# After a bracketed acronym opening the page: a name's last words, a comma and a verb.
NAME_TAIL = re.compile(r"^[A-Z][\w-]*(?: [A-Z][\w-]*){0,3}, [a-z]+ed\b")
# A header line above the headline is the site's header up to this many words when it is no sentence.
HEADER_LINE_MAX_WORDS = 30
# A numeric date: "30.11.2020", "2020-11-30".
NUMERIC_STAMP = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}")
# Every cue but a run of links needs a short unit: longer ones are read as text at once.
LONG_UNIT_CHARS = 600
# A counter: "Views: 414", "1365 views", "Viewed 2422times", "USD 84.79", "2:09".
COUNTER = re.compile(
    r"^(?:(?:views?|viewed|reads?|comments?|shares?|likes?)\s*:?\s*\d[\d,. ]*(?:times)?"
    r"|\d[\d,. ]*\s*(?:views?|reads?|comments?|shares?|likes?)"
    r"|viewed\s*\d+\s*times|[A-Z]{3}\s+\d+[.,]\d+|\d{1,2}:\d{2})$",
    re.IGNORECASE,
)
# A time counted back from the moment the page was shown: "32M ago", "updated 2 hours ago".
RELATIVE_TIME = re.compile(
    r"^(?:(?:updated|posted|published)\s+)?\d{1,3}\s*(?:[smhd]|mins?|minutes?|hrs?|hours?|days?|weeks?)"
    r"\s+ago(?:\s+(?:updated\s+)?\d{1,3}\s*[smhd]\s+ago)?$",
    re.IGNORECASE,
)
# Datelines opening the first paragraph: "MINSK, Nov 23 (BelTA) –", "BISHKEK. KAZINFORM",
# "MOSCOW, December 26. /TASS/.", "Baku / 21.12.18 / Turan:", "VIENNA (Reuters) –",
# "Beijing, 22 February 2024(TDI):", "(MENAFN)", "PanARMENIAN.Net -".
_MONTH_WORD = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[A-Za-z]*\.?"
_PLACE = r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}"
_COUNTRY = rf"(?:,\s*(?!{_MONTH_WORD}\s+\d)[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*){{0,3}})?"
_DL_DATE = (
    rf"(?:\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\d{{1,2}}\s+{_MONTH_WORD}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH_WORD}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)"
)
_AGENCY = (
    r"(?:\([^()]{2,30}\)|/\s*[^/\s][^/]{0,20}/|[A-Z][A-Za-z.-]*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?"
    r"|[A-Z][\w.-]+(?=\s*[:–—-]))"
)
DATELINE = re.compile(
    rf"^(?P<place>{_PLACE}){_COUNTRY}"
    rf"(?:\s*[,./]\s*(?P<date>{_DL_DATE}))?"
    rf"(?:\s*[,./]?\s*(?P<agency>{_AGENCY}))?"
    r"\s*(?:[-–—]{1,2}|:|/|\.)\s*(?=[\"“‘'(A-Z0-9])"
)
WIRE_CAPS = re.compile(r"^(?P<place>[A-Z]{3,}(?:[ -][A-Z]{3,})*)\.\s+(?P<agency>[A-Z]{4,})\s+(?=[A-Z\"“])")
AGENCY_ONLY = re.compile(r"^\((?P<agency>[A-Z][A-Za-z .-]{1,20})\)\s+(?=[A-Z\"“])")
SITE_DASH = re.compile(r"^(?P<agency>[A-Z][\w]*\.(?:Net|net|com|Az|az|am|kz|by|ru))\s*[-–—:]\s+(?=[A-Z\"“])")
# A credit glued to a caption's end: "… (Photo: VNA)", "… (Xinhua/Yao Dawei)", "… Sergei Bobylev/TASS".
CAPTION_CREDIT = re.compile(
    r"(?:\((?:Photo|Photos|Image|Picture)\s*:[^()]{1,40}\)|\([A-Z][\w]+/[^()]{2,40}\)"
    r"|\b[A-Z][\w'-]+ [A-Z][\w'-]+/[A-Z]{2,}[\w]*)\s*$"
)
# A credit alone: "AP Photo / Yong Teck Lim", "© Sergei Bobylev/TASS", "photo: Kabar".
CREDIT_LINE = re.compile(
    r"^(?:©\s*[^©]{2,60}|(?:[A-Z]{1,5}\s+)?(?:Photo|Photos|Image|Picture)s?\s*(?:/|:|by)\s*[^.]{2,50}"
    r"|[A-Z][\w'-]+ [A-Z][\w'-]+\s*/\s*[A-Z]{2,}[\w]*)$",
    re.IGNORECASE,
)
# Words that make a short line ending in a colon a lead-in of the article ("Here's the thing:").
LEAD_IN = re.compile(r"['’]|\b(?:here|there|this|that|these|those|what|how|why|who|which)\b", re.IGNORECASE)
# A word ending like an English verb form, or a common finite verb: a line with one is a clause.
VERB_HINT = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|must|shall|should|said|says|"
    r"met|held|took|gave|made|\w{3,}(?:ed|es|ing))\b",
    re.IGNORECASE,
)


# A name in a byline: "Anna Petrova", "Ivan S. Sidorov".
_NAME = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}"


@dataclass(frozen=True)
class Cues:
    interface: frozenset[str]
    tail_opener: re.Pattern[str]
    field: re.Pattern[str]
    field_kinds: dict[str, str]
    byline: re.Pattern[str]
    editorial_note: re.Pattern[str]
    media_labels: frozenset[str]
    stamp_languages: tuple[str, ...]


@lru_cache(maxsize=1)
def load_cues(path: Path = LEXICON) -> Cues:
    data = read_lexicon(path)
    kinds = {label.lower(): kind for kind, labels in data["field_labels"].items() for label in labels}
    labels = alternation(list(data["field_labels"]["title"]) + [k for k in kinds])
    return Cues(
        interface=frozenset(w.lower() for w in data["interface_words"]),
        tail_opener=re.compile(rf"^(?:{alternation(data['tail_openers'])})\b", re.IGNORECASE),
        field=re.compile(
            rf"^(?:\[(?P<b>{labels})\]\s*(?P<bv>.*)|(?P<c>{labels})\s*:\s*(?P<cv>.+))$", re.IGNORECASE
        ),
        field_kinds=kinds,
        byline=re.compile(
            rf"^(?:{alternation(data['byline_openings'])})\s*:?\s+{_NAME}(?:\s*(?:,|and|&)\s+{_NAME}){{0,3}}"
            r"(?:\s*[-–—,|]\s*[\w .]{1,30})?:?$"
        ),
        editorial_note=re.compile(
            rf"^[(\[]?(?:{alternation(data['editorial_notes'])})[)\]]?[.!:]?$", re.IGNORECASE
        ),
        media_labels=frozenset(w.lower() for w in data["media_labels"]),
        stamp_languages=tuple(data["stamp_languages"]),
    )


@dataclass
class Found:
    """What the labelled units say about the page."""

    title: str | None = None
    stamps: list[str] = field(default_factory=list)  # page timestamps, in page order
    field_date: str | None = None
    dateline_place: str | None = None
    dateline_date: str | None = None  # YYYY-MM-DD when the dateline gives a full date
    dateline_day: tuple[int, int] | None = None  # (day, month) when it gives no year
    url_date: str | None = None
    url_year: int | None = None
    field_place: str | None = None
    dateline_cut: bool = False  # the dateline opened a paragraph (a wire dateline)
    captions: list[str] = field(default_factory=list)
    title_unit: int | None = None  # the unit of a labelled title field
    headline_unit: int | None = None  # a headline the page prints again with its date
    slug_words: frozenset[str] = frozenset()  # words of the address that names the page


def label_web_page(page: Page, given_title: str | None, url: str | None, extracted: bool = False) -> Found:
    """Label the furniture of a web page (one paragraph per line) and read its metadata.

    extracted (bool): the text is what an extractor kept of an HTML page (trafilatura): its
        menus and footers are gone already, and short lines after the article are its lists.
    """
    found = Found(url_date=date_from_url(url), url_year=year_from_url(url), slug_words=slug_words(url))
    if page.wrapped:
        # In print, the dateline opens one of the first column lines (after a headline, a stamp).
        first = [i for i, line in enumerate(page.lines) if line and page.live(i)][:WRAPPED_DATELINE_LINES]
        _label_wrapped_byline(page, first, found, given_title)
        first = [i for i in first if page.live(i)]
        _label_wrapped_header(page, first, found, given_title)
        first = [i for i in first if page.live(i)]
        _cut_dateline(page, [Unit([i], page.lines[i]) for i in first], found)
        return found
    cues = load_cues()
    units = page.units()
    labels: dict[int, str] = {}
    sample = " ".join(u.text for u in units[:LATIN_SAMPLE_UNITS])[:LATIN_SAMPLE_CHARS]
    # counted in runs by the regex engine: a list of every letter (or a per-letter loop) is slow
    letters = sum(map(len, LETTER_RUN.findall(sample)))
    latin_page = not letters or sum(map(len, LATIN_RUN.findall(sample))) >= LATIN_PAGE_SHARE * letters
    for k, unit in enumerate(units):
        if k in labels:
            continue
        label = _label_unit(unit.text, cues, found, latin_page)
        if label:
            labels[k] = label
            if label == "metadata: labelled field (title)" and found.title_unit is None:
                found.title_unit = k
        if label and label.startswith("timestamp") and k + 1 < len(units) and is_time_line(units[k + 1].text):
            stamp = read_timestamp(f"{unit.text} {units[k + 1].text}")
            if stamp and found.stamps:
                found.stamps[-1] = stamp
            labels[k + 1] = "timestamp: the time of the date above"
    _label_place_lines(units, labels, found)
    for k in range(1, len(units)):
        if labels.get(k, "").startswith("credit: picture") and k - 1 not in labels:
            # a long caption (a row of names) sticks to its credit where paragraphs have gaps
            glued = _gap(page, units[k - 1], units[k]) == 0 and _spaced_paragraphs(page)
            if len(units[k - 1].text.split()) <= CAPTION_MAX_WORDS or glued:
                labels[k - 1] = "caption: above a picture credit"
    _label_neighbours(page, units, labels, cues)
    _label_listing(units, labels)
    _label_repeats(units, labels, found)
    core = _article_core(units, labels)
    start = core[0] if core else len(units)
    if core and given_title is None and _headline_opens_core(units, labels, core, found.slug_words):
        start = next(k for k in range(start + 1, core[1] + 1) if k not in labels and _is_body(units[k].text))
    if start == len(units):
        start = 0  # no paragraph at all: a fragment, whose top is not a header
    _label_header(units, labels, start, given_title, found)
    if found.title is None and given_title is None and found.headline_unit is not None:
        found.title = strip_title_tags(units[found.headline_unit].text)
        labels[found.headline_unit] = "title: headline printed again with the page's date"
    if found.title is None and given_title is None:
        at = _slug_title(units, labels, url)
        if at is not None:
            found.title = strip_title_tags(units[at].text).rstrip(".")
            labels[at] = "title: first line, as the page's address words it"
    if len({stamp[:10] for stamp in found.stamps}) >= LISTING_STAMP_DAYS:
        found.stamps.clear()  # the dates of a listing's items: none of them is the page's
    _label_tail(units, labels, start, cues)
    if core and not extracted:
        _label_far_lines(units, labels, core[1])
        _label_bulleted_headlines(units, labels, core[1])
    if not extracted:
        label_teasers(units, labels, start, found.title or given_title)
    _label_trailer(page, units, labels)
    _label_glossary(units, labels)
    for k, label in labels.items():
        if label.startswith("caption"):
            found.captions.append(units[k].text)
        page.remove(units[k].lines, label)
    body = [u for u in page.units()]
    if found.title is None and given_title is None:
        _cut_slug_headline(page, body[:DATELINE_UNITS], found)
    _cut_glued_headline(page, body, found)
    _cut_dateline(page, [u for u in page.units()][:DATELINE_UNITS], found)
    _cut_sign_offs(page, cues)
    return found


# --- Per-unit cues ----------------------------------------------------------------------------------


def _label_unit(text: str, cues: Cues, found: Found, latin_page: bool = True) -> str | None:
    if len(text) > LONG_UNIT_CHARS:
        # A long paragraph is text, unless it is a run of links ("A • B • C • ...").
        return "navigation: list of links" if _is_link_list(text) else None
    words = WORD.findall(text)
    if _symbols_only(text, words):
        return "widget: symbols and digits, no words"
    if _is_markup(text):
        return "widget: markup or code printed as text"
    if COUNTER.match(text.strip()):
        return "widget: counter"
    if RELATIVE_TIME.match(text.strip()):
        return "widget: a time counted back from now"
    labelled = cues.field.match(text)
    if labelled and _is_field(labelled, cues):
        return _field_unit(labelled, cues, found)
    if len(text) <= STAMP_MAX_CHARS and "(@" not in text and _is_stamp(text, words):  # not a quoted post
        stamp = read_timestamp(text)
        if stamp:
            found.stamps.append(stamp)
        return "timestamp: a date with little else"
    if cues.byline.match(text) and len(words) <= 10:
        return "byline: author line"
    if CREDIT_LINE.match(text) and len(words) <= 10:
        return "credit: picture credit"
    if CAPTION_LABEL.match(text) and len(words) <= CAPTION_MAX_WORDS:
        return "caption: labelled caption"
    if (
        CAPTION_CREDIT.search(text)
        and not text.rstrip().endswith((".", "!", "?"))
        or (CAPTION_CREDIT.search(text) and len(words) <= 60 and "(Photo" in text)
    ):
        return "caption: ends with a picture credit"
    if latin_page and _foreign_interface(text, words):
        return "widget: interface words in another script"
    share, count = _interface_share(words, cues)
    exclamation = len(words) == 1 and text.rstrip().endswith("!")  # "Sorry!" may be the writer's
    if (
        len(words) <= WIDGET_MAX_WORDS
        and share >= WIDGET_SHARE
        and not ends_sentence(text.rstrip("!:"))
        and not exclamation
    ):
        return "widget: interface words"
    running_on = text[:1].islower() and ends_sentence(text)  # a wrapped sentence's last line
    if (
        len(words) <= FORM_MAX_WORDS
        and count >= FORM_MIN_WORDS
        and share >= FORM_SHARE
        and len(words) > 3
        and not running_on
    ):
        if count >= FORM_SENTENCE_WORDS or not ends_sentence(text):
            return "widget: form or notice"
    is_menu = MENU_SEPARATOR.search(text) or len(MENU_WEAK_SEPARATOR.findall(text)) >= 2
    if len(words) <= HEADER_MAX_WORDS and is_menu and not ends_sentence(text) and not text.startswith("|"):
        return "navigation: menu with separators"
    if _is_link_list(text):
        return "navigation: list of links"
    if EDITORIAL_NOTE.match(text) or WIRE_CREDIT.match(text) or cues.editorial_note.match(text):
        return "credit: editorial note in brackets"
    if SITE_NAME.match(text.strip()):
        return "widget: the site's name"
    if (
        len(words) <= 3
        and text.rstrip().endswith(":")
        and not VERB_HINT.search(text)
        and not LEAD_IN.search(text)
    ):
        return "widget: a label without its value"
    lower_latin = text == text.lower() and LATIN.search(text)
    if len(words) <= 3 and lower_latin and not ends_sentence(text) and not VERB_HINT.search(text):
        return "navigation: a tag"
    return None


def _is_markup(text: str) -> bool:
    """Markup or code printed as text: half the tokens or more are letters mixed with markup."""
    tokens = text.split()
    code = [t for t in tokens if len(MARKUP_CHARS.findall(t)) >= MARKUP_MIN_CHARS and LETTER.search(t)]
    return bool(code) and 2 * len(code) >= len(tokens) and not ends_sentence(text)


def _is_link_list(text: str) -> bool:
    """Headlines run together with separators: several pieces, each short (not a table row)."""
    if text.startswith("|"):
        return False
    pieces = LIST_SEPARATOR.split(text)
    if len(pieces) <= LIST_MIN_SEPARATORS:
        return False
    lengths = sorted(len(p.split()) for p in pieces)
    return lengths[len(lengths) // 2] <= LINK_MAX_WORDS


def _symbols_only(text: str, words: list[str]) -> bool:
    """ "A+", "• 15", "^", "+ ↺ − 16 px": no word of three letters, and more than punctuation."""
    if PUNCTUATION_ONLY.match(text) or len(text) > 16 or NUMERIC_STAMP.search(text):
        return False  # "30.11.2020 10:15" is a stamp
    return not any(len(w) >= 3 for w in words)


def _is_field(m: re.Match[str], cues: Cues) -> bool:
    """ "[Full text]" always; "Label: value" only for a title, a date, a place or a short name
    ("FULL TEXT: Chairman's statement ..." is a headline, not a field)."""
    if m.group("b"):
        return True
    kind = cues.field_kinds.get(m.group("c").lower(), "other")
    value = m.group("cv") or ""
    if kind == "date":
        return read_timestamp(value) is not None
    return kind in ("title", "place") or len(value.split()) <= 4


def _field_unit(m: re.Match[str], cues: Cues, found: Found) -> str:
    label = (m.group("b") or m.group("c")).lower()
    value = (m.group("bv") if m.group("b") else m.group("cv")) or ""
    kind = cues.field_kinds.get(label, "other")
    if kind == "title" and value and not found.title:
        found.title = value.strip()
    elif kind == "date" and value:
        found.field_date = found.field_date or read_timestamp(value)
    elif kind == "place" and value:
        found.field_place = found.field_place or value.strip()
    return f"metadata: labelled field ({label})"


def _is_stamp(text: str, words: list[str]) -> bool:
    from communique.clean.dates import MONTH, STAMP_DATE, WEEKDAY, find_date_mentions

    if not STAMP_DATE.search(text) and not read_timestamp(text):
        # "July 18", "Baku, October 10, AZERTAC": a day and month with a name or two
        return bool(find_date_mentions(text)) and len(words) <= 4 and not ends_sentence(text)
    months = re.compile(rf"^{MONTH}$", re.IGNORECASE)
    other = [
        w for w in words if not months.match(w) and not WEEKDAY.match(w) and w.lower() not in {"t", "th"}
    ]
    return (
        len(other) <= STAMP_OTHER_WORDS and not ends_sentence(text.rstrip(".:").rstrip()) or len(other) <= 2
    )


def _foreign_interface(text: str, words: list[str]) -> bool:
    """A few words in another script on an English page: an untranslated button or label."""
    if not words or len(words) > 8:
        return False
    foreign = [w for w in words if not LATIN.search(w)]
    # mostly another script, or a language switch ("This text available in Հայերեն and Русский")
    return len(foreign) >= max(1, len(words) / 2) or len(foreign) >= 2


def _interface_share(words: list[str], cues: Cues) -> tuple[float, int]:
    if not words:
        return 0.0, 0
    count = sum(1 for w in words if w.lower() in cues.interface)
    return count / len(words), count


# --- Cues from neighbours and position ----------------------------------------------------------------


def _label_place_lines(units: list[Unit], labels: dict[int, str], found: Found) -> None:
    """A known place alone on a line beside a stamp: the page's dateline ("Tashkent")."""
    from communique.clean.metadata import canonical_place

    for k, unit in enumerate(units):
        if k in labels or len(unit.text.split()) > 3:
            continue
        place = canonical_place(unit.text)
        if place is None or place.lower() != unit.text.strip(" .,").lower():
            continue
        near = [labels.get(j, "") for j in (k - 1, k + 1)]
        if any(label.startswith("timestamp") for label in near):
            labels[k] = "dateline: a place beside the page's stamp"
            found.dateline_place = found.dateline_place or place


def _fold(text: str) -> str:
    return " ".join(PUNCT.sub(" ", text.lower()).split())


def _extended_earlier(ordered: list[str], key: str) -> bool:
    """An earlier key starts with ``key``; found by bisection, as a scan of every earlier key is
    quadratic on a long text (35 million comparisons on 2 MB)."""
    at = bisect_left(ordered, key)
    return at < len(ordered) and ordered[at].startswith(key)


def _label_repeats(units: list[Unit], labels: dict[int, str], found: Found) -> None:
    """A unit seen before is a repeat; a unit the next one repeats and extends is a fragment of it
    (a lead printed twice, a breadcrumb glued before the headline it repeats)."""
    if len(units) < 2:
        return  # nothing to repeat (and a long one-paragraph story is not folded for nothing)
    seen: set[str] = set()
    ordered: list[str] = []  # ``seen`` sorted: the keys that extend a key follow it (bisect, not a scan)
    first_body = next((k for k, u in enumerate(units) if k not in labels and _is_body(u.text)), len(units))
    header_keys = {_fold(u.text) for u in units[:first_body]}
    for k, unit in enumerate(units):
        key = _fold(unit.text)
        if (
            len(key) >= REPEAT_MIN_CHARS
            and k not in labels
            and (key in seen or _extended_earlier(ordered, key))
            # a list may repeat its items ("Drink during your workout"); a headline or a
            # paragraph printed twice is furniture
            and (len(key) >= REPEAT_PARAGRAPH_CHARS or key in header_keys)
        ):
            labels[k] = "repeat: printed earlier on the page"
        if key not in seen:
            insort(ordered, key)
        seen.add(key)
        if k + 1 < len(units) and k not in labels:
            nxt = _fold(units[k + 1].text)
            if len(key) >= REPEAT_MIN_CHARS and nxt != key and nxt.startswith(key):
                if _is_glued_headline(units[k].text, units[k + 1].text):
                    rest = units[k + 1].text[len(units[k].text) :].strip()
                    stamp = read_timestamp(rest) if len(rest) <= STAMP_MAX_CHARS // 2 else None
                    if stamp and k + 1 not in labels:
                        labels[k + 1] = "timestamp: the headline again with the page's date"
                        found.stamps.append(stamp)
                        found.headline_unit = k if found.headline_unit is None else found.headline_unit
                    continue  # the headline, printed again at the head of the first paragraph
                labels[k] = "repeat: the next paragraph repeats and extends it"
            elif (
                len(nxt) >= REPEAT_MIN_CHARS
                and key != nxt
                and key.endswith(nxt)
                and len(key) < 2 * len(nxt) + 40
            ):
                labels[k] = "navigation: section name glued before the headline"


def _is_glued_headline(head: str, paragraph: str) -> bool:
    """A headline-shaped line that the next paragraph starts with, word for word."""
    from communique.clean.metadata import is_title_like

    return is_title_like(head) and len(head.split()) <= GLUED_TITLE_WORDS and paragraph.startswith(head + " ")


def _cut_slug_headline(page: Page, units: list[Unit], found: Found) -> None:
    """A headline run into the first paragraph without a break ("CSTO summit opens in Minsk The
    leaders of ..."): the paragraph's opening words, up to a capitalised word, are the words of
    the page's address and nothing more."""
    slug = found.slug_words
    if not slug:
        return
    for unit in units:
        i = unit.lines[0]
        line = page.lines[i]
        tokens = line.split()
        for n in range(min(len(tokens) - 1, GLUED_TITLE_WORDS), SLUG_MIN_WORDS - 1, -1):
            if not tokens[n][:1].isupper() or tokens[n - 1][-1:] in ".,;:!?":
                continue
            head = " ".join(tokens[:n])
            words = {POSSESSIVE.sub("", w.lower()) for w in WORD.findall(head) if len(w) >= 3}
            if words and words <= slug and len(words) >= SLUG_AGREEMENT * len(slug):
                found.title = head
                page.cut(
                    i, len(head), "title: headline run into the first paragraph, as the address words it"
                )
                return
        return


def _cut_glued_headline(page: Page, units: list[Unit], found: Found) -> None:
    """The first paragraph opening with the headline again: the copy is taken off it."""
    if not found.title:
        return
    for unit in units[:DATELINE_UNITS]:
        i = unit.lines[0]
        if page.live(i) and page.lines[i].startswith(found.title + " ") and i not in page.cuts:
            page.cut(i, len(found.title), "repeat: the headline glued to the first paragraph")
            return


def _is_body(text: str) -> bool:
    words = text.split(maxsplit=BODY_LONG_WORDS)  # enough to tell (a long paragraph is not split whole)
    return (len(words) >= BODY_MIN_WORDS and ends_sentence(text)) or len(words) >= BODY_LONG_WORDS


def _article_core(units: list[Unit], labels: dict[int, str]) -> tuple[int, int] | None:
    """First and last paragraph of the article: the run of paragraphs with the most text, where
    a run breaks at more than ``CORE_GAP_UNITS`` short lines in a row (a menu, a list of teasers).
    The context rule of jusText (short blocks take the class of the text around them), written
    here for text, as jusText reads HTML and a saved page or a search index's copy has none."""
    good = [k for k in range(len(units)) if k not in labels and _is_body(units[k].text)]
    if not good:
        return None
    runs: list[list[int]] = [[good[0]]]
    for a, b in zip(good, good[1:], strict=False):
        between = sum(1 for j in range(a + 1, b) if j not in labels)
        if between > CORE_GAP_UNITS:
            runs.append([b])
        else:
            runs[-1].append(b)
    best = max(runs, key=lambda run: sum(len(units[k].text) for k in run))  # the first of equals
    return best[0], best[-1]


def _label_far_lines(units: list[Unit], labels: dict[int, str], end: int) -> None:
    """Short lines after the article's last paragraph, from the first run of more than
    ``CORE_GAP_UNITS`` of them on: menus, footers and teaser headlines, not the article's
    closing list. Paragraphs there stay (they may be the article's end, cut off by a box)."""
    run: list[int] = []
    far = False
    closing = set(_closing_list(units, labels, end))
    for k in range(end + 1, len(units)):
        if k in labels or k in closing:
            continue
        if _is_body(units[k].text):
            run = []
            closing |= set(_closing_list(units, labels, k))  # a list may follow any paragraph
            continue
        if LIST_ITEM.match(units[k].text) or units[k].text[:1].islower():
            continue  # an item of a numbered list, a line running on: the article's, not a menu's
        run.append(k)
        if far:
            labels[k] = "navigation: short line away from the article's text"
        elif len(run) > CORE_GAP_UNITS:
            far = True
            for j in run:
                labels[j] = "navigation: short line away from the article's text"


def _closing_list(units: list[Unit], labels: dict[int, str], end: int) -> list[int]:
    """The short lines right after a paragraph that make one list with the article (tour
    dates, a product's features): at least ``BULLET_LIST_MIN`` in a row carry the same mark
    (a bullet, figures, an inner separator, a comma), which a menu's links do not."""
    run = []
    for k in range(end + 1, len(units)):
        if k in labels:
            continue
        if _is_body(units[k].text):
            break
        run.append(k)
    best: list[int] = []
    for _name, pattern in LIST_MARKS:
        # the list runs while its items carry the mark (one item without it may stand among them)
        kept: list[int] = []
        misses = 0
        for k in run:
            if pattern.search(units[k].text):
                kept.append(k)
                misses = 0
            else:
                misses += 1
                if misses > 1:
                    break
        if len(kept) > len(best):
            best = kept
    return best if len(best) >= BULLET_LIST_MIN else []


def _label_bulleted_headlines(units: list[Unit], labels: dict[int, str], end: int) -> None:
    """After the article's last paragraph, a bulleted list of headlines ("- CSTO ministers meet
    in Minsk", "• ..."), at least ``BULLET_LIST_MIN`` in a row: links to other stories."""
    run: list[int] = []

    def close() -> None:
        if len(run) >= BULLET_LIST_MIN and _headline_items(units, run):
            for k in run:
                labels[k] = "teaser: a bulleted list of headlines after the article"
        run.clear()

    for k in range(end + 1, len(units)):
        if k in labels:
            continue
        m = BULLET.match(units[k].text)
        item = units[k].text[m.end() :] if m else ""
        if m and len(item.split()) <= HEADLINE_ITEM_WORDS and not ends_sentence(item.rstrip("!?")):
            run.append(k)
        else:
            close()
    close()


def _headline_items(units: list[Unit], run: list[int]) -> bool:
    """Headlines seldom carry figures or commas; a product's features or a schedule do."""
    marked = sum(1 for k in run if FEATURE_MARK.search(units[k].text))
    return marked < LIST_MARK_SHARE * len(run)


def _body_start(units: list[Unit], labels: dict[int, str]) -> int:
    for k, unit in enumerate(units):
        if k not in labels and _is_body(unit.text):
            return k
    return len(units)


def _label_header(
    units: list[Unit], labels: dict[int, str], start: int, given_title: str | None, found: Found
) -> None:
    """Above the first paragraph: the headline, the rest is the site's header."""
    header = [k for k in range(start) if k not in labels]
    body = [k for k in range(start, len(units)) if k not in labels][:LEAD_UNITS]
    lead = " ".join(units[k].text for k in body)[:LEAD_CHARS]
    title_at = None
    if given_title is None and found.title is None:
        title_at = _choose_title(units, header, lead, start, found.slug_words)
    elif given_title is not None:
        title_at = next((k for k in header if _fold(units[k].text) == _fold(given_title)), None)
    elif found.title is not None:
        title_at = next((k for k in header if _fold(units[k].text) == _fold(found.title)), None)
        if title_at is None and found.title_unit is not None and found.title_unit < start:
            title_at = found.title_unit  # a labelled field ("[Title] ...") holds the headline
    if title_at is not None:
        found.title = found.title or (given_title or strip_title_tags(units[title_at].text))
        labels.setdefault(title_at, "title: headline above the body")
    for k in range(title_at if title_at is not None else start):
        if labels.get(k, "").startswith("widget: interface"):
            labels[k] = "navigation: site header above the headline"
    for k in header:
        if k == title_at or k in labels:
            continue
        text = units[k].text
        if found.title and _fold(text) == _fold(found.title):
            labels[k] = "repeat: the headline again"
        elif title_at is not None and k < title_at and len(text.split()) <= HEADER_MAX_WORDS:
            labels[k] = "navigation: site header above the headline"  # whatever it ends with
        elif (
            title_at is not None
            and k < title_at
            and len(text.split()) <= HEADER_LINE_MAX_WORDS
            and not ends_sentence(text)
        ):
            labels[k] = "navigation: site header above the headline"  # a publisher's line
        elif (
            len(text.split()) <= HEADER_MAX_WORDS
            and not ends_sentence(text.rstrip(":"))
            and not text.endswith(",")
        ):
            if title_at is None or k < title_at:
                labels[k] = "navigation: site header above the headline"
            elif k - title_at <= BYLINE_ZONE_UNITS and len(WORD.findall(text)) <= BYLINE_MAX_WORDS:
                labels[k] = "byline: short line between headline and body"
                stamp = None if found.stamps else _foreign_stamp(text)
                if stamp:
                    found.stamps.append(stamp)
                    labels[k] = "timestamp: a date in another language under the headline"
    # A date widget: a stamp with a weekday above the headline shows today's date, not the page's.
    if title_at is not None:
        widget = [
            k
            for k in range(title_at)
            if labels.get(k, "").startswith("timestamp")
            and re.search(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", units[k].text)
        ]
        for k in widget:
            labels[k] = "widget: date widget above the headline"
            stamp = read_timestamp(units[k].text)
            if stamp in found.stamps:
                found.stamps.remove(stamp)


def _foreign_stamp(text: str) -> str | None:
    """The date of a stamp printed in another language, read with dateparser in the languages
    the lexicon lists (only here: loading every language costs seconds)."""
    m = FOREIGN_DATE.search(text)
    if m is None:
        return None
    import dateparser

    parsed = dateparser.parse(
        m.group(0), languages=list(load_cues().stamp_languages), settings={"PREFER_DAY_OF_MONTH": "first"}
    )
    if parsed is None:
        return None
    return parsed.strftime("%Y-%m-%dT%H:%M") if ":" in m.group(0) else parsed.strftime("%Y-%m-%d")


def _slug_title(units: list[Unit], labels: dict[int, str], url: str | None) -> int | None:
    """A first line that says what the page's address says is its headline, even with a full stop
    ("OSCE Foreign Ministers meeting opens in Belgrade.")."""
    if not url:
        return None
    slug = url.rstrip("/").rsplit("/", 1)[-1].split("?")[0].rsplit(".", 1)[0].lower()
    slug_words = {w for w in re.split(r"[-_]+", slug) if len(w) >= 3 and w.isalpha()}
    if len(slug_words) < SLUG_MIN_WORDS:
        return None
    for k in [k for k in range(len(units)) if k not in labels][:1]:
        text = units[k].text
        words = {w.lower() for w in WORD.findall(text) if len(w) >= 3}
        shared = len(slug_words & words)
        if (
            len(text.split()) <= LONG_TITLE_WORDS
            and shared >= SLUG_AGREEMENT * len(slug_words)
            and shared >= SLUG_AGREEMENT * len(words)  # the line says no more than the address
        ):
            return k
    return None


def strip_title_tags(title: str) -> str:
    """A headline without the media tag ("... PHOTO", "[PHOTOS/VIDEO]") or the site's name
    ("... | Free press") a page adds to it."""
    title = MEDIA_TAG.sub("", title)
    parts = SITE_SUFFIX.split(title)
    if len(parts) == 2 and len(parts[1].split()) <= SITE_SUFFIX_WORDS and len(parts[0].split()) >= 3:
        title = parts[0]
    parts = title.split("|")
    if len(parts) == 2 and len(parts[0].split()) <= SECTION_PREFIX_WORDS and len(parts[1].split()) >= 3:
        title = parts[1]  # a section's name glued before the headline: "Opinion|..."
    return title.strip()


def strip_site_name(title: str, url: str | None, sitename: str | None = None) -> str:
    """A container's headline without the site's name the page's <title> adds to it ("... - IGN",
    "LinkNaija | ...", "... | ZDNet") or a section's name after a bar ("... | Editorial"); the
    name is told by the site's address or the name the page gives itself, not by a list."""
    pieces = TITLE_AFFIX.split(title)  # text, separator, text, ...
    if len(pieces) < 3:
        return title
    names = _site_names(url, sitename)

    def names_site(part: str) -> bool:
        key = re.sub(r"\W+", "", part.lower())
        if not key or len(part.split()) > SITE_NAME_WORDS:
            return False
        return any(key == n or (len(n) >= SITE_LABEL_MIN and (n in key or key in n)) for n in names)

    def section(part: str, sep: str) -> bool:
        return "|" in sep and len(part.split()) <= SECTION_PREFIX_WORDS

    while len(pieces) >= 3 and (names_site(pieces[-1]) or section(pieces[-1], pieces[-2])):
        pieces = pieces[:-2]
    while len(pieces) >= 3 and (names_site(pieces[0]) or section(pieces[0], pieces[1])):
        pieces = pieces[2:]
    stripped = "".join(pieces).strip()
    return stripped if len(stripped.split()) >= SLUG_MIN_WORDS else title


def _site_names(url: str | None, sitename: str | None) -> set[str]:
    from communique.clean.site import host_of

    names = {re.sub(r"\W+", "", sitename.lower())} if sitename else set()
    host = host_of(url) or ""
    names |= {label for label in host.split(".")[:-1] if label != "www"}
    return {n for n in names if len(n) >= 2}


def slug_words(url: str | None) -> frozenset[str]:
    """The words of the address's part that names the page ("/2023/11/23/csto-summit-opens-in-minsk/"):
    the path segment with the most hyphenated words."""
    if not url:
        return frozenset()
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("//", 1)[-1].partition("/")[2]
    best: set[str] = set()
    for part in path.split("/"):
        part = FILE_EXTENSION.sub("", part.lower())
        words = {w for w in re.split(r"[-_+.]+", part) if len(w) >= 3 and w.isalpha()}
        if len(words) > len(best):
            best = words
    return frozenset(best) if len(best) >= SLUG_MIN_WORDS else frozenset()


def _choose_title(
    units: list[Unit], header: list[int], lead: str, start: int, slug: frozenset[str] = frozenset()
) -> int | None:
    """The header line that reads as a headline and agrees most with the lead and with the
    words of the page's address; a line far above the body (in a menu) loses a little."""
    from communique.clean.metadata import is_title_like

    lead_words = set(_content_words(lead))
    later = {_fold(u.text) for u in units[start:]}
    best: tuple[float, int] | None = None
    candidates = []
    for k in header:
        text = units[k].text
        n_words = len(text.split())
        if n_words < 2 or (n_words > LONG_TITLE_WORDS and _fold(text) in later):
            continue  # a standfirst the body repeats is not the headline
        if not is_title_like(text) and not (
            n_words <= LONG_TITLE_WORDS and _slug_share(text, slug) >= SLUG_AGREEMENT
        ):
            continue  # a sentence, unless the address words it ("... They just might be.")
        if text.endswith("!") and n_words <= SALUTATION_WORDS:
            continue  # "Dear colleagues!" opens a speech
        share, count = _interface_share(WORD.findall(text), load_cues())
        if count and share >= INTERFACE_TITLE_SHARE and n_words <= SALUTATION_WORDS:
            continue  # "Skip to Article", "Fox News Radio": a button or the site's name
        candidates.append(k)
    for k in candidates:
        text = units[k].text
        n_words = len(text.split())
        words = _content_words(text)
        agree = sum(1 for w in words if w in lead_words) / max(MIN_TITLE_WORDS, len(words))
        if n_words > LONG_TITLE_WORDS:
            agree -= LONG_TITLE_PENALTY  # a standfirst runs longer than a headline
        agree += SLUG_WEIGHT * _slug_share(text, slug)
        between = sum(1 for j in header if k < j)
        if between > TITLE_NEAR_UNITS:
            agree -= FAR_TITLE_PENALTY
        agree += FULLER_TITLE_BONUS * min(n_words, LONG_TITLE_WORDS)  # a tag is shorter than a headline
        if best is None or agree >= best[0]:
            best = (agree, k)
    if best and best[0] < TITLE_AGREEMENT:
        # Nothing agrees with the body: the headline-shaped line nearest above it, if any.
        return candidates[-1] if candidates else None
    return best[1] if best else None


def _slug_share(text: str, slug: frozenset[str]) -> float:
    """The share of a line's words (of three letters or more) that the page's address has."""
    if not slug:
        return 0.0
    said = {POSSESSIVE.sub("", w.lower()) for w in WORD.findall(text) if len(w) >= 3}
    return len(said & slug) / max(MIN_TITLE_WORDS, len(said))


def _headline_opens_core(
    units: list[Unit], labels: dict[int, str], core: tuple[int, int], slug: frozenset[str]
) -> bool:
    """The article's first "paragraph" is its headline: it ends with a question, an exclamation
    or a quotation rather than a full stop, is headline-long, the address words it, and
    paragraphs follow."""
    from communique.clean.metadata import is_title_like

    first = units[core[0]].text
    more = any(k not in labels and _is_body(units[k].text) for k in range(core[0] + 1, core[1] + 1))
    return (
        more
        and is_title_like(first)
        and len(first.split()) <= LONG_TITLE_WORDS
        and _slug_share(first, slug) >= HEADLINE_SLUG_SHARE
    )


def _content_words(text: str) -> list[str]:
    words = (POSSESSIVE.sub("", w) for w in WORD.findall(text.lower()))  # "Delhi’s" is "Delhi"
    return [w for w in words if len(w) >= 4]


def _label_tail(units: list[Unit], labels: dict[int, str], start: int, cues: Cues) -> None:
    """From a tail opener after the body on: related stories, forms, notices."""
    for k in range(start + 1, len(units)):
        text = units[k].text
        opener = cues.tail_opener.match(text)
        # "Legal warning: All rights ...": a notice after its label opens the tail, however long
        notice = opener is not None and text[opener.end() :].lstrip().startswith(":")
        notice = notice and len(text[opener.end() :].split()) > LINK_MAX_WORDS
        if not opener or (len(text.split()) > 40 and not notice):
            continue
        rest = text[opener.end() :].strip(" :|-–—")
        if len(rest.split()) > TAIL_OPENER_MAX_WORDS and not notice:
            labels.setdefault(k, "teaser: a link to another story")  # "Also read: <headline>"
            continue
        before = sum(len(units[j].text) for j in range(start, k) if j not in labels)
        after = sum(len(units[j].text) for j in range(k + 1, len(units)) if j not in labels)
        if after > TAIL_SHARE * before:
            continue  # a box of links inside the article: the article goes on after it
        labels[k] = "teaser: opens the page's tail"
        for j in range(k + 1, len(units)):
            if len(units[j].text.split()) >= TAIL_PARAGRAPH_WORDS:
                break  # a paragraph of the article goes on after a box of links
            labels.setdefault(j, "teaser: after the article's end")
        return


# --- Cues from neighbours, the page's end and its layout ------------------------------------------


def _label_neighbours(page: Page, units: list[Unit], labels: dict[int, str], cues: Cues) -> None:
    """Units whose nature shows from the unit beside them: the caption above a picture credit the
    furniture pass took out, the caption under a media label ("Image:"), the title under a
    video's running time, and a line of a form between interface lines."""
    for k, unit in enumerate(units):
        if k in labels or len(unit.text) > LONG_UNIT_CHARS:
            continue
        words = WORD.findall(unit.text)
        before = labels.get(k - 1, "")
        nxt = _next_line(page, unit.lines[-1])
        if (
            nxt is not None
            and page.reasons.get(nxt) == "credit"
            and CREDIT_LINE.match(page.lines[nxt])
            and len(words) <= CAPTION_MAX_WORDS
        ):
            labels[k] = "caption: above a picture credit"
        elif (
            before.startswith("widget: a label")
            and units[k - 1].text.rstrip(" :").lower() in cues.media_labels
            and len(words) <= CAPTION_MAX_WORDS
        ):
            labels[k] = "caption: under a media label"
        elif (
            before.startswith("widget")
            and DURATION.match(units[k - 1].text.strip())
            and len(words) <= HEADER_MAX_WORDS
            and not ends_sentence(unit.text)
        ):
            labels[k] = "caption: the title of a video under its running time"
        elif (
            0 < k < len(units) - 1
            and all(labels.get(j, "").startswith(("widget", "navigation")) for j in (k - 1, k + 1))
            and len(words) <= FORM_MAX_WORDS
            and _interface_share(words, cues)[1] >= 1
        ):
            labels[k] = "widget: a line of a form between interface lines"


def _next_line(page: Page, i: int) -> int | None:
    """The next line that is not blank (live or taken out)."""
    return next((j for j in range(i + 1, len(page.lines)) if page.lines[j]), None)


def _label_listing(units: list[Unit], labels: dict[int, str]) -> None:
    """Paragraphs that each open with a date, newest first: a listing of news items on the page
    (a story's own chronology runs forward in time)."""
    from communique.clean.dates import find_date_mentions

    run: list[tuple[int, tuple[int, int, int]]] = []

    def close() -> None:
        keys = [key for _, key in run]
        if len(run) >= LISTING_MIN_ITEMS and keys[0] > keys[-1]:
            if all(a >= b for a, b in zip(keys, keys[1:], strict=False)):
                for k, _ in run:
                    labels[k] = "teaser: a dated item of a news listing (newest first)"
        run.clear()

    for k, unit in enumerate(units):
        mentions = [] if k in labels else find_date_mentions(unit.text[:40])
        first = mentions[0] if mentions and mentions[0].start <= LISTING_DATE_CHARS else None
        if first is None or not _is_body(unit.text):
            close()
            continue
        year = first.year or (run[-1][1][0] if run else 0)
        run.append((k, (year, first.month, first.day)))
    close()


def _label_glossary(units: list[Unit], labels: dict[int, str]) -> None:
    """An explainer box closing the page: an acronym alone, then a paragraph that spells it out
    ("CSTO" / "The Collective Security Treaty Organization, formed ...")."""
    live = [k for k in range(len(units)) if k not in labels]
    while len(live) >= 3:  # the article stays above the boxes
        head, para = live[-2], live[-1]
        acronym = units[head].text.strip()
        if not (ACRONYM.match(acronym) and _spells_out(acronym, units[para].text)):
            return
        labels[head] = labels[para] = "teaser: an explainer box after the article"
        live = live[:-2]


def _spells_out(acronym: str, text: str) -> bool:
    if re.match(rf"^{acronym}\s*[-–—:]\s", text):
        return True
    name = re.split(r"[,(]", text, maxsplit=1)[0]
    words = [w for w in WORD.findall(name) if w[0].isupper() and w != "The"]
    return "".join(w[0] for w in words) == acronym


def _label_trailer(page: Page, units: list[Unit], labels: dict[int, str]) -> None:
    """Short lines after the article's last paragraph (a teaser cut off, the site's slogan, a
    button in another language) when furniture or a wider gap than the page's paragraphs have
    sets them apart; a line of capitals closing the page is a sign-off ("MIL OSI")."""
    body = [k for k in range(len(units)) if k not in labels and _is_body(units[k].text)]
    last_unit = len(units) - 1
    if body and last_unit not in labels and last_unit != body[-1]:
        text = units[last_unit].text
        if len(text.split()) <= SIGN_OFF_LINE_WORDS and text.upper() == text and LATIN.search(text):
            labels[last_unit] = "credit: a sign-off line closing the page"
    if not body:
        return
    last = body[-1]
    rest = [k for k in range(last + 1, len(units)) if k not in labels]
    if not rest or any(
        len(WORD.findall(units[k].text)) > TRAILER_MAX_WORDS or ends_sentence(units[k].text) for k in rest
    ):
        return
    end, begin = units[last].lines[-1], units[rest[0]].lines[0]
    unit_of = {i: k for k, u in enumerate(units) for i in u.lines}
    closed = any(
        (page.reasons.get(i) or labels.get(unit_of.get(i, -1), "")).split(":")[0]
        not in ("", "caption", "credit", "timestamp")
        for i in range(end + 1, begin)
    )
    kept = [k for k in range(last + 1) if k not in labels]
    gaps = [_gap(page, units[a], units[b]) for a, b in zip(kept, kept[1:], strict=False)]
    wide = bool(gaps) and _gap(page, units[last], units[rest[0]]) > sorted(gaps)[len(gaps) // 2]
    if closed or wide:
        for k in rest:
            labels[k] = "teaser: a short line after the article's end"


def _spaced_paragraphs(page: Page) -> bool:
    """The page separates most of its lines with blank lines."""
    full = [i for i, line in enumerate(page.lines) if line]
    blank_after = sum(1 for i in full if i + 1 < len(page.lines) and not page.lines[i + 1])
    return 2 * blank_after >= len(full)


def _gap(page: Page, a: Unit, b: Unit) -> int:
    """Blank lines between two units."""
    return sum(1 for i in range(a.lines[-1] + 1, b.lines[0]) if not page.lines[i])


def _cut_sign_offs(page: Page, cues: Cues) -> None:
    """A sign-off closing a paragraph ("… next week. -02D-", "… (ILKHA)") and a call to action
    glued to its last sentence ("… Lukashenko.Follow Sputnik's live feed to learn more!")."""
    for unit in page.units():
        i = unit.lines[-1]
        # both look at the paragraph's end only (a regex anchored at "$" would scan it all)
        at = max(0, len(page.lines[i]) - SIGN_OFF_TAIL_CHARS)
        m = SIGN_OFF.search(page.lines[i], at)
        if m and m.start() > 0:
            page.cut_end(i, m.start(), "credit: sign-off closing the paragraph")
        at = max(0, len(page.lines[i]) - SIGN_OFF_TAIL_CHARS)
        m = LAST_SENTENCE.search(page.lines[i], at)
        if m is None:
            continue
        words = WORD.findall(m.group("s"))
        share, count = _interface_share(words, cues)
        if len(words) <= CALL_MAX_WORDS and share >= CALL_SHARE and count >= CALL_MIN_WORDS:
            page.cut_end(i, m.start("s"), "widget: a call to action closing the paragraph")


def _label_wrapped_header(page: Page, first: list[int], found: Found, given_title: str | None) -> None:
    """Print and reposted wire copy: the headline and stamp lines above the dateline line, and
    the stamp and opening printed again further down (a forum post quoting itself)."""
    from communique.clean.metadata import is_title_like

    at = next((n for n, i in enumerate(first) if _dateline_match(page.lines[i])), None)
    if not at:
        return
    opening = _fold(" ".join(page.lines[first[at] : first[at] + WRAPPED_DATELINE_LINES * 2]))
    stamps = set()
    above = []
    for i in first[:at]:
        line = page.lines[i]
        if len(line) <= STAMP_MAX_CHARS and read_timestamp(line) and _is_stamp(line, WORD.findall(line)):
            found.stamps.append(read_timestamp(line) or "")
            stamps.add(line)
            page.remove([i], "timestamp: a date with little else")
        else:
            above.append(i)
    # The headline: the lines just above the dateline, a line that fills the column running on
    # into the next; what stands above it is the site's header.
    head = above[-1:]
    while head and above.index(head[0]) > 0:
        prev = above[above.index(head[0]) - 1]
        if len(page.lines[prev]) < FULL_LINE_SHARE * page.width:
            break
        head.insert(0, prev)
    title = " ".join(page.lines[i] for i in head)
    if head and given_title is None and found.title is None and is_title_like(title):
        found.title = strip_title_tags(title)
        page.remove(head, "title: headline above the wrapped text")
        page.remove([i for i in above if i < head[0]], "navigation: site header above the headline")
    for j in range(first[at] + 1, len(page.lines)):
        if page.lines[j] in stamps and page.live(j):
            page.remove([j], "repeat: the page's stamp printed again")
            for n in range(j + 1, len(page.lines)):
                line = _fold(page.lines[n])
                if not line or line not in opening:
                    break
                page.remove([n], "repeat: the article's opening printed again")


def _label_wrapped_byline(page: Page, first: list[int], found: Found, given_title: str | None) -> None:
    """Print and wire copy: an author line under the headline ("By Anna Petrova, BelTA
    correspondent"). Without a full stop it would run on into the headline above it and the
    paragraph below; it is taken out, and the lines above it are the headline."""
    from communique.clean.metadata import is_title_like

    cues = load_cues()
    for n, i in enumerate(first[: BYLINE_ZONE_UNITS + 1]):
        line = page.lines[i]
        if not (cues.byline.match(line) and len(WORD.findall(line)) <= 2 * BYLINE_MAX_WORDS):
            continue
        page.remove([i], "byline: author line")
        head = first[:n]
        title = " ".join(page.lines[j] for j in head)
        if head and given_title is None and found.title is None and is_title_like(title):
            found.title = strip_title_tags(title)
            page.remove(head, "title: headline above the author line")
        return


def _dateline_match(line: str) -> re.Match[str] | None:
    matches = (p.match(line) for p in (DATELINE, WIRE_CAPS, AGENCY_ONLY, SITE_DASH))
    return next((m for m in matches if m and _is_dateline(m) and not _name_tail(line, m)), None)


def _name_tail(line: str, m: re.Match[str]) -> bool:
    """ "(CSTO) Joint Staff, announced ...": the bracket closed a name the excerpt cut, and the
    words after it are that name's end, then its verb; not an agency's tag."""
    return m.re is AGENCY_ONLY and NAME_TAIL.match(line[m.end() :]) is not None


# --- Datelines -------------------------------------------------------------------------------------------


def _cut_dateline(page: Page, units: list[Unit], found: Found) -> None:
    """A dateline opening the first paragraph ("MINSK, Nov 23 (BelTA) –") is taken off it."""
    for unit in units:
        i = unit.lines[0]
        if not page.live(i):
            continue
        line = page.lines[i]
        m = _dateline_match(line)
        if m is None:
            continue
        if "place" in m.groupdict() and m.group("place") and not found.dateline_place:
            found.dateline_place = m.group("place")
            found.dateline_cut = True
        if m.groupdict().get("date"):
            _read_dateline_date(m.group("date"), found)
        page.cut(i, m.end(), "dateline: place, date or agency opening the first paragraph")
        return


def _is_dateline(m: re.Match[str]) -> bool:
    groups = m.groupdict()
    place = groups.get("place") or ""
    if groups.get("agency") and not place:
        return True
    caps = place.replace(".", "").replace(" ", "").replace("-", "").isupper() and len(place) >= 3
    agency = groups.get("agency")
    if agency and agency[0] in "(/":
        return True
    if caps and (groups.get("date") or agency or m.group(0).rstrip()[-1:] in "-–—"):
        return True
    end = m.group(0).rstrip()[-1:]
    return bool(groups.get("date")) and (agency is not None or end in ":-–—")


def _read_dateline_date(text: str, found: Found) -> None:
    from communique.clean.dates import find_date_mentions

    stamp = read_timestamp(text)
    if stamp:
        found.dateline_date = stamp[:10]
        return
    text = text.title() if text.isupper() else text  # "NOVEMBER 28" in a capitals dateline
    mentions = find_date_mentions(text.replace(".", ""))
    if mentions:
        found.dateline_day = (mentions[0].day, mentions[0].month)
