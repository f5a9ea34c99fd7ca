"""Jinja tweaks for speed, applied to each generator at `generator_init`.

- One environment for all generators of a build: Pelican gives each generator its own
  (same theme, same filters and globals), so every template used by two generators was
  compiled twice, and imported macro files once per generator and writer process.
- Jinja checks, on every `{% import %}`, whether the importing template has globals the
  imported one lacks (`ctx.globals_keys - template.globals.keys()`); `template.globals` is
  a ChainMap, whose keys() is rebuilt on each call. Globals are fixed once templates load,
  so their key set is computed once.
"""

from __future__ import annotations

from collections import ChainMap
from typing import Any


class _Globals(ChainMap):  # type: ignore[type-arg]
    def keys(self) -> Any:  # type: ignore[override]
        cached = self.__dict__.get("_keys")
        if cached is None:
            cached = self.__dict__["_keys"] = frozenset(super().keys())
        return cached


def share_environment(generator: Any, shared: dict[str, Any]) -> None:
    """Give `generator` the build's shared environment; `shared` is the build's own record
    of it (portal_build's Build: a new build, whose templates may have changed, starts
    with an empty one)."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    first = shared.get("env")
    if first is None:
        env.make_globals = lambda d: _Globals(d if d is not None else {}, env.globals)
        shared["env"] = env
    elif first.loader is not None and env.loader is not None and _same_setup(first, env):
        generator.env = first


def _same_setup(a: Any, b: Any) -> bool:
    """Both environments load the same templates with the same filters and globals."""
    return (
        getattr(a.loader, "searchpath", None) == getattr(b.loader, "searchpath", None)
        and type(a.loader) is type(b.loader)
        and a.filters.keys() == b.filters.keys()
        and a.globals.keys() == b.globals.keys()
    )
