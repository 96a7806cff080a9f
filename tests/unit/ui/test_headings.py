"""A description's headings renumbered so that the job page's never skip a level (axe-core's
``heading-order``): the first is ``#`` (an h3 under the card's h2), each later one at most one level
deeper than the one before, code and setext read as the page reads them, other bytes untouched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jobscraper_ui.headings import outline_headings
from jobscraper_ui.pages.job_detail_state import JobDetailState
from markdown_it import MarkdownIt

from jobscraper.store.search_shapes import JobPublic
from tests.unit.ui.fake_api import job_json
from tests.unit.ui.test_fit_ui import _state

_MD = MarkdownIt("commonmark").enable("table")


def _headings(text: str) -> list[tuple[int, str]]:
    """(level, text) of each heading, as a CommonMark renderer reads ``text``."""
    tokens = _MD.parse(text)
    return [(int(t.tag[1]), tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_a_description_that_opens_at_h2_starts_at_h1() -> None:
    assert (
        outline_headings("## About us\n\nWe bake.\n\n## The role\n")
        == "# About us\n\nWe bake.\n\n# The role\n"
    )


def test_levels_used_become_consecutive() -> None:
    text = "## Team\n\nintro\n\n#### Stack\n\n- Python\n\n## Perks\n"
    assert outline_headings(text) == "# Team\n\nintro\n\n## Stack\n\n- Python\n\n# Perks\n"


def test_a_heading_that_jumps_ahead_of_its_section_is_pulled_up() -> None:
    # a deeper heading first, then one that jumps two levels: neither may skip one
    assert _headings(outline_headings("### Intro\n\n# Role\n\n### Tasks\n")) == [
        (1, "Intro"),
        (1, "Role"),
        (2, "Tasks"),
    ]


def test_consistent_headings_from_h1_are_unchanged() -> None:
    text = "# Title\n\n## Section\n\n### Part\n\n## Next\n"
    assert outline_headings(text) == text


def test_setext_headings_are_read_and_an_underlined_h2_becomes_an_underlined_h1() -> None:
    # markdownify writes h1/h2 underlined: here an h2 ("-") and an h3 under it
    text = "About the job\n-------------\n\nWe ship.\n\n### Requirements\n\n* Python\n"
    shown = outline_headings(text)
    assert shown == "About the job\n=============\n\nWe ship.\n\n## Requirements\n\n* Python\n"
    assert _headings(shown) == [(1, "About the job"), (2, "Requirements")]


def test_setext_h1_and_h2_in_order_stay_as_they_are() -> None:
    text = "Title\n=====\n\nSub\n---\n\n### Part\n"
    assert outline_headings(text) == text


def test_a_hash_inside_code_is_not_a_heading() -> None:
    text = "## Setup\n\n```sh\n# install it\n## twice\n```\n\n    # indented code\n\nRun `# not a heading`.\n"
    assert outline_headings(text) == text.replace("## Setup", "# Setup", 1)


def test_other_lines_keep_their_bytes_crlf_included() -> None:
    text = "Intro -- see #5 & more\r\n\r\n## A ##\r\n\r\ntext\r\n\r\n#### B\r\nend"
    assert outline_headings(text) == "Intro -- see #5 & more\r\n\r\n# A ##\r\n\r\ntext\r\n\r\n## B\r\nend"


def test_headings_inside_a_list_are_renumbered_in_place() -> None:
    assert outline_headings("- ## In a list\n- item\n") == "- # In a list\n- item\n"


@pytest.mark.parametrize("text", ["", "Just text, a - dash, an = sign and C# .\n", "- a\n- b\n\n---\n"])
def test_text_without_headings_is_unchanged(text: str) -> None:
    assert outline_headings(text) == text


def test_the_job_page_shows_the_description_made_safe_and_renumbered() -> None:
    state = _state(JobDetailState)
    job = job_json(7, description="## About\n\n<b>Bold</b> claims\n\n#### Stack\n")
    state._show(JobPublic.model_validate(job))
    assert state.description == "# About\n\n&lt;b&gt;Bold&lt;/b&gt; claims\n\n## Stack\n"


_LINE = st.one_of(
    st.builds(lambda n, w: f"{'#' * n} {w}", st.integers(1, 6), st.sampled_from(["Role", "Perks", "a #"])),
    st.sampled_from(["Para text", "", "===", "---", "```", "    # code", "- item", "> quote", "- ## li"]),
)


@given(st.lists(_LINE, max_size=14))
def test_whatever_the_markdown_no_heading_skips_a_level_and_only_levels_change(lines: list[str]) -> None:
    text = "\n".join(lines)
    shown = outline_headings(text)
    before, after = _headings(text), _headings(shown)
    assert [words for _, words in after] == [words for _, words in before]
    levels = [level for level, _ in after]
    assert all(new <= old + 1 for old, new in zip([0, *levels], levels, strict=False))
    # same block structure otherwise: only the headings' markers differ
    assert shown.count("\n") == text.count("\n")
    tokens = [(t.type, t.map) for t in _MD.parse(shown)]
    assert tokens == [(t.type, t.map) for t in _MD.parse(text)]
