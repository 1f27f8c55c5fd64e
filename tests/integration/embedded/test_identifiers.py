"""A candidate id that could never be read back is refused when it is first sent."""

import pytest

from tests.support.embedded import Embedded
from tests.support.factories import sent


@pytest.mark.parametrize("bad", ["team/ana", "ana?x=1", "ana#2", "100%", "ana lopez", ".."])
def test_an_unaddressable_candidate_id_is_a_422_naming_the_field(
    shared_embedded: Embedded, shared_key: str, bad: str
) -> None:
    events = [sent("c0", candidate_id="fine-id"), sent("c1", candidate_id=bad)]
    with shared_embedded.client(shared_key) as client:
        response = client.post("/v1/events", json={"events": events})
        assert response.status_code == 422, response.text
        [error] = response.json()["errors"]
        assert (error["index"], error["field"]) == (1, "events[1].candidate_id")
        assert "URL path segment" in error["problem"]
        assert "events[1].candidate_id" in response.json()["detail"]
        # All or nothing: the good event of the batch was not stored either.
        assert client.get("/v1/candidates/fine-id/events").status_code == 404


def test_a_candidate_id_with_dots_and_symbols_is_stored_and_read_back(
    shared_embedded: Embedded, shared_key: str
) -> None:
    candidate = "ana.lopez+2@acme:7"
    with shared_embedded.client(shared_key) as client:
        posted = client.post("/v1/events", json={"events": [sent("c0", candidate_id=candidate)]})
        assert posted.status_code == 202, posted.text
        trail = client.get(f"/v1/candidates/{candidate}/events")
        assert trail.status_code == 200, trail.text
        assert trail.json()["candidate_id"] == candidate
