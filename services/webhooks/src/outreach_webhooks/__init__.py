"""Signed webhooks (ADR 0014): a partner registers endpoints; every verdict change becomes
one delivery per subscribed endpoint (the fan-out), which the deliverer sends, signed per
the Standard Webhooks specification, until a 2xx acknowledges it or its retries run out."""
