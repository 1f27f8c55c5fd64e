"""What ``GET /v1/candidates/{id}/export`` and ``DELETE /v1/candidates/{id}`` answer."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from outreach_contract.v1 import Diagnosis
from outreach_diagnostics.schemas import CandidateStateView
from outreach_intake.schemas import AuditEntry, AuditTrail


def _example(model: type[BaseModel]) -> Any:
    """The example a part's own schema shows: the export's example is made of them, so
    the three cannot drift apart."""
    extra = model.model_config.get("json_schema_extra")
    assert isinstance(extra, dict)
    examples = extra["examples"]
    assert isinstance(examples, list)
    return examples[0]


class CandidateExport(BaseModel):
    """Everything held about one candidate, in one document (GDPR articles 15 and 20)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "partner": "acme",
                    "candidate_id": "cand-42",
                    "exported_at": "2026-11-02T09:00:00Z",
                    "events": _example(AuditTrail)["events"],
                    "state": _example(CandidateStateView),
                    "diagnosis": _example(Diagnosis),
                }
            ]
        }
    )

    partner: str = Field(description="the partner whose candidate it is (the caller)")
    candidate_id: str = Field(description="the partner's id for the candidate")
    exported_at: datetime = Field(description="when this copy was made")
    events: list[AuditEntry] = Field(
        description="every event as received (personal fields opened), with its receipts, "
        "position and Kafka placement"
    )
    state: CandidateStateView | None = Field(
        description="the projected state with every fact; null until the projection has it"
    )
    diagnosis: Diagnosis | None = Field(
        description="the seven reasons as of today; null until the projection has the state"
    )


class ErasureReceipt(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "partner": "acme",
                    "candidate_id": "cand-43",
                    "key_id": "9f2c4e1a7b3d5c60",
                    "erased_at": "2026-11-02T09:00:00Z",
                    "rows_deleted": 41,
                }
            ]
        }
    )

    partner: str = Field(description="the partner whose candidate it was (the caller)")
    candidate_id: str = Field(description="the partner's id for the erased candidate")
    key_id: str | None = Field(description="the data key destroyed; null if there was none")
    erased_at: datetime = Field(description="when the key was destroyed")
    rows_deleted: int = Field(description="copies removed from the read model")
