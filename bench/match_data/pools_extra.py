"""Postings added after the first 414 for the held-out résumés that had too few relevant ones
(the HR generalist): drawn with their own seed and appended, so the first 414 stay as they were."""

# ruff: noqa: E501 — a data table: its sentences stay on one line each, to be read and diffed

from __future__ import annotations

from spec import Cat

__all__ = ["EXTRA"]

EXTRA = [
    Cat(
        name="people_ops",
        lang="en",
        count=12,
        titles={
            1: ["HR Assistant", "People Operations Coordinator"],
            2: ["HR Advisor", "People Partner", "HR Generalist (Employee Relations)"],
            3: ["Senior People Partner", "HR Business Partner – Technology"],
            4: ["HR Manager", "Head of People"],
        },
        companies=["Brambleway Retail", "Quayside Apps", "Northwind Learning", "Ironbridge Logistics"],
        intro=[
            "Our people team looks after 600 colleagues across offices and warehouses.",
            "We are a scale-up that wants HR to be practical, fair and fast.",
        ],
        tasks=[
            "Advise line managers on employee relations cases: grievances, disciplinaries, absence and performance.",
            "Keep HR policies current with UK employment law and train managers on them.",
            "Own the employee lifecycle from contracts and onboarding to leavers.",
            "Prepare monthly payroll inputs with our payroll provider.",
            "Run the engagement survey and turn its results into action plans.",
            "Look after our HR system (HiBob or Workday) and its reports.",
            "Support hiring managers at offer stage; our talent team runs recruitment itself.",
        ],
        reqs=[
            "CIPD Level 5 or equivalent experience.",
            "Good working knowledge of UK employment law.",
            "Experience handling employee relations cases end to end.",
            "Confident with HR systems and Excel.",
        ],
        skills=["employee relations", "HR policy", "payroll", "HiBob", "Workday", "onboarding"],
        places="london:5 remote_uk:2 manchester:2 remote_eu dublin",
        field_en="HR",
        pay=75_000,
        level_weights="2:3 3:2",
    ),
]
