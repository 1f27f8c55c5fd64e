from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from outreach_webhooks.fanout import Subscriber, advance, delivery_id, plan
from outreach_webhooks.messages import VerdictChange

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
GRACE = timedelta(seconds=60)


def change(seq: int, partner: str = "acme", at: datetime = T0) -> VerdictChange:
    return VerdictChange(
        seq, partner, f"c{seq}", "presentation", "ok", "problem", date(2026, 12, 1), "v1", at
    )


def subscriber(endpoint: str, partner: str = "acme", created: datetime = T0) -> Subscriber:
    return Subscriber(endpoint, partner, frozenset({"diagnosis.changed"}), created)


def test_one_delivery_per_change_and_endpoint_of_the_changes_partner() -> None:
    subs = [subscriber("ep_a"), subscriber("ep_b"), subscriber("ep_z", partner="zeta")]
    planned = plan([change(1), change(2, "zeta")], subs)
    assert sorted((p.endpoint_id, p.change.seq) for p in planned) == [
        ("ep_a", 1),
        ("ep_b", 1),
        ("ep_z", 2),
    ]


def test_planning_twice_gives_the_same_delivery_ids() -> None:
    subs = [subscriber("ep_a"), subscriber("ep_b")]
    first = [p.delivery_id for p in plan([change(1), change(2)], subs)]
    again = [p.delivery_id for p in plan([change(2), change(1)], list(reversed(subs)))]
    assert sorted(first) == sorted(again)
    assert len(set(first)) == 4


def test_delivery_ids_differ_by_endpoint_and_change() -> None:
    ids = {delivery_id(e, s) for e in ("ep_a", "ep_b") for s in (1, 2, 12)}
    assert len(ids) == 6
    assert all(i.startswith("msg_") and len(i) <= 40 for i in ids)


def test_an_endpoint_is_not_sent_changes_from_before_it_existed() -> None:
    late = subscriber("ep_late", created=T0 + timedelta(seconds=1))
    assert plan([change(1)], [late]) == []


def test_an_endpoint_that_does_not_subscribe_gets_nothing() -> None:
    other = replace(subscriber("ep_a"), events=frozenset({"something.else"}))
    assert plan([change(1)], [other]) == []


def test_the_watermark_follows_contiguous_rows() -> None:
    assert advance(0, [change(1), change(2), change(3)], T0, GRACE) == 3
    assert advance(5, [], T0, GRACE) == 5


def test_the_watermark_stops_below_a_young_gap() -> None:
    # seq 3 is still being written by a slower transaction: passing 4 would skip it.
    rows = [change(1), change(2), change(4), change(5)]
    assert advance(0, rows, T0 + timedelta(seconds=5), GRACE) == 2


def test_the_watermark_passes_a_gap_once_the_row_after_it_is_old() -> None:
    rows = [change(1), change(2), change(4), change(5)]
    assert advance(0, rows, T0 + GRACE, GRACE) == 5


def test_rows_in_any_order_advance_the_same() -> None:
    rows = [change(3), change(1), change(2)]
    assert advance(0, rows, T0, GRACE) == 3
