"""Drives a live Roster through the Python client generated from openapi/openapi.json.

Run by scripts/sdk-test.sh, with the generated package `roster_client` on PYTHONPATH: an account,
three users, an API key that then authenticates, two pages of users there and back, a game, a
client session and /v1/client/me. Each step checks the status and the fields it got; the first
mismatch ends the run with exit status 1.

Needs ROSTER_URL (the server's base URL) and ROSTER_KEY (a superadmin API key).
"""

import secrets
import sys
import time
import traceback
import typing

from roster_client import AuthenticatedClient, Client
from roster_client.api.accounts import create_account, get_account
from roster_client.api.api_keys import create_api_key
from roster_client.api.client import get_me, start_session
from roster_client.api.games import create_game
from roster_client.api.users import create_user, list_users

from checks import Mismatch, env, expect_equal, expect_that, ok


def body(operation, **fields):
    """The request body of a generated operation, built from its own `body` parameter's type,
    so that this script names operations and fields rather than model classes."""
    model = typing.get_type_hints(operation.sync_detailed)["body"]
    return model.from_dict(fields)


def expect_status(step, response, status):
    """The parsed body of a generated operation's `Response`, when its status is `status`."""
    if response.status_code != status:
        content = response.content.decode(errors="replace")
        raise Mismatch(
            f"{step}: expected HTTP {status}, got {int(response.status_code)}: {content}"
        )
    if response.parsed is None:
        raise Mismatch(f"{step}: HTTP {status} without a parsed body")
    return response.parsed


