"""The ceiling of a GET: a bare FastAPI app that answers constant JSON of a given size,
served by uvicorn exactly as ``outreach serve`` serves the product (one process, the same
``uvicorn.run`` call). ``GET /constant/{size}`` returns a JSON document of ``size`` bytes,
built once per size."""

from __future__ import annotations

import argparse
import json
from functools import cache

import uvicorn
from fastapi import FastAPI, Response

app = FastAPI()


@cache
def document(size: int) -> bytes:
    skeleton = json.dumps({"pad": ""}).encode()
    return json.dumps({"pad": "x" * max(size - len(skeleton), 0)}).encode()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/constant/{size}")
def constant(size: int) -> Response:
    return Response(document(size), media_type="application/json")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
