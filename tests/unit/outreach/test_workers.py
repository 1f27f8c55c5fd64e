"""Background workers stop on request: each finishes the batch it holds, within a bound."""

import threading

from outreach.workers import Workers


def test_a_stop_lets_each_loop_finish_and_commit_the_batch_it_holds() -> None:
    in_batch, release = threading.Event(), threading.Event()
    committed: list[int] = []

    def projection(stop: threading.Event) -> None:
        while not stop.is_set():
            in_batch.set()
            release.wait()  # a batch in progress when the stop comes
            committed.append(len(committed) + 1)

    workers = Workers()
    workers.add("projection", projection)
    workers.start()
    in_batch.wait()
    unfinished: list[list[str]] = []
    stopping = threading.Thread(target=lambda: unfinished.append(workers.shutdown(30)))
    stopping.start()
    workers.stop.wait()
    release.set()
    stopping.join()
    assert committed == [1]  # the batch in hand was finished, no new one begun
    assert unfinished == [[]]


def test_loops_still_busy_at_the_bound_are_named_and_not_waited_for() -> None:
    release = threading.Event()

    def busy(_stop: threading.Event) -> None:
        release.wait()  # ignores the stop

    workers = Workers()
    for name in ("relay", "projection"):
        workers.add(name, busy)
    workers.start()
    try:
        assert workers.shutdown(0.05) == ["relay", "projection"]
    finally:
        release.set()
