import json
from datetime import UTC, date, datetime, timedelta, timezone

from standardwebhooks import Webhook

from outreach_webhooks.claims import Claimed
from outreach_webhooks.endpoints import new_secret
from outreach_webhooks.messages import VerdictChange, diagnosis_changed, encode
from outreach_webhooks.sender import signed_headers

CHANGE = VerdictChange(
    seq=7,
    partner="acme",
    candidate_id="cand 42/ü",
    reason="too_few_contacts",
    from_status=None,
    to_status="problem",
    as_of=date(2026, 12, 1),
    rules_version="2026.12",
    changed_at=datetime(2026, 12, 1, 13, 0, tzinfo=timezone(timedelta(hours=1))),
)


def test_the_body_carries_the_change_as_the_contract_names_it() -> None:
    body = diagnosis_changed(CHANGE)
    assert body == {
        "type": "diagnosis.changed",
        "timestamp": "2026-12-01T12:00:00Z",
        "data": {
            "partner": "acme",
            "candidate_id": "cand 42/ü",
            "reason": "too_few_contacts",
            "from": None,
            "to": "problem",
            "as_of": "2026-12-01",
            "rules_version": "2026.12",
        },
    }


def test_with_a_public_url_the_body_links_to_the_diagnosis_of_that_day() -> None:
    data = diagnosis_changed(CHANGE, "https://api.example/")["data"]
    assert data["diagnosis_url"] == (
        "https://api.example/v1/candidates/cand%2042%2F%C3%BC/diagnosis?as_of=2026-12-01"
    )


def test_a_signed_delivery_verifies_with_the_standard_webhooks_library() -> None:
    secret = new_secret()
    payload = encode(diagnosis_changed(CHANGE))
    claimed = Claimed("msg_1", "ep_1", "acme", "https://x", secret, payload, 0, "t")
    headers = signed_headers(claimed, datetime.now(UTC))
    assert headers["webhook-id"] == "msg_1"
    assert headers["webhook-signature"].startswith("v1,")
    assert Webhook(secret).verify(payload, headers) == json.loads(payload)


def test_a_signature_does_not_verify_with_another_secret_or_body() -> None:
    secret, payload = new_secret(), encode(diagnosis_changed(CHANGE))
    claimed = Claimed("msg_1", "ep_1", "acme", "https://x", secret, payload, 0, "t")
    headers = signed_headers(claimed, datetime.now(UTC))
    for verifier, body in ((Webhook(new_secret()), payload), (Webhook(secret), payload + " ")):
        try:
            verifier.verify(body, headers)
        except Exception as error:
            assert type(error).__name__ == "WebhookVerificationError"  # noqa: PT017
        else:
            raise AssertionError("a wrong signature verified")


def test_a_secret_is_whsec_and_24_random_bytes() -> None:
    import base64

    secret = new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 24
    assert secret != new_secret()
