"""A Jinja tweak for speed, applied to each generator's environment at `generator_init`.

Jinja checks, on every `{% import %}`, whether the importing template has globals the
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


def freeze_template_globals(generator: Any) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.make_globals = lambda d: _Globals(d if d is not None else {}, env.globals)
