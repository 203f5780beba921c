"""A tunable setting of a stage: its default value and why it has that value."""

from __future__ import annotations

from dataclasses import field
from typing import Any


def setting(default: float | int, help: str) -> Any:  # noqa: A002 (mirrors dataclasses.field)
    """A dataclass field carrying its explanation in ``metadata["help"]``."""
    return field(default=default, metadata={"help": help})
