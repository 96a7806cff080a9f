"""The curated vocabulary the rules engine recognises: technologies, skills, benefits.

Matching is by whole terms, with boundaries that understand ``C++``, ``C#``, ``.NET``, ``Node.js``
and ``CI/CD``. Terms that are also ordinary words are matched in capitals only and need a
technical neighbour on the same line: ``Go`` (not "go to"), ``R`` (not "R&D"), ``C`` (not
"Series C"). Every match is reported under one canonical English name, in order of first mention.
"""

from __future__ import annotations

import re

__all__ = ["find_benefits", "find_skills", "find_tech"]

# canonical name: aliases (matched case-insensitively unless the canonical name is in _CASED)
_TECH: dict[str, tuple[str, ...]] = {
    "Python": ("python", "python3"), "Java": ("java",), "JavaScript": ("javascript", "js", "ecmascript"),
    "TypeScript": ("typescript",), "Go": ("golang",), "Rust": ("rust",),
    "C++": ("c++", "cpp", "c++11", "c++14", "c++17", "c++20", "c++23"), "C#": ("c#", "csharp"),
    "Kotlin": ("kotlin",), "Swift": ("swift",), "SwiftUI": ("swiftui",), "Objective-C": ("objective-c",),
    "Ruby": ("ruby",), "PHP": ("php",), "Scala": ("scala",), "Elixir": ("elixir",), "Erlang": ("erlang",),
    "Haskell": ("haskell",), "Clojure": ("clojure",), "F#": ("f#",), "OCaml": ("ocaml",), "Dart": ("dart",),
    "Perl": ("perl",), "Lua": ("lua",), "MATLAB": ("matlab",), "SAS": ("sas",), "Stata": ("stata",),
    "Julia": ("julia",), "Zig": ("zig",), "Solidity": ("solidity",), "Bash": ("bash", "shell scripting"),
    "PowerShell": ("powershell",), "SQL": ("sql",), "NoSQL": ("nosql",), "GraphQL": ("graphql",),
    "gRPC": ("grpc",), "HTML": ("html", "html5"), "CSS": ("css", "css3"), "Sass": ("sass", "scss"),
    "Tailwind CSS": ("tailwind", "tailwindcss", "tailwind css"), "WebAssembly": ("webassembly", "wasm"),
    "React": ("react", "react.js", "reactjs"), "React Native": ("react native",),
    "Next.js": ("next.js", "nextjs"), "Vue.js": ("vue", "vue.js", "vuejs", "vue 3"),
    "Nuxt": ("nuxt", "nuxt.js"), "Angular": ("angular", "angularjs"), "Svelte": ("svelte", "sveltekit"),
    "Redux": ("redux",), "jQuery": ("jquery",), "Node.js": ("node.js", "nodejs", "node"),
    "Express": ("express.js", "expressjs"), "NestJS": ("nestjs",), "Deno": ("deno",), "Django": ("django",),
    "Flask": ("flask",), "FastAPI": ("fastapi",), "SQLAlchemy": ("sqlalchemy",), "Celery": ("celery",),
    "Spring Boot": ("spring boot", "spring framework", "spring"), "Hibernate": ("hibernate",),
    "Ruby on Rails": ("ruby on rails", "rails"), "Laravel": ("laravel",), "Symfony": ("symfony",),
    "WordPress": ("wordpress",), ".NET": (".net", "dotnet", ".net core", "asp.net", "asp.net core"),
    "Entity Framework": ("entity framework",), "Phoenix": ("phoenix liveview", "phoenix framework"),
    "Ktor": ("ktor",), "Jetpack Compose": ("jetpack compose",), "Flutter": ("flutter",), "Qt": ("qt",),
    "Unity": ("unity3d",), "Unreal Engine": ("unreal engine", "unreal"), "iOS": ("ios",),
    "Android": ("android",), "PostgreSQL": ("postgresql", "postgres"), "MySQL": ("mysql",),
    "MariaDB": ("mariadb",), "SQLite": ("sqlite",), "SQL Server": ("sql server", "mssql"),
    "Oracle": ("oracle database", "oracle db", "pl/sql"), "MongoDB": ("mongodb", "mongo"),
    "Redis": ("redis",), "Cassandra": ("cassandra",), "DynamoDB": ("dynamodb",), "Neo4j": ("neo4j",),
    "Elasticsearch": ("elasticsearch", "elastic search", "opensearch"), "ClickHouse": ("clickhouse",),
    "Snowflake": ("snowflake",), "BigQuery": ("bigquery",), "Redshift": ("redshift",),
    "Databricks": ("databricks",), "Apache Spark": ("spark", "apache spark", "pyspark"),
    "Hadoop": ("hadoop",), "Apache Flink": ("flink", "apache flink"), "Apache Airflow": ("airflow",),
    "dbt": ("dbt",), "Kafka": ("kafka", "apache kafka"), "RabbitMQ": ("rabbitmq",), "NATS": ("nats",),
    "Amazon SQS": ("sqs",), "pandas": ("pandas",), "NumPy": ("numpy",),
    "scikit-learn": ("scikit-learn", "sklearn"), "PyTorch": ("pytorch",), "TensorFlow": ("tensorflow",),
    "Keras": ("keras",), "JAX": ("jax",), "XGBoost": ("xgboost",),
    "Hugging Face": ("hugging face", "huggingface", "transformers library"), "LangChain": ("langchain",),
    "Ray": ("ray",), "CUDA": ("cuda",), "OpenCV": ("opencv",), "Docker": ("docker",),
    "Kubernetes": ("kubernetes", "k8s", "eks", "gke", "aks"), "Helm": ("helm",),
    "OpenShift": ("openshift",), "Terraform": ("terraform",), "Pulumi": ("pulumi",),
    "Ansible": ("ansible",), "CloudFormation": ("cloudformation",), "Jenkins": ("jenkins",),
    "GitHub Actions": ("github actions",), "GitLab CI": ("gitlab ci", "gitlab-ci", "gitlab"),
    "CircleCI": ("circleci",), "Argo CD": ("argo cd", "argocd"), "Bazel": ("bazel",),
    "Prometheus": ("prometheus",), "Grafana": ("grafana",), "Loki": ("loki",), "Datadog": ("datadog",),
    "OpenTelemetry": ("opentelemetry",), "Splunk": ("splunk",), "Nginx": ("nginx",),
    "AWS": ("aws", "amazon web services", "aws lambda", "amazon s3", "aws glue", "amazon athena"),
    "GCP": ("gcp", "google cloud", "google cloud platform", "spanner"),
    "Azure": ("azure", "microsoft azure"), "Azure Data Factory": ("azure data factory",),
    "Firebase": ("firebase",), "Supabase": ("supabase",), "Heroku": ("heroku",), "Vercel": ("vercel",),
    "Linux": ("linux",), "Git": ("git",), "Jira": ("jira",), "Confluence": ("confluence",),
    "Figma": ("figma",), "Tableau": ("tableau",), "Power BI": ("power bi", "powerbi"),
    "Looker": ("looker",), "Excel": ("excel", "ms excel"), "Google Analytics": ("google analytics",),
    "Google Ads": ("google ads",), "SAP": ("sap", "s/4hana"), "Salesforce": ("salesforce",),
    "Zendesk": ("zendesk",), "QuickBooks": ("quickbooks",), "Jest": ("jest",), "Vitest": ("vitest",),
    "Cypress": ("cypress",), "Playwright": ("playwright",), "Selenium": ("selenium",),
    "pytest": ("pytest",), "JUnit": ("junit",), "GoogleTest": ("googletest", "gtest"),
    "Postman": ("postman",), "Webpack": ("webpack",), "Vite": ("vite",), "Storybook": ("storybook",),
    "ROS": ("ros", "ros 2", "ros2"), "Gazebo": ("gazebo",), "FreeRTOS": ("freertos",),
    "Zephyr": ("zephyr rtos",), "Verilog": ("verilog",), "VHDL": ("vhdl",), "WebGL": ("webgl",),
    "Three.js": ("three.js", "threejs"), "D3.js": ("d3.js", "d3"), "Shopify": ("shopify",),
    "Stripe": ("stripe",), "Amplitude": ("amplitude",), "Docusaurus": ("docusaurus",),
    "Greenhouse": ("greenhouse",), "Gainsight": ("gainsight",), "R": (), "C": (),
}  # fmt: skip
# ambiguous as plain words: matched as written (capitalised), see find_tech for when they count
_CASED_NAMES = (
    "Go", "R", "C", "Swift", "Rust", "Ray", "Unity", "React", "Express", "Loki", "Julia", "Phoenix", "Helm",
    "Stripe", "Excel", "Oracle", "Greenhouse", "Amplitude", "Jest", "Vite", "Celery", "Flask", "Postman",
    "Git", "Dart", "Elixir", "ROS", "SAS", "Zig",
)  # fmt: skip
_CASED = {name: (name,) for name in _CASED_NAMES} | {
    "Spring Boot": ("Spring Boot", "Spring Framework", "Spring"),
    "Node.js": ("Node",),
    "Ruby on Rails": ("Rails",),
}
# these count anywhere but at the start of a sentence; the others only next to another technology
_MID_SENTENCE_OK = {
    "Elixir", "Excel", "Flask", "Git", "Go", "Node.js", "React", "Rust", "Spring Boot", "Swift",
}  # fmt: skip
_CASED_NOT_AFTER = {  # what must not follow the cased word
    "Go": r"(?:\s*-?\s*(?:to|live|ahead|beyond|further|through|back|out|for|getter|get|green|on|in|"
    r"and\s+get)\b|-to-market|!)",
    "R": r"(?:&|’|'|\.\s*[A-Z])",
    "C": r"(?:-level|-suite|\d|&|\.\s*[A-Z]|’|')",
    "Spring Boot": r"(?:\s+(?:semester|term|break|\d{4}))",
}
_CASED_NOT_BEFORE = {
    "C": r"(?:Series|Level|Grade|Type|Class|Vitamin|Note|Typ|Plan|Part)\s$",
    "R": r"(?:Dr\.|Mr\.)\s$",
}
_BREAK = re.compile(r"[.!?;](?=\s)|\n")  # between two tokens: a new sentence ("Node.js" is one token)
_SENTENCE_START = re.compile(r"(?:^\s*(?:[-*•]\s*|\d+\.\s*|#+\s*|\*\*)?|[.!?:;]\s+)$", re.MULTILINE)

