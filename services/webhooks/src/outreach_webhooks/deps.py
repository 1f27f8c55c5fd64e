"""What the webhooks' routes are given (``outreach_platform.http.deps``)."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from outreach_platform.http.deps import provide
from outreach_webhooks.addresses import Resolver, system_resolver
from outreach_webhooks.deliveries import DeliveryStore
from outreach_webhooks.endpoints import EndpointStore


@dataclass(frozen=True)
class WebhookDeps:
    endpoints: EndpointStore
    deliveries: DeliveryStore
    allow_private: bool
    resolve: Resolver = system_resolver


WebhookDep = Annotated[WebhookDeps, Depends(provide(WebhookDeps))]
