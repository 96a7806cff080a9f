"""What the extraction service pulls out of a posting: the :class:`JobDetails` schema.

Every field has an explicit *unknown* (``"unknown"``, ``None`` or an empty list): a posting that
does not say is recorded as not saying, and inventing a value is a bug. The schema carries
:data:`SCHEMA_VERSION`; a job whose stored ``extraction_version`` differs is extracted again.

The JSON schema handed to constrained decoders (vLLM structured outputs, Outlines, an OpenAI
``response_format``) is :func:`details_json_schema`; annualised salary figures are computed here,
never asked of a model.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator

__all__ = [
    "HOURS_PER_YEAR",
    "SCHEMA_VERSION",
    "EmploymentType",
    "JobDetails",
    "PayPeriod",
    "RemotePolicy",
    "Salary",
    "Seniority",
    "VisaSponsorship",
    "annualise",
    "details_json_schema",
]

SCHEMA_VERSION = 1
HOURS_PER_YEAR = 2080  # 40 h × 52 weeks, the usual convention for hourly → annual


class Seniority(StrEnum):
    INTERN = "intern"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"
    PRINCIPAL = "principal"
    EXECUTIVE = "executive"
    UNKNOWN = "unknown"


class EmploymentType(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    CONTRACT = "contract"
    INTERNSHIP = "internship"
    TEMPORARY = "temporary"
    UNKNOWN = "unknown"


class RemotePolicy(StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"
    UNKNOWN = "unknown"


class VisaSponsorship(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class PayPeriod(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


_PER_YEAR = {
    PayPeriod.HOUR: HOURS_PER_YEAR,
    PayPeriod.DAY: 260,
    PayPeriod.WEEK: 52,
    PayPeriod.MONTH: 12,
    PayPeriod.YEAR: 1,
}


def annualise(amount: float | None, period: PayPeriod) -> float | None:
    """``amount`` per ``period`` as a yearly figure (hour × 2080, day × 260, week × 52, month × 12)."""
    return None if amount is None else round(amount * _PER_YEAR[period], 2)


class Salary(BaseModel):
    """Pay as the posting states it; the annual figures are derived."""

    model_config = ConfigDict(extra="forbid")

    min: float | None = Field(None, ge=0, description="lowest amount stated, per period")
    max: float | None = Field(None, ge=0, description="highest amount stated, per period")
    currency: str | None = Field(None, description="ISO 4217 code, e.g. EUR, USD, GBP")
    period: PayPeriod = PayPeriod.YEAR

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        # a stored result carries the derived figures; they are recomputed, never read back
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k not in ("annual_min", "annual_max")}
        return data

    @field_validator("currency")
    @classmethod
    def _iso_code(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        code = value.strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise ValueError(f"{value!r} is not an ISO 4217 currency code")
        return code

    @computed_field  # type: ignore[prop-decorator]
    @property
    def annual_min(self) -> float | None:
        return annualise(self.min, self.period)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def annual_max(self) -> float | None:
        return annualise(self.max if self.max is not None else self.min, self.period)


class JobDetails(BaseModel):
    """Structured facts about one posting. Unknown is a value; never guess."""

    model_config = ConfigDict(extra="forbid", use_enum_values=False)

    skills: list[str] = Field(default_factory=list, description="skills the posting asks for")
    tech_stack: list[str] = Field(default_factory=list, description="languages, frameworks, tools named")
    seniority: Seniority = Seniority.UNKNOWN
    min_years_experience: int | None = Field(None, ge=0, le=50)
    employment_type: EmploymentType = EmploymentType.UNKNOWN
    remote_policy: RemotePolicy = RemotePolicy.UNKNOWN
    remote_regions: list[str] = Field(
        default_factory=list, description="where a remote hire may live, when the posting limits it"
    )
    visa_sponsorship: VisaSponsorship = VisaSponsorship.UNKNOWN
    salary: Salary | None = None
    benefits: list[str] = Field(default_factory=list)
    education: str | None = Field(None, description="required degree or equivalent, as stated")
    summary: str | None = Field(None, max_length=600, description="one or two sentences")
    language: str = Field("unknown", description="ISO 639-1 code of the posting's language, e.g. en, de")

    @field_validator("skills", "tech_stack", "benefits", "remote_regions")
    @classmethod
    def _distinct(cls, values: list[str]) -> list[str]:
        seen: dict[str, str] = {}
        for value in values:
            text = " ".join(value.split())
            if text and text.lower() not in seen:
                seen[text.lower()] = text
        return list(seen.values())

    @field_validator("language")
    @classmethod
    def _language_code(cls, value: str) -> str:
        code = value.strip().lower()
        return code if (len(code) == 2 and code.isalpha()) else "unknown"


def details_json_schema() -> dict[str, Any]:
    """The JSON schema a constrained decoder should produce (input shape: no computed fields)."""
    return JobDetails.model_json_schema(mode="validation")
