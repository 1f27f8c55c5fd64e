"""The shared settings build database addresses that survive any password."""

import pytest
from sqlalchemy import make_url

from outreach_platform.settings import Settings

AWKWARD = "p@ss/w:rd#%25 x?&="


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    for key, value in {
        "OUTREACH_STORE": "postgres",
        "OUTREACH_PG_USER": "out@reach",
        "OUTREACH_PG_PASSWORD": AWKWARD,
        "OUTREACH_PG_HOST": "db.internal",
        "OUTREACH_PG_PORT": "6432",
        "OUTREACH_PG_DBNAME": "outreach/prod",
    }.items():
        monkeypatch.setenv(key, value)
    return Settings()


def test_the_database_url_escapes_every_part(settings: Settings) -> None:
    url = make_url(settings.database_url())
    assert (url.drivername, url.username, url.password) == (
        "postgresql+psycopg",
        "out@reach",
        AWKWARD,
    )
    assert (url.host, url.port, url.database) == ("db.internal", 6432, "outreach/prod")


def test_the_event_store_gets_the_password_as_it_is(settings: Settings) -> None:
    env = settings.event_store_env()
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("out@reach", AWKWARD)
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == (
        "db.internal",
        "6432",
        "outreach/prod",
    )
