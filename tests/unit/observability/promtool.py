"""A thin wrapper around the promtool command line."""

import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Result:
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


@dataclass(frozen=True)
class Promtool:
    path: Path

    def run(self, *args: str | Path) -> Result:
        done = subprocess.run(
            [str(self.path), *map(str, args)], capture_output=True, text=True, timeout=120
        )
        return Result(done.returncode, done.stdout + done.stderr)

    def parse_expressions(self, expressions: dict[str, str], folder: Path) -> Result:
        """Checks that every expression parses: promtool validates each as the expression
        of a recording rule (there is no server to run `promtool query` against)."""
        rules = [{"record": name, "expr": expr} for name, expr in expressions.items()]
        path = folder / "expressions.rules.yml"
        path.write_text(yaml.safe_dump({"groups": [{"name": "parse-only", "rules": rules}]}))
        return self.run("check", "rules", path)
