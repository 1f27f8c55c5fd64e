"""The per-key token bucket: a burst, then the rate, each key on its own."""

from outreach_platform.http.ratelimit import RateLimiter, retry_after


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_allowed_then_the_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=2.0, burst=3, clock=clock)
    assert [limiter.take("k") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("k") == 0.5  # one token comes back every half second
    clock.now += 0.5
    assert limiter.take("k") == 0.0
    assert limiter.take("k") > 0


def test_keys_have_their_own_buckets() -> None:
    limiter = RateLimiter(rate=1.0, burst=1, clock=Clock())
    assert limiter.take("a") == 0.0
    assert limiter.take("a") > 0
    assert limiter.take("b") == 0.0


def test_an_idle_key_refills_to_its_burst_only() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=10.0, burst=2, clock=clock)
    limiter.take("k")
    clock.now += 3600
    assert [limiter.take("k") for _ in range(3)][-1] > 0


def test_rate_zero_turns_the_limit_off() -> None:
    limiter = RateLimiter(rate=0, burst=1, clock=Clock())
    assert all(limiter.take("k") == 0.0 for _ in range(100))


def test_retry_after_is_whole_seconds_and_never_zero() -> None:
    assert retry_after(0.01) == "1"
    assert retry_after(1.2) == "2"
