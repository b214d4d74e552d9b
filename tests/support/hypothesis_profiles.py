"""Hypothesis profiles: ``ci`` (fixed examples, reproducible) and ``dev`` (more examples).

Import this module from any test module that uses Hypothesis; the profile is chosen with the
HYPOTHESIS_PROFILE environment variable and defaults to ``dev``. In ``ci`` every run draws the same
examples (``derandomize``: the seed comes from each test), so a failure there fails every time.

The fuzz tests (tests/robustness/test_fuzz.py) decorate each target with ``fuzz``: at least 2,000
examples per target in CI, five times as many locally; other property tests keep the profile's
count.
"""

from __future__ import annotations

import os

from hypothesis import settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")

settings.register_profile("ci", max_examples=200, derandomize=True, deadline=None)
settings.register_profile("dev", max_examples=1000, deadline=None)
settings.load_profile(PROFILE)

FUZZ_EXAMPLES = {"ci": 2_000, "dev": 10_000}

#: Settings for the fuzz targets; everything else comes from the profile loaded above.
fuzz = settings(max_examples=FUZZ_EXAMPLES.get(PROFILE, 2_000))
