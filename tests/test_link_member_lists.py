"""Membership lists ("six members: A, B and C", "which includes A, B and C") give one
member_of fact per country at the document's date, and only for the countries the list
names as members (not potential members, observers or associates). Sentences written for
the test, then real sentences of ../shared/corpora/webpages read at run time by page id and
offset."""

from __future__ import annotations

import pytest

from communique.evaluate.entities import CORPORA, load_text
from communique.link import get_linker
from communique.model import Document, RawDocument
from communique.nlp import parse_texts
from tests.link_helpers import linked

CSTO = "Collective Security Treaty Organization"
SCO = "Shanghai Cooperation Organisation"
CIS = "Commonwealth of Independent States"


def _members(doc: Document, start: int = 0) -> set[tuple[str, str, str | None]]:
    """(member, organisation, at) of the list facts whose sentence holds ``start``."""
    return {
        (f.subject, f.object, f.at)
        for f in doc.facts
        if f.relation == "member_of" and f.sentence and f.sentence.start <= start < f.sentence.end
    }


def test_link_member_lists_stop_where_the_members_end():
    doc = linked(
        "Founded in 2001, the SCO consists of China, Russia, Kazakhstan, Kyrgyzstan, Tajikistan and "
        "Uzbekistan, with potential members including India and Pakistan.",
        "2016-06-20",
    )
    assert _members(doc) == {
        (c, SCO, "2016-06-20")
        for c in ("China", "Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan")
    }


def test_link_member_lists_need_two_countries():
    doc = linked("Heads of the CSTO member states met. Russian President Vladimir Putin spoke.", "2024-11-28")
    assert _members(doc) == set()
    doc = linked("Potential members include Iran and Belarus, the SCO said.", "2016-06-20")
    assert _members(doc) == set()


# (page, offset of the sentence, organisation, members)
CORPUS_CASES = [
    ("p029", 379, "BRICS", {"Brazil", "Russia", "India", "China", "South Africa", "Ethiopia", "Egypt", "Iran", "United Arab Emirates"}),
    ("p049", 519, CSTO, {"Belarus", "Armenia", "Kazakhstan", "Kyrgyzstan"}),
    ("p050", 1068, CSTO, {"Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"}),
    ("p056", 415, SCO, {"China", "India", "Kazakhstan", "Kyrgyzstan", "Pakistan", "Russia", "Tajikistan", "Uzbekistan"}),
    ("p066", 1223, CIS, {"Armenia", "Azerbaijan", "Belarus", "Kazakhstan", "Kyrgyzstan", "Moldova", "Russia", "Tajikistan", "Uzbekistan"}),
    ("p084", 1249, SCO, {"China", "Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"}),
    ("p004", 356, CSTO, {"Kazakhstan", "Kyrgyzstan", "Tajikistan", "Russia"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def pages() -> dict[str, tuple[Document, str | None]]:
    if not CORPORA.exists():
        pytest.fail(f"corpora not found at {CORPORA}")
    texts = [load_text("webpages", page) for page, *_ in CORPUS_CASES]
    out = {}
    for ct, parsed in zip(texts, parse_texts(t.text for t in texts), strict=True):
        doc = Document(raw=RawDocument(source=f"webpages:{ct.doc}", text=ct.text, date_hint=ct.date))
        doc.text = ct.text
        doc.spacy_doc = parsed
        get_linker().link_document(doc)
        out[ct.doc] = (doc, ct.date)
    return out


@pytest.mark.parametrize(("page", "start", "org", "members"), CORPUS_CASES)
def test_link_member_lists_on_real_pages(pages, page, start, org, members):  # noqa: ANN001
    doc, date = pages[page]
    assert _members(doc, start + 5) == {(m, org, date) for m in members}
