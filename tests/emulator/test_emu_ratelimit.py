"""Token buckets and the rate limiter, on a fake clock."""

from emulator import Limits, TokenBucket
from emulator.ratelimit import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_bucket_refills_at_rate() -> None:
    clock = FakeClock()
    bucket = TokenBucket(rate=1.0, capacity=2, clock=clock)
    assert bucket.wait_time() == 0
    bucket.take()
    bucket.take()
    assert bucket.wait_time() == 1.0
    clock.now += 0.25
    assert bucket.wait_time() == 0.75
    clock.now += 0.75
    assert bucket.wait_time() == 0


def test_disabled_limiter_never_limits() -> None:
    limiter = RateLimiter(Limits(enabled=False))
    assert all(limiter.acquire(1, False, counts_global=True) is None for _ in range(100))


def test_per_chat_limit_and_retry_after() -> None:
    clock = FakeClock()
    limits = Limits(enabled=True, per_chat_per_second=1.0, per_chat_burst=2)
    limiter = RateLimiter(limits, clock)
    assert limiter.acquire(1, False, counts_global=True) is None
    assert limiter.acquire(1, False, counts_global=True) is None
    assert limiter.acquire(1, False, counts_global=True) == 1
    assert limiter.acquire(2, False, counts_global=True) is None
    clock.now += 1.0
    assert limiter.acquire(1, False, counts_global=True) is None


def test_group_limit_is_per_minute() -> None:
    clock = FakeClock()
    limiter = RateLimiter(Limits(enabled=True, group_per_minute=20, group_burst=1), clock)
    assert limiter.acquire(-5, True, counts_global=True) is None
    assert limiter.acquire(-5, True, counts_global=True) == 3


def test_global_limit_spans_chats_and_a_refusal_consumes_nothing() -> None:
    clock = FakeClock()
    limits = Limits(enabled=True, global_per_second=2, global_burst=2, per_chat_burst=1)
    limiter = RateLimiter(limits, clock)
    assert limiter.acquire(1, False, counts_global=True) is None
    assert limiter.acquire(2, False, counts_global=True) is None
    assert limiter.acquire(3, False, counts_global=True) == 1
    # Edits do not count against the global budget, only the chat's.
    assert limiter.acquire(3, False, counts_global=False) is None
