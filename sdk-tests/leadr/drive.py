"""Drives a live Roster with the Python client generated from LEADR's own published document.

Run by scripts/leadr-client-test.sh with the generated package `leadr_client` on PYTHONPATH. A
client written for LEADR must work against Roster unchanged, so this calls every operation the
document `leadr-v0.7-openapi.json` describes (accounts, users, API keys, an expired one among
them, games with every LEADR field, a client session, its refresh, a nonce, health), the way a
LEADR client does: the API key in the `leadr-api-key` header parameter each operation declares,
the bearer token in its `authorization` parameter. Every answer is decoded twice:

- by the generated models (openapi-python-client), which raise on a missing required field or
  a value outside an enum;
- by JSON Schema against the document's own response schema for that operation and status,
  which also checks types, nullability and `additionalProperties`. The one field Roster adds
  where LEADR's document forbids extra properties (`expired` beside an API key's `status`,
  DESIGN section 3) is declared in ROSTER_ADDITIONS; nothing else is allowed.

At the end it checks that every operation of the document was called. The first mismatch ends
the run with exit status 1. Needs ROSTER_URL and ROSTER_KEY (a superadmin's API key).
"""

import copy
import datetime
import json
import pathlib
import re
import secrets
import sys
import time
import traceback

import jsonschema

from leadr_client import Client
from leadr_client.api.accounts import (
    create_account_v1_accounts_post as create_account,
    get_account_v1_accounts_account_id_get as get_account,
    list_accounts_v1_accounts_get as list_accounts,
    update_account_v1_accounts_account_id_patch as update_account,
)
from leadr_client.api.api_keys import (
    create_api_key_v1_api_keys_post as create_api_key,
    get_api_key_v1_api_keys_key_id_get as get_api_key,
    list_api_keys_v1_api_keys_get as list_api_keys,
    update_api_key_v1_api_keys_key_id_patch as update_api_key,
)
from leadr_client.api.authentication import (
    generate_nonce_v1_client_nonce_get as generate_nonce,
    refresh_session_v1_client_sessions_refresh_post as refresh_session,
    start_session_v1_client_sessions_post as start_session,
)
from leadr_client.api.games import (
    create_game_v1_games_post as create_game,
    get_game_v1_games_game_id_get as get_game,
    list_games_v1_games_get as list_games,
    update_game_v1_games_game_id_patch as update_game,
)
from leadr_client.api.public import (
    health_check_v1_health_get as health_check,
    liveness_check_v1_health_live_get as liveness_check,
)
from leadr_client.api.users import (
    create_user_v1_users_post as create_user,
    get_user_v1_users_user_id_get as get_user,
    list_users_v1_users_get as list_users,
    update_user_v1_users_user_id_patch as update_user,
)
from leadr_client.models import (
    AccountCreateRequest,
    AccountResponse,
    AccountStatus,
    AccountUpdateRequest,
    APIKeyResponse,
    APIKeyStatus,
    CreateAPIKeyRequest,
    CreateAPIKeyResponse,
    DeviceStatus,
    GameCreateRequest,
    GameResponse,
    GameUpdateRequest,
    HealthResponse,
    NonceResponse,
    PaginatedResponseAccountResponse,
    PaginatedResponseAPIKeyResponse,
    PaginatedResponseGameResponse,
    PaginatedResponseUserResponse,
    RefreshTokenRequest,
    RefreshTokenResponse,
    StartSessionRequest,
    StartSessionRequestMetadataType0,
    StartSessionResponse,
    UpdateAPIKeyRequest,
    UserCreateRequest,
    UserResponse,
    UserStatus,
    UserUpdateRequest,
)
from leadr_client.models.liveness_check_v1_health_live_get_response_liveness_check_v1_health_live_get import (  # noqa: E501
    LivenessCheckV1HealthLiveGetResponseLivenessCheckV1HealthLiveGet as LivenessResponse,
)

from checks import Mismatch, env, expect_equal, expect_that, ok

DOCUMENT = json.loads(
    (pathlib.Path(__file__).parent / "leadr-v0.7-openapi.json").read_text(encoding="utf-8")
)

# Fields Roster answers beside LEADR's where LEADR's schema sets additionalProperties: false.
ROSTER_ADDITIONS = {"APIKeyResponse": {"expired": {"type": "boolean"}}}

