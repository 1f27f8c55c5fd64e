"""Run calls at the same moment from many threads, and keep every result and error."""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Race(Generic[T]):
    results: list[T] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


def race(calls: Sequence[Callable[[], T]]) -> Race[T]:
    """Start every call behind one barrier, so that they really overlap; wait for all."""
    outcome: Race[T] = Race()
    barrier = threading.Barrier(len(calls))
    lock = threading.Lock()

    def run(call: Callable[[], T]) -> None:
        barrier.wait()
        try:
            result = call()
        except BaseException as error:  # surfaced to the test, never swallowed
            with lock:
                outcome.errors.append(error)
            return
        with lock:
            outcome.results.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome
