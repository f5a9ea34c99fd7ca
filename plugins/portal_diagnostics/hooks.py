"""Signal handlers of portal_diagnostics."""

from __future__ import annotations

from typing import Any

from .problems import collector


def reset_collector(*_args: Any, **_kwargs: Any) -> None:
    """Start each build (including devserver rebuilds) with no problems recorded."""
    collector.clear()


def fail_if_problems(_generators: Any) -> None:
    collector.fail_if_any()
