"""Lines a site prints on several of its pages in one batch are that site's furniture: taken out
before the clean stage reads the page, with a reason; order of the batch and documents alone
make no difference."""

from __future__ import annotations

import json
import random
from pathlib import Path

from communique.clean import clean_document
from communique.clean.site import host_of, mark_site_repeats
from communique.model import RawDocument

PAGES = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "webpages" / "pages.jsonl"
SITE_REASON = ("repeat", "the site prints this line on")

MENU = "Home\nNews\nAnalysis\nSubscribe to our newsletter\n"
RELATED = "Related headlines\n- Ministers meet in Astana\n- Border talks resume in Dushanbe\n"


def _page(n: int, body: str, url: str | None = "https://news.example.org/{n}") -> RawDocument:
    return RawDocument(
        source=f"page{n}.txt",
        text=f"{MENU}Report number {n} of the week\n{body}\n{RELATED}© News Example 2024",
        url=url.format(n=n) if url else None,
    )


def _bodies() -> list[str]:
    return [
        "The defence ministers agreed on joint exercises for the autumn at their meeting in Minsk.",
        "The foreign ministers discussed the situation on the Tajik-Afghan border on Tuesday.",
        "The secretary general visited Yerevan and met the speaker of parliament on Friday.",
        "The heads of state signed a declaration on collective security in Astana on Monday.",
    ]


def _site_removed(doc) -> list[str]:  # noqa: ANN001
    """The lines taken out as the site's (neighbouring lines make one removed item)."""
    items = [r.text for r in doc.removed if r.reason == SITE_REASON[0] and r.cue.startswith(SITE_REASON[1])]
    return [line for item in items for line in item.split("\n")]


def test_ingest_site_lines_on_most_pages_of_a_host_leave_the_text():
    raws = mark_site_repeats([_page(n, body) for n, body in enumerate(_bodies())])
    docs = [clean_document(r) for r in raws]
    for doc, body in zip(docs, _bodies(), strict=True):
        assert doc.text == body
        # every shared line is gone with its reason (the title line differs on each page)
        assert sorted(_site_removed(doc)) == sorted(
            [*MENU.strip().split("\n"), *RELATED.strip().split("\n"), "© News Example 2024"]
        )
        assert doc.title == f"Report number {docs.index(doc)} of the week"


def test_ingest_site_lines_need_several_pages_and_short_lines():
    # a paragraph printed on every page is the wire's copy, not furniture
    shared = "The organisation was founded in 1992 and has six member states that meet every year."
    raws = [_page(n, f"{body}\n{shared}") for n, body in enumerate(_bodies())]
    docs = [clean_document(r) for r in mark_site_repeats(raws)]
    assert all(shared in doc.text for doc in docs)
    # two pages of a site are not enough to tell its furniture
    two = [clean_document(r) for r in mark_site_repeats([_page(n, b) for n, b in enumerate(_bodies()[:2])])]
    assert all(not _site_removed(doc) for doc in two)
    # a line on 2 of 5 pages is not the site's (under half of them)
    pages = [_page(n, body) for n, body in enumerate([*_bodies(), "The talks went on late into the night."])]
    pages[0].text += "\nArmenia skips the summit"
    pages[1].text += "\nArmenia skips the summit"
    marked = mark_site_repeats(pages)
    assert all("Armenia skips the summit" not in r.meta.get("site_lines", {}) for r in marked)


def test_ingest_site_lines_alone_or_without_address_change_nothing():
    alone = _page(0, _bodies()[0])
    assert clean_document(alone).text == clean_document(mark_site_repeats([_page(0, _bodies()[0])])[0]).text
    assert not mark_site_repeats([alone])[0].meta
    no_url = mark_site_repeats([_page(n, b, url=None) for n, b in enumerate(_bodies())])
    assert all(not r.meta for r in no_url)
    # hosts are told apart: four pages on four hosts share nothing
    hosts = mark_site_repeats(
        [_page(n, b, url=f"https://site{n}.example.org/x") for n, b in enumerate(_bodies())]
    )
    assert all(not r.meta for r in hosts)
    assert host_of("https://www.example.org/a/b") == "example.org"
    assert host_of("en.special.kremlin.ru/events") == "en.special.kremlin.ru"


