"""schemathesis hooks of scripts/fuzz-api.sh (docs/fuzzing.md).

`positive_data_acceptance` expects every request that matches the document's JSON Schemas to be accepted.
Three rules of the document cannot be JSON Schema, so the document states them in words and the server
answers 400 for them; this check is the built-in one, except that it lets exactly those refusals through,
each only with its own error code and pointer, and the range rule only when the range really breaks it:

- a `cursor` the API did not issue (400 VALIDATION_FAILED at /cursor, "not a cursor this API issued");
- a `Consistency-Token` the API did not issue (400 INVALID_CONSISTENCY_TOKEN);
- GET /reports/movements with `from` after `to`, or more than 366 days between them (400 VALIDATION_FAILED
  at /from or /to).

Every other schema-valid request that is refused still fails the run. The built-in check is excluded
(`--exclude-checks positive_data_acceptance`) so that this one replaces it.
"""

from datetime import datetime

import schemathesis
from schemathesis.core.failures import Failure
from schemathesis.specs.openapi.checks import positive_data_acceptance as schema_only_positive_data_acceptance

NOT_ISSUED_CURSOR = "not a cursor this API issued"
MAX_RANGE_SECONDS = 366 * 24 * 3600


def _problem(response):
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _errors_only_at(problem, pointers):
    errors = problem.get("errors") or []
    return bool(errors) and all(error.get("in") == "query" and error.get("pointer") in pointers for error in errors)


def _range_rule_broken(case):
    query = case.query or {}
    try:
        start = datetime.fromisoformat(str(query["from"]).replace("Z", "+00:00"))
        end = datetime.fromisoformat(str(query["to"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return False
    span = (end - start).total_seconds()
    return span < 0 or span > MAX_RANGE_SECONDS


def refused_by_a_rule_beyond_the_schema(case, response):
    """Whether a 400 is one of the documented refusals that JSON Schema cannot express."""
    problem = _problem(response) if response.status_code == 400 else None
    if problem is None:
        return False
    code = problem.get("code")
    if code == "INVALID_CONSISTENCY_TOKEN":
        return bool(case.headers) and any(name.lower() == "consistency-token" for name in case.headers)
    if code != "VALIDATION_FAILED":
        return False
    if _errors_only_at(problem, {"/cursor"}) and all(error.get("detail") == NOT_ISSUED_CURSOR for error in problem["errors"]):
        return True
    if case.operation.method.upper() == "GET" and case.operation.path == "/reports/movements":
        return _errors_only_at(problem, {"/from", "/to"}) and _range_rule_broken(case)
    return False


@schemathesis.check
def positive_data_acceptance_beyond_schema(ctx, response, case):
    """The built-in positive_data_acceptance, minus the documented refusals JSON Schema cannot state."""
    try:
        return schema_only_positive_data_acceptance(ctx, response, case)
    except Failure:
        if refused_by_a_rule_beyond_the_schema(case, response):
            return None
        raise
