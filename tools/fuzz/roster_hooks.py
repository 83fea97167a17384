"""Schemathesis hooks for Roster's contract run (scripts/fuzz.sh).

A few values are valid only when the server issued them, or only relative to now, which no
JSON Schema can say: a signed pagination cursor, a single-use nonce, an expiry "in the future",
an idempotency key used once.
For cases generated as valid, these hooks put such a value in place before the request is sent,
so that "a valid request is accepted" is checked on the rest of the request instead of failing
on a value the document cannot describe. Schemathesis revalidates a case after a hook edits it,
so the checks still judge what is actually sent. Cases generated as invalid are left alone.

Valid creations are also pointed at the seeded account and game (random well-formed ids only
ever reach a 404), so that the paths that create users, games, identities and sessions run.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import time
import urllib.request
import uuid

import schemathesis
from schemathesis.core.parameters import ParameterLocation

URL = os.environ["ROSTER_URL"]
ACCOUNT = os.environ["ROSTER_ACCOUNT"]
GAME = os.environ["ROSTER_GAME"]
FINGERPRINT = os.environ["ROSTER_FINGERPRINT"]
CUSTOM_SECRET = os.environ["ROSTER_CUSTOM_SECRET"]
PROVIDER_GAME = os.environ["ROSTER_PROVIDER_GAME"]
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# `If-Match`/`If-None-Match` as the document's pattern has them (roster_domain::etag).
TAG_LIST = re.compile(
    r'[ \t]*(\*|[ \t,]*(W/)?"[!#-~\x80-\uffff]*"([ \t]*,[ \t,]*(W/)?"[!#-~\x80-\uffff]*")*[ \t,]*)[ \t]*'
)


def _call(
    method: str, path: str, body: dict | None = None, token: str | None = None, admin: bool = False
) -> dict:
    request = urllib.request.Request(URL + path, method=method)
    request.add_header("content-type", "application/json")
    if token is not None:
        request.add_header("authorization", f"Bearer {token}")
    if admin:
        request.add_header("leadr-api-key", os.environ["ROSTER_KEY"])
    data = None if body is None else json.dumps(body).encode()
    with urllib.request.urlopen(request, data=data, timeout=10) as response:
        return json.loads(response.read())


def _session() -> dict:
    # A session of the seeded device player, the identity the run's bearer tokens are for.
    return _call("POST", "/v1/client/sessions", {"game_id": GAME, "client_fingerprint": FINGERPRINT})


_SEEDED_PLAYER: list[str] = []


def _seeded_player() -> str:
    # The player of the seeded device identity (the one the bearer tokens are for).
    if not _SEEDED_PLAYER:
        _SEEDED_PLAYER.append(_session()["player_id"])
    return _SEEDED_PLAYER[0]


def _spare_player() -> str:
    # A new player of the seeded game, for operations that would ban, merge or erase.
    fingerprint = hashlib.sha256(os.urandom(16)).hexdigest()
    return _call("POST", "/v1/client/sessions", {"game_id": GAME, "client_fingerprint": fingerprint})["player_id"]


def _spare_account() -> str:
    # A new account, for changes that would suspend or erase the seeded one.
    return _call("POST", "/v1/accounts", {"name": f"Spare {os.urandom(4).hex()}"}, admin=True)["id"]


def _spare_game() -> str:
    # A new game of the seeded account, for changes that would erase the seeded one.
    return _call("POST", "/v1/games", {"account_id": ACCOUNT, "name": f"Spare {os.urandom(4).hex()}"}, admin=True)["id"]


def _fresh_nonce() -> str:
    # A nonce is bound to the identity, so any of its sessions may ask for it.
    return _call("GET", "/v1/client/nonce", token=_session()["access_token"])["nonce_value"]


def _custom_token() -> str:
    # A custom token as a studio's server signs one: HS256 with the game's secret, an hour at most.
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    now = int(time.time())
    signing_input = part({"alg": "HS256", "typ": "JWT"}) + "." + part({"sub": "fuzz-player", "iat": now, "exp": now + 600})
    signature = hmac.new(CUSTOM_SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + base64.urlsafe_b64encode(signature).rstrip(b"=").decode()


def _without_nul(value):
    # Session metadata may hold any JSON but NUL (PostgreSQL's jsonb cannot store it), a rule on
    # every nested key and string that the document states in words, not as a schema.
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


def _is_positive(case, location: ParameterLocation) -> bool:
    meta = case.meta
    return meta is not None and not meta.generation.mode.is_negative and not meta.is_negative_at(location)


@schemathesis.hook
def before_call(context, case, kwargs):
    operation = f"{case.operation.method.upper()} {case.operation.path}"

    # A cursor is valid only as the server issued it (signed, bound to its sort and filters):
    # a valid request asks for the first page.
    if isinstance(case.query, dict) and case.query.get("cursor") and _is_positive(case, ParameterLocation.QUERY):
        del case.query["cursor"]

    # A nonce is valid once, for 60 seconds, for its identity. Every nonce of the documented
    # shape (a UUID) is taken for a valid one, whatever the case's generation mode says: the
    # coverage phase also sends values it learned from earlier answers (a `nonce_value` spent
    # or purged minutes ago), and a case's mode can turn positive after this hook has run. A
    # missing nonce gets one too: the header is optional in the document (as in LEADR's), so
    # no case is invalid for leaving it out, even one made negative by another header.
    nonce = case.headers.get("leadr-client-nonce") if case.headers else None
    if operation in (
        "PATCH /v1/client/me",
        "POST /v1/client/me/identities",
        "DELETE /v1/client/me/identities/{identity_id}",
    ) and (
        nonce is None
        or _is_positive(case, ParameterLocation.HEADER)
        or (isinstance(nonce, str) and UUID.fullmatch(nonce))
    ):
        if case.headers is None:
            case.headers = {}
        case.headers["leadr-client-nonce"] = _fresh_nonce()

    # An Idempotency-Key is a valid one only once per request: the same key with another body
    # is a 422 by design. Every key of the documented shape becomes a fresh one; a key that is
    # no key (the negative cases) is left to be refused.
    key = case.headers.get("idempotency-key") if case.headers else None
    if isinstance(key, str) and IDEMPOTENCY_KEY.fullmatch(key):
        case.headers["idempotency-key"] = str(uuid.uuid4())

    # Schemathesis's coverage phase draws header values from letters and digits alone, and
    # sends some that break the header's pattern in cases whose mode is positive, which its
    # acceptance check then judges as valid (no entity tag is letters and digits: a tag is
    # quoted). In such a case, a precondition that is not of the documented grammar becomes
    # `*`, which holds for any version; a well-formed one is left as drawn (it names some
    # version, and a 412 for another version is a valid request's answer).
    meta = case.meta
    if case.headers and meta is not None and not meta.generation.mode.is_negative:
        # The fuzzing phase adds headers the document does not name, and has drawn a
        # `content-type` among them (`#m&`) for a valid JSON body; the 415 that earns is right,
        # but the case is not valid. The body's media type is the document's.
        for name in [name for name in case.headers if name.lower() == "content-type"]:
            del case.headers[name]
        for name in ("if-match", "if-none-match"):
            value = case.headers.get(name)
            if isinstance(value, str) and not TAG_LIST.fullmatch(value):
                case.headers[name] = "*"

    # A custom proof is valid only as the game's backend signs it.
    if (
        operation == "POST /v1/client/me/identities"
        and isinstance(case.body, dict)
        and case.body.get("proof") == "custom"
        and _is_positive(case, ParameterLocation.BODY)
    ):
        case.body["token"] = _custom_token()

    # Schemathesis reuses the ids answers name: the seeded player (whose identity the bearer
    # tokens are for) is never the one banned, merged or erased, or every later client call
    # would answer 403 or 401.
    if (
        case.operation.path.startswith("/v1/players/{player_id}")
        and case.operation.method.upper() != "GET"
        and isinstance(case.path_parameters, dict)
        and case.path_parameters.get("player_id") == _seeded_player()
    ):
        case.path_parameters["player_id"] = _spare_player()
    if (
        operation == "POST /v1/players/{player_id}/merge"
        and isinstance(case.body, dict)
        and case.body.get("from_player_id") == _seeded_player()
    ):
        case.body["from_player_id"] = _spare_player()

    # Schemathesis reuses the ids answers name: the seeded account and game (which the client
    # sessions and creations rely on) are never the ones changed or erased; another, spare one
    # is. Which case erases them depends on the order the phases generate in.
    if operation in ("PATCH /v1/accounts/{account_id}", "DELETE /v1/accounts/{account_id}") and isinstance(
        case.path_parameters, dict
    ) and case.path_parameters.get("account_id") == ACCOUNT:
        case.path_parameters["account_id"] = _spare_account()
    if operation in ("PATCH /v1/games/{game_id}", "DELETE /v1/games/{game_id}") and isinstance(
        case.path_parameters, dict
    ) and case.path_parameters.get("game_id") == GAME:
        case.path_parameters["game_id"] = _spare_game()

    # A refresh token is valid until it is spent.
    if (
        operation == "POST /v1/client/sessions/refresh"
        and isinstance(case.body, dict)
        and _is_positive(case, ParameterLocation.BODY)
    ):
        case.body["refresh_token"] = _session()["refresh_token"]

    # An expiry must be in the future, relative to when the request arrives.
    if (
        operation in ("POST /v1/api-keys", "POST /v1/players/{player_id}/bans")
        and isinstance(case.body, dict)
        and isinstance(case.body.get("expires_at"), str)
        and _is_positive(case, ParameterLocation.BODY)
    ):
        try:
            expires = datetime.datetime.fromisoformat(case.body["expires_at"].replace("Z", "+00:00"))
        except ValueError:
            expires = None
        now = datetime.datetime.now(datetime.timezone.utc)
        if expires is not None and expires.tzinfo is not None and expires <= now + datetime.timedelta(minutes=1):
            case.body["expires_at"] = (now + datetime.timedelta(days=1)).isoformat()

    # A game's OpenID providers: those of a seeded game of their own, so that puts create and
    # replace. Not the sessions' game: schemathesis reuses the ids answers name (a provider names
    # its game) in other operations, DELETE /v1/games/{game_id} among them. Only under a name that
    # is a slug: the coverage phase sends names such as `..`, which the HTTP client folds away.
    if (
        "/oidc-providers" in case.operation.path
        and isinstance(case.path_parameters, dict)
        and _is_positive(case, ParameterLocation.PATH)
        and SLUG.fullmatch(str(case.path_parameters.get("provider", "acme-id")))
    ):
        case.path_parameters["game_id"] = PROVIDER_GAME

    # A provider that is not a preset needs its issuer and keys, a rule between the path and
    # the body that the document states in words.
    if (
        operation == "PUT /v1/games/{game_id}/oidc-providers/{provider}"
        and isinstance(case.body, dict)
        and isinstance(case.path_parameters, dict)
        and case.path_parameters.get("provider") not in ("apple", "google")
        and _is_positive(case, ParameterLocation.BODY)
    ):
        if case.body.get("issuer") is None:
            case.body["issuer"] = "https://id.example.com"
        if case.body.get("jwks_uri") is None:
            case.body["jwks_uri"] = "https://id.example.com/.well-known/jwks.json"

    # Creations in the seeded account and game.
    if isinstance(case.body, dict) and _is_positive(case, ParameterLocation.BODY):
        if operation in ("POST /v1/users", "POST /v1/games") and "account_id" in case.body:
            case.body["account_id"] = ACCOUNT
        if operation in ("POST /v1/identities", "POST /v1/client/sessions") and "game_id" in case.body:
            case.body["game_id"] = GAME
        if operation == "POST /v1/client/sessions/custom":
            case.body["game_id"] = GAME
            case.body["token"] = _custom_token()
        if isinstance(case.body.get("metadata"), dict):
            case.body["metadata"] = _without_nul(case.body["metadata"])

