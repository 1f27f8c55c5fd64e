"""The Operations dashboard: is every service up, fast and keeping up with the events?"""

from outreach_dashboards.panels import RATE, Json, Panel, Query, Row, dashboard, quantiles
from outreach_dashboards.panels import query_variable as variable

UID = "outreach-operations"
SERVICE = 'job=~"$service"'
SERVICES = "embedded|intake|diagnostics|projection|relay"
SERVER_ERRORS = SERVICE + ', status=~"5.."'
ALL_ERRORS = SERVICE + ', status=~"[45].."'


def _rate(metric: str, selector: str = SERVICE) -> str:
    return f"rate({metric}{{{selector}}}[{RATE}])"


def _services() -> list[Panel | Row]:
    return [
        Row("Services"),
        Panel(
            "Targets up",
            [Query(f'up{{job=~"{SERVICES}", {SERVICE}}}', "{{job}} {{instance}}")],
            "1 when Prometheus scraped the service's /metrics, 0 when it could not.",
            kind="stat",
            unit="none",
            width=8,
            height=6,
        ),
        Panel(
            "CPU by service",
            [Query(f"sum by (job) ({_rate('process_cpu_seconds_total')})", "{{job}}")],
            "CPU time used per second (1 = one core busy).",
            unit="percentunit",
            width=8,
            height=6,
        ),
        Panel(
            "Resident memory by service",
            [Query(f"sum by (job) (process_resident_memory_bytes{{{SERVICE}}})", "{{job}}")],
            "Resident set size of each service process.",
            unit="bytes",
            width=8,
            height=6,
        ),
    ]


def _http() -> list[Panel | Row]:
    requests = "outreach_http_requests_total"
    total = f"sum by (service) ({_rate(requests)})"
    errors = f"sum by (service) ({_rate(requests, SERVER_ERRORS)})"
    latency = "outreach_http_request_duration_seconds"
    return [
        Row("HTTP"),
        Panel(
            "Requests per second by service",
            [Query(total, "{{service}}")],
            "Every HTTP request answered, whatever its status.",
            unit="reqps",
        ),
        Panel(
            "HTTP 5xx error ratio by service",
            [Query(f"({errors} or 0 * {total}) / {total}", "{{service}}")],
            "Share of requests answered with a server error (5xx); 0 when there were none.",
            unit="percentunit",
        ),
        Panel(
            "Requests per second by route",
            [
                Query(
                    f"sum by (service, method, route) ({_rate(requests)})",
                    "{{service}} {{method}} {{route}}",
                )
            ],
            "Requests by route template; 'unmatched' counts paths no route serves.",
            unit="reqps",
        ),
        Panel(
            "Errors per second by route and status",
            [
                Query(
                    f"sum by (service, route, status) ({_rate(requests, ALL_ERRORS)})",
                    "{{service}} {{route}} {{status}}",
                )
            ],
            "Client (4xx) and server (5xx) errors by route.",
            unit="reqps",
        ),
        *(
            Panel(
                f"Latency p{label} by route",
                quantiles(latency, SERVICE, ("service", "route"), (level,)),
                f"The {label}th percentile of the time to answer, by route template.",
                unit="s",
                width=8,
            )
            for label, level in (("50", 0.5), ("95", 0.95), ("99", 0.99))
        ),
    ]


def _intake() -> list[Panel | Row]:
    return [
        Row("Intake"),
        Panel(
            "Events accepted, duplicated and rejected per second",
            [
                Query(f"sum({_rate('outreach_events_accepted_total')})", "accepted events"),
                Query(f"sum({_rate('outreach_events_duplicated_total')})", "duplicate events"),
                Query(f"sum({_rate('outreach_batches_rejected_total')})", "rejected batches"),
            ],
            "Accepted: recorded for the first time. Duplicate: an event_id seen before "
            "(accepted once). Rejected: whole batches refused, nothing stored.",
            unit="short",
        ),
        Panel(
            "Rejected batches per second by partner and reason",
            [
                Query(
                    f"sum by (partner, reason) ({_rate('outreach_batches_rejected_total')})",
                    "{{partner}} {{reason}}",
                )
            ],
            "Reason: the first validation error type, or 'conflict' for a reused event_id.",
            unit="short",
        ),
    ]