_SKILLS: dict[str, tuple[str, ...]] = {
    "Machine learning": ("machine learning", "ml models", "maschinelles lernen",
                         "apprentissage automatique", "aprendizaje automático"),
    "Deep learning": ("deep learning",), "NLP": ("nlp", "natural language processing"),
    "Computer vision": ("computer vision",), "LLMs": ("llm", "llms", "large language models"),
    "MLOps": ("mlops",), "Statistics": ("statistics", "statistical modeling", "statistik", "statistiques"),
    "Data analysis": ("data analysis", "datenanalyse", "analyse de données", "análisis de datos"),
    "Data engineering": ("data engineering",), "Data modeling": ("data modeling", "data modelling"),
    "Data visualization": ("data visualization", "dashboards", "dashboarding", "tableaux de bord"),
    "ETL": ("etl", "elt", "data pipelines", "datenpipelines", "pipelines de données"),
    "A/B testing": ("a/b testing", "a/b tests", "experimentation"),
    "Distributed systems": ("distributed systems", "verteilte systeme", "verteilten systemen"),
    "Microservices": ("microservices", "microservicios", "micro-services"),
    "System design": ("system design", "software architecture", "architecture design"),
    "REST APIs": ("restful", "rest apis", "rest api", "rest and graphql", "rest/graphql", "rest services"),
    "API design": ("api design",), "Event-driven architecture": ("event-driven", "event driven"),
    "CI/CD": ("ci/cd", "continuous integration"), "DevOps": ("devops",),
    "Infrastructure as code": ("infrastructure as code", "iac"),
    "Observability": ("observability", "monitoring", "observabilité"), "SRE": ("sre", "site reliability"),
    "Incident response": ("incident response", "on-call", "postmortems"),
    "Security": ("security engineering", "threat modeling", "application security", "appsec"),
    "Networking": ("networking", "réseaux", "tcp/ip"),
    "Test automation": ("test automation", "automated tests", "tests automatisés"),
    "TDD": ("tdd", "test-driven"), "Unit testing": ("unit tests", "unit testing"),
    "Agile": ("agile", "agil", "agiles", "agiles"), "Scrum": ("scrum",), "Kanban": ("kanban",),
    "Code review": ("code review", "code reviews", "code-reviews"),
    "Mentoring": ("mentoring", "coaching", "mentor engineers"),
    "Leadership": ("leadership", "führungserfahrung", "people management", "managing managers"),
    "Communication": ("communication skills", "communication", "kommunikationsfähigkeit",
                      "qualités relationnelles"),
    "Stakeholder management": ("stakeholder management",),
    "Project management": ("project management", "projektmanagement", "gestion de projet"),
    "Product management": ("product management", "gestión de producto"),
    "UX research": ("user research", "usability testing", "usability-tests", "user interviews",
                    "nutzerinterviews", "entretiens utilisateurs"),
    "UI design": ("ui design", "design system", "design systems", "wireframes", "prototyping", "prototypen"),
    "Accessibility": ("accessibility", "a11y", "barrierefreiheit"), "SEO": ("seo",),
    "Performance optimization": ("performance optimization", "core web vitals"),
    "Embedded systems": ("embedded", "firmware", "microcontrollers", "microcontrôleurs", "rtos"),
    "Cloud architecture": ("cloud architecture", "landing zones", "cloud migration"),
    "Technical writing": ("technical writing", "documentation"), "Recruiting": ("recruiting", "sourcing"),
    "Customer service": ("customer service", "customer support"), "Sales": ("sales", "vertrieb"),
    "Bookkeeping": ("bookkeeping", "account reconciliations"),
    "Payments": ("payment processing", "card processing"),
    "English": ("fluent english", "english at b2", "business-level english", "excellent written english",
                "englischkenntnisse", "inglés", "anglais"),
    "German": ("deutschkenntnisse", "fluent german", "deutsch fliessend", "verhandlungssicheres deutsch"),
    "French": ("french is a plus", "fluent french", "français courant"), "Spanish": ("fluent spanish",),
}  # fmt: skip
_BENEFITS: dict[str, tuple[str, ...]] = {
    "Health insurance": ("health insurance", "medical insurance", "medical coverage", "medical, dental",
                         "medical and dental", "dental", "vision insurance", "private medical",
                         "private health", "krankenversicherung", "mutuelle", "seguro médico",
                         "private medical care"),
    "Retirement plan": ("401(k)", "401k", "403(b)", "pension", "retirement", "betriebliche altersvorsorge",
                        "bav", "rrsp", "superannuation", "plan de pensiones", "altersvorsorge",
                        "403(b) plan"),
    "Equity": ("equity", "stock options", "share options", "rsus", "esop", "vsop", "bspce",
               "mitarbeiterbeteiligung"),
    "Bonus": ("annual bonus", "+ bonus", "plus bonus", "and bonus", "bonus scheme", "bonus plan",
              "performance bonus", "discretionary bonus", "annual incentive", "zzgl. bonus", "jahresbonus",
              "13th salary", "13. gehalt", "weihnachtsgeld", "urlaubsgeld", "variable vergütung",
              "commission"),
    "Paid time off": ("pto", "paid time off", "vacation", "holiday", "annual leave", "urlaub",
                      "urlaubstage", "congés", "rtt", "vacaciones", "ferien"),
    "Parental leave": ("parental leave", "maternity leave", "paternity leave", "elternzeit"),
    "Flexible hours": ("flexible hours", "flexible working hours", "gleitzeit", "flexible arbeitszeiten",
                       "horaires flexibles", "horario flexible"),
    "Home office budget": ("home office stipend", "home-office budget", "home office budget",
                           "home office equipment"),
    "Learning budget": ("learning budget", "training budget", "conference budget", "weiterbildung",
                        "weiterbildungsbudget", "formation continue", "formación continua",
                        "learning & development"),
    "Wellness": ("gym", "gym membership", "wellness", "urban sports club", "wellpass", "multisport",
                 "multisport card", "mental health support", "fitnessstudio"),
    "Meals": ("lunch", "meals", "tickets restaurant", "ticket restaurant", "essenszuschuss", "swile"),
    "Commuter benefits": ("deutschlandticket", "jobticket", "commuter", "public transport", "bahncard",
                          "navigo"),
    "Company car": ("company car", "dienstwagen", "firmenwagen", "voiture de fonction"),
    "Bike leasing": ("jobrad", "bike leasing", "dienstrad"), "Relocation support": ("relocation",),
    "Life insurance": ("life insurance",), "Childcare": ("childcare", "kita-zuschuss"),
    "Equipment": ("laptop", "macbook"), "Housing": ("housing stipend", "housing allowance"),
}  # fmt: skip

