"""Hypothesis profiles: ``ci`` (fixed examples, reproducible) and ``dev`` (more examples).

Import this module from any test module that uses Hypothesis; the profile is chosen with the
HYPOTHESIS_PROFILE environment variable and defaults to ``dev``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=200, derandomize=True, deadline=None)
settings.register_profile("dev", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
