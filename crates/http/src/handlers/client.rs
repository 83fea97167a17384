//! `/v1/client`: the API of game clients.

use actix_web::{HttpResponse, delete, get, patch, post, web};

use crate::dto::client::{
    MeResponse, MeUpdateRequest, NonceResponse, RefreshTokenRequest, RefreshTokenResponse,
    StartSessionRequest, StartSessionResponse,
};
use crate::dto::error::{
    BodyFailures, ErrorResponse, ForbiddenResponse, HttpValidationError, LinkConflictResponse,
};
use crate::dto::identity::IdentityResponse;
use crate::dto::link::{LinkIdentityBody, LinkIdentityRequest};
use crate::dto::schema::IdentityIdSchema;
use crate::error::ApiError;
use crate::extract::{ClientAuth, ClientNonce, ClientRateLimit, JsonBody, path_id};
use crate::state::AppState;

/// Start Session
///
/// Signs a device in: no credentials, the fingerprint is the proof. Finds or creates the
/// DEVICE identity of the fingerprint in the game (a given `display_name` updates it) and
/// answers its first tokens.
#[utoipa::path(
    tag = "Client",
    operation_id = "start_session",
    request_body = StartSessionRequest,
    responses(
        (status = 201, description = "The identity and its tokens", body = StartSessionResponse),
        (status = 403, description = "The game's account is suspended, or the player is banned (`banned`)", body = ForbiddenResponse),
        (status = 404, description = "Unknown or deleted game", body = ErrorResponse),
        (status = 413, description = "Body over the limit", body = ErrorResponse),
        (status = 415, description = "Body is not JSON", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        (status = 503, description = "Database unavailable; retry", body = ErrorResponse),
    )
)]
#[post("/v1/client/sessions")]
pub async fn start_session(
    _limit: ClientRateLimit,
    state: web::Data<AppState>,
    body: JsonBody<StartSessionRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner()?.try_into_domain()?;
    let started = state.client.start(input).await?;
    Ok(HttpResponse::Created().json(StartSessionResponse::from(started)))
}

/// Refresh Session
///
/// Rotates both tokens. A refresh token works once: presenting a spent one again revokes the
/// whole session (401), unless it comes within 10 seconds of its own rotation (two refreshes
/// racing from one client), which answers the same new pair.
#[utoipa::path(
    tag = "Client",
    operation_id = "refresh_session",
    request_body = RefreshTokenRequest,
    responses(
        (status = 200, description = "A new pair", body = RefreshTokenResponse),
        (status = 401, description = "Invalid, expired or reused refresh token", body = ErrorResponse),
        (status = 403, description = "The player is banned (`banned`)", body = ForbiddenResponse),
        (status = 413, description = "Body over the limit", body = ErrorResponse),
        (status = 415, description = "Body is not JSON", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        (status = 503, description = "Database unavailable; retry", body = ErrorResponse),
    )
)]
#[post("/v1/client/sessions/refresh")]
pub async fn refresh_session(
    _limit: ClientRateLimit,
    state: web::Data<AppState>,
    body: JsonBody<RefreshTokenRequest>,
) -> Result<web::Json<RefreshTokenResponse>, ApiError> {
    let request = body.into_inner()?;
    let tokens = state.client.refresh(&request.refresh_token).await?;
    Ok(web::Json(tokens.into()))
}

/// Get Nonce
///
/// A single-use value, valid 60 seconds, bound to the client's identity, to send as
/// `leadr-client-nonce` with one mutating request.
#[utoipa::path(
    tag = "Client",
    operation_id = "get_nonce",
    responses(
        (status = 200, description = "A nonce", body = NonceResponse),
        (status = 401, description = "No valid access token", body = ErrorResponse),
        (status = 403, description = "The player is banned (`banned`)", body = ForbiddenResponse),
        (status = 503, description = "Database unavailable; retry", body = ErrorResponse),
    ),
    security(("bearer" = []))
)]
#[get("/v1/client/nonce")]
pub async fn get_nonce(
    client: ClientAuth,
    state: web::Data<AppState>,
) -> Result<web::Json<NonceResponse>, ApiError> {
    let nonce = state.client.nonce(&client).await?;
    Ok(web::Json(nonce.into()))
}

/// Get Me
///
/// The client's own identity, as the admin API shows it, with `player_id` and every live
/// identity of its player in `identities`.
#[utoipa::path(
    tag = "Client",
    operation_id = "get_me",
    responses(
        (status = 200, description = "The identity and its player's identities", body = MeResponse),
        (status = 401, description = "No valid access token", body = ErrorResponse),
        (status = 403, description = "The player is banned (`banned`)", body = ForbiddenResponse),
        (status = 503, description = "Database unavailable; retry", body = ErrorResponse),
    ),
    security(("bearer" = []))
)]
#[get("/v1/client/me")]
pub async fn get_me(
    client: ClientAuth,
    state: web::Data<AppState>,
) -> Result<web::Json<MeResponse>, ApiError> {
    let me = state.client.me(&client).await?;
    Ok(web::Json(me.into()))
}

