"""The garbage collector's settings for a process that handles batches for hours.

A batch of 500 events makes a few hundred thousand short-lived objects. CPython's defaults
(a young collection every 700 allocations, a full one when enough survive) made a full
collection walk the whole heap, the app's modules, schemas and caches included, six times
in 48 batches: 100 ms each, 15 ms a request on average and a 100 ms stall at random
(ADR 0012, eighth round). Reference counting frees almost all of a batch's objects; the
collector only has cycles to find.
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
