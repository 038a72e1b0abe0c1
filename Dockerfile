# syntax=docker/dockerfile:1
# war-events worker image. Build from the repository root:
#   docker build -t war-events:0.1.0 .
# Run:  docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=kafka:9092 -p 6066:6066 war-events:0.1.0
# Create topics and exit:  docker run --rm ... war-events:0.1.0 topics create

############################ builder ############################
FROM python:3.11.10-slim-bookworm AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Every runtime dependency ships manylinux wheels for CPython 3.11, so no compiler is needed.
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# README*/LICENSE* are optional (pyproject may name them as readme/license files).
COPY pyproject.toml README* LICENSE* ./
COPY service ./service
COPY topics ./topics
# pip byte-compiles what it installs: the runtime's root filesystem may be read-only.
RUN pip install . \
 && python -m service --help > /dev/null

############################ runtime ############################
FROM python:3.11.10-slim-bookworm AS runtime

LABEL org.opencontainers.image.title="war-events" \
      org.opencontainers.image.description="faust-streaming worker: news articles -> typed war events"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    SERVICE_WEB_HOST=0.0.0.0 \
    SERVICE_WEB_PORT=6066 \
    SERVICE_DATA_DIR=/var/lib/war-events

# Fixed numeric uid/gid so Kubernetes' runAsNonRoot can verify it (deploy/k8s uses 10001).
RUN groupadd --system --gid 10001 warevents \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin warevents \
 && install -d -o 10001 -g 10001 -m 0755 /app \
 && install -d -o 10001 -g 10001 -m 0750 /var/lib/war-events

# The venv holds the service and its topic definitions/schemas (package `topics`).
COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
USER 10001:10001

EXPOSE 6066

# Liveness only (/healthz); orchestrators use /readyz for readiness (see deploy/).
# No curl in the slim image: python's urllib raises (exit 1) on a refused connection or a non-2xx.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('SERVICE_WEB_PORT', '6066'), timeout=4)"]

ENTRYPOINT ["python", "-m", "service"]
CMD ["worker"]
