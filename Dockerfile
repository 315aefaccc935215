# syntax=docker/dockerfile:1
# Production image: `docker build -t assay .` then
# `docker run -e SLACK_BOT_TOKEN=… -e SLACK_SIGNING_SECRET=… -p 3000:3000 -v assay-data:/data assay`

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml setup.py README.md alembic.ini ./
COPY src ./src
COPY bot ./bot
COPY migrations ./migrations
RUN python -m venv /opt/assay \
 && /opt/assay/bin/pip install --upgrade pip \
 && /opt/assay/bin/pip install .

FROM python:3.11-slim AS runtime
ENV PATH=/opt/assay/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    MPLBACKEND=Agg \
    MPLCONFIGDIR=/tmp/matplotlib \
    ASSAY_DATABASE_URL=sqlite:////data/assay.db
RUN groupadd --system assay && useradd --system --gid assay --home-dir /data --shell /usr/sbin/nologin assay \
 && mkdir -p /data && chown assay:assay /data
COPY --from=build /opt/assay /opt/assay
USER assay
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4).status == 200 else 1)"]
ENTRYPOINT ["assay"]
CMD ["serve", "--http", "--host", "0.0.0.0", "--port", "3000"]
