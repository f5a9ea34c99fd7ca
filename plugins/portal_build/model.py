"""The build in memory, saved between runs: what lets `make html` apply an edit as the dev
server does, without reading and planning the whole site again.

After a build that published without a warning, the pipeline saves the `Build` it keeps in
memory (Pelican's generators with every article, the taxonomies, the documents, the jobs
that wrote output/) to `<PORTAL_BUILD_CACHE>/<digest of the output folder>.model`, a pickle
written to a temporary name and renamed, beside the up-to-date record (uptodate.py). The
record names the model by a random token that the model's header repeats: a model that
does not match the record (a crash between the two, a copy from elsewhere), that cannot be
read, or that was written by other code (`VERSION`, or the digest of the code and settings,
which is part of the record's "environment") is never used; the build then runs in full.

What cannot be pickled is left out and made again when the model is loaded:

- the Jinja environments and templates: a template in a job is saved by its name and
  loaded again from the generator's new environment the first time it renders;
- each generator's readers and environment: the generator is set up again as Pelican
  would (`Generator.__init__`, which sends `generator_init`), then given its saved state;
- the classes a build makes for itself (the taxonomy and documents generators, the
  writer): saved as their base class, name and class attributes;

Loading 10,000 articles takes about a second; that is what the one-edit `make html` costs
instead of reading and planning them again (bench/incremental.py).
"""

from __future__ import annotations

import os
import pickle
import secrets
import sys
from typing import Any

VERSION = 1
_MAGIC = b"portal-build-model\n"


def path_of(record_path: str) -> str:
    """The model beside an up-to-date record (`<digest>.json` → `<digest>.model`)."""
    return os.path.splitext(record_path)[0] + ".model"


def new_token() -> str:
    return secrets.token_hex(16)


class _TemplateRef:
    """A Jinja template of a saved job, by name: loaded from its generator's environment the
    first time it is used (the environment is made again when the model is loaded)."""

    def __init__(self, owner: Any, name: str) -> None:
        self._owner = owner  # the generator whose environment loads it
        self._name = name
        self._template: Any = None

    def _resolve(self) -> Any:
        if self._template is None:
            self._template = self._owner.env.get_template(self._name)
        return self._template

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._resolve(), name)

    def __reduce__(self) -> Any:
        return (_TemplateRef, (self._owner, self._name))


def _is_dynamic(cls: type) -> bool:
    """A class made at run time (`type(name, bases, attrs)`), not importable by its name."""
    module = sys.modules.get(cls.__module__)
    return module is None or getattr(module, cls.__qualname__, None) is not cls


def _make_class(name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> type:
    return type(name, bases, attrs)


def _class_attrs(cls: type) -> dict[str, Any]:
    return {k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__", "__module__", "__doc__", "__qualname__")}


# Generator attributes made again on load, not saved.
_GENERATOR_REBUILT = ("env", "readers", "_templates", "_templates_path")


def _set_generator_state(generator: Any, state: dict[str, Any]) -> None:
    generator.__dict__.update(state)
    _Loader.current_generators.append(generator)


def _set_writer_state(writer: Any, state: dict[str, Any]) -> None:
    """A Pelican Writer's state; its `urljoiner` made again as Writer.__init__ makes it (a
    lambda there, which cannot be pickled)."""
    from posixpath import join as posix_join

    writer.__dict__.update(state)
    writer.urljoiner = posix_join if writer.settings.get("RELATIVE_URLS") else _join_absolute


def _join_absolute(base: str, url: Any) -> str:
    """Pelican's Writer.urljoiner without RELATIVE_URLS."""
    from urllib.parse import urljoin

    return urljoin(base if base.endswith("/") else base + "/", str(url))


class _Saver(pickle.Pickler):
    def __init__(self, file: Any, templates: dict[int, tuple[Any, str]]) -> None:
        import jinja2
        from pelican.generators import Generator
        from pelican.writers import Writer

        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.templates = templates  # {id(template): (generator, name)}
        # Looked up once: reducer_override is called for every object of the build.
        self.types = (jinja2.Template, jinja2.Environment, Generator, Writer)

    def reducer_override(self, obj: Any) -> Any:
        Template, Environment, Generator, Writer = self.types  # noqa: N806 - classes

        if isinstance(obj, type):
            if _is_dynamic(obj):
                return (_make_class, (obj.__name__, obj.__bases__, _class_attrs(obj)))
            return NotImplemented
        if isinstance(obj, Template):
            owner = self.templates.get(id(obj))
            if owner is None:
                raise pickle.PicklingError(f"a template of no generator: {obj.name}")
            return (_TemplateRef, owner)
        if isinstance(obj, Environment):
            return (_no_environment, ())
        if isinstance(obj, Generator):
            state = {k: v for k, v in obj.__dict__.items() if k not in _GENERATOR_REBUILT}
            return (object.__new__, (type(obj),), state, None, None, _set_generator_state)
        if isinstance(obj, Writer):
            state = {k: v for k, v in obj.__dict__.items() if k != "urljoiner"}
            return (object.__new__, (type(obj),), state, None, None, _set_writer_state)
        return NotImplemented


def _no_environment() -> None:
    return None


class _Loader(pickle.Unpickler):
    current_generators: list[Any] = []


# The saved graph nests deeper than Python's default recursion limit (already at 1,000
# articles, and deeper with more): pickling and unpickling run in a thread with a large
# stack and a raised limit.
_STACK_BYTES = 512 * 1024 * 1024
_RECURSION = 1_000_000


def _deep(function: Any, *args: Any) -> Any:
    """`function(*args)` in a thread that may recurse deeply; its result or its exception."""
    import threading

    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            outcome["error"] = exc

    previous_stack = threading.stack_size(_STACK_BYTES)
    previous_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous_limit, _RECURSION))
    try:
        thread = threading.Thread(target=target, name="portal-build-model")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def save(build: Any, path: str, token: str) -> int:
    """Write `build` to `path` (atomically); its size in bytes."""
    return int(_deep(_save, build, path, token))