# The game-id check of LEADR's Godot SDK (addons/leadr/core/leadr_settings.gd).
GODOT_GAME_ID = re.compile(
    r"^(gam_)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)


def components_with_additions():
    components = copy.deepcopy(DOCUMENT["components"])
    for name, fields in ROSTER_ADDITIONS.items():
        components["schemas"][name]["properties"].update(fields)
    return components


COMPONENTS = components_with_additions()
CALLED = set()


def operation_of(module):
    """The (path, method, operation) of LEADR's document that a generated module calls."""
    # The generator names a module after the operation id in snake case, runs of underscores
    # folded into one (`get_account_v1_accounts__account_id__get`).
    operation_id = module.__name__.rsplit(".", 1)[-1]
    for path, methods in DOCUMENT["paths"].items():
        for method, operation in methods.items():
            if re.sub("_+", "_", operation["operationId"]) == operation_id:
                return path, method, operation
    raise Mismatch(f"{operation_id} is not an operation of LEADR's document")


def call(step, module, status, model, /, **arguments):
    """Calls the generated operation `module`, and returns its answer decoded by the generated
    `model` after checking the status and the raw body against LEADR's schema for it."""
    return call_raw(step, module, status, model, **arguments)[0]


def call_raw(step, module, status, model, /, **arguments):
    """`call`, also returning the answer as plain JSON."""
    path, method, operation = operation_of(module)
    CALLED.add(operation["operationId"])
    response = module.sync_detailed(**arguments)
    content = response.content.decode(errors="replace")
    if response.status_code != status:
        raise Mismatch(f"{step}: expected HTTP {status}, got {int(response.status_code)}: {content}")
    documented = operation["responses"].get(str(status))
    if documented is None:
        raise Mismatch(f"{step}: LEADR's document has no {status} for {method.upper()} {path}")
    schema = dict(documented["content"]["application/json"]["schema"])
    schema["components"] = COMPONENTS
    answer = json.loads(content)
    try:
        jsonschema.validate(answer, schema, cls=jsonschema.Draft202012Validator)
    except jsonschema.ValidationError as error:
        raise Mismatch(f"{step}: the answer breaks LEADR's schema: {error.message} at "
                       f"{list(error.absolute_path)}: {content}") from error
    if not isinstance(response.parsed, model):
        raise Mismatch(f"{step}: decoded as {type(response.parsed).__name__}, not {model.__name__}")
    return response.parsed, answer


def main():
    client = Client(base_url=env("ROSTER_URL"))
    root = env("ROSTER_KEY")
    suffix = f"{int(time.time() * 1000):x}{secrets.token_hex(3)}"

    step = "health_check"
    health = call(step, health_check, 200, HealthResponse, client=client)
    expect_equal(step, "database", health.database, "connected")
    call("liveness_check", liveness_check, 200, LivenessResponse, client=client)
    ok(step, f"{health.status}; liveness too")

    # ---- accounts (a superadmin's) -------------------------------------------------------
    step = "create_account"
    account = call(step, create_account, 201, AccountResponse, client=client, leadr_api_key=root,
                   body=AccountCreateRequest(name=f"LEADR Client {suffix}"))
    expect_equal(step, "status", account.status, AccountStatus.ACTIVE.value)
    expect_that(step, "an acc_ UUID id", re.fullmatch(
        GODOT_GAME_ID.pattern.replace("gam_", "acc_"), account.id), account.id)
    ok(step, account.id)

    step = "list_accounts"
    page = call(step, list_accounts, 200, PaginatedResponseAccountResponse, client=client,
                leadr_api_key=root, slug=account.slug)
    expect_equal(step, "ids", [item.id for item in page.data], [account.id])
    expect_equal(step, "has_next", page.pagination.has_next, False)
    ok(step, f"slug {account.slug}")

    step = "get_account"
    fetched = call(step, get_account, 200, AccountResponse, account_id_path=account.id,
                   client=client, leadr_api_key=root, account_id_query=account.id)
    expect_equal(step, "name", fetched.name, account.name)
    ok(step, "with LEADR's account_id query parameter too")

    step = "update_account"
    renamed = call(step, update_account, 200, AccountResponse, account_id_path=account.id,
                   client=client, leadr_api_key=root,
                   body=AccountUpdateRequest(name=f"LEADR Client Renamed {suffix}"))
    expect_equal(step, "name", renamed.name, f"LEADR Client Renamed {suffix}")
    ok(step, renamed.name)

    # ---- users ---------------------------------------------------------------------------
    step = "create_user"
    users = []
    for letter in ("a", "b"):
        user = call(step, create_user, 201, UserResponse, client=client, leadr_api_key=root,
                    body=UserCreateRequest(account_id=account.id,
                                           email=f"{letter}-{suffix}@leadr.roster.localhost.dev",
                                           display_name=f"Player {letter.upper()}"))
        expect_equal(step, "status", user.status, UserStatus.ACTIVE.value)
        expect_equal(step, "super_admin", user.super_admin, False)
        users.append(user)
    ok(step, ", ".join(user.id for user in users))

    step = "list_users"
    first = call(step, list_users, 200, PaginatedResponseUserResponse, client=client,
                 leadr_api_key=root, account_id=account.id, limit=1, sort="email:asc")
    expect_equal(step, "first page", [u.email for u in first.data], [users[0].email])
    expect_that(step, "a next_cursor", isinstance(first.pagination.next_cursor, str),
                first.pagination.next_cursor)
    second = call(step, list_users, 200, PaginatedResponseUserResponse, client=client,
                  leadr_api_key=root, account_id=account.id, limit=1, sort="email:asc",
                  cursor=first.pagination.next_cursor)
    expect_equal(step, "second page", [u.email for u in second.data], [users[1].email])
    ok(step, "two pages by next_cursor")

    step = "get_user"
    user = call(step, get_user, 200, UserResponse, user_id=users[0].id, client=client,
                leadr_api_key=root)
    expect_equal(step, "email", user.email, users[0].email)
    ok(step, user.id)

    step = "update_user"
    changed = call(step, update_user, 200, UserResponse, user_id=user.id, client=client,
                   leadr_api_key=root, body=UserUpdateRequest(display_name="Player One"))
    expect_equal(step, "display_name", changed.display_name, "Player One")
    ok(step, changed.display_name)

    # ---- API keys ------------------------------------------------------------------------
    step = "create_api_key"
    created = call(step, create_api_key, 201, CreateAPIKeyResponse, client=client,
                   leadr_api_key=root,
                   body=CreateAPIKeyRequest(account_id=account.id, user_id=user.id, name="Studio"))
    expect_equal(step, "status", created.status, APIKeyStatus.ACTIVE.value)
    studio = created.key
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=2)
    short = call(step, create_api_key, 201, CreateAPIKeyResponse, client=client,
                 leadr_api_key=root,
                 body=CreateAPIKeyRequest(account_id=account.id, user_id=user.id, name="Short",
                                          expires_at=soon))
    ok(step, f"{created.id}, and {short.id} expiring in 2 s")

    step = "get_api_key"
    time.sleep(2.5)
    expired, answer = call_raw(step, get_api_key, 200, APIKeyResponse, key_id=short.id,
                               client=client, leadr_api_key=studio)
    expect_equal(step, "status of an expired key", expired.status, APIKeyStatus.ACTIVE.value)
    expect_equal(step, "expired (Roster's addition)", answer.get("expired"), True)
    refused = get_account.sync_detailed(account_id_path=account.id, client=client,
                                        leadr_api_key=short.key)
    expect_equal(step, "status with the expired key", int(refused.status_code), 401)
    ok(step, "an expired key reads status 'active', and no longer authenticates")

    step = "update_api_key"
    revoked = call(step, update_api_key, 200, APIKeyResponse, key_id=short.id, client=client,
                   leadr_api_key=studio, body=UpdateAPIKeyRequest(status=APIKeyStatus.REVOKED))
    expect_equal(step, "status", revoked.status, APIKeyStatus.REVOKED.value)
    ok(step, "revoked")

    step = "list_api_keys"
    for status, expected in ((APIKeyStatus.ACTIVE, [created.id]), (APIKeyStatus.REVOKED, [short.id])):
        keys = call(step, list_api_keys, 200, PaginatedResponseAPIKeyResponse, client=client,
                    leadr_api_key=studio, status=status)
        expect_equal(step, f"{status.value} keys", [key.id for key in keys.data], expected)
    ok(step, "filtered by LEADR's statuses")

    # ---- games, as the studio's own admin ------------------------------------------------
    step = "create_game"
    game = call(step, create_game, 201, GameResponse, client=client, leadr_api_key=studio,
                body=GameCreateRequest(
                    account_id=account.id, name="Space Race", steam_app_id="480",
                    default_board_id="brd_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
                    anti_cheat_enabled=False, description="Race in orbit.",
                    tags=["racing", "space"], page_url="https://example.com/space-race"))
    expect_that(step, "a game id LEADR's Godot SDK accepts", GODOT_GAME_ID.fullmatch(game.id),
                game.id)
    for field, expected in (("steam_app_id", "480"),
                            ("default_board_id", "brd_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7"),
                            ("anti_cheat_enabled", False), ("description", "Race in orbit."),
                            ("tags", ["racing", "space"]),
                            ("page_url", "https://example.com/space-race"), ("url", None)):
        expect_equal(step, field, getattr(game, field), expected)
    ok(step, game.id)

    step = "list_games"
    games = call(step, list_games, 200, PaginatedResponseGameResponse, client=client,
                 leadr_api_key=studio, account_id=account.id, slug=game.slug)
    expect_equal(step, "ids", [item.id for item in games.data], [game.id])
    ok(step, game.slug)

    step = "get_game"
    fetched_game = call(step, get_game, 200, GameResponse, game_id=game.id, client=client,
                        leadr_api_key=studio)
    expect_equal(step, "tags", fetched_game.tags, ["racing", "space"])
    ok(step, game.id)

    step = "update_game"
    updated = call(step, update_game, 200, GameResponse, game_id=game.id, client=client,
                   leadr_api_key=studio,
                   body=GameUpdateRequest(name="Space Race II", steam_app_id="570",
                                          anti_cheat_enabled=True, tags=["racing"],
                                          description="Faster."))
    for field, expected in (("name", "Space Race II"), ("steam_app_id", "570"),
                            ("anti_cheat_enabled", True), ("tags", ["racing"]),
                            ("description", "Faster."),
                            ("page_url", "https://example.com/space-race")):
        expect_equal(step, field, getattr(updated, field), expected)
    ok(step, updated.name)

    # ---- a game client -------------------------------------------------------------------
    step = "start_session"
    fingerprint = secrets.token_hex(32)
    metadata = StartSessionRequestMetadataType0.from_dict({"os": "Android 14"})
    session = call(step, start_session, 201, StartSessionResponse, client=client,
                   body=StartSessionRequest(game_id=game.id, client_fingerprint=fingerprint,
                                            platform="android", metadata=metadata,
                                            test_mode=True))
    for field, expected in (("game_id", game.id), ("account_id", account.id),
                            ("client_fingerprint", fingerprint), ("platform", "android"),
                            ("status", DeviceStatus.ACTIVE.value), ("test_mode", True),
                            ("expires_in", 900)):
        expect_equal(step, field, getattr(session, field), expected)
    expect_equal(step, "metadata", session.metadata.to_dict(), {"os": "Android 14"})
    expect_that(step, "first_seen_at <= last_seen_at",
                session.first_seen_at <= session.last_seen_at, session.last_seen_at)
    ok(step, session.id)

    step = "generate_nonce"
    nonce = call(step, generate_nonce, 200, NonceResponse, client=client,
                 authorization=f"Bearer {session.access_token}")
    expect_that(step, "a nonce value", len(nonce.nonce_value) > 0, nonce.nonce_value)
    ok(step, nonce.nonce_value)

    step = "refresh_session"
    pair = call(step, refresh_session, 200, RefreshTokenResponse, client=client,
                body=RefreshTokenRequest(refresh_token=session.refresh_token))
    expect_that(step, "a new refresh token", pair.refresh_token != session.refresh_token,
                pair.refresh_token)
    call(step, generate_nonce, 200, NonceResponse, client=client,
         authorization=f"Bearer {pair.access_token}")
    ok(step, "the new access token works")

    every = {operation["operationId"]
             for methods in DOCUMENT["paths"].values() for operation in methods.values()}
    missed = sorted(every - CALLED)
    if missed:
        raise Mismatch(f"operations of LEADR's document never called: {', '.join(missed)}")
    ok("coverage", f"all {len(every)} operations of LEADR's document")


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001 - any failure is a failed check, reported with its trace
        traceback.print_exc()
        print("leadr-client: FAILED", file=sys.stderr)
        sys.exit(1)
    print("leadr-client: ok")
