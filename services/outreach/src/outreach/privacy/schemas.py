"""What ``GET /v1/candidates/{id}/export`` and ``DELETE /v1/candidates/{id}`` answer."""

from datetime import datetime

from pydantic import BaseModel, Field

from outreach_contract.v1 import Diagnosis
from outreach_diagnostics.schemas import CandidateStateView
from outreach_intake.schemas import AuditEntry


class CandidateExport(BaseModel):
    """Everything held about one candidate, in one document (GDPR articles 15 and 20)."""

    partner: str
    candidate_id: str
    exported_at: datetime
    events: list[AuditEntry] = Field(
        description="every event as received, with its receipts, position and Kafka placement"
    )
    state: CandidateStateView | None = Field(
        description="the projected state with every fact; null until the projection has it"
    )
    diagnosis: Diagnosis | None = Field(
        description="the seven reasons as of today; null until the projection has the state"
    )


class ErasureReceipt(BaseModel):
    partner: str
    candidate_id: str
    key_id: str | None = Field(description="the data key destroyed; null if there was none")
    erased_at: datetime
    rows_deleted: int = Field(description="copies removed from the read model")