def _save(build: Any, path: str, token: str) -> int:
    from pelican.generators import Generator

    templates: dict[int, tuple[Any, str]] = {}
    for generator in build.generators:
        env = getattr(generator, "env", None)
        if isinstance(generator, Generator) and env is not None:
            for template in list(getattr(generator, "_templates", {}).values()):
                templates[id(template)] = (generator, template.name)
            cache = getattr(env, "cache", None) or {}
            for template in list(cache.values()):
                if id(template) not in templates and template is not None:
                    templates[id(template)] = (generator, template.name)
    # Saved with the signatures of what output/ shows (build.signed, live.py), which name
    # contents by their stamps (kept on them) and terms and categories by their keys: the
    # next edit of the listings does not sign the loaded build again.
    # Straight into the file: not a copy of its 80 MB (10,000 articles) in memory at the
    # build's end.
    _write(path, [token], lambda handle: _Saver(handle, templates).dump(build))
    return os.path.getsize(path)


def _write(path: str, header: list[str], dump: Any) -> None:
    """`path` written atomically: the magic line, VERSION and `header`, then what `dump`
    writes into the file."""
    temporary = f"{path}.{os.getpid()}.tmp"
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    try:
        with open(temporary, "wb", buffering=1 << 20) as handle:
            handle.write(_MAGIC)
            handle.write(" ".join([str(VERSION), *header]).encode() + b"\n")
            dump(handle)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _read(path: str, header: list[str], what: str, load: Any) -> Any:
    """What `load` reads from `path` after the magic line and the expected header; any
    other file, or one that cannot be read: ModelUnusable."""
    try:
        with open(path, "rb") as handle:
            if handle.readline() != _MAGIC:
                raise ModelUnusable(f"not {what}")
            if handle.readline().decode("ascii", "replace").split() != [str(VERSION), *header]:
                raise ModelUnusable(f"not the {what} the record names")
            return load(handle)
    except ModelUnusable:
        raise
    except Exception as exc:  # noqa: BLE001 - a truncated or foreign file: build in full
        raise ModelUnusable(f"{what} cannot be read ({type(exc).__name__}: {exc})") from None


class ModelUnusable(Exception):
    """The saved model cannot be used (the message says why); build in full."""


def load(path: str, token: str) -> Any:
    """The Build saved at `path` with `token`, and its generators, to be set up again
    (set_up_generators)."""
    return _deep(_load, path, token)


def _load(path: str, token: str) -> Any:
    _Loader.current_generators = []
    build = _read(path, [token], "build model", lambda handle: _Loader(handle).load())
    generators, _Loader.current_generators = _Loader.current_generators, []
    return build, generators


def delta_path(path: str) -> str:
    return path + ".delta"


def save_delta(path: str, base: str, token: str, texts: dict[str, Any]) -> None:
    """Write the texts edited since the model `base` was saved ({source path: what
    live.texts_of keeps}), under `token`: a text edit does not save the whole build again."""
    _write(path, [base, token], lambda handle: pickle.dump(texts, handle, protocol=pickle.HIGHEST_PROTOCOL))


def load_delta(path: str, base: str, token: str) -> dict[str, Any]:
    """The texts saved by save_delta for the model `base` under `token`."""
    texts = _read(path, [base, token], "build model's texts", pickle.load)
    if not isinstance(texts, dict):
        raise ModelUnusable("the texts are not a mapping")
    return texts


def set_up_generators(generators: list[Any]) -> None:
    """Give each loaded generator the readers and Jinja environment Pelican gives a new one
    (Generator.__init__ with its saved arguments), keeping the rest of its saved state."""
    from pelican.generators import Generator

    for generator in generators:
        state = dict(generator.__dict__)
        Generator.__init__(
            generator, state["context"], state["settings"], state["path"], state["theme"], state["output_path"],
            readers_cache_name=state.get("readers_cache_name", ""),
        )
        rebuilt = {k: generator.__dict__[k] for k in _GENERATOR_REBUILT if k in generator.__dict__}
        generator.__dict__.update(state)
        generator.__dict__.update(rebuilt)