def _relay() -> list[Panel | Row]:
    return [
        Row("Relay (event store to Kafka)"),
        Panel(
            "Relay lag",
            [
                Query(
                    f"max by (job, instance) (outreach_relay_lag_notifications{{{SERVICE}}})",
                    "{{job}} {{instance}}",
                )
            ],
            "Events recorded in the event store and not yet acknowledged by Kafka.",
            width=6,
        ),
        Panel(
            "Relay publish delay",
            quantiles("outreach_relay_publish_delay_seconds", SERVICE),
            "From an event's receipt by the intake to Kafka's acknowledgement.",
            unit="s",
            width=6,
        ),
        Panel(
            "Relay batch duration",
            quantiles("outreach_relay_batch_duration_seconds", SERVICE),
            "Time to publish one batch and have it acknowledged.",
            unit="s",
            width=6,
        ),
        Panel(
            "Relay publishes and failures per second",
            [
                Query(f"sum({_rate('outreach_relay_published_total')})", "published"),
                Query(f"sum({_rate('outreach_relay_failures_total')})", "failed attempts"),
            ],
            "Events acknowledged by Kafka, and publish attempts that failed.",
            width=6,
        ),
    ]


def _projection() -> list[Panel | Row]:
    # Every process exports these gauges (the metric modules are imported everywhere),
    # the ones that run no projection at 0: "> 0" keeps them from reading "55 years ago".
    newest = f"outreach_projection_newest_event_received_timestamp_seconds{{{SERVICE}}} > 0"
    committed = f"outreach_projection_last_applied_timestamp_seconds{{{SERVICE}}} > 0"
    return [
        Row("Projection (read model)"),
        Panel(
            "Consumer lag per partition",
            [Query(f"max by (feed) (outreach_projection_consumer_lag{{{SERVICE}}})", "{{feed}}")],
            "Kafka records not yet applied, per partition of the topic.",
            width=8,
        ),
        Panel(
            "Projection apply latency",
            quantiles("outreach_projection_apply_duration_seconds", SERVICE),
            "Time to fold one batch into the read model and commit it with its positions.",
            unit="s",
            width=8,
        ),
        Panel(
            "Events applied, redelivered and unreadable per second",
            [
                Query(f"sum({_rate('outreach_projection_events_applied_total')})", "applied"),
                Query(
                    f"sum({_rate('outreach_projection_events_redelivered_total')})",
                    "redelivered (ignored)",
                ),
                Query(
                    f"sum({_rate('outreach_projection_records_unreadable_total')})",
                    "unreadable (skipped)",
                ),
            ],
            "Applied: folded for the first time. Redelivered: seen before, a no-op.",
            width=8,
        ),
        Panel(
            "Read-model freshness",
            [
                Query(
                    f"time() - max by (instance) ({newest})",
                    "{{instance}} newest applied event received ago",
                ),
                Query(
                    f"time() - max by (instance) ({committed})",
                    "{{instance}} last batch committed ago",
                ),
                Query(
                    f"max by (instance) (({committed}) - ({newest}))",
                    "{{instance}} receipt to applied (newest event)",
                ),
            ],
            "How old the read model's newest event is, how long since the projection "
            "committed, and how long the newest event took from the intake to the read "
            "model. The first two grow while no events arrive; that is not staleness.",
            unit="s",
            width=12,
        ),
        Panel(
            "Diagnoses: reason verdicts served per second by status",
            [Query(f"sum by (status) ({_rate('outreach_diagnoses_served_total')})", "{{status}}")],
            "Verdicts in served diagnoses (seven per diagnosis).",
            width=12,
            stack=True,
        ),
    ]


def build() -> Json:
    return dashboard(
        UID,
        "Outreach Diagnostics / Operations",
        "Throughput, latency, errors and lag of every service, per service.",
        [*_services(), *_http(), *_intake(), *_relay(), *_projection()],
        [variable("service", "Service", f'label_values(up{{job=~"{SERVICES}"}}, job)')],
        time_from="now-1h",
        refresh="30s",
    )
