"""The Profile page's components: the profile selector, the résumé box, the preferences, the
suggestions (each with its reason and "Use this"), and the empty state. Layout only; the state is
``profile_state``.
"""

from __future__ import annotations

import reflex as rx

from jobscraper.vocabulary import JOB_TYPES, PAY_INTERVALS, SENIORITIES
from jobscraper_ui.layout import empty_state
from jobscraper_ui.pages.profile_form import NOT_SET, TRI_STATE, SuggestionRow
from jobscraper_ui.pages.profile_state import ProfileState

__all__ = [
    "no_profile",
    "preferences_form",
    "profile_bar",
    "resume_box",
    "save_bar",
    "suggestions",
]

S = ProfileState


def _text(field: str, label: str, placeholder: str, flex: str = "1 1 14em") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.input(
            value=getattr(S, field),
            on_change=lambda v: ProfileState.set_field(field, v),
            placeholder=placeholder,
            aria_label=label,
            id=f"profile-{field}",
            width="100%",
        ),
        spacing="1",
        flex=flex,
    )


def _choice(field: str, label: str, items: list[str]) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.select.root(  # the parts, so the label reaches the button a screen reader announces
            rx.select.trigger(aria_label=label, id=f"profile-{field}"),
            rx.select.content(*[rx.select.item(item, value=item) for item in items]),
            value=getattr(S, field),
            on_change=lambda v: ProfileState.set_field(field, v),
        ),
        spacing="1",
    )


def no_profile() -> rx.Component:
    """What a profile is for, while there is none."""
    return rx.cond(
        S.loaded & (S.names.length() == 0) & (S.unreachable == ""),
        empty_state(
            "No profile yet",
            "A profile is your résumé and what you want from a job: places, remote work, a salary "
            "floor, seniority, skills. jobscraper ranks every job by how well it fits the active "
            "profile and says why. Paste your résumé below and save to make your first one.",
        ),
    )


