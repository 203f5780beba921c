"""Commands: ``migrate`` (bring a knowledge base to the current schema) and ``settings``."""

from __future__ import annotations

import typer
from rich.table import Table

from communique.cli.app import DbOption, app, err, out


@app.command()
def migrate(db: str = DbOption) -> None:
    """Upgrade a knowledge base built by an earlier release to this release's schema (in place, in
    one transaction), then refresh its copy of the packs. Opening a knowledge base does the same."""
    from communique.errors import CommuniqueError
    from communique.store.db import connect
    from communique.store.migrate import BASELINE, upgrade
    from communique.store.sync import sync_knowledge_base

    try:
        engine = connect(db, create=False)
        done = upgrade(engine)
    except CommuniqueError as exc:
        err.print(f"[red]error[/]: {exc}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from exc
    if not done.changed:
        out.print(f"knowledge base {db}: already at {done.after}", highlight=False, soft_wrap=True)
    else:
        before = f"{BASELINE} (previous release)" if done.stamped else (done.before or "nothing")
        out.print(
            f"knowledge base {db}: upgraded from {before} to {done.after}", highlight=False, soft_wrap=True
        )
    if sync_knowledge_base(engine):
        out.print("packs copied into the knowledge base again", highlight=False, soft_wrap=True)


@app.command("settings")
def settings_command() -> None:
    """Every setting: name, current value, default and what it does (set one with
    --setting NAME VALUE before the command, or COMMUNIQUE_SETTING_<NAME>)."""
    from communique.settings import env_name, get_setting, registry

    table = Table("name", "value", "default", "help", "environment variable", show_lines=True)
    for name, st in registry().items():
        table.add_row(name, str(get_setting(name)), str(st.default), st.help, env_name(name))
    out.print(table)
