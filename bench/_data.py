"""Deterministic, realistic job postings for the benchmarks (no network, seeded ``random``).

:func:`make_postings` returns dicts that :class:`jobscraper.posting.Posting` accepts, shaped like
JobSpy rows: site, job_url (per-site URL patterns), title, company, location, a markdown
description of 80–150 words drawn from a vocabulary of ~2,000 words (English job-ad prose plus
tech and business terms such as python, kubernetes, c++, react, c#, excel), a skills list,
salary min/max/interval/currency, is_remote, date_posted, job_type.

About half the postings are tech roles, half are not (sales, finance, healthcare, …), so a term
like "python" occurs in roughly a fifth of the descriptions, as on a general job board. A share
(``dup_rate``) of the postings are the same job seen on another board: identical content,
another site and URL, so the sync engine merges them into one job with several sources.
Company|title|city triples are otherwise unique, so no two distinct openings merge by accident
and the final tables do not depend on the order in which batches arrive.

:data:`SEARCH_TERMS` and :func:`make_queries` give the search words and filters a user would try.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

__all__ = [
    "CITIES",
    "REFERENCE_DATE",
    "SEARCH_TERMS",
    "SITES",
    "STATUSES",
    "make_postings",
    "make_queries",
    "vocabulary",
]

# Fixed "today" of the data set, so dates (and date filters) are the same on every run.
REFERENCE_DATE = date(2026, 6, 1)

SITES = ("linkedin", "indeed", "glassdoor", "zip_recruiter", "google")
STATUSES = ("new", "interested", "applied", "interviewing", "offer", "rejected")

TECH_TERMS = (
    "python", "java", "javascript", "typescript", "sql", "aws", "kubernetes", "docker", "react",
    "go", "c++", "c#", "linux", "azure", "gcp", "terraform", "postgresql", "node", "git", "rust",
    "kafka", "spark", "scala", "kotlin", "swift", "ruby", "rails", "php", "django", "flask",
    "fastapi", "pandas", "numpy", "pytorch", "tensorflow", "airflow", "dbt", "snowflake",
    "bigquery", "redis", "mongodb", "mysql", "elasticsearch", "graphql", "grpc", "rest", "angular",
    "vue", "svelte", "nextjs", "html", "css", "tailwind", "webpack", "jenkins", "github", "gitlab",
    "ansible", "helm", "prometheus", "grafana", "datadog", "splunk", "microservices", "devops",
    "sre", "mlops", "llm", "nlp", "transformers", "databricks", "hadoop", "hive", "tableau",
    "powerbi", "looker", "jira", "confluence", "bash", "perl", "haskell", "elixir", "erlang",
    "clojure", "fortran", "matlab", "r", "sas", "stata", "opencv", "cuda", "embedded", "rtos",
    "fpga", "verilog", "vhdl", "android", "ios", "flutter", "xamarin", "unity", "unreal", "webgl",
    "oauth", "saml", "okta", "vault", "istio", "envoy", "nginx", "apache", "tomcat", "spring",
    "hibernate", "jpa", "maven", "gradle", "bazel", "cmake", "qt", "boost", "stl", "llvm", "wasm",
    "solidity", "ethereum", "blockchain", "sagemaker", "lambda", "dynamodb", "cloudformation",
    "openshift", "rabbitmq", "celery", "pulsar", "flink", "beam", "clickhouse", "cassandra",
    "neo4j", "oracle", "sqlserver", "cobol", "mainframe", "sap", "abap", "salesforce", "servicenow",
)  # fmt: skip

BUSINESS_TERMS = (
    "excel", "salesforce", "crm", "hubspot", "sap", "accounting", "ifrs", "gaap", "budgeting",
    "forecasting", "negotiation", "b2b", "saas", "seo", "sem", "copywriting", "figma", "sketch",
    "photoshop", "illustrator", "logistics", "procurement", "inventory", "lean", "six", "sigma",
    "scrum", "agile", "kanban", "recruiting", "onboarding", "payroll", "compliance", "audit",
    "tax", "quickbooks", "netsuite", "workday", "zendesk", "marketo", "tableau", "powerpoint",
    "cpr", "bls", "ehr", "epic", "triage", "pharmacy", "nursing", "patient", "clinical", "hvac",
    "forklift", "osha", "cdl", "warehouse", "retail", "hospitality", "customer", "merchandising",
)  # fmt: skip

SEARCH_TERMS = (
    "python", "java", "javascript", "typescript", "kubernetes", "docker", "react", "c++", "c#",
    "rust", "go", "aws", "azure", "terraform", "postgresql", "kafka", "spark", "django",
    "fastapi", "pytorch", "llm", "graphql", "golang", "node", "sql", "airflow", "snowflake",
    "engineer", "developer", "manager", "senior", "data", "analyst", "scientist", "designer",
    "nurse", "sales", "accountant", "marketing", "product", "platform", "backend", "frontend",
    "machine", "learning", "security", "cloud", "devops", "excel", "salesforce", "remote",
    "startup", "fintech", "healthcare", "mobile", "embedded", "distributed", "customer",
)  # fmt: skip

_NOUNS = (
    "team", "product", "customer", "system", "service", "platform", "project", "company",
    "experience", "role", "business", "solution", "process", "tool", "data", "application",
    "code", "feature", "design", "quality", "performance", "environment", "opportunity",
    "partner", "stakeholder", "requirement", "skill", "knowledge", "ability", "benefit",
    "salary", "bonus", "equity", "office", "market", "industry", "growth", "mission", "value",
    "culture", "leader", "manager", "engineer", "developer", "analyst", "designer", "scientist",
    "consultant", "specialist", "architect", "operation", "infrastructure", "pipeline",
    "workflow", "model", "report", "dashboard", "metric", "goal", "result", "impact", "strategy",
    "roadmap", "release", "deployment", "test", "review", "standard", "practice", "policy",
    "security", "privacy", "risk", "budget", "cost", "revenue", "sale", "account", "client",
    "user", "community", "network", "interface", "database", "server", "cloud", "api", "library",
    "framework", "component", "module", "document", "specification", "integration", "migration",
    "automation", "monitoring", "incident", "support", "ticket", "issue", "bug", "fix",
    "improvement", "innovation", "idea", "problem", "challenge", "decision", "priority", "task",
    "responsibility", "duty", "schedule", "shift", "hour", "week", "month", "year", "day",
    "location", "city", "country", "region", "site", "store", "warehouse", "hospital", "clinic",
    "patient", "nurse", "doctor", "student", "teacher", "school", "course", "training", "program",
    "certification", "degree", "bachelor", "master", "diploma", "license", "insurance", "health",
    "dental", "vision", "vacation", "holiday", "leave", "parent", "family", "employee", "member",
    "colleague", "peer", "mentor", "career", "path", "promotion", "level", "grade", "band",
    "position", "vacancy", "candidate", "applicant", "interview", "offer", "contract", "agreement",
    "term", "condition", "benefit", "perk", "laptop", "equipment", "budget", "conference",
    "event", "meeting", "presentation", "communication", "collaboration", "relationship",
    "ownership", "accountability", "initiative", "attitude", "passion", "curiosity", "detail",
    "accuracy", "efficiency", "speed", "scale", "reliability", "availability", "latency",
    "throughput", "capacity", "load", "traffic", "request", "response", "event", "message",
    "queue", "stream", "batch", "job", "cluster", "node", "container", "image", "repository",
    "branch", "commit", "merge", "version", "dependency", "package", "build", "artifact",
    "environment", "configuration", "secret", "credential", "permission", "access", "identity",
    "audit", "regulation", "law", "finance", "bank", "payment", "transaction", "invoice",
    "ledger", "asset", "portfolio", "fund", "investment", "trade", "price", "order", "shipment",
    "supplier", "vendor", "inventory", "stock", "brand", "campaign", "audience", "channel",
    "content", "story", "article", "video", "image", "photo", "website", "page", "app", "device",
    "phone", "tablet", "sensor", "vehicle", "machine", "robot", "factory", "plant", "energy",
    "power", "battery", "grid", "climate", "carbon", "emission", "sustainability", "planet",
    "world", "society", "people", "person", "human", "life", "future", "history", "science",
    "research", "paper", "publication", "patent", "laboratory", "experiment", "hypothesis",
    "analysis", "insight", "trend", "pattern", "signal", "noise", "forecast", "plan", "vision",
    "purpose", "principle", "belief", "diversity", "inclusion", "equity", "belonging", "respect",
    "trust", "integrity", "excellence", "craft", "quality", "care", "safety", "wellbeing",
    "balance", "flexibility", "autonomy", "freedom", "support", "feedback", "coaching", "learning",
    "development", "education", "hire", "headcount", "department", "division", "unit", "group",
    "startup", "scaleup", "enterprise", "agency", "firm", "studio", "lab", "institute",
    "foundation", "nonprofit", "government", "ministry", "council", "board", "investor",
    "founder", "owner", "director", "president", "officer", "head", "lead", "principal", "staff",
    "intern", "apprentice", "graduate", "junior", "senior", "expert", "veteran", "fintech",
    "healthcare", "ecommerce", "marketplace", "logistics", "mobility", "media", "gaming",
    "education", "insurtech", "proptech", "biotech", "medtech", "edtech", "cybersecurity",
    "algorithm", "architecture", "backlog", "benchmark", "capability", "catalog", "checkout",
    "codebase", "compiler", "console", "contributor", "craftsmanship", "criterion", "cycle",
    "deadline", "debt", "default", "delivery", "demand", "domain", "effort", "engine",
    "estimate", "evaluation", "exchange", "expectation", "expertise", "extension", "factor",
    "failure", "field", "file", "flow", "focus", "format", "foundation", "function", "gap",
    "gateway", "guide", "guideline", "habit", "hardware", "horizon", "hub", "index",
    "instance", "instrument", "investigation", "journey", "kernel", "landscape", "language",
    "layer", "lifecycle", "limit", "list", "log", "loop", "maintenance", "map", "measure",
    "method", "milestone", "mindset", "mix", "moment", "mode", "motivation", "need", "notebook",
    "object", "objective", "obstacle", "option", "outcome", "output", "overview", "owner",
    "parameter", "partnership", "pay", "phase", "piece", "pilot", "plugin", "point", "pool",
    "portal", "practice", "presence", "procedure", "profile", "progress", "property", "proposal",
    "protocol", "prototype", "provider", "quarter", "question", "range", "rate", "reason",
    "recommendation", "record", "recovery", "reference", "relocation", "resource", "retention",
    "reward", "rollout", "routine", "rule", "runtime", "sample", "scenario", "scope", "screen",
    "script", "segment", "session", "setting", "setup", "share", "signal", "simulation",
    "software", "source", "space", "sprint", "stack", "stage", "state", "status", "step",
    "storage", "structure", "subscription", "success", "suite", "survey", "switch", "target",
    "technique", "technology", "template", "territory", "theme", "thread", "tier", "timeline",
    "topic", "track", "transition", "trial", "type", "update", "usage", "utility", "variety",
    "venture", "view", "visitor", "volume", "wage", "warranty", "window", "workload", "workshop",
)  # fmt: skip

_VERBS = (
    "build", "design", "deliver", "develop", "own", "lead", "manage", "drive", "support",
    "improve", "maintain", "operate", "scale", "ship", "launch", "test", "review", "write",
    "read", "plan", "analyze", "measure", "monitor", "optimize", "automate", "integrate",
    "migrate", "deploy", "document", "communicate", "collaborate", "partner", "mentor", "coach",
    "hire", "grow", "learn", "teach", "explain", "present", "research", "explore", "evaluate",
    "assess", "define", "shape", "influence", "negotiate", "sell", "market", "serve", "help",
    "care", "treat", "handle", "process", "prepare", "organize", "coordinate", "schedule",
    "track", "report", "forecast", "budget", "invest", "trade", "price", "ship", "pack", "load",
    "drive", "repair", "install", "inspect", "clean", "secure", "protect", "comply", "audit",
    "verify", "validate", "debug", "refactor", "profile", "benchmark", "tune", "train", "label",
    "collect", "store", "query", "visualize", "model", "simulate", "prototype", "iterate",
    "experiment", "discover", "solve", "resolve", "escalate", "respond", "answer", "contact",
    "visit", "travel", "relocate", "join", "work", "thrive", "enjoy", "love", "value", "offer",
    "provide", "include", "require", "expect", "prefer", "need", "want", "seek", "look", "find",
    "create", "craft", "architect", "engineer", "program", "code", "script", "configure",
    "provision", "orchestrate", "containerize", "instrument", "alert", "recover", "backup",
    "restore", "upgrade", "patch", "release", "roll", "merge", "commit", "pair", "discuss",
    "decide", "prioritize", "align", "connect", "engage", "empower", "enable", "inspire",
    "challenge", "celebrate", "reward", "recognize", "balance", "adapt", "change", "transform",
    "modernize", "simplify", "standardize", "streamline", "accelerate", "reduce", "increase",
    "expand", "extend", "deepen", "strengthen", "ensure", "guarantee", "uphold", "champion",
)  # fmt: skip

_ADJECTIVES = (
    "strong", "excellent", "solid", "deep", "broad", "proven", "hands", "practical", "modern",
    "scalable", "reliable", "secure", "fast", "efficient", "robust", "resilient", "distributed",
    "complex", "simple", "clean", "maintainable", "testable", "readable", "elegant", "pragmatic",
    "curious", "motivated", "passionate", "driven", "proactive", "independent", "autonomous",
    "collaborative", "friendly", "inclusive", "diverse", "flexible", "remote", "hybrid", "onsite",
    "competitive", "generous", "attractive", "comprehensive", "full", "part", "permanent",
    "temporary", "contract", "international", "global", "local", "regional", "national", "fast",
    "growing", "innovative", "leading", "established", "early", "late", "senior", "junior",
    "mid", "entry", "technical", "analytical", "creative", "strategic", "operational", "commercial",
    "financial", "clinical", "medical", "legal", "regulatory", "digital", "physical", "mobile",
    "native", "cross", "functional", "agile", "lean", "quantitative", "qualitative", "statistical",
    "mathematical", "scientific", "academic", "professional", "personal", "social", "ethical",
    "responsible", "sustainable", "green", "clear", "concise", "written", "verbal", "fluent",
    "english", "german", "french", "spanish", "bilingual", "relevant", "related", "equivalent",
    "similar", "preferred", "required", "optional", "bonus", "nice", "great", "good", "high",
    "low", "large", "small", "new", "old", "open", "closed", "public", "private", "internal",
    "external", "real", "virtual", "daily", "weekly", "monthly", "annual", "quarterly", "visible",
    "meaningful", "ambitious", "bold", "humble", "kind", "honest", "transparent", "fair", "safe",
    "healthy", "happy", "calm", "busy", "dynamic", "exciting", "challenging", "rewarding",
    "unique", "rare", "common", "standard", "custom", "automated", "manual", "continuous",
)  # fmt: skip

_FUNCTION_WORDS = (
    "the", "a", "and", "to", "of", "in", "with", "for", "on", "our", "you", "we", "your", "is",
    "are", "will", "be", "as", "at", "by", "from", "that", "this", "an", "or", "who", "what",
    "how", "all", "across", "into", "about", "while", "through", "every", "each", "new", "more",
    "most", "other", "their", "they", "us", "can", "have", "has", "not", "also", "well", "both",
)  # fmt: skip


def _inflect_noun(word: str) -> list[str]:
    if word.endswith(("s", "sh", "ch", "x")):
        return [word, word + "es"]
    if word.endswith("y") and word[-2] not in "aeiou":
        return [word, word[:-1] + "ies"]
    return [word, word + "s"]


_IRREGULAR = {
    "build": "built", "lead": "led", "write": "wrote", "read": "read", "drive": "drove",
    "sell": "sold", "teach": "taught", "find": "found", "grow": "grew", "own": "owned",
    "seek": "sought", "hold": "held", "run": "ran", "ship": "shipped", "plan": "planned",
    "commit": "committed", "roll": "rolled", "pair": "paired", "program": "programmed",
    "code": "coded",
}  # fmt: skip


def _inflect_verb(word: str) -> list[str]:
    if word in _IRREGULAR:
        ing = word[:-1] + "ing" if word.endswith("e") else word + "ing"
        if word in ("ship", "plan", "commit", "program", "run"):
            ing = word + word[-1] + "ing"
        return [word, word + "s", ing, _IRREGULAR[word]]
    if word.endswith("y") and word[-2] not in "aeiou":
        return [word, word[:-1] + "ies", word + "ing", word[:-1] + "ied"]
    if word.endswith("e"):
        return [word, word + "s", word[:-1] + "ing", word + "d"]
    third = word + "es" if word.endswith(("s", "sh", "ch", "x")) else word + "s"
    return [word, third, word + "ing", word + "ed"]


_ADVERBS = (
    "quickly", "closely", "directly", "fully", "highly", "deeply", "openly", "clearly",
    "effectively", "efficiently", "independently", "proactively", "continuously", "reliably",
    "securely", "globally", "locally", "remotely", "daily", "regularly", "rapidly", "carefully",
    "thoughtfully", "creatively", "strategically", "technically", "primarily", "mostly", "often",
    "always", "never", "sometimes", "together", "already", "currently", "recently", "soon",
    "early", "ideally", "preferably", "actively", "collaboratively", "hands-on", "end-to-end",
    "day-to-day", "truly", "really", "very", "especially", "particularly",
)  # fmt: skip


def vocabulary() -> list[str]:
    """The ~2,000 distinct prose words (inflected nouns, verbs, adjectives, adverbs)."""
    words: list[str] = list(_FUNCTION_WORDS)
    for n in _NOUNS:
        words += _inflect_noun(n)
    for v in _VERBS:
        words += _inflect_verb(v)
    words += _ADJECTIVES
    words += _ADVERBS
    seen: set[str] = set()
    out: list[str] = []
    for w in words:
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


_NON_WORD = re.compile(r"[^\w]+")
_SENIORITY = ("", "Junior ", "Senior ", "Staff ", "Principal ", "Lead ", "Head of ", "Associate ")
_TECH_ROLES = (
    "Software Engineer", "Backend Engineer", "Frontend Engineer", "Full Stack Developer",
    "Data Engineer", "Data Scientist", "Machine Learning Engineer", "DevOps Engineer",
    "Site Reliability Engineer", "Platform Engineer", "Cloud Architect", "Security Engineer",
    "Mobile Developer", "iOS Developer", "Android Developer", "Embedded Software Engineer",
    "QA Engineer", "Test Automation Engineer", "Data Analyst", "Analytics Engineer",
    "Solutions Architect", "Engineering Manager", "Product Manager", "Technical Program Manager",
    "Database Administrator", "Systems Administrator", "Network Engineer", "Game Developer",
    "Research Scientist", "AI Engineer", "Python Developer", "Java Developer", "Go Developer",
    "C++ Developer", "Rust Engineer", "React Developer", "Kubernetes Engineer", "UX Designer",
)  # fmt: skip
_OTHER_ROLES = (
    "Account Executive", "Sales Manager", "Sales Development Representative",
    "Customer Success Manager", "Marketing Manager", "Content Writer", "SEO Specialist",
    "Financial Analyst", "Accountant", "Controller", "Tax Advisor", "Auditor", "HR Business Partner",
    "Recruiter", "Office Manager", "Executive Assistant", "Operations Manager",
    "Supply Chain Analyst", "Warehouse Associate", "Forklift Operator", "Truck Driver",
    "Registered Nurse", "Medical Assistant", "Pharmacist", "Physical Therapist", "Dental Hygienist",
    "Store Manager", "Retail Associate", "Barista", "Chef", "Electrician", "HVAC Technician",
    "Project Manager", "Business Analyst", "Graphic Designer", "Paralegal", "Teacher",
    "Customer Service Representative", "Procurement Specialist", "Compliance Officer",
)  # fmt: skip
_SPECIALTIES = (
    "", "", "", "", " - Payments", " - Platform", " - Growth", " - Infrastructure", " - EMEA",
    " - Night Shift", " II", " III", " (Contract)", " (m/w/d)", " - Remote", " - Data",
)  # fmt: skip

CITIES = (
    ("New York", "NY", "USA"), ("San Francisco", "CA", "USA"), ("Austin", "TX", "USA"),
    ("Seattle", "WA", "USA"), ("Boston", "MA", "USA"), ("Chicago", "IL", "USA"),
    ("Denver", "CO", "USA"), ("Atlanta", "GA", "USA"), ("Los Angeles", "CA", "USA"),
    ("Miami", "FL", "USA"), ("Portland", "OR", "USA"), ("Raleigh", "NC", "USA"),
    ("Dallas", "TX", "USA"), ("Phoenix", "AZ", "USA"), ("Salt Lake City", "UT", "USA"),
    ("Toronto", "ON", "Canada"), ("Vancouver", "BC", "Canada"), ("Montreal", "QC", "Canada"),
    ("London", "England", "UK"), ("Manchester", "England", "UK"), ("Edinburgh", "Scotland", "UK"),
    ("Dublin", "Leinster", "Ireland"), ("Berlin", "Berlin", "Germany"),
    ("Munich", "Bavaria", "Germany"), ("Hamburg", "Hamburg", "Germany"),
    ("Frankfurt", "Hesse", "Germany"), ("Cologne", "NRW", "Germany"), ("Zurich", "ZH", "Switzerland"),
    ("Vienna", "Vienna", "Austria"), ("Amsterdam", "North Holland", "Netherlands"),
    ("Paris", "Ile-de-France", "France"), ("Lyon", "Auvergne-Rhone-Alpes", "France"),
    ("Madrid", "Madrid", "Spain"), ("Barcelona", "Catalonia", "Spain"), ("Lisbon", "Lisbon", "Portugal"),
    ("Milan", "Lombardy", "Italy"), ("Stockholm", "Stockholm", "Sweden"),
    ("Copenhagen", "Capital Region", "Denmark"), ("Oslo", "Oslo", "Norway"),
    ("Helsinki", "Uusimaa", "Finland"), ("Warsaw", "Masovia", "Poland"),
    ("Prague", "Prague", "Czechia"), ("Tallinn", "Harju", "Estonia"), ("Bangalore", "KA", "India"),
    ("Singapore", "Singapore", "Singapore"), ("Sydney", "NSW", "Australia"),
    ("Melbourne", "VIC", "Australia"), ("Tokyo", "Tokyo", "Japan"), ("Sao Paulo", "SP", "Brazil"),
    ("Mexico City", "CDMX", "Mexico"),
)  # fmt: skip
_COUNTRY_CURRENCY = {"USA": "USD", "Canada": "CAD", "UK": "GBP", "Switzerland": "CHF", "India": "INR"}
_EURO = {
    "Ireland", "Germany", "Austria", "Netherlands", "France", "Spain", "Portugal", "Italy",
    "Finland", "Estonia",
}  # fmt: skip
_LEGAL = ("Inc.", "LLC", "Ltd", "GmbH", "AG", "SE", "Corp.", "", "", "", "", "Labs", "Technologies")
_SYLLABLES = (
    "ac", "al", "an", "ar", "ba", "be", "bi", "bo", "ca", "ce", "co", "da", "de", "di", "do", "el",
    "en", "er", "fa", "fi", "ga", "ge", "go", "ha", "he", "in", "io", "ka", "ke", "ki", "la", "le",
    "li", "lo", "lu", "ma", "me", "mi", "mo", "na", "ne", "ni", "no", "nu", "or", "pa", "pe", "po",
    "ra", "re", "ri", "ro", "ru", "sa", "se", "si", "so", "ta", "te", "ti", "to", "tu", "va", "ve",
    "vi", "vo", "xa", "ya", "za", "zo", "quant", "flux", "byte", "data", "cloud", "nova", "tera",
)  # fmt: skip
_JOB_TYPES = ("fulltime", "fulltime", "fulltime", "parttime", "contract", "internship")
_URL_PATTERNS = {
    "linkedin": "https://www.linkedin.com/jobs/view/{n}?trk=public_jobs_topcard&refId={r}",
    "indeed": "https://www.indeed.com/viewjob?jk={h}&from=serp&vjs=3",
    "glassdoor": "https://www.glassdoor.com/job-listing/j?jl={n}&utm_source=jobspy",
    "zip_recruiter": "https://www.ziprecruiter.com/jobs/{h}?utm_campaign=feed",
    "google": "https://careers.{c}.example/jobs/{n}",
}


class _Zipf:
    """Draws from ``items`` with weight 1/(rank + offset): a few very common, a long tail."""

    def __init__(self, items: list[str] | tuple[str, ...], offset: float) -> None:
        self.items = list(items)
        self.weights = [1.0 / (rank + offset) for rank in range(len(self.items))]
        total = 0.0
        self.cum: list[float] = []
        for w in self.weights:
            total += w
            self.cum.append(total)

    def pick(self, rng: random.Random, k: int = 1) -> list[str]:
        return rng.choices(self.items, cum_weights=self.cum, k=k)


def _company_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        base = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if base.lower() in seen:
            continue
        seen.add(base.lower())
        suffix = rng.choice(_LEGAL)
        names.append(f"{base} {suffix}".strip())
    return names


def _sentence(rng: random.Random, prose: _Zipf, terms: _Zipf, term_rate: float, length: int) -> list[str]:
    words = prose.pick(rng, length)
    for i in range(length):
        if rng.random() < term_rate:
            words[i] = terms.pick(rng)[0]
    words[0] = words[0].capitalize()
    return words


_SECTIONS = ("### About the role", "### What you will do", "### Requirements", "### Benefits")


def _description(
    rng: random.Random,
    company: str,
    title: str,
    skills: list[str],
    prose: _Zipf,
    terms: _Zipf,
    term_rate: float,
) -> str:
    """Markdown: a heading, a line about the company, four sections; 80–150 words in all."""
    parts = [f"## {title}", "", f"**{company}** is hiring."]
    left = rng.randint(80, 150) - sum(len(p.split()) for p in parts)
    left -= sum(len(h.split()) for h in _SECTIONS)
    for n, heading in enumerate(_SECTIONS):
        parts += ["", heading]
        share = left // (len(_SECTIONS) - n)
        left -= share
        while share > 0:
            words = _sentence(rng, prose, terms, term_rate, min(share, rng.randint(6, 14)))
            if heading == "### Requirements" and skills and len(words) > 2 and rng.random() < 0.6:
                words[-2:] = ["with", f"**{rng.choice(skills)}**"]
            share -= len(words)
            line = " ".join(words) + "."
            parts.append(line if n == 0 else f"- {line}")
    return "\n".join(parts)


def make_postings(n: int, seed: int = 0, dup_rate: float = 0.1) -> list[dict[str, Any]]:
    """``n`` posting dicts; about ``dup_rate`` of them re-post an earlier job on another board."""
    rng = random.Random(seed)
    words = vocabulary()
    head, tail = words[: len(_FUNCTION_WORDS)], words[len(_FUNCTION_WORDS) :]
    rng.shuffle(tail)  # function words are the most frequent, the rest in random rank order
    prose = _Zipf(head + tail, offset=15)
    tech = _Zipf(TECH_TERMS, offset=5)
    business = _Zipf(BUSINESS_TERMS, offset=5)
    company_pick = _Zipf(_company_names(rng, max(200, n // 25)), offset=100)
    n_base = max(1, round(n * (1 - dup_rate)))
    used: set[tuple[str, str, str]] = set()
    out: list[dict[str, Any]] = []
    serial = 10_000_000
    for _ in range(n_base):
        is_tech = rng.random() < 0.5
        while True:  # draw until company|title|city is new (normalised at least as coarsely as sync)
            company = company_pick.pick(rng)[0]
            role = rng.choice(_TECH_ROLES if is_tech else _OTHER_ROLES)
            title = f"{rng.choice(_SENIORITY)}{role}{rng.choice(_SPECIALTIES)}"
            remote = rng.random() < 0.22
            city, region, country = rng.choice(CITIES)
            if remote and rng.random() < 0.5:
                location = f"Remote, {country}"
            else:
                location = rng.choice((f"{city}, {region}, {country}", f"{city}, {region}", city))
            norm_title = " ".join(_NON_WORD.sub(" ", title.lower().replace("(m/w/d)", " ")).split())
            key = (company.split()[0].lower(), norm_title, "remote" if "Remote" in location else city)
            if key not in used:
                used.add(key)
                break
        skill_pool = tech if is_tech else business
        skills = list(dict.fromkeys(skill_pool.pick(rng, rng.randint(3, 8))))
        description = _description(rng, company, title, skills, prose, skill_pool, 0.05 if is_tech else 0.03)
        currency = _COUNTRY_CURRENCY.get(country, "EUR" if country in _EURO else "USD")
        posting: dict[str, Any] = {
            "title": title,
            "company": company,
            "location": location,
            "description": description,
            "skills": skills,
            "is_remote": remote,
            "job_type": rng.choice(_JOB_TYPES),
            "date_posted": (REFERENCE_DATE - timedelta(days=int(rng.expovariate(1 / 20)) % 120)).isoformat(),
            "min_amount": None,
            "max_amount": None,
            "interval": None,
            "currency": None,
        }
        roll = rng.random()
        if roll < 0.55:
            low = rng.randrange(35_000, 180_000, 1_000)
            posting.update(
                interval="yearly",
                min_amount=float(low),
                max_amount=float(low + rng.randrange(5_000, 60_000, 1_000)),
            )
        elif roll < 0.7:
            low = round(rng.uniform(15, 90), 2)
            posting.update(interval="hourly", min_amount=low, max_amount=round(low + rng.uniform(2, 30), 2))
        elif roll < 0.78:
            low = rng.randrange(2_500, 12_000, 100)
            posting.update(
                interval="monthly",
                min_amount=float(low),
                max_amount=float(low + rng.randrange(200, 3_000, 100)),
            )
        if posting["interval"] is not None:
            posting["currency"] = currency
        serial += rng.randint(1, 50)
        out.append(_with_source(posting, rng.choice(SITES), serial, company, rng))
    for _ in range(n - n_base):
        original = rng.choice(out[:n_base])
        serial += rng.randint(1, 50)
        site = rng.choice([s for s in SITES if s != original["site"]])
        copy = {k: v for k, v in original.items() if k not in ("site", "job_url", "id")}
        out.append(_with_source(copy, site, serial, original["company"], rng))
    rng.shuffle(out)
    return out


def _with_source(
    posting: dict[str, Any], site: str, serial: int, company: str, rng: random.Random
) -> dict[str, Any]:
    h = f"{serial * 2654435761 % 2**48:012x}"
    slug = company.split(maxsplit=1)[0].lower()
    url = _URL_PATTERNS[site].format(n=serial, h=h, r=rng.randrange(10**6), c=slug)
    return {"id": f"{site[:2]}-{serial}", "site": site, "job_url": url, **posting}


def make_queries(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` search requests as :class:`jobscraper.store.JobQuery` keyword arguments.

    One or two search words plus, each with some probability, the filters a user sets: remote,
    minimum salary, location, posted since, source site, status; sort by relevance, posted date or
    salary; page 1 of 25.
    """
    rng = random.Random(seed + 7919)
    terms = _Zipf(SEARCH_TERMS, offset=8)
    queries: list[dict[str, Any]] = []
    for _ in range(n):
        words = list(dict.fromkeys(terms.pick(rng, 1 if rng.random() < 0.6 else 2)))
        q: dict[str, Any] = {"q": " ".join(words), "page": 1, "per_page": 25}
        if rng.random() < 0.3:
            q["remote"] = rng.random() < 0.6
        if rng.random() < 0.3:
            q["min_salary"] = float(rng.randrange(40_000, 160_000, 10_000))
        if rng.random() < 0.25:
            q["location"] = rng.choice(CITIES)[rng.choice((0, 0, 2))]
        if rng.random() < 0.3:
            q["posted_since"] = REFERENCE_DATE - timedelta(days=rng.choice((1, 3, 7, 14, 30, 60)))
        if rng.random() < 0.2:
            q["source"] = rng.choice(SITES)
        if rng.random() < 0.15:
            q["status"] = rng.choice(STATUSES)
        q["sort"] = rng.choices(("relevance", "posted", "salary"), weights=(5, 3, 2))[0]
        queries.append(q)
    return queries
