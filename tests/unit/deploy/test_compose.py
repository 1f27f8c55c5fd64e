"""docker-compose.yml describes the real topology: no Docker engine runs here, so this is
the proof that every service, port, setting, build file and mount it names exists."""

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from outreach.settings import DEFAULT_PORTS, OutreachSettings, Role

REPO = Path(__file__).resolve().parents[3]
COMPOSE = REPO / "docker-compose.yml"
ROLES = {role.value: role for role in Role if role is not Role.EMBEDDED}
IMAGES = {
    "kafka": "apache/kafka",
    "postgres": "postgres",
    "prometheus": "prom/prometheus",
    "grafana": "grafana/grafana",
}
HOST_PORTS = {"kafka": 9092, "postgres": 5432, "prometheus": 9090, "grafana": 3000}
INTERPOLATION = re.compile(r"\$\{(\w+)(?::?[?-][^}]*)?\}")
DEFAULTED = re.compile(r"\$\{\w+:-([^}]*)\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


def _setting_names() -> set[str]:
    """Every OUTREACH_* variable OutreachSettings reads, nested ones as PREFIX__FIELD."""
    names = set()
    for name, field in OutreachSettings.model_fields.items():
        names.add(f"OUTREACH_{name.upper()}")
        nested = field.annotation
        if isinstance(nested, type) and issubclass(nested, BaseModel):
            names |= {f"OUTREACH_{name.upper()}__{sub.upper()}" for sub in nested.model_fields}
    return names


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def _bindings(service: dict[str, Any]) -> list[tuple[str, int, int]]:
    """(host address, host port, container port) of each published port, with compose's
    defaults filled in as an unset environment would: ``${VAR:-default}``."""
    bindings = []
    for mapping in service.get("ports", []):
        parts = DEFAULTED.sub(r"\1", str(mapping)).split(":")
        address = parts[0] if len(parts) == 3 else "0.0.0.0"  # compose's own default
        bindings.append((address, int(parts[-2]), int(parts[-1])))
    return bindings


def _published(service: dict[str, Any]) -> dict[int, int]:
    """Host port to container port."""
    return {host: container for _, host, container in _bindings(service)}


def _command(service: dict[str, Any]) -> list[str]:
    command = service["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def test_the_whole_topology_is_there(services: dict[str, dict[str, Any]]) -> None:
    assert set(services) == set(ROLES) | set(IMAGES)
    for name, image in IMAGES.items():
        assert services[name]["image"].split(":")[0] == image, name
    for name, port in HOST_PORTS.items():
        assert _published(services[name]).get(port) == port, name


@pytest.mark.parametrize("name", sorted(ROLES))
def test_each_service_runs_its_role_on_its_port(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    service, role = services[name], ROLES[name]
    assert _command(service) == ["outreach", "serve", role.value]
    env = _environment(service)
    port = DEFAULT_PORTS[role]
    assert env["OUTREACH_PORT"] == str(port)
    assert _published(service) == {port: port}
    assert env["OUTREACH_HOST"] == "0.0.0.0"  # reachable from the other containers
    assert env["OUTREACH_STORE"] == "postgres"
    assert env["OUTREACH_PG_HOST"] == "postgres"
    assert env["OUTREACH_KAFKA_BOOTSTRAP"].split(":")[0] in services
    assert {"postgres", "kafka"} <= set(service["depends_on"])


@pytest.mark.parametrize("name", sorted(ROLES))
def test_every_setting_is_a_real_one_and_valid(
    services: dict[str, dict[str, Any]], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _environment(services[name])
    outreach_vars = {key for key in env if key.startswith("OUTREACH_")}
    assert outreach_vars <= _setting_names(), outreach_vars - _setting_names()
    assert outreach_vars == set(env), "only OUTREACH_* settings are passed"
    for key, value in env.items():
        # ${VAR:?message} is filled in by compose from the caller's environment.
        monkeypatch.setenv(key, INTERPOLATION.sub("a-real-secret-from-the-caller", value))
    settings = OutreachSettings()
    assert settings.port_for(ROLES[name]) == DEFAULT_PORTS[ROLES[name]]
    assert settings.pg_password is not None


def test_the_database_password_has_no_default(services: dict[str, dict[str, Any]]) -> None:
    for name in (*ROLES, "postgres"):
        env = _environment(services[name])
        password = env.get("OUTREACH_PG_PASSWORD") or env["POSTGRES_PASSWORD"]
        assert re.fullmatch(r"\$\{OUTREACH_PG_PASSWORD:\?[^}]+\}", password), (name, password)


def test_the_relay_runs_once(services: dict[str, dict[str, Any]]) -> None:
    assert _environment(services["intake"])["OUTREACH_RELAY_IN_INTAKE"] == "false"
    assert _command(services["relay"])[-1] == "relay"


@pytest.mark.parametrize("name", sorted(ROLES))
def test_each_role_runs_the_one_image_with_its_command(
    services: dict[str, dict[str, Any]], name: str
) -> None:
    build = services[name]["build"]
    context = REPO / build["context"]
    dockerfile = context / build["dockerfile"]
    assert context.resolve() == REPO
    assert dockerfile.is_file(), dockerfile
    text = dockerfile.read_text()
    for source in re.findall(r"^COPY\s+(\S+)\s+\S+\s*$", text, flags=re.MULTILINE):
        assert (context / source).exists(), f"{dockerfile}: COPY {source}"
    installed = set(re.findall(r"\./((?:libs|services)/\w+)", text))
    packages = {
        str(p.parent.relative_to(REPO))
        for top in ("libs", "services")
        for p in (REPO / top).glob("*/pyproject.toml")
    }
    assert installed == packages, "all libs, the services and the `outreach` command"
    assert dockerfile == REPO / "Dockerfile", "one image for every role"
    assert _command(services[name]) == ["outreach", "serve", name]
    assert str(DEFAULT_PORTS[ROLES[name]]) in re.findall(r"^EXPOSE (.+)$", text, re.M)[0].split()


def test_every_mounted_file_exists(services: dict[str, dict[str, Any]]) -> None:
    mounts = [
        (name, str(volume).split(":")[0])
        for name, service in services.items()
        for volume in service.get("volumes", [])
    ]
    binds = [(name, source) for name, source in mounts if source.startswith(".")]
    assert binds, "Prometheus and Grafana mount the repository's configuration"
    for name, source in binds:
        assert (REPO / source).exists(), f"{name} mounts {source}, which does not exist"
    assert ("prometheus", "./deploy/prometheus/prometheus.compose.yml") in binds
    assert ("prometheus", "./deploy/prometheus/alerts.yml") in binds
    assert ("grafana", "./deploy/grafana/provisioning") in binds
    assert ("grafana", "./deploy/grafana/dashboards") in binds


def test_prometheus_scrapes_every_service_where_it_listens(
    services: dict[str, dict[str, Any]],
) -> None:
    config = yaml.safe_load((REPO / "deploy/prometheus/prometheus.compose.yml").read_text())
    targets = {
        job["job_name"]: target
        for job in config["scrape_configs"]
        for static in job["static_configs"]
        for target in static["targets"]
    }
    assert set(targets) == set(ROLES)
    for job, target in targets.items():
        host, port = target.split(":")
        assert host == job
        assert host in services
        assert _environment(services[host])["OUTREACH_PORT"] == port
    volume = next(v for v in services["prometheus"]["volumes"] if "compose.yml" in v)
    assert f"--config.file={volume.split(':')[1]}" in services["prometheus"]["command"]


def test_grafana_finds_prometheus_and_the_dashboards(services: dict[str, dict[str, Any]]) -> None:
    grafana = {str(v).split(":")[0]: str(v).split(":")[1] for v in services["grafana"]["volumes"]}
    assert grafana["./deploy/grafana/provisioning"] == "/etc/grafana/provisioning"
    provider = yaml.safe_load(
        (REPO / "deploy/grafana/provisioning/dashboards/outreach.yml").read_text()
    )
    assert grafana["./deploy/grafana/dashboards"] == provider["providers"][0]["options"]["path"]
    datasource = yaml.safe_load(
        (REPO / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text()
    )
    url = datasource["datasources"][0]["url"]
    assert url == f"http://prometheus:{HOST_PORTS['prometheus']}"


# What a host running this file exposes (issue 10) -------------------------------------


def test_every_published_port_is_bound_to_loopback_by_default(
    services: dict[str, dict[str, Any]],
) -> None:
    bindings = {name: _bindings(service) for name, service in services.items()}
    assert all(bindings.values()), "every service publishes its port"
    for name, published in bindings.items():
        assert {address for address, _, _ in published} == {"127.0.0.1"}, name


def test_prometheus_has_no_lifecycle_api(services: dict[str, dict[str, Any]]) -> None:
    assert not any("lifecycle" in part for part in _command(services["prometheus"]))


def test_grafana_asks_for_a_password_that_has_no_default(
    services: dict[str, dict[str, Any]],
) -> None:
    env = _environment(services["grafana"])
    assert env["GF_AUTH_ANONYMOUS_ENABLED"] == "false"
    assert "GF_AUTH_ANONYMOUS_ORG_ROLE" not in env
    password = env["GF_SECURITY_ADMIN_PASSWORD"]
    assert re.fullmatch(r"\$\{GRAFANA_ADMIN_PASSWORD:\?[^}]+\}", password), password


def test_the_readme_says_what_production_needs_beyond_this_file() -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("\n## Production\n", 1)[1].split("\n## ", 1)[0]
    for needed in ("SASL", "TLS", "secret", "127.0.0.1", "GRAFANA_ADMIN_PASSWORD"):
        assert needed in section, needed


def test_metrics_need_the_token_that_prometheus_reads_from_a_secret(
    services: dict[str, dict[str, Any]],
) -> None:
    compose = yaml.safe_load(COMPOSE.read_text())
    assert compose["secrets"]["metrics_token"] == {"environment": "OUTREACH_METRICS_TOKEN"}
    assert services["prometheus"]["secrets"] == ["metrics_token"]
    for role in ROLES:
        token = _environment(services[role])["OUTREACH_METRICS_TOKEN"]
        assert token.startswith("${OUTREACH_METRICS_TOKEN:?"), "no default token"
