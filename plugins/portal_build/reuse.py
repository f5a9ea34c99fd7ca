"""A rebuild renders again only the pages whose inputs changed (`make html` after an edit).

The up-to-date record of the last build into an output folder (uptodate.py) also keeps,
for every output job, a digest of its persistent signature (plan.PersistentSigner: the
sources it shows, by the digest of their bytes, and what the build derived for it). A job
of this build is kept, its files linked from the current output/ into the new tree instead
of being rendered, when all of these hold:

- the record can be read, its build logged no warning, and output/ is exactly as that build
  left it (every file's size, modification time, inode and mode);
- everything the build reads but the Markdown sources (registries, images, theme,
  templates, settings, plugins, environment, installed versions) has the recorded digest;
- the job's digest is the recorded one, and every file it writes is in the record.

Anything else renders the job. The record is removed when a build starts to publish and
written again after the swap, so a build that fails or is stopped leaves none that could be
trusted wrongly. tests/test_incremental.py compares rebuilds after random edits with clean
builds, byte for byte.
"""

from __future__ import annotations

import os
from typing import Any

from . import plan, uptodate


class Reuse:
    """Which jobs of this build keep their files, and the digests to record after it."""

    def __init__(self, previous: str | None, kept: dict[int, list[str]], digests: dict[str, str], intact: bool = False) -> None:
        self.previous = previous  # the output folder the kept files are linked from
        self.kept = kept  # {id(job): files it writes}
        self.digests = digests  # {job key: digest}, jobs with a digest only
        # output/ is as the last build left it, and that build read the same code, settings
        # and data but Markdown sources, and logged no warning: what it wrote can be built on
        # (the search index is patched: portal_search.patch).
        self.intact = intact

    def files_of(self, job: plan.Job) -> list[str] | None:
        """The files of `job` to link from the previous output/, or None: render it."""
        return self.kept.get(id(job))


def plan_reuse(jobs: list[plan.Job], signer: plan.PersistentSigner, record: dict[str, Any] | None,
               inputs: uptodate.Inputs, previous: str | None) -> Reuse:
    digests: dict[str, str] = {}
    by_job: list[tuple[plan.Job, str, str | None]] = []
    for job in jobs:
        key = plan.job_key(job)
        digest = signer.digest(job)
        by_job.append((job, key, digest))
        if digest is not None:
            digests[key] = digest
    kept: dict[int, list[str]] = {}
    if (record is None or previous is None or not os.path.isdir(previous) or record.get("warnings")
            or not inputs.environment or record.get("environment") != inputs.environment):
        return Reuse(previous, kept, digests)
    files = record.get("files") or {}
    if uptodate.output_files(previous) != files:
        return Reuse(previous, kept, digests)
    intact = True
    old = record.get("jobs") or {}
    for job, key, digest in by_job:
        if digest is None or old.get(key) != digest:
            continue
        produced = plan.job_files(job)
        if produced and all(name in files for name in produced):
            kept[id(job)] = produced
    return Reuse(previous, kept, digests, intact)
