"""The portal's build: the one Pelican plugin, which runs the other packages of plugins/ as
libraries, phase by phase (pipeline.py)."""

from __future__ import annotations

__all__ = ["register"]


def register() -> None:
    from .pipeline import connect

    connect()
