"""Worker processes, in one place: how the build forks, and how a fork ends.

- `fork_map(function, items, processes, …)`: `function` over `items` in forked workers (the
  children inherit the parent's state, so only items and results are pickled), results in
  order; serial below two processes or when there is one item. portal_reader (reading
  sources), portal_images (encoding), portal_taxonomy (ranking related news), portal_output
  (writing pages), portal_search (reading words) and portal_check use it. With
  `parent_works=True` the calling process is one of the workers (one fork fewer: the
  build's memory peak is lower; portal_output and portal_search use it).
- `processes(setting)`: how many workers a pool gets (the setting, else one per core).
- `shared()`: in `function`, the value its fork_map was given as `shared` (the data every
  item needs), inherited by the workers: the libraries keep no fork data of their own.
- `die_with_parent()` (lifetime.py): every child forked from then on dies with the build and
  leaves Ctrl+C to it.
- `recording`/`adopt` (recorded.py): the problems a worker recorded, into the parent's
  collector.
- `start(function, *args)` (background.py): one task forked now, its result taken at a
  later step (`Pending.result()`, None if it failed: the caller then does the work). The
  one fork that spans steps: the build counts the search index's words of the sources
  (titles, sa-pô, bodies) while Pelican makes its contents on one core (portal_build.pipeline).
- `detach(function, *args)` (background.py): one task that outlives the `pelican` command:
  `make html` after an edit of the listings returns once output/ is published, while a
  child saves the build for the next run (portal_build.warm), holding the output's lock.

Every other fork serves one step of the build and ends with it.
"""

from __future__ import annotations

from .background import Pending, detach, start
from .lifetime import die_with_parent
from .pool import fork_map, processes, shared

__all__ = ["Pending", "detach", "die_with_parent", "fork_map", "processes", "shared", "start"]
