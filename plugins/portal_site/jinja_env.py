"""Jinja tweaks for speed, applied to each generator at `generator_init`.

- One environment for all generators of a build: Pelican gives each generator its own
  (same theme, same filters and globals), so every template used by two generators was
  compiled twice, and imported macro files once per generator and writer process.
- Jinja checks, on every `{% import %}`, whether the importing template has globals the
  imported one lacks (`ctx.globals_keys - template.globals.keys()`); `template.globals` is
  a ChainMap, whose keys() is rebuilt on each call. Globals are fixed once templates load,
  so their key set is computed once.
- Compiled templates are kept on disk (`bytecode_cache`, under the build's cache folder,
  when it has one): a build that renders a few pages (`make html` after an edit) compiled
  the theme's templates again each time, about 0.1 s. Jinja loads a compiled template only
  if its source is the same (a checksum) and writes each file atomically; the folder's name
  is a digest of what the compiled code depends on besides the source (Jinja's and
  Python's versions, the environment's syntax options and extensions).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import ChainMap
from typing import Any

import jinja2


class _Globals(ChainMap):  # type: ignore[type-arg]
    def keys(self) -> Any:  # type: ignore[override]
        cached = self.__dict__.get("_keys")
        if cached is None:
            cached = self.__dict__["_keys"] = frozenset(super().keys())
        return cached


def share_environment(generator: Any, shared: dict[str, Any], cache_folder: str | None = None) -> None:
    """Give `generator` the build's shared environment; `shared` is the build's own record
    of it (portal_build's Build: a new build, whose templates may have changed, starts
    with an empty one). `cache_folder`: where compiled templates are kept (None: nowhere)."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    first = shared.get("env")
    if first is None:
        env.make_globals = lambda d: _Globals(d if d is not None else {}, env.globals)
        if cache_folder and env.bytecode_cache is None:
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(_compiled_folder(env, cache_folder))
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


def _compiled_folder(env: jinja2.Environment, cache_folder: str) -> str:
    """The folder of `env`'s compiled templates under `cache_folder` (made if missing)."""
    options = (
        jinja2.__version__, sys.version, env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
        env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        env.optimized, env.is_async, sorted(env.extensions),
        [env.autoescape(name) for name in ("a.html", "a.xml", "a.txt", "a")] if callable(env.autoescape) else env.autoescape,
    )
    digest = hashlib.sha256(repr(options).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    folder = os.path.join(cache_folder, f"jinja-{digest}")
    os.makedirs(folder, exist_ok=True)
    return folder
