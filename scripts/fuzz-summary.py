"""Counts per check from schemathesis NDJSON event logs (scripts/fuzz-api.sh with FUZZ_REPORT_DIR).

    python scripts/fuzz-summary.py <role>.ndjson...

Prints a Markdown table for docs/fuzzing.md: per role the requests the server answered and the 5xx among
them, then per check how often it passed and failed over all roles.
"""

import json
import sys
from collections import Counter
from pathlib import Path


def recorders(node):
    """Every scenario recorder in an event: a dict with `checks` (case id -> check results) and `interactions`."""
    if isinstance(node, dict):
        if isinstance(node.get("checks"), dict) and isinstance(node.get("interactions"), dict):
            yield node
        for value in node.values():
            yield from recorders(value)
    elif isinstance(node, list):
        for value in node:
            yield from recorders(value)


def status_code(interaction):
    response = interaction.get("response") if isinstance(interaction, dict) else None
    return response.get("status_code") if isinstance(response, dict) else None


def main(paths):
    checks = Counter()
    rows = []
    for path in paths:
        requests = server_errors = 0
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                for recorder in recorders(json.loads(line)):
                    for interaction in recorder["interactions"].values():
                        code = status_code(interaction)
                        if code is not None:
                            requests += 1
                            server_errors += code >= 500
                    for results in recorder["checks"].values():
                        for result in results:
                            checks[(result["name"], str(result["status"]).lower())] += 1
        rows.append((Path(path).stem, requests, server_errors))
    print("| role | requests answered | 5xx |\n|---|---|---|")
    for role, requests, server_errors in rows:
        print(f"| {role} | {requests:,} | {server_errors} |")
    print(f"| **all** | **{sum(r for _, r, _ in rows):,}** | **{sum(e for _, _, e in rows)}** |\n")
    print("| check | passed | failed | errored |\n|---|---|---|---|")
    for name in sorted({name for name, _ in checks}):
        print(f"| `{name}` | {checks[(name, 'success')]:,} | {checks[(name, 'failure')]:,} | {checks[(name, 'error')]:,} |")


if __name__ == "__main__":
    main(sys.argv[1:])
