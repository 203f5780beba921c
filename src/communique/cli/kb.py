"""Commands: ``who`` (who held a role on a date), ``entity`` (an entity's profile) and
``bench link`` (linking throughput)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from communique.cli.app import DbOption, app, err, iso_date, out
from communique.cli.bench import bench_app

# Text facts that answer ``who`` for an organisation's offices: role key -> fact relation.
ROLE_FACTS = {"secretary_general": "secretary_general", "chair": "chaired_by"}


def _open_store(db: str):  # noqa: ANN202
    """The knowledge base if one exists at ``db``, else None (packs alone answer then)."""
    from communique.store import open_store

    try:
        return open_store(db, create=False)
    except FileNotFoundError:
        return None


@app.command()
def who(
    role: str = typer.Argument(
        ..., help='A role description: "President of Russia", "CSTO Secretary General".'
    ),
    on: str = typer.Option(..., "--on", help="Date YYYY-MM-DD."),
    db: str = DbOption,
) -> None:
    """Who held a role on a date, and where that fact comes from (pack file and line, or a document)."""
    from communique.link import get_linker
    from communique.link.roles import parse_role_description

    on = iso_date(on)
    linker = get_linker()
    answer = linker.who(role, on)
    if answer is None:
        out.print(f"no holder of {role!r} on {on} in the packs")
    else:
        entity, source = answer
        out.print(f"{entity.name} ({entity.id})  source: {source}", highlight=False)
    query = parse_role_description(linker.kb, role)
    engine = _open_store(db)
    if engine is None or query is None or query.of is None or query.word.key not in ROLE_FACTS:
        return
    for row in _text_facts(engine, ROLE_FACTS[query.word.key], query.of.name, on):
        out.print(
            f"  text: {row.object} — document {row.document_id[:12]}: “{row.sentence_text.strip()}”",
            highlight=False,
        )


def _text_facts(engine, relation: str, subject: str, on: str) -> list:  # noqa: ANN001
    from sqlalchemy import and_, or_, select

    from communique.store import schema as s

    f = s.facts
    covers = or_(
        f.c.at_date == on,
        and_(f.c.from_date <= on, or_(f.c.until_date.is_(None), f.c.until_date >= on)),
        and_(f.c.from_date.is_(None), f.c.until_date >= on, f.c.at_date.is_(None)),
    )
    query = select(f).where(f.c.relation == relation, f.c.subject == subject, f.c.origin == "text", covers)
    with engine.connect() as conn:
        return list(conn.execute(query))


@app.command()
def entity(
    name: str = typer.Argument(
        ..., help='A name, alias or id: "Lukashenko", "CSTO", "person:vladimir-putin".'
    ),
    db: str = DbOption,
    top: int = typer.Option(10, help="How many documents and co-mentioned actors to list."),
) -> None:
    """An entity's profile: aliases, roles over time, documents, actors most often mentioned with it."""
    from communique.link import get_linker

    linker = get_linker()
    kb_entity = linker.kb.entities.get(name)
    actor = None if kb_entity else linker.resolve(name)
    entity_id = kb_entity.id if kb_entity else (actor.id if actor else None)
    engine = _open_store(db)
    if entity_id is None and engine is not None:
        entity_id = _store_entity_id(engine, name)
    if entity_id is None:
        err.print(
            f"[red]error[/]: no entity named {name!r} in the packs{' or the knowledge base' if engine else ''}"
        )
        raise typer.Exit(1)
    _print_pack_profile(linker.kb, entity_id)
    if engine is not None:
        _print_store_profile(engine, entity_id, top)


def _store_entity_id(engine, name: str) -> str | None:  # noqa: ANN001
    from sqlalchemy import func, select

    from communique.store import schema as s

    with engine.connect() as conn:
        row = conn.execute(
            select(s.entities.c.id).where(func.lower(s.entities.c.name) == name.lower())
        ).first()
    return row[0] if row else None


