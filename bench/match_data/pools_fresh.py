"""Postings added with the third held-out batch (``f*`` résumés): two fields no earlier résumé
covers (iOS development, accounting), drawn with their own seed and appended after the first
426, so no earlier posting moved. Written before any ranker was run on the ``f*`` résumés."""

from __future__ import annotations

from spec import Cat

__all__ = ["FRESH"]

FRESH = [
    Cat(
        name="ios",
        lang="en",
        count=14,
        titles={
            0: ["Mobile Development Intern (iOS)"],
            1: ["Junior iOS Developer", "Junior Mobile Developer (Swift)"],
            2: ["iOS Developer", "Mobile Engineer (Swift, SwiftUI)"],
            3: ["Senior iOS Engineer", "Senior Mobile Engineer – Apple Platforms"],
            4: ["Lead iOS Engineer", "Staff Mobile Engineer"],
            5: ["Head of Mobile Engineering"],
        },
        companies=["Tagus Pay", "Alfama Health", "Ribeira Travel", "Marvila Games"],
        intro=[
            "Our app is used by two million people to split bills and pay friends.",
            "We build the patient app that hospitals across Portugal hand to their patients.",
            "Our travel app books trains, ferries and buses across southern Europe.",
        ],
        tasks=[
            "Build new screens and flows in Swift and SwiftUI, with UIKit where the older code needs it.",
            "Write unit and UI tests with XCTest and keep the crash-free rate above 99.8 %.",
            "Work with designers in Figma and with the backend team on the app's REST and GraphQL APIs.",
            "Ship through TestFlight and the App Store every two weeks.",
            "Improve start-up time and offline support with Core Data and background sync.",
            "Review pull requests and pair with other mobile engineers.",
        ],
        reqs=[
            "Experience building iOS apps in Swift.",
            "Familiar with SwiftUI, Combine or async/await.",
            "Published at least one app on the App Store.",
            "Comfortable with Git, code review and CI (Xcode Cloud or Bitrise).",
        ],
        skills=["Swift", "SwiftUI", "UIKit", "XCTest", "Core Data", "Combine", "Xcode"],
        places="lisbon:5 remote_eu:3 london amsterdam remote_us berlin",
        field_en="iOS development",
        pay=120_000,
        extras=["Kotlin or Android experience", "accessibility (VoiceOver)"],
        level_weights="1:3 2:3",
    ),
    Cat(
        name="accounting",
        lang="en",
        count=16,
        titles={
            1: ["Accounts Payable Clerk", "Junior Accountant"],
            2: ["Staff Accountant", "General Ledger Accountant"],
            3: ["Senior Accountant", "Senior Financial Reporting Accountant"],
            4: ["Accounting Manager", "Assistant Controller"],
            5: ["Corporate Controller", "Head of Finance"],
        },
        companies=["Lakeshore Foods", "Prairie Freight", "Midway Dental Group", "Wacker Street Capital"],
        intro=[
            "We are a family-owned food distributor with 900 employees across the Midwest.",
            "Our finance team of twelve supports a fast-growing logistics company.",
            "We run 40 dental practices and keep their books in one shared service centre.",
        ],
        tasks=[
            "Own parts of the month-end close: journal entries, accruals and prepaid schedules.",
            "Prepare balance-sheet account reconciliations and investigate differences.",
            "Support the annual external audit and the quarterly reviews with schedules and evidence.",
            "Maintain fixed-asset and lease schedules under ASC 842.",
            "Help prepare monthly financial statements and variance commentary for management.",
            "Improve close processes and controls in NetSuite.",
        ],
        reqs=[
            "Bachelor's degree in accounting or finance.",
            "Solid knowledge of US GAAP.",
            "CPA or CPA candidate preferred.",
            "Advanced Excel (pivot tables, lookups); NetSuite or another ERP.",
        ],
        skills=["US GAAP", "month-end close", "reconciliations", "NetSuite", "Excel", "audit", "accruals"],
        places="chicago:6 evanston remote_us:2 new_york:2 houston remote_anywhere",
        field_en="accounting",
        pay=80_000,
        extras=["SOX controls", "public accounting (Big Four) background"],
        level_weights="2:3 3:3",
    ),
]
