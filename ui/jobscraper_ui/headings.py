"""A scraped description's markdown headings renumbered so that they never skip a level.

The job page's one h1 is the job's title and the description sits in a card headed h2; the page
shows the description's own heading levels two down (``DESCRIPTION_HEADINGS``: ``#`` is h3). The
descriptions are other people's text, though: many open at ``##`` (the demo board's do) or jump
from ``#`` to ``###``, and a heading shown as h4 straight under an h2 is a level skipped, which
screen-reader users navigate by (axe-core's ``heading-order``). So before a description reaches
the page its headings are renumbered as an outline: the first is ``#``, and each one is one level
below the nearest earlier heading that it was deeper than in the original (or ``#`` when there is
none). Consistently nested headings are only shifted up (``##``/``####`` become ``#``/``##``,
``#``/``##``/``###`` stay as they are); a heading never ends up more than one level below the one
before it, whatever order the original used.

The text is parsed with a real CommonMark parser (markdown-it-py, with GFM tables as the page's
renderer has them), so a ``#`` inside fenced or indented code, setext headings (``Title`` over
``=====``, which markdownify writes for h1 and h2) and headings inside quotes and lists are read as
the page reads them. Only heading lines whose level changes are rewritten; every other byte stays
as it was. A heading's new level is never deeper than its old one (each section still open above
it was shallower in the original too), so a setext heading stays one: an h2 that becomes an h1 has
its ``---`` underline turned into ``===``.
Math blocks (``$$``, which the page's renderer also knows) are not known to the parser: a line
starting with ``#`` inside one is taken as a heading.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["outline_headings"]

# the parser's own line breaks (it normalises these three to "\n" before counting lines)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_HASHES = re.compile(r"#+")
# the "-"s that underline a setext h2 (then only spaces or tabs on the line)
_UNDERLINE = re.compile(r"-+(?=[ \t]*(?:\r\n|\r|\n)?\Z)")


@cache
def _parser() -> MarkdownIt:
    # only the block structure is needed: the inline pass (emphasis, links) is skipped
    return MarkdownIt("commonmark").enable("table").disable("inline")


def _levels(headings: list[Token]) -> list[int]:
    """Each heading's new level: one below its nearest earlier, shallower heading's (or 1)."""
    stack: list[tuple[int, int]] = []  # (original level, new level) of the open sections
    levels = []
    for opening in headings:
        level = int(opening.tag[1])
        while stack and stack[-1][0] >= level:
            stack.pop()
        new = stack[-1][1] + 1 if stack else 1
        stack.append((level, new))
        levels.append(new)
    return levels


def outline_headings(text: str) -> str:
    """``text`` (markdown) with its headings renumbered so that none skips a level (see above).

    The first heading becomes ``#`` and each later one at most one level deeper than the one
    before it; text without headings, or whose headings already do so, comes back unchanged.
    """
    if "#" not in text and "-" not in text:  # no heading, or only "===" h1s, which stay
        return text
    headings = [t for t in _parser().parse(text) if t.type == "heading_open" and t.map]
    levels = _levels(headings)
    lines = _LINE.findall(text)
    for opening, level in zip(headings, levels, strict=True):
        start, end = opening.map or (0, 0)
        if level == int(opening.tag[1]):
            continue
        if opening.markup.startswith("#"):  # ATX: its first "#"s, after any quote or list marker
            lines[start] = _HASHES.sub("#" * level, lines[start], count=1)
        else:  # setext, an h2 that becomes an h1 ("-" underlines an h2, "=" an h1)
            lines[end - 1] = _UNDERLINE.sub(lambda m: "=" * len(m.group(0)), lines[end - 1])
    return "".join(lines)
