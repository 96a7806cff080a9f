"""The words ``bench/_data.py``'s postings are written in: ~2,000 words of English job-ad prose
(nouns, verbs, adjectives, adverbs, inflected; function words first) and the tech and business
terms that make a posting's skills and salt its description.

Apart from ``bench/_data.py`` because these lists are most of its length and none of its logic:
that module shapes postings and queries from them.
"""

from __future__ import annotations

__all__ = ["BUSINESS_TERMS", "TECH_TERMS", "vocabulary"]

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