/// Update Me
///
/// Sets or clears (`null`) the client's display name. Needs a fresh nonce in
/// `leadr-client-nonce`: a missing, unknown, foreign, used or expired one is a 412 saying which.
#[utoipa::path(
    tag = "Client",
    operation_id = "update_me",
    params(
        (
            "leadr-client-nonce" = Option<String>,
            Header,
            description = "A fresh nonce from GET /v1/client/nonce. Needed: without one the answer is a 412 saying so",
            example = "4f9c2b1e-8d7a-4c3b-9e2f-1a2b3c4d5e6f"
        )
    ),
    request_body = MeUpdateRequest,
    responses(
        (status = 200, description = "The changed identity and its player's identities", body = MeResponse),
        (status = 401, description = "No valid access token", body = ErrorResponse),
        (status = 403, description = "The player is banned (`banned`)", body = ForbiddenResponse),
        (status = 412, description = "The nonce is missing, unknown, foreign, used or expired", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        (status = 503, description = "Database unavailable; retry", body = ErrorResponse),
        BodyFailures,
    ),
    security(("bearer" = []))
)]
#[patch("/v1/client/me")]
pub async fn update_me(
    client: ClientAuth,
    state: web::Data<AppState>,
    nonce: ClientNonce,
    body: JsonBody<MeUpdateRequest>,
) -> Result<web::Json<MeResponse>, ApiError> {
    let display_name = body.into_inner()?.try_into_domain()?;
    let me = state
        .client
        .update_me(&client, nonce.0.as_deref(), display_name)
        .await?;
    Ok(web::Json(me.into()))
}

/// Link Identity
///
/// Attaches another identity to the client's player: the body is one proof, as the sign-in of
/// its kind takes it without `game_id` (`{"proof": "device", "client_fingerprint"}`,
/// `{"proof": "steam", "ticket", "identity"?}`, `{"proof": "oidc", "provider", "id_token",
/// "nonce"?}`, `{"proof": "custom", "token"}`). 201 with the new identity; 200 when it is the
/// player's already; 409 `identity_linked_elsewhere` naming the player it belongs to. Of many
/// concurrent links of one identity, exactly one creates it. Needs a fresh nonce.
#[utoipa::path(
    tag = "Client",
    operation_id = "link_identity",
    params(
        (
            "leadr-client-nonce" = Option<String>,
            Header,
            description = "A fresh nonce from GET /v1/client/nonce. Needed: without one the answer is a 412 saying so",
            example = "4f9c2b1e-8d7a-4c3b-9e2f-1a2b3c4d5e6f"
        )
    ),
    request_body = LinkIdentityBody,
    responses(
        (status = 200, description = "The identity was the player's already", body = IdentityResponse),
        (status = 201, description = "The identity, now the player's", body = IdentityResponse),
        (status = 401, description = "No valid access token, or the proof signs nobody in", body = ErrorResponse),
        (status = 403, description = "The player is banned (`banned`), or the game's account is suspended", body = ForbiddenResponse),
        (status = 404, description = "The game or the player is gone", body = ErrorResponse),
        (status = 409, description = "The identity belongs to another player", body = LinkConflictResponse),
        (status = 412, description = "The nonce is missing, unknown, foreign, used or expired", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        (status = 503, description = "Database or the proof's issuer unavailable; retry", body = ErrorResponse),
        BodyFailures,
    ),
    security(("bearer" = []))
)]
#[post("/v1/client/me/identities")]
pub async fn link_identity(
    client: ClientAuth,
    state: web::Data<AppState>,
    nonce: ClientNonce,
    body: JsonBody<LinkIdentityRequest>,
) -> Result<HttpResponse, ApiError> {
    let proof = body.into_inner()?.try_into_domain()?;
    let linked = state
        .sign_ins
        .link(&client, nonce.0.as_deref(), proof)
        .await?;
    let mut response = if linked.created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(response.json(IdentityResponse::from(linked.identity)))
}

/// Unlink Identity
///
/// Detaches one of the player's identities: it is soft-deleted and its sessions end at once
/// (its key is then free: signing in with it again makes a new player). 409 `last_identity`
/// for the player's only identity. Needs a fresh nonce.
#[utoipa::path(
    tag = "Client",
    operation_id = "unlink_identity",
    params(
        ("identity_id" = IdentityIdSchema, Path, description = "One of the player's identities"),
        (
            "leadr-client-nonce" = Option<String>,
            Header,
            description = "A fresh nonce from GET /v1/client/nonce. Needed: without one the answer is a 412 saying so",
            example = "4f9c2b1e-8d7a-4c3b-9e2f-1a2b3c4d5e6f"
        )
    ),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 401, description = "No valid access token", body = ErrorResponse),
        (status = 403, description = "The player is banned (`banned`)", body = ForbiddenResponse),
        (status = 404, description = "Not one of the player's live identities", body = ErrorResponse),
        (status = 409, description = "The player's last identity (`last_identity`)", body = ErrorResponse),
        (status = 412, description = "The nonce is missing, unknown, foreign, used or expired", body = ErrorResponse),
        (status = 422, description = "Malformed id", body = HttpValidationError),
        (status = 503, description = "Database unavailable; retry", body = ErrorResponse),
    ),
    security(("bearer" = []))
)]
#[delete("/v1/client/me/identities/{identity_id}")]
pub async fn unlink_identity(
    client: ClientAuth,
    state: web::Data<AppState>,
    nonce: ClientNonce,
    identity_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id("identity_id", &identity_id)?;
    state.client.unlink(&client, nonce.0.as_deref(), id).await?;
    Ok(HttpResponse::NoContent().finish())
}
