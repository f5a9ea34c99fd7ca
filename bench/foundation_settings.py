"""Settings for the "foundation" variant of the benchmark: our production build without the taxonomy engine.

Everything in publishconf.py (our reader, portal_site, portal_output, theme, feeds, URLs) except the
taxonomy engine (the pipeline leaves portal_taxonomy out with PORTAL_TAXONOMY_ENGINE = False): no official, province, topic or tag pages or feeds, and no related news. The
difference between "ours" and "foundation" is what the taxonomy engine costs. bench/run.py puts the
repository root on PYTHONPATH, so publishconf can be imported from here.
"""

from publishconf import *

PORTAL_TAXONOMY_ENGINE = False
