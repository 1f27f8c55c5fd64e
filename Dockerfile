# One image for every process role: docker-compose.yml runs it with a command per role
# (`outreach serve intake|relay|projection|diagnostics|webhooks`). Build from the repository root:
#   docker build -t outreach-diagnostics .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY constraints.txt ./
COPY libs/ libs/
COPY services/ services/
# Every library and service, and the `outreach` command that composes them into roles.
RUN pip install -c constraints.txt \
      ./libs/contract ./libs/domain ./libs/platform \
      ./services/intake ./services/relay ./services/projection ./services/diagnostics \
      ./services/replay ./services/webhooks ./services/outreach \
 && useradd --system --uid 10001 --no-create-home outreach
USER outreach

# Listen on every interface of the container; every other setting comes from the
# environment (OUTREACH_*, see docker-compose.yml and the README). The port is set per
# role by compose; the default command is the embedded server.
ENV OUTREACH_HOST=0.0.0.0
EXPOSE 8000 8001 8002 8003 8004 8005
CMD ["outreach", "serve"]
