"""What the scripts that drive Roster through generated clients share: reading their settings,
comparing what a generated model holds with what was expected, and reporting each step.

Imported by python/smoke.py (the client generated from Roster's document) and leadr/drive.py
(the one generated from LEADR's); scripts/sdk-test.sh and scripts/leadr-client-test.sh put this
folder on PYTHONPATH.
"""

import enum
import os


class Mismatch(Exception):
    pass


def env(name):
    value = os.environ.get(name)
    if not value:
        raise Mismatch(f"{name} is not set")
    return value


def plain(value):
    """A generated value as JSON-ish data: enums as their values, UNSET as None (each generated
    package has a `types.Unset` class of its own, so it is known by name)."""
    if isinstance(value, enum.Enum):
        return value.value
    if type(value).__name__ == "Unset":
        return None
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def expect_equal(step, what, actual, expected):
    if plain(actual) != expected:
        raise Mismatch(f"{step}: {what} is {plain(actual)!r}, expected {expected!r}")


def expect_that(step, what, ok, actual):
    if not ok:
        raise Mismatch(f"{step}: expected {what}, got {plain(actual)!r}")


def ok(step, detail):
    print(f"ok   {step}: {detail}", flush=True)