def test_ingest_site_lines_do_not_depend_on_the_order():
    pages = [json.loads(line) for line in PAGES.read_text(encoding="utf-8").splitlines() if line.strip()]

    def clean_all(order: list[dict]) -> dict[str, tuple[str, list]]:
        raws = [RawDocument(source=p["id"], text=p["text"], kind="txt", url=p["url"]) for p in order]
        return {
            r.source: (d.text, d.removed)
            for r, d in zip(raws, map(clean_document, mark_site_repeats(raws)), strict=True)
        }

    reference = clean_all(pages)
    for seed in (1, 2):
        shuffled = list(pages)
        random.Random(seed).shuffle(shuffled)
        assert clean_all(shuffled) == reference
    # the corpus's one site with an interface on three pages loses those lines on each of them
    by_site = {
        p["id"]: _site_removed(clean_document(raw))
        for p, raw in zip(
            pages,
            mark_site_repeats([RawDocument(source=p["id"], text=p["text"], url=p["url"]) for p in pages]),
            strict=True,
        )
    }
    hit = {pid for pid, lines in by_site.items() if lines}
    assert {host_of(next(p["url"] for p in pages if p["id"] == pid)) for pid in hit} == {
        "en.special.kremlin.ru"
    }
    assert len(hit) == 3 and all(len(by_site[pid]) == 4 for pid in hit)


def test_ingest_site_lines_the_pipeline_takes_them_out_per_batch():
    from communique.pipeline import analyze

    pages = [_page(n, body) for n, body in enumerate(_bodies()[:3])]
    docs = analyze(pages)
    assert [d.text for d in docs] == _bodies()[:3]
    assert all("Subscribe to our newsletter" in _site_removed(d) for d in docs)
    # the same page analysed alone keeps what only a batch can tell is the site's
    (alone,) = analyze([_page(0, _bodies()[0])])
    assert not _site_removed(alone)


def test_ingest_site_lines_counted_over_the_pages_the_store_holds(tmp_path: Path):
    from sqlalchemy import select
    from typer.testing import CliRunner

    from communique.cli import app
    from communique.store import open_store
    from communique.store import schema as s

    db = tmp_path / "kb.db"
    runner = CliRunner()
    for n, body in enumerate(_bodies()):
        page = _page(n, body)
        record = {"title": None, "text": page.text, "url": page.url, "published": "2024-05-0" + str(n + 1)}
        path = tmp_path / f"page{n}.jsonl"
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        result = runner.invoke(app, ["ingest", str(path), "--db", str(db)])  # one page per run
        assert result.exit_code == 0, result.output
    d, r = s.documents.c, s.removed.c
    with open_store(db).connect() as conn:
        rows = list(
            conn.execute(select(d.url, r.text).join_from(s.removed, s.documents).where(r.reason == "repeat"))
        )
    repeats = {
        url: sorted(line for u, text in rows if u == url for line in text.split("\n")) for url, _ in rows
    }
    # the first two came alone, with fewer than three pages of their site read: nothing is the
    # site's; the third and fourth came alone too, but with the pages the store holds they make
    # three and four: the lines the four share are the site's
    shared = sorted([*MENU.strip().split("\n"), *RELATED.strip().split("\n"), "© News Example 2024"])
    assert repeats == {f"https://news.example.org/{n}": shared for n in (2, 3)}
    # marked against the store once, the pipeline does not mark the batch again
    raws = mark_site_repeats([_page(n, b) for n, b in enumerate(_bodies())], stored=lambda host, urls: [])
    assert all(r.meta.get("site_checked") for r in raws)
    assert mark_site_repeats(raws) == raws and all(r.meta.get("site_lines") for r in raws)