# a token: a word with the punctuation that occurs inside technology names ("C++", "Node.js", ".NET",
# "CI/CD", "401(k)"), never the punctuation that ends a sentence
_TOKEN = re.compile(r"\.?[\w+#&/-]+(?:(?:[.'’][\w+#&/-]+)|\(\w{1,3}\))*")
_MAX_WORDS = 4


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


class _Table:
    """Aliases, tokenised the way text is, to canonical names; indexed by first word for speed."""

    def __init__(self, vocabulary: dict[str, tuple[str, ...]]) -> None:
        self.names: dict[str, str] = {}
        self.longest: dict[str, int] = {}  # first word -> most words in an alias starting with it
        for name, aliases in vocabulary.items():
            cased = {alias.lower() for alias in _CASED.get(name, ())}
            for alias in (*aliases, name):
                if alias.lower() in cased:
                    continue
                words = [token.lower() for _, _, token in _tokens(alias)]
                self.names[" ".join(words)] = name
                self.longest[words[0]] = max(self.longest.get(words[0], 0), len(words))

    def matches(self, tokens: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
        """(token index, name) of the longest alias at each token, left to right."""
        words = [token.lower() for _, _, token in tokens]
        found: list[tuple[int, str]] = []
        n = 0
        while n < len(words):
            longest = self.longest.get(words[n], 0)
            for size in range(min(longest, len(words) - n), 0, -1):
                name = self.names.get(" ".join(words[n : n + size]) if size > 1 else words[n])
                if name:
                    found.append((n, name))
                    n += size
                    break
            else:
                word = words[n]
                if "/" in word or "-" in word:
                    found.extend((n, self.names[p]) for p in re.split(r"[/-]", word) if p in self.names)
                n += 1
        return found


_TECH_TABLE = _Table(_TECH)
_SKILLS_TABLE = _Table(_SKILLS)
_BENEFITS_TABLE = _Table(_BENEFITS)
_CASED_LOOKUP = {alias: name for name, aliases in _CASED.items() for alias in aliases}
_TECH_CONTEXT = re.compile(r"programming|language|statistic|backend|developer|golang|embedded|firmware", re.I)


def find_tech(text: str) -> list[str]:
    """Languages, frameworks, databases, clouds and tools the posting names, in order of mention.

    A capitalised ambiguous word (``Go``, ``Swift``, ``Phoenix``) counts when an unambiguous
    technology is named in the same sentence; a few (``Go``, ``Rust``, ``React`` …) also
    mid-sentence, where the verb or the common noun would be lower-case.
    """
    tokens = _tokens(text)
    sentence_of: list[int] = []  # the sentence each token is in
    starts: list[int] = []  # where each sentence starts
    previous_end = 0
    for start, end, _ in tokens:
        if not starts or _BREAK.search(text, previous_end, start):
            starts.append(previous_end)
        sentence_of.append(len(starts) - 1)
        previous_end = end
    starts.append(len(text))
    plain = _TECH_TABLE.matches(tokens)
    cased = [
        (n, _CASED_LOOKUP[part])
        for n, (start, end, token) in enumerate(tokens)
        for part in ((token,) if token in _CASED_LOOKUP else token.split("/") if "/" in token else ())
        if part in _CASED_LOOKUP
        and not _blocked(_CASED_LOOKUP[part], text, starts[sentence_of[n]], start, end)
    ]
    in_sentence: dict[int, set[str]] = {}  # the unambiguous technologies each sentence names
    for n, name in plain:
        in_sentence.setdefault(sentence_of[n], set()).add(name)
    found: dict[str, int] = {}
    for n, name in plain:
        found.setdefault(name, tokens[n][0])
    for n, name in cased:
        sentence = sentence_of[n]
        begins, start = starts[sentence], tokens[n][0]
        if (
            (name in _MID_SENTENCE_OK and not _SENTENCE_START.search(text, begins, start))
            or len(in_sentence.get(sentence, set()) - {name}) >= 1
            or (name in ("Go", "R", "C") and _TECH_CONTEXT.search(text, begins, starts[sentence + 1]))
        ):
            found.setdefault(name, start)
    return sorted(found, key=found.__getitem__)


def _blocked(name: str, text: str, sentence_start: int, start: int, end: int) -> bool:
    if name in _CASED_NOT_AFTER and re.match(_CASED_NOT_AFTER[name], text[end : end + 30]):
        return True
    return (
        name in _CASED_NOT_BEFORE
        and re.search(_CASED_NOT_BEFORE[name], text[sentence_start:start]) is not None
    )


def _find(table: _Table, text: str) -> list[str]:
    return list(dict.fromkeys(name for _, name in table.matches(_tokens(text))))


def find_skills(text: str) -> list[str]:
    """Competences the posting asks for (machine learning, system design, communication …)."""
    return _find(_SKILLS_TABLE, text)


def find_benefits(text: str) -> list[str]:
    """Benefits the posting offers, from a short curated list."""
    return _find(_BENEFITS_TABLE, text)
