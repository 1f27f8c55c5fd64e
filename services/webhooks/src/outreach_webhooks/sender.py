"""One attempt: the delivery signed per Standard Webhooks and POSTed, answered or not.

The signature is the ``standardwebhooks`` library's, so that a receiver verifying with any
Standard Webhooks library agrees with us byte for byte. ``webhook-timestamp`` is the
attempt's time (receivers refuse stale ones); the body, and so ``webhook-id``, are the
same on every attempt. Redirects are not followed (a 3xx could point anywhere, e.g. at a
private address) and the answer's body is never read: only its status counts.
"""

from collections.abc import Mapping
from datetime import UTC, datetime

import httpx
from standardwebhooks import Webhook

from outreach_webhooks.claims import Claimed
from outreach_webhooks.outcomes import Answer

USER_AGENT = "OutreachDiagnostics-Webhooks/1.0"


def signed_headers(claimed: Claimed, now: datetime) -> dict[str, str]:
    moment = now.astimezone(UTC)
    return {
        "webhook-id": claimed.delivery_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": Webhook(claimed.secret).sign(
            claimed.delivery_id, moment, claimed.payload
        ),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


async def post(client: httpx.AsyncClient, claimed: Claimed, timeout: float) -> Answer:
    headers: Mapping[str, str] = signed_headers(claimed, datetime.now(UTC))
    request = client.build_request(
        "POST", claimed.url, content=claimed.payload.encode(), headers=headers, timeout=timeout
    )
    try:
        response = await client.send(request, stream=True, follow_redirects=False)
        await response.aclose()
    except httpx.TimeoutException:
        return Answer(None, f"no answer within {timeout:g} s")
    except httpx.HTTPError as error:
        return Answer(None, f"{type(error).__name__}: {error}"[:300])
    return Answer(response.status_code)
