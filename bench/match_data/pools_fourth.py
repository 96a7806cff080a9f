"""Postings added with the fourth held-out batch (``g*`` résumés): supply-chain planning in
English and German, the people who sell software to planners and who recruit them, primary-school
teaching, and words that collide with those fields (a supply teacher, a demand-response engineer,
a forklift driver). Drawn with their own seed and appended after the first 456, so no earlier
posting moved. Written and graded before any ranker was run on the ``g*`` résumés."""

# ruff: noqa: E501 — a data table: its sentences stay on one line each, to be read and diffed

from __future__ import annotations

from spec import Cat

__all__ = ["FOURTH"]


def _side(
    name: str,
    count: int,
    title: str,
    company: list[str],
    intro: str,
    tasks: list[str],
    reqs: list[str],
    places: str,
) -> Cat:
    """A job next to or colliding with the batch's fields: one title, on-site, no years line."""
    return Cat(
        name=name,
        lang="en",
        count=count,
        titles={2: [title]},
        companies=company,
        intro=[intro],
        tasks=tasks,
        reqs=reqs,
        places=places,
        field_en="this line of work",
        pay=50_000,
        onsite_only=True,
        years_line=False,
    )


FOURTH = [
    Cat(
        name="supply_chain",
        lang="en",
        count=22,
        titles={
            1: ["Junior Supply Chain Analyst", "Logistics Planning Coordinator"],
            2: ["Supply Chain Planner", "Demand Planner", "Inventory Planning Analyst"],
            3: ["Senior Demand Planner", "Senior Supply Planner – S&OP"],
            4: ["Supply Planning Manager", "Lead Demand Planner"],
            5: ["Head of Supply Chain Planning"],
        },
        companies=["Elbe Consumer Goods", "Northgate Beverages", "Portside Home", "Canal Street Foods"],
        intro=[
            "We make snacks and soft drinks sold in 14 countries from three plants.",
            "Our home-goods brand ships from two warehouses to retailers and our own web shop.",
            "We are a mid-sized food manufacturer whose planning team sits between sales and the plants.",
        ],
        tasks=[
            "Build the monthly statistical forecast per SKU and agree it with sales in the demand review.",
            "Turn the agreed demand into supply and replenishment plans for our plants and warehouses.",
            "Run the planning part of the monthly S&OP cycle and present the gaps and options.",
            "Watch forecast accuracy and bias, and explain the big misses.",
            "Set safety stocks and reorder points with the inventory team.",
            "Keep master data in SAP APO / IBP clean and improve our Excel planning models.",
        ],
        reqs=[
            "Experience in demand or supply planning in consumer goods or manufacturing.",
            "Strong Excel; SAP IBP, APO or another planning system.",
            "Comfortable presenting numbers to sales and operations.",
            "A degree in supply chain, business or engineering, or the experience instead.",
        ],
        skills=["demand planning", "S&OP", "SAP IBP", "forecasting", "Excel", "inventory management"],
        places="hamburg:3 amsterdam:4 remote_eu:3 chicago:3 remote_us:2 london munich",
        field_en="supply chain planning",
        pay=85_000,
        extras=["Power BI", "a CPIM or CSCP certificate"],
        level_weights="1:2 2:3 3:2",
    ),
    Cat(
        name="supply_chain_de",
        lang="de",
        count=10,
        titles={
            1: ["Junior Disponent (m/w/d)"],
            2: [
                "Supply Chain Planer (m/w/d)",
                "Disponent Materialwirtschaft (m/w/d)",
                "Bedarfsplaner (m/w/d)",
            ],
            3: ["Senior Demand Planner (m/w/d)"],
            4: ["Teamleiter Supply Chain Planning (m/w/d)"],
        },
        companies=["Alsterhafen Markenartikel GmbH", "Isartal Getränke AG", "Speicherstadt Handel GmbH"],
        intro=[
            "Wir sind ein mittelständischer Markenhersteller mit drei Werken in Norddeutschland.",
            "Unsere Getränke stehen in über 20.000 Märkten in Deutschland und Österreich.",
        ],
        tasks=[
            "Erstellung der monatlichen Absatzprognose je Artikel und Abstimmung mit dem Vertrieb.",
            "Planung von Nachschub und Produktion für Werke und Lager auf Basis der Prognose.",
            "Mitarbeit im monatlichen S&OP-Prozess und Aufbereitung der Entscheidungsvorlagen.",
            "Überwachung der Prognosegüte und Analyse von Abweichungen.",
            "Festlegung von Sicherheitsbeständen gemeinsam mit der Bestandsführung.",
            "Pflege der Stammdaten in SAP und Weiterentwicklung unserer Planungstools.",
        ],
        reqs=[
            "Erfahrung in Bedarfs- oder Supply-Planung, idealerweise in der Konsumgüterindustrie.",
            "Sehr gute Excel-Kenntnisse; SAP (APO, IBP oder MM).",
            "Verhandlungssichere Deutschkenntnisse, gute Englischkenntnisse.",
            "Studium der Betriebswirtschaft, Logistik oder eine vergleichbare Ausbildung.",
        ],
        skills=["Bedarfsplanung", "S&OP", "SAP", "Excel", "Disposition"],
        places="hamburg:5 munich:2 remote_de:2 berlin",
        field_de="Supply Chain Planung",
        pay=80_000,
        extras=["Power BI", "Erfahrung mit Lieferanten in Asien"],
        level_weights="2:3 3:2",
    ),
    Cat(
        name="web_frontend",
        lang="en",
        count=10,
        titles={
            1: ["Junior Web Developer (React)"],
            2: ["Frontend Developer (React, TypeScript)"],
            3: ["Senior Software Engineer – Web", "Senior Frontend Developer (Accessibility)"],
            4: ["Staff Frontend Engineer", "Frontend Tech Lead"],
            5: ["Engineering Manager – Web"],
        },
        companies=["Kestrel Money", "Bramble Health", "Wharf Street Media"],
        intro=[
            "Our web app helps 800,000 people manage their savings and pensions.",
            "We build the booking site and patient portal for a chain of clinics.",
            "Our newsroom publishes to 12 million readers a month on the web.",
        ],
        tasks=[
            "Build product features in React and TypeScript, from the design to production.",
            "Look after our component library and its documentation in Storybook.",
            "Keep pages fast: measure Core Web Vitals and fix what slows them down.",
            "Make every page accessible (WCAG 2.2 AA) and test it with screen readers.",
            "Review code and mentor other engineers on the web team.",
            "Work with designers and backend engineers on the API contracts.",
        ],
        reqs=[
            "Strong React and TypeScript.",
            "Good knowledge of HTML, CSS and browser performance.",
            "Experience testing web apps (Jest, Testing Library, Playwright or Cypress).",
            "Care for accessibility and design systems.",
        ],
        skills=["React", "TypeScript", "Next.js", "CSS", "Storybook", "Playwright", "accessibility"],
        places="london:5 remote_uk:2 manchester:2 remote_eu",
        field_en="frontend development",
        pay=130_000,
        extras=["GraphQL", "Node.js"],
        level_weights="3:3 4:2",
    ),
    Cat(
        name="supply_sales",
        lang="en",
        count=12,
        titles={
            1: ["Sales Development Representative (Supply Chain SaaS)"],
            2: ["Account Executive – Supply Chain Software"],
            3: [
                "Senior Account Executive, Planning Software",
                "Enterprise Account Executive – Warehouse Management",
            ],
            4: ["Regional Sales Manager, Supply Chain Solutions"],
        },
        companies=["Forecastly", "Pallet Cloud", "Lakefront Planning Systems"],
        intro=[
            "We sell demand-planning and S&OP software to manufacturers and distributors.",
            "Our warehouse-management platform runs 600 distribution centres.",
        ],
        tasks=[
            "Own a territory and a new-business quota selling to VPs of supply chain and planning directors.",
            "Run the full sales cycle: prospecting, discovery, demo with a solutions consultant, proposal and close.",
            "Build mutual action plans with buyers in operations, IT and procurement.",
            "Forecast your pipeline accurately in Salesforce.",
            "Work with marketing on events for supply-chain leaders.",
        ],
        reqs=[
            "A track record of closing B2B SaaS deals against a quota.",
            "Curiosity about planning, inventory and warehouse operations (you will sell to planners, not be one).",
            "MEDDICC or a similar qualification method.",
            "Comfortable with long, multi-stakeholder sales cycles.",
        ],
        skills=["SaaS sales", "Salesforce", "MEDDICC", "negotiation", "pipeline management"],
        places="chicago:4 remote_us:3 new_york amsterdam hamburg",
        field_en="B2B software sales",
        pay=120_000,
        level_weights="2:3 3:3",
    ),
    Cat(
        name="ops_recruiter",
        lang="en",
        count=7,
        titles={
            1: ["Recruiting Coordinator (Operations)"],
            2: ["Recruiter – Supply Chain & Logistics", "Talent Acquisition Partner, Operations"],
            3: ["Senior Recruiter, Warehouse & Transport"],
            4: ["Talent Acquisition Manager – Operations"],
        },
        companies=["Midway Distribution", "Lakeshore Talent Partners", "Prairie Freight"],
        intro=[
            "We hire 2,000 people a year for our warehouses, transport and planning teams.",
            "Our recruitment firm fills supply-chain and logistics roles for manufacturers across the Midwest.",
        ],
        tasks=[
            "Recruit demand planners, buyers, warehouse supervisors and transport managers.",
            "Write job adverts, source candidates on LinkedIn and job boards, and screen them by phone.",
            "Agree the hiring plan with operations managers and keep them updated every week.",
            "Run assessment days for high-volume warehouse hiring.",
            "Keep every candidate's record current in our applicant tracking system (Greenhouse).",
        ],
        reqs=[
            "Experience in recruitment, in-house or agency.",
            "Understanding of supply-chain and logistics roles (you hire planners, you do not plan).",
            "Organised, persistent and good on the phone.",
        ],
        skills=["recruiting", "sourcing", "Greenhouse", "candidate management", "interviewing"],
        places="chicago:4 remote_us new_york london",
        field_en="recruitment",
        pay=70_000,
        level_weights="2:3",
    ),
    Cat(
        name="teaching",
        lang="en",
        count=12,
        titles={
            1: ["Teaching Assistant (Primary)"],
            2: ["Primary Class Teacher (KS2)", "Year 3 Teacher", "Primary Teacher – Early Career Welcome"],
            3: ["Experienced Primary Teacher (TLR 2b, Maths Lead)"],
            4: ["Assistant Headteacher (Primary)"],
            5: ["Headteacher"],
        },
        companies=["Ashgrove Primary School", "St Mary's C of E Primary", "Riverside Learning Trust"],
        intro=[
            "We are a two-form-entry primary school rated Good by Ofsted.",
            "Our trust runs six primary schools across south and east London.",
        ],
        tasks=[
            "Plan and teach a Year 3 or Year 4 class across the primary curriculum.",
            "Assess pupils' progress and adapt teaching for pupils with SEND.",
            "Work with teaching assistants and parents to support every child.",
            "Lead an after-school club and take part in school trips.",
            "Contribute to a subject area and share practice in phase meetings.",
        ],
        reqs=[
            "Qualified Teacher Status (QTS).",
            "Experience teaching in KS1 or KS2.",
            "Good behaviour management and a caring manner.",
            "An enhanced DBS check (we arrange it).",
        ],
        skills=["QTS", "KS2", "lesson planning", "SEND", "behaviour management"],
        places="london:8 manchester:2",
        field_en="primary teaching",
        pay=60_000,
        onsite_only=True,
        job_type="fulltime",
        level_weights="2:4 3:2",
    ),
    *[
        _side(name, 2, title, company, intro, tasks, reqs, places)
        for name, title, company, intro, tasks, reqs, places in (
            (
                "supply_teacher",
                "Supply Teacher – Primary Schools (Daily Cover)",
                ["Bright Cover Staffing", "Thameside Supply Teachers"],
                "We supply qualified teachers to 400 primary schools across London and the North West.",
                [
                    "Cover classes in primary schools day to day, booked the evening before or that morning.",
                    "Teach the lesson the class teacher left and keep the class on track.",
                    "Work in a different school most weeks; choose the days you are free.",
                    "Leave notes on what was covered for the class teacher.",
                ],
                [
                    "Qualified Teacher Status (QTS).",
                    "Flexible and calm in a new classroom every day.",
                    "An enhanced DBS check.",
                ],
                "london:2",
            ),
            (
                "education_recruiter",
                "Education Recruitment Consultant",
                ["Chalkline Education", "Redbrick Teaching Recruitment"],
                "Our education recruitment agency places teachers and teaching assistants in London schools.",
                [
                    "Recruit qualified teachers and teaching assistants for our partner schools.",
                    "Interview candidates, check their references and arrange their DBS checks.",
                    "Build relationships with headteachers and school business managers.",
                    "Hit weekly targets for placements and new school clients.",
                ],
                [
                    "A sales or recruitment background; former teachers welcome.",
                    "Target-driven and organised.",
                    "Knowledge of how schools hire.",
                ],
                "london manchester",
            ),
            (
                "edtech_sales",
                "Account Executive – EdTech for Schools",
                ["Classwise Software", "Markbook Learning"],
                "We sell lesson-planning and assessment software to primary schools and trusts.",
                [
                    "Sell our platform to headteachers, school business managers and multi-academy trusts.",
                    "Run demos and school visits, send proposals and close the deal.",
                    "Keep your pipeline current in HubSpot.",
                    "Work with our customer-success team so schools use what they bought.",
                ],
                [
                    "A track record in B2B sales, ideally to schools.",
                    "Knowledge of the primary curriculum is a plus.",
                    "A full driving licence.",
                ],
                "london manchester",
            ),
            (
                "demand_response",
                "Demand Response Engineer (Energy Grid)",
                ["Gridbalance Energy", "Nordflex Power"],
                "We balance the electricity grid with batteries and flexible industrial loads.",
                [
                    "Forecast electricity demand peaks and dispatch flexible loads in our demand-response programme.",
                    "Plan and test new sites' control connections with the grid operator.",
                    "Analyse each event's data and report the capacity delivered.",
                    "Improve our forecasting and planning tools in Python.",
                ],
                [
                    "A degree in electrical or energy engineering.",
                    "Knowledge of grid balancing markets.",
                    "Good with numbers and data.",
                ],
                "hamburg amsterdam",
            ),
            (
                "warehouse_ops",
                "Forklift Operator – Warehouse Night Shift",
                ["Canal Street Foods", "Lakeport Cold Storage"],
                "Our distribution centre ships 30,000 pallets a month to supermarkets.",
                [
                    "Move pallets between inbound, storage and outbound with a reach truck.",
                    "Pick and load orders for the morning's deliveries on the warehouse system's plan.",
                    "Count stock for the inventory team and report damaged goods.",
                    "Keep the warehouse safe and tidy.",
                ],
                [
                    "A valid forklift (reach truck) licence.",
                    "Reliable and safety-minded.",
                    "Night shifts, Sunday to Thursday.",
                ],
                "chicago hamburg",
            ),
        )
    ],
]
