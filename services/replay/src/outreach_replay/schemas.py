"""What a replay run looks like to one partner's auditor: ``GET /v1/replays`` and
``outreach replays --partner``."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

_DIGEST: JsonDict = {"candidates": 8, "digest": "9b2f6c1e0d4a7f3b..."}


class StoreDigest(BaseModel):
    candidates: int = Field(description="the partner's candidates in that store")
    digest: str = Field(description="SHA-256 over their canonical states, in candidate order")


class Differing(BaseModel):
    candidate_id: str = Field(description="the partner's id for the candidate")
    kind: str = Field(
        description="differs (both stores hold it, differently), missing (not in the live "
        "read model), unexpected (only in the live read model)"
    )


class PartnerRun(BaseModel):
    run_id: int = Field(description="the run's number")
    started_at: datetime = Field(description="when the run started")
    finished_at: datetime = Field(description="when it finished")
    operator: str = Field(description="who ran it")
    source: str = Field(description="where it read the events: store or kafka")
    partner: str = Field(description="the partner this view is of (the caller)")
    events: int = Field(description="the partner's events the run read")
    newest_received_at: datetime | None = Field(
        description="when the newest of those events was received"
    )
    live: StoreDigest | None = Field(description="the partner's share of the live read model")
    replay: StoreDigest | None = Field(description="the partner's share of the rebuilt one")
    matched: bool = Field(description="whether the two are the same")
    differing: int = Field(description="how many of the partner's candidates differ")
    differing_candidates: list[Differing] = Field(description="the differing candidates")


class Replays(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "replays": [
                        {
                            "run_id": 1,
                            "started_at": "2026-11-02T09:00:00Z",
                            "finished_at": "2026-11-02T09:00:41Z",
                            "operator": "ops@host",
                            "source": "kafka",
                            "partner": "acme",
                            "events": 1200,
                            "newest_received_at": "2026-11-02T08:59:58Z",
                            "live": _DIGEST,
                            "replay": _DIGEST,
                            "matched": True,
                            "differing": 0,
                            "differing_candidates": [],
                        }
                    ]
                }
            ]
        }
    )

    replays: list[PartnerRun] = Field(description="the runs, newest first")
