"""A per-key rate limit: a token bucket per API key, in this process (docs/adr/0006).

Each key may send ``rate`` requests a second on average and ``burst`` at once. Buckets
exist only for keys that authenticated, so their number is bounded by the keys issued,
whatever a caller sends. Behind a load balancer each process keeps its own buckets: the
limit is per process, which bounds what one partner can take from each.
"""

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(
        self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """``rate`` 0 turns the limit off."""
        self._rate = rate
        self._burst = max(burst, 1)
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self._rate > 0

    def take(self, key: str) -> float:
        """Spend one token of ``key``'s bucket: 0 when allowed, else the seconds to wait."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        with self._lock:
            bucket = self._buckets.setdefault(key, _Bucket(float(self._burst), now))
            elapsed = max(now - bucket.updated, 0.0)
            bucket.tokens = min(self._burst, bucket.tokens + elapsed * self._rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / self._rate


def retry_after(wait_seconds: float) -> str:
    """``Retry-After`` takes whole seconds; never 0, or a client would retry at once."""
    return str(max(1, math.ceil(wait_seconds)))