def main():
    base_url = env("ROSTER_URL")
    suffix = f"{int(time.time() * 1000):x}{secrets.token_hex(3)}"

    # openapi-python-client does not apply the document's security schemes per operation: an
    # AuthenticatedClient sends `<auth_header_name>: <prefix> <token>` on every request. So the
    # admin clients name the `api_key` scheme's header themselves; the bearer client uses the
    # defaults (`Authorization: Bearer <token>`).
    def admin_client(key):
        return AuthenticatedClient(
            base_url=base_url, token=key, prefix="", auth_header_name="leadr-api-key"
        )

    admin = admin_client(env("ROSTER_KEY"))
    anonymous = Client(base_url=base_url)

    step = "create_account"
    account_name = f"SDK Py {suffix}"
    account = expect_status(
        step,
        create_account.sync_detailed(client=admin, body=body(create_account, name=account_name)),
        201,
    )
    expect_that(step, "an id starting with acc_", account.id.startswith("acc_"), account.id)
    expect_equal(step, "name", account.name, account_name)
    expect_equal(step, "status", account.status, "active")
    ok(step, account.id)

    step = "create_user"
    emails = [f"{letter}-{suffix}@sdk.roster.localhost.dev" for letter in "abc"]
    users = []
    for email in emails:
        request = body(
            create_user, account_id=account.id, email=email, display_name=f"User {email[0].upper()}"
        )
        user = expect_status(step, create_user.sync_detailed(client=admin, body=request), 201)
        expect_that(step, "an id starting with usr_", user.id.startswith("usr_"), user.id)
        expect_equal(step, "account_id", user.account_id, account.id)
        expect_equal(step, "email", user.email, email)
        expect_equal(step, "super_admin", user.super_admin, False)
        users.append(user)
    ok(step, f"{len(users)} users: {', '.join(u.id for u in users)}")

    step = "create_api_key"
    request = body(
        create_api_key, account_id=account.id, user_id=users[0].id, name=f"sdk-py-{suffix}"
    )
    created = expect_status(step, create_api_key.sync_detailed(client=admin, body=request), 201)
    expect_that(step, "a key starting with ldr_", created.key.startswith("ldr_"), created.key[:4])
    expect_equal(step, "account_id", created.account_id, account.id)
    expect_equal(step, "user_id", created.user_id, users[0].id)
    expect_equal(step, "status", created.status, "active")
    ok(step, created.id)

    step = "get_account with the new key"
    fetched = expect_status(
        step, get_account.sync_detailed(account.id, client=admin_client(created.key)), 200
    )
    expect_equal(step, "id", fetched.id, account.id)
    expect_equal(step, "name", fetched.name, account_name)
    ok(step, fetched.id)

    step = "list_users page 1"
    query = {"account_id": account.id, "limit": 2, "sort": "email:asc"}
    page1 = expect_status(step, list_users.sync_detailed(client=admin, **query), 200)
    expect_equal(step, "emails", [u.email for u in page1.data], emails[:2])
    expect_equal(step, "ids", [u.id for u in page1.data], [u.id for u in users[:2]])
    expect_equal(step, "pagination.count", page1.pagination.count, 2)
    expect_equal(step, "pagination.has_next", page1.pagination.has_next, True)
    expect_equal(step, "pagination.has_prev", page1.pagination.has_prev, False)
    expect_equal(step, "pagination.prev_cursor", page1.pagination.prev_cursor, None)
    next_cursor = page1.pagination.next_cursor
    expect_that(
        step, "a next_cursor", isinstance(next_cursor, str) and next_cursor != "", next_cursor
    )
    ok(step, ", ".join(u.email for u in page1.data))

    step = "list_users page 2 (next_cursor)"
    page2 = expect_status(
        step, list_users.sync_detailed(client=admin, cursor=next_cursor, **query), 200
    )
    expect_equal(step, "emails", [u.email for u in page2.data], emails[2:])
    expect_equal(step, "pagination.count", page2.pagination.count, 1)
    expect_equal(step, "pagination.has_next", page2.pagination.has_next, False)
    expect_equal(step, "pagination.has_prev", page2.pagination.has_prev, True)
    expect_equal(step, "pagination.next_cursor", page2.pagination.next_cursor, None)
    prev_cursor = page2.pagination.prev_cursor
    expect_that(
        step, "a prev_cursor", isinstance(prev_cursor, str) and prev_cursor != "", prev_cursor
    )
    ok(step, ", ".join(u.email for u in page2.data))

    step = "list_users back to page 1 (prev_cursor)"
    back = expect_status(
        step, list_users.sync_detailed(client=admin, cursor=prev_cursor, **query), 200
    )
    expect_equal(
        step,
        "ids (page 1 again, same order)",
        [u.id for u in back.data],
        [u.id for u in page1.data],
    )
    expect_equal(step, "pagination.count", back.pagination.count, 2)
    expect_equal(step, "pagination.has_next", back.pagination.has_next, True)
    expect_equal(step, "pagination.has_prev", back.pagination.has_prev, False)
    ok(step, ", ".join(u.email for u in back.data))

    step = "create_game"
    game_name = f"SDK Py Game {suffix}"
    request = body(create_game, account_id=account.id, name=game_name)
    game = expect_status(step, create_game.sync_detailed(client=admin, body=request), 201)
    expect_that(step, "an id starting with gam_", game.id.startswith("gam_"), game.id)
    expect_equal(step, "account_id", game.account_id, account.id)
    expect_equal(step, "name", game.name, game_name)
    ok(step, game.id)

    step = "start_session (no auth)"
    fingerprint = secrets.token_hex(32)
    request = body(start_session, game_id=game.id, client_fingerprint=fingerprint)
    session = expect_status(step, start_session.sync_detailed(client=anonymous, body=request), 201)
    expect_that(
        step,
        "an identity_id starting with idn_",
        session.identity_id.startswith("idn_"),
        session.identity_id,
    )
    expect_equal(step, "game_id", session.game_id, game.id)
    expect_equal(step, "account_id", session.account_id, account.id)
    expect_equal(step, "kind", session.kind, "DEVICE")
    expect_that(step, "a non-empty access_token", bool(session.access_token), session.access_token)
    expect_that(step, "a positive expires_in", session.expires_in > 0, session.expires_in)
    ok(step, session.identity_id)

    step = "get_me (bearer)"
    player = AuthenticatedClient(base_url=base_url, token=session.access_token)
    me = expect_status(step, get_me.sync_detailed(client=player), 200)
    expect_equal(step, "id", me.id, session.identity_id)
    expect_equal(step, "kind", me.kind, "DEVICE")
    expect_equal(step, "game_id", me.game_id, game.id)
    expect_equal(step, "account_id", me.account_id, account.id)
    expect_equal(step, "external_key", me.external_key, fingerprint)
    ok(step, me.id)

    print("python sdk: all steps passed", flush=True)


if __name__ == "__main__":
    try:
        main()
    except Mismatch as error:
        print(f"FAIL {error}", file=sys.stderr)
        sys.exit(1)
    except Exception:  # noqa: BLE001 - any surprise fails the check, with its traceback
        traceback.print_exc()
        print("FAIL unexpected error (traceback above)", file=sys.stderr)
        sys.exit(1)
