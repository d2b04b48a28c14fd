"""Schemathesis over the OpenAPI schema, against a running Balai: no 5xx, no undocumented answer.

A server of its own (tests/own_server.py: `balai serve` on a database made for this test and
dropped after, the run's kind) with the demo agency, so what the generated requests create,
change or delete touches no other test. Every operation gets a bounded number of generated
requests with a fixed seed, as an administrator and as a member of staff with no role. Checks:
not a server error, a status code the schema documents, the content type it documents.
Requests that would change or remove the two signed-in accounts themselves are not sent (a
random PUT could otherwise lock the run out halfway); they are counted as such.
"""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from balai.testing.support import DEMO_PASSWORD, csrf_from
from tests.own_server import own_server

EXAMPLES = 25  # generated requests per operation and user
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]


@pytest.fixture(scope="module")
def server():
    with own_server() as (url, _log):
        yield url


def _signed_in(url: str, username: str) -> tuple[requests.Session, int]:
    session = requests.Session()
    token = csrf_from(session.get(url + "/login").text)
    answer = session.post(url + "/login", data={"username": username, "password": DEMO_PASSWORD, "next": "/",
                                                "_csrf_token": token}, allow_redirects=False)
    assert answer.status_code == 303, (username, answer.status_code)
    session.headers["x-csrftoken"] = session.cookies.get("balai_csrf")
    me = session.get(url + "/api/core/me").json()
    return session, me["id"]


def _touches(case, own_ids: set[int]) -> bool:
    """True for a request that would change or remove one of the signed-in accounts."""
    if case.method.upper() not in ("PUT", "DELETE", "PATCH"):
        return False
    return any(v in own_ids for v in (case.path_parameters or {}).values()) and "/users/" in case.path


def _run(url: str, username: str) -> tuple[int, int, list[str]]:
    session, my_id = _signed_in(url, username)
    _other, admin_id = _signed_in(url, "admin")
    own = {my_id, admin_id}
    schema = schemathesis.openapi.from_url(url + "/api/schema/openapi.json", headers=dict(session.headers),
                                           cookies=session.cookies.get_dict())
    sent, withheld, failures = 0, 0, []
    for result in schema.get_all_operations():
        operation = result.ok()

        @seed(20261201)
        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def call(case):
            nonlocal sent, withheld
            if _touches(case, own):
                withheld += 1
                return
            sent += 1
            response = case.call(base_url=url, session=session)
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as exc:  # Schemathesis raises one error per failed check group
                failures.append(f"{operation.method.upper()} {operation.path}: {str(exc).splitlines()[0][:200]}")
                raise

        try:
            call()
        except (Exception, BaseExceptionGroup):
            pass  # recorded above, with the operation; the next operation still runs
    return sent, withheld, failures


@pytest.mark.parametrize("username", ["admin", "demo.staf"])
def test_the_api_answers_generated_requests_as_its_schema_says(server, username):
    sent, withheld, failures = _run(server, username)
    print(f"schemathesis as {username}: {sent} requests sent, {withheld} withheld (own account), "
          f"{len(failures)} failures")
    assert sent > 200
    assert not failures, "\n".join(sorted(set(failures)))
