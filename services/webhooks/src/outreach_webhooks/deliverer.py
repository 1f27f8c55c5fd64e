"""The deliverer: claims due deliveries and sends them, many at once, each recording its
own outcome as soon as it has one, so that no slow endpoint holds up a batch.

It runs an asyncio loop in its worker thread. Up to ``concurrency`` attempts are in
flight, at most ``per_endpoint`` to one endpoint (claims.py), each bounded by the
timeout. The database calls and name resolution run in the loop's thread pool.
"""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
from sqlalchemy import Engine

from outreach_webhooks import metrics, sender
from outreach_webhooks.addresses import UrlRefusedError, check_url, system_resolver
from outreach_webhooks.claims import Claimed, claim
from outreach_webhooks.config import WebhookConfig
from outreach_webhooks.deliveries import Policy, record
from outreach_webhooks.outcomes import Answer, DeliveryStatus


class Deliverer:
    def __init__(self, engine: Engine, config: WebhookConfig) -> None:
        self._engine, self._config = engine, config
        self._policy = Policy(config.schedule, config.disable_after)

    def run(self, stop: threading.Event) -> None:
        asyncio.run(self._run(stop))

    async def _run(self, stop: threading.Event) -> None:
        config = self._config
        pool = ThreadPoolExecutor(config.concurrency + 4, thread_name_prefix="webhooks")
        asyncio.get_running_loop().set_default_executor(pool)
        limits = httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=10)
        async with httpx.AsyncClient(limits=limits, trust_env=False) as client:
            flying: set[asyncio.Task[None]] = set()
            while not stop.is_set():
                free = config.concurrency - len(flying)
                claimed = await asyncio.to_thread(self._claim, free) if free > 0 else []
                flying |= {asyncio.create_task(self._deliver(client, c)) for c in claimed}
                if claimed and len(flying) < config.concurrency:
                    continue  # more may be due
                if flying:
                    done, flying = await asyncio.wait(
                        flying, timeout=config.idle_seconds, return_when=asyncio.FIRST_COMPLETED
                    )
                    for task in done:
                        task.result()  # a failed record is a bug: let the worker restart
                else:
                    await asyncio.sleep(config.idle_seconds)
            # Stopping: the attempts in flight end within the timeout and are recorded;
            # those the process does not wait for are sent again after their claim.
            await asyncio.gather(*flying, return_exceptions=True)

    def _claim(self, limit: int) -> list[Claimed]:
        config = self._config
        now = datetime.now(UTC)
        return claim(self._engine, limit, config.per_endpoint, config.lease, now)

    async def _deliver(self, client: httpx.AsyncClient, claimed: Claimed) -> None:
        started = time.monotonic()
        answer = await self._attempt(client, claimed)
        seconds = time.monotonic() - started
        metrics.ATTEMPT_SECONDS.observe(seconds)
        settled = await asyncio.to_thread(
            record, self._engine, claimed, answer, seconds, self._policy
        )
        if settled is None:
            return
        outcome = {DeliveryStatus.DELIVERED: "delivered", DeliveryStatus.PENDING: "retried"}.get(
            settled.status, "failed"
        )
        metrics.OUTCOMES[outcome].inc()
        if settled.disable:
            metrics.ENDPOINTS_DISABLED.labels(claimed.partner).inc()

    async def _attempt(self, client: httpx.AsyncClient, claimed: Claimed) -> Answer:
        # Checked again before every attempt: the host's addresses may have changed since
        # it was registered (DNS rebinding).
        try:
            await asyncio.to_thread(
                check_url, claimed.url, self._config.allow_private, system_resolver
            )
        except UrlRefusedError as refused:
            return Answer(None, f"url refused: {refused}")
        return await sender.post(client, claimed, self._config.timeout_seconds)
