"""How a service's routes get their collaborators: typed, without a bag of parts.

Each service has a ``deps.py`` holding a frozen dataclass of what its routes need and an
``Annotated`` alias built with ``provide``; its ``mount`` registers one instance with the
app. A route then names the alias as a parameter type, as the FastAPI template does with
its session dependency, and a test can mount other collaborators the same way.
"""

from collections.abc import Callable
from typing import Any, TypeVar, cast

from fastapi import APIRouter, FastAPI, Request

T = TypeVar("T")


def mount(app: FastAPI, router: APIRouter, deps: object) -> None:
    """Serve ``router`` on ``app``, its routes given ``deps`` (one instance per type)."""
    register(app, deps)
    app.include_router(router)


def register(app: FastAPI, deps: object) -> None:
    """Make ``deps`` what ``provide(type(deps))`` yields on this app."""
    registry = _registry(app)
    if type(deps) in registry:
        raise ValueError(f"{type(deps).__name__} is registered twice")
    registry[type(deps)] = deps


def provide(kind: type[T]) -> Callable[[Request], T]:
    """A FastAPI dependency that yields the mounted instance of ``kind``."""

    def dependency(request: Request) -> T:
        return cast(T, _registry(request.app)[kind])

    dependency.__name__ = f"provide_{kind.__name__}"
    return dependency


def lookup(app: Any, kind: type[T]) -> T | None:
    """The instance of ``kind`` registered on ``app``, if any (for code outside a
    dependency, e.g. a route class)."""
    return cast(T | None, _registry(app).get(kind))


def _registry(app: FastAPI) -> dict[type[Any], object]:
    if not hasattr(app.state, "deps"):
        app.state.deps = {}
    registry: dict[type[Any], object] = app.state.deps
    return registry
