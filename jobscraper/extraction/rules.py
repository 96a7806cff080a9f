"""The rules engine: :class:`JobDetails` from a posting's text with no model at all.

It is deterministic, needs nothing but the standard library and runs anywhere, so it is the CPU
default of the extraction service and the baseline an LLM's quality is measured against. Each
field comes from a small module of precompiled patterns (English, German, French, Spanish, some
Dutch): pay in :mod:`~jobscraper.extraction.salary_rules`, the work arrangement in
:mod:`~jobscraper.extraction.remote_rules`, seniority, years, employment type and education in
:mod:`~jobscraper.extraction.profile_rules`, visa sponsorship in :mod:`~jobscraper.extraction.visa_rules`,
technologies, skills and benefits in
:mod:`~jobscraper.extraction.vocabulary`. What the text does not state stays unknown; there is
no summary (a rules engine does not summarise).

A posting the rules cannot handle gets a result with ``error`` set; the batch always completes.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter

from jobscraper.extraction.base import ExtractionInput, ExtractionResult, estimate_tokens
from jobscraper.extraction.profile_rules import (
    find_education,
    find_employment_type,
    find_min_years,
    find_seniority,
)
from jobscraper.extraction.remote_rules import find_remote_policy, find_remote_regions
from jobscraper.extraction.salary_rules import find_salary
from jobscraper.extraction.schema import JobDetails, RemotePolicy
from jobscraper.extraction.visa_rules import find_visa_sponsorship
from jobscraper.extraction.vocabulary import find_benefits, find_skills, find_tech

__all__ = ["MAX_CHARS", "RulesEngine", "detect_language"]

MAX_CHARS = 50_000
"""Characters of a description the rules read; real postings are far shorter, and the cap keeps a
pathological input (a whole scraped page, a data dump) from holding a worker for seconds."""

# the 200 most common words overlap across these languages; these are frequent and distinctive enough
_STOP_WORDS = {
    "en": "the and of to you with for our we is are will in a on this your be as an or at have from that",
    "de": "und der die das mit für wir sie ist du ein eine zu von auf den dem bei oder nicht auch im uns "
    "dich deine ihre unser unsere sind wird werden",
    "fr": "le la les et des du un une pour avec nous vous est dans sur au aux votre notre qui que vos nos "
    "sont être ce cette",
    "es": "el la los las y del en con para por que un una es nuestro nuestra tu te se al su sus como más "
    "lo somos buscamos",
    "nl": "de het een en van voor met je wij we jouw ons onze is zijn op bij niet naar als ook wat heb bent",
    "it": "il lo la gli le e di del della per con un una che sono siamo nel nella è dei delle al alla "
    "nostro nostra",
    "pt": "o a os as e de do da dos das em no na para com um uma que você nosso nossa é são não ao seu sua",
}
_STOP_SETS = {lang: frozenset(words.split()) for lang, words in _STOP_WORDS.items()}
_SHARED = Counter(word for words in _STOP_SETS.values() for word in words)
_WORD = re.compile(r"[^\W\d_]+")
_MIN_STOP_WORDS = 5


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language among en, de, fr, es, nl, it, pt; else ``unknown``.

    Counts stop words, a word shared by several of these languages counting as 1/n for each.
    """
    scores = dict.fromkeys(_STOP_SETS, 0.0)
    total = 0
    for word in _WORD.findall(text[:20_000].lower()):
        shared = _SHARED.get(word)
        if not shared:
            continue
        total += 1
        for lang, words in _STOP_SETS.items():
            if word in words:
                scores[lang] += 1 / shared
    best = max(scores, key=scores.__getitem__)
    return best if total >= _MIN_STOP_WORDS and scores[best] > 0 else "unknown"


class RulesEngine:
    """Deterministic extraction by patterns and a curated vocabulary; the CPU default engine."""

    name = "rules"

    def count_tokens(self, text: str) -> int:
        return estimate_tokens(text)

    def details(self, posting: ExtractionInput) -> JobDetails:
        """The facts one posting states (raises on a bug; :meth:`extract` turns that into ``error``)."""
        title = (posting.title or "")[:500]
        location = (posting.location or "")[:500]
        description = posting.description[:MAX_CHARS]
        text = f"{title}\n{description}" if title else description
        years = find_min_years(description)
        remote = find_remote_policy(description, title=title, location=location)
        regions = find_remote_regions(description, location) if remote == RemotePolicy.REMOTE else []
        return JobDetails(
            skills=find_skills(text),
            tech_stack=find_tech(text),
            seniority=find_seniority(title, years),
            min_years_experience=years,
            employment_type=find_employment_type(description, title=title),
            remote_policy=remote,
            remote_regions=regions,
            visa_sponsorship=find_visa_sponsorship(description),
            salary=find_salary(text, location),
            benefits=find_benefits(description),
            education=find_education(description),
            summary=None,
            language=detect_language(description or title),
        )

    def extract_sync(self, batch: list[ExtractionInput]) -> list[ExtractionResult]:
        """:meth:`extract` without the event loop: one result per posting, in order."""
        started = time.perf_counter()
        results: list[ExtractionResult] = []
        for posting in batch:
            result = ExtractionResult(id=posting.id, engine=self.name)
            try:
                result.tokens_in = self.count_tokens(posting.description)
                result.details = self.details(posting)
            except Exception as error:  # one bad posting must not fail the batch; it is reported
                result.error = f"rules engine failed: {type(error).__name__}: {error}"
            results.append(result)
        elapsed = time.perf_counter() - started
        for result in results:
            result.latency_s = elapsed
        return results

    async def extract(self, batch: list[ExtractionInput]) -> list[ExtractionResult]:
        """One result per posting, in order; CPU work runs in a thread so the event loop stays free."""
        return await asyncio.to_thread(self.extract_sync, batch)
