"""The garbage collector's settings for a process that handles batches for hours.

A batch of 500 events makes many short-lived objects. With CPython's defaults (a young
collection every 700 allocations, a full one when enough survive), a full collection
walked the whole heap, the app's modules, schemas and caches included, six times in 48
batches of the intake: about 100 ms each, 16 ms a request on average, and a 100 ms stall
for whichever request met one (ADR 0012, eighth round). Reference counting frees a
batch's objects; the collector only has cycles to find.
"""

import gc

YOUNG_THRESHOLD = 20_000
"""Allocations between young collections (CPython's default: 700)."""


def settle() -> None:
    """Call once what the process keeps for its life is built, before it takes work: those
    objects move to the collector's permanent generation, which no collection walks."""
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
