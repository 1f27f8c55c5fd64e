"""Bearer-key authentication and the rate limit (before the body is read), and scopes.

FastAPI reads and parses a request's body before it runs any dependency, so a dependency
cannot refuse a caller without a key before the body arrives. ``authenticate`` runs
earlier instead, from every ``PartnerRoute`` (routes.py) once the request is routed and
before its handler reads the body: no valid key is a 401, over the key's rate a 429.
Routes then check scopes with ``require(scope)`` (403).
"""

from collections.abc import Callable
from typing import Annotated

from anyio import to_thread
from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from outreach_platform.http.deps import lookup, provide
from outreach_platform.http.errors import ProblemError
from outreach_platform.http.ratelimit import RateLimiter, retry_after
from outreach_platform.keys import KeyStore, Principal, Scope

UNAUTHORIZED = "missing or invalid API key: send 'Authorization: Bearer <key>'"
_CHALLENGE = {"WWW-Authenticate": "Bearer"}
_bearer = HTTPBearer(auto_error=False, description="An API key from `outreach keys create`.")
Keys = Annotated[KeyStore, Depends(provide(KeyStore))]


async def authenticate(request: Request) -> Principal:
    """The caller, kept on ``request.state``; or a 401 / 429 ``ProblemError``."""
    keys = lookup(request.app, KeyStore)
    key = bearer_key(request.headers.get("authorization", ""))
    # The key store is synchronous (SQL): off the event loop, as FastAPI runs sync code.
    principal = await to_thread.run_sync(keys.authenticate, key) if keys and key else None
    if principal is None:
        raise ProblemError(401, UNAUTHORIZED, headers=_CHALLENGE)
    limiter = lookup(request.app, RateLimiter)
    wait = limiter.take(principal.key_id) if limiter else 0.0
    if wait:
        after = retry_after(wait)
        detail = f"this API key is over its rate limit; retry after {after} s"
        raise ProblemError(429, detail, headers={"Retry-After": after})
    request.state.principal = principal
    request.state.partner = principal.partner
    return principal


def bearer_key(authorization: str) -> str | None:
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip() or None


def require(scope: Scope) -> Callable[..., Principal]:
    """A dependency that yields the caller, or answers 401 (no valid key) / 403 (no scope)."""

    def dependency(
        request: Request,
        keys: Keys,
        # The scope in the route's OpenAPI security requirement: what a key needs, said
        # where clients (and the authorization matrix test) read it.
        credentials: Annotated[
            HTTPAuthorizationCredentials | None, Security(_bearer, scopes=[scope.value])
        ],
    ) -> Principal:
        principal: Principal | None = getattr(request.state, "principal", None)
        if principal is None:  # a route of another class: authenticate here
            principal = keys.authenticate(credentials.credentials) if credentials else None
        if principal is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, UNAUTHORIZED, _CHALLENGE)
        if scope not in principal.scopes:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, detail=f"this API key lacks the scope {scope.value!r}"
            )
        request.state.partner = principal.partner
        return principal

    return dependency
