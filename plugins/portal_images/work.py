"""The task a worker process runs for one source: check, decode, encode what is missing."""

from __future__ import annotations

from dataclasses import dataclass

from portal_diagnostics.guard import REASONS as FAULTS

from .cache import ImageCache
from .encode import ImageProblem, encode, inspect, normalise, open_source, render
from .variants import EncoderSettings, plan


@dataclass(frozen=True)
class Job:
    path: str
    source_hash: str
    lead: bool
    cache_root: str
    max_pixels: int
    settings: EncoderSettings


@dataclass(frozen=True)
class Outcome:
    source_hash: str
    width: int = 0
    height: int = 0
    alpha: bool = False
    encoded: int = 0  # variants written to the cache
    problem: str | None = None


def process(job: Job) -> Outcome:
    try:
        image = normalise(open_source(job.path, job.max_pixels))
    except ImageProblem as exc:
        return Outcome(job.source_hash, problem=str(exc))
    info = inspect(image)
    cache = ImageCache.__new__(ImageCache)  # files only: the index is the parent's to write
    cache.root = job.cache_root
    wanted = [
        v for v in plan(job.source_hash, info.width, info.height, info.alpha, job.lead, job.settings)
        if not cache.has(v.key, v.extension)
    ]
    try:
        frames = render(image, wanted)
        for variant in wanted:
            cache.put(variant.key, variant.extension, encode(frames[variant.frame], variant.fmt, job.settings))
    except (OSError, ValueError) as exc:
        if isinstance(exc, OSError) and exc.errno in FAULTS:
            raise  # a full or read-only cache, not the photo's fault: the build stops with one sentence
        return Outcome(job.source_hash, problem=f"không mã hoá được ({exc})")
    return Outcome(job.source_hash, info.width, info.height, info.alpha, len(wanted))
