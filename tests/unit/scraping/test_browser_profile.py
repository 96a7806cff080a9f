"""Chromium's profile folder is removed on stop even when one of its helper processes writes into
it just after the first removal (:func:`jobscraper.scraping.browser._remove_profile`)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from jobscraper.scraping import browser


def test_a_profile_written_into_after_its_first_removal_is_removed_too(tmp_path: Path) -> None:
    profile = tempfile.TemporaryDirectory(dir=tmp_path, ignore_cleanup_errors=True)
    real = profile.cleanup
    late: list[str] = []

    def racing() -> None:
        real()
        if not late:  # a helper process writes its state once more, just after
            late.append(profile.name)
            os.makedirs(profile.name)
            Path(profile.name, "Local State").write_text("{}")

    profile.cleanup = racing  # type: ignore[method-assign]
    browser._remove_profile(profile)
    assert late and not os.path.exists(profile.name)