def profile_bar() -> rx.Component:
    """Which profile is in the form, which one is active, and the actions on it."""
    return rx.cond(
        S.names.length() > 0,
        rx.flex(
            rx.text("Profile", size="2", weight="medium"),
            rx.select.root(
                rx.select.trigger(aria_label="profile", id="profile-select"),
                rx.select.content(rx.foreach(S.names, lambda n: rx.select.item(n, value=n))),
                value=S.name,
                on_change=ProfileState.select,
            ),
            rx.cond(
                S.name == S.active_name,
                rx.badge("active", color_scheme="green", id="profile-active-badge"),
                rx.button(
                    "Make active",
                    variant="soft",
                    size="1",
                    on_click=ProfileState.make_active,
                    disabled=~S.names.contains(S.name),
                    id="profile-make-active",
                ),
            ),
            rx.button("New profile", variant="soft", size="1", on_click=ProfileState.new_profile),
            rx.cond(
                S.names.contains(S.name),
                rx.button(
                    "Delete",
                    variant="ghost",
                    color_scheme="red",
                    size="1",
                    on_click=ProfileState.delete,
                    id="profile-delete",
                ),
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
    )


def resume_box() -> rx.Component:
    return rx.card(
        rx.flex(
            _text("name", "Name", "default (a new name makes another profile)"),
            spacing="2",
            wrap="wrap",
        ),
        rx.flex(
            rx.heading("Résumé", size="3", as_="h2"),
            rx.cond(
                S.resume_file != "",
                rx.text("read from ", rx.code(S.resume_file), size="2", color_scheme="gray"),
                rx.cond(S.resume_text != "", rx.text("pasted", size="2", color_scheme="gray")),
            ),
            spacing="3",
            align="baseline",
            margin_top="3",
        ),
        rx.text_area(
            value=S.resume_text,
            on_change=ProfileState.set_resume,
            placeholder="Paste your résumé or CV here (plain text; `jobscraper profile set --resume "
            "FILE` reads PDF, DOCX and Markdown files).",
            rows="12",
            width="100%",
            aria_label="Résumé",
            id="profile-resume",
        ),
        width="100%",
    )


def _tri(field: str, label: str) -> rx.Component:
    return _choice(field, label, TRI_STATE)


def _job_types() -> rx.Component:
    return rx.vstack(
        rx.text("Job types", size="2", weight="medium"),
        rx.flex(
            *[
                rx.el.label(
                    rx.flex(
                        rx.checkbox(
                            checked=S.job_types.contains(t),
                            on_change=lambda v, t=t: ProfileState.toggle_job_type(t, v),
                            aria_label=t,
                        ),
                        rx.text(t, size="2"),
                        spacing="1",
                        align="center",
                    )
                )
                for t in JOB_TYPES
            ],
            spacing="3",
            wrap="wrap",
        ),
        spacing="1",
    )


def preferences_form() -> rx.Component:
    """The preferences; each one set is a hard preference, "not set" or empty filters nothing."""
    return rx.card(
        rx.heading("Preferences", size="3", as_="h2"),
        rx.text(
            "Each preference you set counts in every job's fit; a job that breaks one sinks to the "
            "bottom with the reason shown. Leave one empty or “not set” to ignore it.",
            size="2",
            color_scheme="gray",
        ),
        rx.flex(
            _text("locations", "Locations", "Berlin; Lyon, France (separate with ;)"),
            _tri("remote_ok", "Remote OK"),
            _text("remote_regions", "Remote must be open to", "EU; Germany (separate with ;)"),
            _tri("open_to_relocation", "Open to relocation"),
            spacing="3",
            wrap="wrap",
            margin_y="2",
            align="end",
        ),
        rx.flex(
            _text("min_salary", "Minimum salary", "e.g. 60000", "0 1 10em"),
            _text("currency", "Currency", "EUR", "0 1 6em"),
            _choice("salary_period", "Per", list(PAY_INTERVALS)),
            _choice("seniority", "Seniority", [NOT_SET, *SENIORITIES]),
            _tri("needs_visa_sponsorship", "Needs visa sponsorship"),
            spacing="3",
            wrap="wrap",
            margin_y="2",
            align="end",
        ),
        _job_types(),
        rx.flex(
            _text("preferred_skills", "Preferred skills", "python, postgres (separate with ,)"),
            _text("excluded_skills", "Excluded skills", "php, cobol"),
            spacing="3",
            wrap="wrap",
            margin_y="2",
        ),
        width="100%",
    )


def _suggestion(row: SuggestionRow) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.text(row.label, ": ", rx.text.strong(row.value), size="2"),
                rx.text(rx.el.q(row.reason), size="1", color_scheme="gray"),
                spacing="1",
                flex="1 1 16em",
                min_width="0",
            ),
            rx.cond(
                S.used.contains(row.index),
                rx.badge("set — Save to apply", color_scheme="blue"),
                rx.button(
                    "Use this", size="1", variant="soft", on_click=ProfileState.use_suggestion(row.index)
                ),
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        width="100%",
        class_name="profile-suggestion",
    )


def suggestions() -> rx.Component:
    """What the résumé says that no preference says yet: offered, never applied on its own."""
    return rx.cond(
        S.suggestions.length() > 0,
        rx.card(
            rx.heading("Found in your résumé", size="3", as_="h2"),
            rx.text(
                "These count only as soft hints in the ranking. Use one to make it a preference.",
                size="2",
                color_scheme="gray",
            ),
            rx.vstack(rx.foreach(S.suggestions, _suggestion), width="100%", margin_top="2"),
            width="100%",
            id="profile-suggestions",
        ),
    )


def save_bar() -> rx.Component:
    return rx.flex(
        rx.button(
            rx.cond(S.saving, "Saving…", "Save"),
            on_click=ProfileState.save,
            loading=S.saving,
            disabled=S.saving,
            id="profile-save",
        ),
        rx.cond(S.message != "", rx.text(S.message, color_scheme="green", size="2", id="profile-message")),
        spacing="3",
        align="center",
    )
