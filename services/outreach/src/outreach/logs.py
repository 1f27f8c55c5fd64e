"""Where a role process's log lines go: stderr, one line each, timestamped."""

import logging

# The loggers whose INFO lines are worth an operator's attention: our own decisions, and
# kafka-python's group coordinator (a few lines per rebalance: who joined, what it got).
# Everything else (the rest of kafka-python, uvicorn, eventsourcing, httpx) speaks only
# from WARNING unless DEBUG is asked for, so that INFO stays one line per decision, not
# one per heartbeat or request.
INFO_LOGGERS = (
    "outreach",
    "outreach_intake",
    "outreach_relay",
    "outreach_projection",
    "outreach_diagnostics",
    "outreach_replay",
    "outreach_platform",
    "kafka.coordinator",
)


def configure(level: str) -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    for name in INFO_LOGGERS:
        logging.getLogger(name).setLevel(level)
