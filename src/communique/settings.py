"""Settings: one registry of every tunable value, its default and why it has that value.

A setting has a dotted name (``quotes.conf_named``, ``store.db_pool_size``).
Its value comes from, in order: ``communique --setting NAME VALUE`` on the
command line, the environment variable ``COMMUNIQUE_SETTING_<NAME>`` (upper
case, dots as double underscores: ``COMMUNIQUE_SETTING_STORE__DB_POOL_SIZE``),
then its default. An unknown name or a value of the wrong type stops the
command at start (``SettingError`` E301/E302), so a typo never passes
silently. ``communique settings`` lists them all; docs/settings.md too.

The stages declare theirs as frozen dataclasses whose fields are made with
``setting(default, help)`` (``communique.quotes.settings``,
``communique.stories.settings``); a stage builds its settings object with
``stage_settings(cls, "quotes")`` so the overrides reach it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from communique.errors import SettingError

ENV_PREFIX = "COMMUNIQUE_SETTING_"
T = TypeVar("T")


def setting(default: float | int, help: str) -> Any:  # noqa: A002 (mirrors dataclasses.field)
    """A dataclass field carrying its explanation in ``metadata["help"]``."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    def parse(self, raw: str) -> Any:
        """A value given as text, converted to the default's type; SettingError E302 when it does not fit."""
        kind = type(self.default)
        try:
            if kind is bool:
                if raw.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                    raise ValueError(raw)
                return raw.lower() in ("1", "true", "yes", "on")
            return kind(raw)
        except ValueError:
            raise SettingError(
                "E302", f"setting {self.name} takes a {kind.__name__} (default {self.default!r}), not {raw!r}"
            ) from None


@dataclass(frozen=True)
class StoreSettings:
    """The knowledge base's connections (PostgreSQL; SQLite has no pool to tune)."""

    db_pool_size: int = setting(
        20, "Connections kept open to a PostgreSQL knowledge base: as many as the workbench serves at once."
    )
    db_pool_overflow: int = setting(30, "Extra connections opened under a burst of requests, closed after.")
    db_pool_timeout: int = setting(
        60,
        "Seconds a request waits for a free connection before failing (a burst longer than this is an error).",
    )


# Stages whose settings dataclasses join the registry, by the prefix of their names.
STAGES = {
    "store": "communique.settings:StoreSettings",
    "ingest": "communique.ingest.budget:BudgetSettings",
    "clean": "communique.clean.settings:CleanSettings",
    "nlp": "communique.nlp.settings:NlpSettings",
    "link": "communique.link.settings:LinkSettings",
    "quotes": "communique.quotes.settings:QuoteSettings",
    "events": "communique.events.settings:EventSettings",
    "stories": "communique.stories.settings:StorySettings",
}
_overrides: dict[str, Any] = {}


def _stage_class(path: str) -> type:
    import importlib

    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def registry() -> dict[str, Setting]:
    """Every setting by name, in stage order."""
    out: dict[str, Setting] = {}
    for prefix, path in STAGES.items():
        for f in dataclasses.fields(_stage_class(path)):
            name = f"{prefix}.{f.name}"
            out[name] = Setting(name, f.default, f.metadata.get("help", ""))
    return out


def env_name(name: str) -> str:
    return ENV_PREFIX + name.upper().replace(".", "__")


def configure(
    cli: Iterable[tuple[str, str]] = (), environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Check and apply the overrides from the environment and the command line (which wins).

    RETURNS (dict): the overridden values by name.
    RAISES SettingError: E301 an unknown name, E302 a value of the wrong type.
    """
    environ = os.environ if environ is None else environ
    known = registry()
    by_env = {env_name(n): n for n in known}
    given: list[tuple[str, str]] = []
    for key, raw in environ.items():
        if key.startswith(ENV_PREFIX):
            if key not in by_env:
                raise SettingError("E301", f"unknown setting in the environment: {key} ({_hint()})")
            given.append((by_env[key], raw))
    for name, raw in cli:
        if name not in known:
            raise SettingError("E301", f"unknown setting {name!r} ({_hint()})")
        given.append((name, raw))
    values = {name: known[name].parse(raw) for name, raw in given}
    _overrides.clear()
    _overrides.update(values)
    for name, value in values.items():  # worker processes read the environment
        os.environ[env_name(name)] = str(value)
    _apply_to_loaded_stages(values)
    return values


def _apply_to_loaded_stages(values: dict[str, Any]) -> None:
    """Set overridden fields on the stages' ``SETTINGS`` objects already built at import.

    Modules hold a reference to that one object (``from ... import SETTINGS``), so it is changed in
    place: the frozen dataclass guards against accidental writes, this is the one deliberate one.
    """
    import importlib

    for prefix, path in STAGES.items():
        module = importlib.import_module(path.partition(":")[0])
        instance = getattr(module, "SETTINGS", None)
        for name, value in values.items():
            if instance is not None and name.startswith(prefix + "."):
                object.__setattr__(instance, name.removeprefix(prefix + "."), value)


def _hint() -> str:
    return "'communique settings' lists them"


def get_setting(name: str) -> Any:
    """The value of one setting (``db_pool_size`` is short for ``store.db_pool_size``)."""
    if "." not in name:
        name = f"store.{name}"
    if name in _overrides:
        return _overrides[name]
    known = registry()
    if name not in known:
        raise SettingError("E301", f"unknown setting {name!r} ({_hint()})")
    raw = os.environ.get(env_name(name))
    return known[name].parse(raw) if raw is not None else known[name].default


def stage_settings(cls: type[T], prefix: str) -> T:
    """An instance of a stage's settings dataclass with the overrides for ``prefix.*`` applied."""
    values = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        name = f"{prefix}.{f.name}"
        if name in _overrides:
            values[f.name] = _overrides[name]
        elif env_name(name) in os.environ:
            values[f.name] = Setting(name, f.default, "").parse(os.environ[env_name(name)])
    return cls(**values)


def settings_markdown() -> str:
    """docs/settings.md: every setting with its default and help (a test keeps the file current)."""
    lines = [
        "# Settings",
        "",
        "Every tunable value, its default and why it has that value. Override one for a run with",
        "`communique --setting NAME=VALUE COMMAND ...` or the environment variable shown; an unknown",
        "name or a value of the wrong type stops the command at start (E301, E302).",
        "`communique settings` prints the same list with the values in force.",
        "",
        "Generated from the code (`communique.settings.settings_markdown`); edit the help texts there.",
        "",
        "| setting | default | environment variable | what it does |",
        "|---|---|---|---|",
    ]
    for name, st in registry().items():
        text = " ".join(st.help.split()).replace("|", "\\|")
        lines.append(f"| `{name}` | `{st.default}` | `{env_name(name)}` | {text} |")
    return "\n".join(lines) + "\n"
