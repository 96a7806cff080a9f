# syntax=docker/dockerfile:1
# jobscraper container image. Targets:
#   docker build -t jobscraper .                    # CPU (default)
#   docker build --target gpu -t jobscraper:gpu .   # adds the `gpu` extra (vLLM) on a CUDA base
# No model is downloaded at build time. The database lives on the /data volume.

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

FROM python:${PYTHON_VERSION}-slim-bookworm AS cpu
RUN useradd --create-home --uid 10001 jobscraper \
    && mkdir -p /data && chown jobscraper /data
COPY --from=build --chown=jobscraper /app /app
ENV PATH=/app/.venv/bin:$PATH \
    JOBSCRAPER_DATABASE__PATH=/data/jobs.db \
    RAY_AUTH_MODE=token
USER jobscraper
WORKDIR /home/jobscraper
VOLUME ["/data"]
ENTRYPOINT ["jobscraper"]
CMD ["--help"]

FROM nvidia/cuda:12.8.1-runtime-ubuntu22.04 AS gpu
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3.11 python3.11-venv python3-pip \
    && rm -rf /var/lib/apt/lists/* \
    && pip3 install --no-cache-dir uv==0.13.8 \
    && useradd --create-home --uid 10001 jobscraper \
    && mkdir -p /data /app && chown jobscraper /data /app
WORKDIR /app
ENV UV_PROJECT_ENVIRONMENT=/app/.venv UV_PYTHON=python3.11
COPY --chown=jobscraper pyproject.toml uv.lock README.md ./
COPY --chown=jobscraper jobscraper ./jobscraper
COPY --chown=jobscraper actors ./actors
COPY --chown=jobscraper serve ./serve
USER jobscraper
RUN uv sync --frozen --no-dev --extra gpu
ENV PATH=/app/.venv/bin:$PATH \
    JOBSCRAPER_DATABASE__PATH=/data/jobs.db \
    RAY_AUTH_MODE=token
WORKDIR /home/jobscraper
VOLUME ["/data"]
ENTRYPOINT ["jobscraper"]
CMD ["--help"]

# The CPU image is the default target.
FROM cpu