def _print_pack_profile(kb, entity_id: str) -> None:  # noqa: ANN001
    ent = kb.entities.get(entity_id)
    if ent is None:
        out.print(f"{entity_id} (provisional: found in text, not in any pack)")
        return
    out.print(
        f"[bold]{ent.name}[/] ({ent.id}) {ent.type} country={ent.country} sector={ent.sector}",
        highlight=False,
    )
    out.print(f"source: {ent.source}", highlight=False)
    if ent.aliases or ent.demonyms:
        out.print("aliases: " + ", ".join([*ent.aliases, *ent.demonyms]), highlight=False)
    spells = kb.roles_of(ent.id)
    if spells:
        table = Table(title="roles")
        for col in ("role", "of", "from", "until", "source"):
            table.add_column(col)
        for sp in spells:
            of = kb.entities[sp.of].name if sp.of in kb.entities else (sp.of or "")
            role = sp.role + (" (acting)" if sp.acting else "")
            table.add_row(role, of, sp.from_, sp.until or "", sp.source)
        out.print(table)
    members = [m for m in kb.memberships if ent.id in (m.member, m.org)]
    for m in members:
        other = m.org if m.member == ent.id else m.member
        label = kb.entities[other].name if other in kb.entities else other
        out.print(f"member: {label} {m.from_}–{m.until or ''} {m.note or ''}", highlight=False)


def _print_store_profile(engine, entity_id: str, top: int) -> None:  # noqa: ANN001
    from sqlalchemy import func, select

    from communique.store import schema as s

    m = s.mentions
    with engine.connect() as conn:
        docs = conn.execute(
            select(m.c.document_id, s.documents.c.title, func.count().label("n"))
            .join(s.documents, s.documents.c.id == m.c.document_id)
            .where(m.c.entity_id == entity_id)
            .group_by(m.c.document_id, s.documents.c.title)
            .order_by(func.count().desc())
        ).all()
        other = m.alias("other")
        doc_ids = select(m.c.document_id).where(m.c.entity_id == entity_id)
        peers = conn.execute(
            select(other.c.entity_id, func.count(func.distinct(other.c.document_id)).label("docs"))
            .where(other.c.document_id.in_(doc_ids), other.c.entity_id != entity_id)
            .group_by(other.c.entity_id)
            .order_by(func.count(func.distinct(other.c.document_id)).desc())
            .limit(top)
        ).all()
        names = dict(conn.execute(select(s.entities.c.id, s.entities.c.name)).all())
    out.print(f"documents: {len(docs)}")
    for row in docs[:top]:
        out.print(f"  {row.document_id[:12]}  {row.n} mention(s)  {row.title or ''}", highlight=False)
    if peers:
        out.print(
            "mentioned with: " + ", ".join(f"{names.get(p[0], p[0])} ({p[1]})" for p in peers),
            highlight=False,
        )


@bench_app.command("link")
def bench_link(
    corpus: Path = typer.Option(
        Path("../shared/corpora/voa/voa_stories.jsonl"), help="JSON Lines corpus with a 'text' field."
    ),
    docs: int = typer.Option(300, help="How many documents to parse."),
    rounds: int = typer.Option(3, min=1, help="Counted runs of each side (medians are shown)."),
) -> None:
    """spaCy throughput with and without linking (ratio = linked / bare, same texts, alternating runs)."""
    from communique.link.bench import run_link_benchmark

    texts = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line) if line.strip() else {}
            if record.get("text"):
                texts.append(record["text"])
            if len(texts) >= docs:
                break
    r = run_link_benchmark(texts, rounds)
    share = r["link_only_s"] / r["bare_s"] if r["bare_s"] else 0.0
    out.print(
        f"{r['documents']} documents, {r['words']:,} words: bare nlp.pipe {r['bare_words_per_s']:,.0f} words/s, "
        f"nlp.pipe + link {r['linked_words_per_s']:,.0f} words/s (medians of {r['rounds']} alternating runs); "
        f"linking alone {r['link_only_s']:.2f}s = {share:.1%} of the parse time"
    )


__all__ = ["bench_link", "entity", "who"]
