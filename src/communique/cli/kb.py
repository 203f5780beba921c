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
    from communique.store.read import reading

    with reading(engine) as kb:
        return kb.text_facts(relation, subject, on)


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
    from communique.store.read import reading

    linker = get_linker()
    kb_entity = linker.kb.entities.get(name)
    actor = None if kb_entity else linker.resolve(name)
    entity_id = kb_entity.id if kb_entity else (actor.id if actor else None)
    engine = _open_store(db)
    if engine is None:
        if entity_id is None:
            err.print(f"[red]error[/]: no entity named {name!r} in the packs")
            raise typer.Exit(1)
        _print_pack_profile(linker.kb, entity_id)
        return
    with reading(engine) as kb:
        stored_id = kb.find_entity_id(name) or (kb.corr.canonical(entity_id) if entity_id else None)
        profile = kb.entity(stored_id) if stored_id else None
    if profile is None and entity_id is None:
        err.print(f"[red]error[/]: no entity named {name!r} in the packs or the knowledge base")
        raise typer.Exit(1)
    if profile is None:
        _print_pack_profile(linker.kb, entity_id)
        return
    _print_pack_profile(linker.kb, profile["id"], shown_name=profile["name"])
    _print_store_profile(profile, top)


def _print_pack_profile(kb, entity_id: str, shown_name: str | None = None) -> None:  # noqa: ANN001
    ent = kb.entities.get(entity_id)
    if ent is None:
        label = f"{shown_name} ({entity_id})" if shown_name else entity_id
        out.print(f"{label} (provisional: found in text, not in any pack)", highlight=False)
        return
    out.print(
        f"[bold]{shown_name or ent.name}[/] ({ent.id}) {ent.type} country={ent.country} sector={ent.sector}",
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


def _print_store_profile(profile: dict, top: int) -> None:
    """What the knowledge base holds on the entity, as the analyst corrected it."""
    if profile["merged_from"]:
        out.print("merged from: " + ", ".join(profile["merged_from"]), highlight=False)
    docs = profile["documents"]
    out.print(f"documents: {len(docs)}")
    for doc in docs[:top]:
        out.print(f"  {doc['id'][:12]}  {doc['mentions']} mention(s)  {doc['title'] or ''}", highlight=False)
    out.print(f"events: {profile['events_total']}  quotes: {profile['quotes_total']}")
    for ev in profile["events"][:top]:
        out.print(f"  {ev['when'] or ''} {ev['type']}: {ev['sentence']['text'][:120]}", highlight=False)
    if profile["co_actors"]:
        peers = profile["co_actors"][:top]
        out.print(
            "in events with: " + ", ".join(f"{p['name']} ({p['events']})" for p in peers), highlight=False
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
