"""Bearer-key authentication and per-route scope checks."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from outreach_platform.http.deps import provide
from outreach_platform.keys import KeyStore, Principal, Scope

_bearer = HTTPBearer(auto_error=False, description="An API key from `outreach keys create`.")
Keys = Annotated[KeyStore, Depends(provide(KeyStore))]


def require(scope: Scope) -> Callable[..., Principal]:
    """A dependency that yields the caller, or answers 401 (no valid key) / 403 (no scope)."""

    def dependency(
        request: Request,
        keys: Keys,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        principal = keys.authenticate(credentials.credentials) if credentials else None
        if principal is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail="missing or invalid API key: send 'Authorization: Bearer <key>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if scope not in principal.scopes:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, detail=f"this API key lacks the scope {scope.value!r}"
            )
        request.state.partner = principal.partner
        return principal

    return dependency
