"""A small HTTP client for the benchmark: cookies, CSRF, timings, nothing else.

The standard library's ``http.client`` keeps the client's own cost low and
predictable; every request opens a fresh connection, as gunicorn's sync
workers close each one after the response anyway.
"""

from __future__ import annotations

import http.client
import json
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: dict[str, str]
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class BenchError(RuntimeError):
    """Something the benchmark needs did not work; the message says what."""


@dataclass
class Client:
    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""
    timeout: float = 120.0

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        all_headers = {"Host": f"{self.host}:{self.port}", "Connection": "close", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            raw = connection.getresponse()
            data = raw.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header, value in raw.getheaders():
            if header.lower() == "set-cookie":
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
        return Response(
            status=raw.status, body=data, headers={k.lower(): v for k, v in raw.getheaders()}, seconds=seconds
        )

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_json(self, path: str, payload: object) -> Response:
        headers = {"Content-Type": "application/json"}
        if not self.token and "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        return self.request("POST", path, body=json.dumps(payload).encode(), headers=headers)

    def login(self, username: str, password: str) -> None:
        page = self.get("/login/")
        match = CSRF_INPUT.search(page.text)
        if page.status != 200 or not match:
            raise BenchError(f"GET /login/ answered {page.status} without a CSRF token")
        form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)})
        answer = self.request(
            "POST",
            "/login/",
            body=form.encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}:{self.port}/",
            },
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise BenchError(f"logging in as {username} answered {answer.status}, not a redirect with a session")

    def create_token(self, name: str) -> str:
        answer = self.post_json("/api/tokens", {"name": name})
        if answer.status != 201:
            raise BenchError(f"POST /api/tokens answered {answer.status}: {answer.text[:200]}")
        return str(answer.json()["secret"])
