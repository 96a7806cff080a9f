"""German-language categories of the evaluation set (for the German CV, and traps for the others)."""

from __future__ import annotations

from spec import Cat

__all__ = ["COLLISION_TASKS_DE", "GERMAN"]

GERMAN = [
    Cat(
        name="java_backend_de",
        lang="de",
        count=9,
        titles={
            0: ["Werkstudent Backend-Entwicklung (Java)"],
            1: ["Junior Java-Entwickler (m/w/d)"],
            2: ["Backend-Entwickler Java/Kotlin (m/w/d)", "Softwareentwickler Spring Boot (m/w/d)"],
            3: ["Senior Backend-Entwickler Kotlin (m/w/d)", "Senior Java Software Engineer (m/w/d)"],
            4: ["Lead Developer JVM (m/w/d)"],
        },
        companies=["Spreewerk Mobility GmbH", "Kiezbank AG", "Havelcloud GmbH", "Brandenburger Versicherung"],
        intro=[
            "Wir entwickeln die Buchungs- und Abrechnungsplattform für Carsharing in ganz Deutschland.",
            "Unsere Kernbank-Systeme laufen auf der JVM und verarbeiten täglich Millionen Buchungen.",
            "Wir modernisieren die Bestandssysteme eines großen Versicherers.",
        ],
        tasks=[
            "Du entwickelst Microservices mit Java 17+, Kotlin und Spring Boot.",
            "Du entwirfst REST-Schnittstellen und ereignisgetriebene Integrationen mit Kafka.",
            "Du arbeitest mit PostgreSQL und Hibernate/JPA.",
            "Du schreibst automatisierte Tests mit JUnit 5 und Testcontainers.",
            "Du betreibst deine Services auf Kubernetes gemeinsam mit dem Plattform-Team.",
            "Du bringst dich in Architekturentscheidungen und Code-Reviews ein.",
        ],
        reqs=[
            "Sehr gute Kenntnisse in Java oder Kotlin und im Spring-Ökosystem.",
            "Erfahrung mit relationalen Datenbanken und Messaging-Systemen.",
            "Verständnis für Clean Code, Testautomatisierung und agile Methoden.",
            "Sehr gute Deutsch- und gute Englischkenntnisse.",
        ],
        skills=["Java", "Kotlin", "Spring Boot", "Kafka", "PostgreSQL", "Hibernate", "Kubernetes"],
        places="berlin:6 remote_de:3 munich hamburg stuttgart",
        field_de="Backend-Entwicklung mit Java oder Kotlin",
        pay=125_000,
        level_weights="2:2 3:2",
    ),
    Cat(
        name="python_backend_de",
        lang="de",
        count=6,
        titles={
            2: ["Python-Entwickler Backend (m/w/d)"],
            3: ["Senior Softwareentwickler Python/Django (m/w/d)"],
        },
        companies=["Datenwerk GmbH", "Elbtech Solutions"],
        intro=["Wir bauen eine Plattform für die Digitalisierung von Behördenprozessen."],
        tasks=[
            "Du entwickelst Web-Backends mit Python, Django und FastAPI.",
            "Du modellierst Daten in PostgreSQL.",
            "Du automatisierst Deployments mit Docker und GitLab CI.",
            "Du arbeitest eng mit dem Frontend-Team zusammen.",
        ],
        reqs=[
            "Mehrjährige Erfahrung mit Python und Django.",
            "Gute SQL-Kenntnisse.",
            "Fließende Deutschkenntnisse (C1) sind Voraussetzung.",
        ],
        skills=["Python", "Django", "FastAPI", "PostgreSQL"],
        places="berlin:3 hamburg remote_de:2",
        field_de="Backend-Entwicklung mit Python",
        pay=120_000,
    ),
    Cat(
        name="embedded_de",
        lang="de",
        count=10,
        titles={
            1: ["Junior Embedded-Softwareentwickler (m/w/d)"],
            2: ["Embedded-Softwareentwickler C (m/w/d)", "Firmware-Entwickler (m/w/d)"],
            3: ["Senior Embedded Software Engineer (m/w/d)", "Senior Firmware-Entwickler Automotive (m/w/d)"],
            4: ["Teamleiter Embedded Software (m/w/d)"],
        },
        companies=[
            "Isarwerk Systems GmbH",
            "Schwab Automotive Electronics",
            "Alpenmess GmbH",
            "Garchinger Sensorik GmbH",
        ],
        intro=[
            "Wir entwickeln Steuergeräte für Batteriesysteme in Elektrofahrzeugen.",
            "Unsere Sensorik kommt in Industrieanlagen auf der ganzen Welt zum Einsatz.",
        ],
        tasks=[
            "Du entwickelst Firmware in C für ARM-Cortex-M-Mikrocontroller.",
            "Du implementierst Treiber für CAN, SPI, I2C und UART.",
            "Du arbeitest mit FreeRTOS oder AUTOSAR.",
            "Du nimmst neue Hardware gemeinsam mit dem Elektronik-Team in Betrieb.",
            "Du schreibst Unit-Tests und HIL-Tests.",
            "Du wirkst an der funktionalen Sicherheit nach ISO 26262 mit.",
        ],
        reqs=[
            "Abgeschlossenes Studium der Elektrotechnik, Informatik oder vergleichbar.",
            "Sehr gute Kenntnisse in C, idealerweise MISRA C.",
            "Erfahrung mit Debugging-Werkzeugen (JTAG, Oszilloskop).",
            "Gute Deutsch- und Englischkenntnisse.",
        ],
        skills=["C", "ARM Cortex-M", "CAN", "FreeRTOS", "AUTOSAR", "MISRA C"],
        places="munich:5 stuttgart:2 remote_de berlin",
        field_de="Embedded-Softwareentwicklung",
        pay=125_000,
        level_weights="3:2",
    ),
    Cat(
        name="devops_de",
        lang="de",
        count=5,
        titles={
            2: ["DevOps Engineer (m/w/d)"],
            3: ["Senior Cloud Engineer AWS (m/w/d)", "Site Reliability Engineer (m/w/d)"],
        },
        companies=["Havelcloud GmbH", "Kiezbank AG"],
        intro=["Wir betreiben eine Cloud-Plattform für Banken und Versicherungen."],
        tasks=[
            "Du betreibst Kubernetes-Cluster auf AWS.",
            "Du automatisierst Infrastruktur mit Terraform und Ansible.",
            "Du baust Monitoring mit Prometheus und Grafana auf.",
            "Du verbesserst unsere CI/CD-Pipelines.",
        ],
        reqs=["Erfahrung mit Kubernetes und Terraform.", "Linux-Kenntnisse.", "Sehr gutes Deutsch."],
        skills=["Kubernetes", "Terraform", "AWS", "Prometheus"],
        places="berlin:2 munich remote_de:2",
        field_de="DevOps oder Cloud-Betrieb",
        pay=130_000,
    ),
    Cat(
        name="frontend_de",
        lang="de",
        count=4,
        titles={
            1: ["Junior Frontend-Entwickler React (m/w/d)"],
            2: ["Frontend-Entwickler TypeScript (m/w/d)"],
        },
        companies=["Elbtech Solutions", "Spreewerk Mobility GmbH"],
        intro=["Wir gestalten die Weboberfläche unserer Mobilitäts-App neu."],
        tasks=[
            "Du entwickelst React-Komponenten mit TypeScript.",
            "Du setzt Designs aus Figma barrierefrei um.",
            "Du schreibst Tests mit Jest und Cypress.",
        ],
        reqs=["Erfahrung mit React und TypeScript.", "Fließend Deutsch."],
        skills=["React", "TypeScript", "CSS"],
        places="berlin:2 hamburg remote_de",
        field_de="Frontend-Entwicklung",
        pay=100_000,
    ),
    Cat(
        name="recruiter_de",
        lang="de",
        count=3,
        titles={2: ["Technical Recruiter (m/w/d)"], 3: ["Senior Talent Acquisition Manager IT (m/w/d)"]},
        companies=["Kiezbank AG", "Havelcloud GmbH"],
        intro=["Wir suchen Verstärkung für das Recruiting unserer Entwicklungsteams."],
        tasks=[
            "Du besetzt Stellen für Java-, Python- und DevOps-Entwickler von der Anzeige bis zum Vertrag.",
            "Du sprichst passive Kandidaten auf LinkedIn, XING und GitHub an.",
            "Du berätst Führungskräfte zu Interviewprozessen.",
        ],
        reqs=["Erfahrung im IT-Recruiting.", "Verhandlungssicheres Deutsch."],
        skills=["IT-Recruiting", "Active Sourcing"],
        places="berlin munich",
        field_de="Recruiting",
        pay=80_000,
    ),
    Cat(
        name="pflege_de",
        lang="de",
        count=3,
        titles={
            2: [
                "Pflegefachkraft Intensivstation (m/w/d)",
                "Gesundheits- und Krankenpfleger Intensivpflege (m/w/d)",
            ]
        },
        companies=["Klinikum Schwabing", "Charité-nahe Klinik Berlin-Mitte"],
        intro=["Unsere interdisziplinäre Intensivstation versorgt schwerstkranke Patienten."],
        tasks=[
            "Du versorgst beatmete Patienten.",
            "Du überwachst die Hämodynamik und verabreichst Medikamente.",
            "Du arbeitest im Schichtdienst im interdisziplinären Team.",
        ],
        reqs=[
            "Examen als Pflegefachkraft; Fachweiterbildung Intensivpflege wünschenswert.",
            "Deutschkenntnisse auf Niveau B2.",
        ],
        skills=["Intensivpflege", "Beatmung"],
        places="munich berlin",
        field_de="Intensivpflege",
        pay=65_000,
        interval="monthly",
        onsite_only=True,
    ),
    Cat(
        name="collisions_de",
        lang="de",
        count=4,
        titles={2: ["Reiseleiter Java & Bali (m/w/d)", "Korrosionsschutz-Ingenieur Rost (m/w/d)"]},
        companies=["Inselreisen GmbH", "Rostfrei Korrosionsschutz GmbH"],
        intro=["Bitte lies die Anzeige genau: Die Stelle ist genau das, was der Titel sagt."],
        tasks=[],
        reqs=["Einschlägige Ausbildung und Erfahrung.", "Reisebereitschaft."],
        places="berlin munich",
        field_de="diesem Bereich",
        pay=50_000,
        onsite_only=True,
        years_line=False,
    ),
]

# title index -> its own tasks (the collision postings are paired title/text, not mixed)
COLLISION_TASKS_DE = {
    "Reiseleiter Java & Bali (m/w/d)": [
        "Du begleitest Gruppenreisen über die Insel Java: Borobudur, Prambanan, der Vulkan Bromo.",
        "Du betreust Reisegäste auf Java und Bali und organisierst Ausflüge.",
        "Du arbeitest mit Hotels und Fahrern vor Ort zusammen.",
        "Du vermittelst Geschichte und Kultur Javas.",
    ],
    "Korrosionsschutz-Ingenieur Rost (m/w/d)": [
        "Du prüfst Stahlbauten und Brücken auf Rost und Korrosion.",
        "Du planst Beschichtungen und kathodischen Korrosionsschutz.",
        "Du erstellst Prüfberichte und Instandhaltungspläne.",
        "Du überwachst Strahl- und Beschichtungsarbeiten auf der Baustelle.",
    ],
}
