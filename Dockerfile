# syntax=docker/dockerfile:1
# jobscraper container image. Targets:
#   docker build -t jobscraper .                    # CPU (default): API, extraction service, scrapes
#   docker build --target ui -t jobscraper:ui .      # CPU + Node.js and bun for `jobscraper ui`
#   docker build --target gpu -t jobscraper:gpu .   # the `gpu` extra (vLLM) on a CUDA base
# Run (the API listens on every interface in the container, so it needs a token):
#   docker run --shm-size=2g -p 8000:8000 -e JOBSCRAPER_API_TOKEN=$(openssl rand -hex 16) \
#       -v jobscraper-data:/data jobscraper
# No model is downloaded at build time (vLLM fetches the configured model on first start; mount a
# Hugging Face cache at /home/jobscraper/.cache/huggingface to keep it). The database and the
# optional config (/data/jobscraper.yaml) live on the /data volume.

ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim-bookworm AS build
RUN pip install --no-cache-dir uv==0.13.8
WORKDIR /app
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/app/.venv
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY jobscraper ./jobscraper
COPY actors ./actors
COPY serve ./serve
RUN uv sync --frozen --no-dev
COPY ui ./ui

FROM python:${PYTHON_VERSION}-slim-bookworm AS cpu
RUN useradd --create-home --uid 10001 jobscraper \
    && mkdir -p /data && chown 10001 /data
COPY --from=build --chown=10001 /app /app
ENV PATH=/app/.venv/bin:$PATH \
    JOBSCRAPER_CONFIG=/data/jobscraper.yaml \
    JOBSCRAPER_DATABASE__PATH=/data/jobs.db \
    JOBSCRAPER_SERVE__HOST=0.0.0.0 \
    JOBSCRAPER_UI__HOST=0.0.0.0 \
    REFLEX_TELEMETRY_ENABLED=false \
    RAY_AUTH_MODE=token
USER 10001
WORKDIR /app
VOLUME ["/data"]
# 8000 API, 8080 Prometheus metrics (the Ray dashboard stays on the container's loopback: no login)
EXPOSE 8000 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('JOBSCRAPER_SERVE__PORT', '8000') + '/healthz', timeout=4)"]
ENTRYPOINT ["jobscraper"]
CMD ["serve"]

FROM cpu AS ui
USER 0
# Debian's Node.js runs npm; bun (what Reflex builds the pages with) comes from the npm registry,
# where `jobscraper ui` looks for it (/app/.tools/bun)
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/* \
    && npm install --prefix /app/.tools/bun --no-audit --no-fund bun@1.4.4 \
    && chown -R 10001 /app/.tools /app/ui
USER 10001
# 3000 web UI
EXPOSE 3000
CMD ["ui"]

FROM nvidia/cuda:12.8.1-runtime-ubuntu22.04 AS gpu
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3.11 python3.11-venv python3-pip \
    && rm -rf /var/lib/apt/lists/* \
    && python3.11 -m pip install --no-cache-dir uv==0.13.8 \
    && useradd --create-home --uid 10001 jobscraper \
    && mkdir -p /data /app && chown 10001 /data /app
WORKDIR /app
ENV UV_PROJECT_ENVIRONMENT=/app/.venv UV_PYTHON=python3.11 UV_COMPILE_BYTECODE=1
COPY --chown=10001 pyproject.toml uv.lock README.md ./
COPY --chown=10001 jobscraper ./jobscraper
COPY --chown=10001 actors ./actors
COPY --chown=10001 serve ./serve
COPY --chown=10001 ui ./ui
USER 10001
RUN uv sync --frozen --no-dev --extra gpu
ENV PATH=/app/.venv/bin:$PATH \
    JOBSCRAPER_CONFIG=/data/jobscraper.yaml \
    JOBSCRAPER_DATABASE__PATH=/data/jobs.db \
    JOBSCRAPER_SERVE__HOST=0.0.0.0 \
    JOBSCRAPER_EXTRACTION__ENGINE=vllm \
    RAY_AUTH_MODE=token
VOLUME ["/data"]
EXPOSE 8000 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=600s --retries=3 \
    CMD ["python3.11", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('JOBSCRAPER_SERVE__PORT', '8000') + '/healthz', timeout=4)"]
ENTRYPOINT ["jobscraper"]
CMD ["serve"]

# The CPU image is the default target.
FROM cpu
