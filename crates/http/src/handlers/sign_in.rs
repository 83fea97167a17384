//! `/v1/client/sessions/{custom,steam,oidc}`: game clients prove who they are with a platform's proof
//! (DESIGN §9), and get the session `POST /v1/client/sessions` gives.

use actix_web::{HttpResponse, post, web};

use crate::dto::client::StartSessionResponse;
use crate::dto::error::{BodyFailures, ErrorResponse, ForbiddenResponse, HttpValidationError};
use crate::dto::sign_in::{CustomSignInRequest, OidcSignInRequest, SteamSignInRequest};
use crate::error::ApiError;
use crate::extract::{ClientRateLimit, JsonBody};
use crate::state::AppState;

/// Sign In With a Custom Token
///
/// A studio's own backend vouches for one of its players with a custom token: a JWT signed
/// (HS256 only) with the game's custom-auth secret (`PATCH /v1/games/{game_id}` sets it; the one
/// it replaced keeps working for 24 hours). Its `sub` is the player's CUSTOM identity, found or
/// created; `exp` must be at most an hour ahead and not past, `iat` not in the future (each
/// with 60 s for clock skew). A token that does not sign anyone in is 401, with a `code` saying
/// why: `invalid_token`, `token_expired`, `token_lifetime_too_long`, `token_issued_in_future`,
/// `invalid_subject`, or `custom_auth_not_configured` when the game has no secret.
#[utoipa::path(
    tag = "Client",
    operation_id = "sign_in_custom",
    request_body = CustomSignInRequest,
    responses(
        (status = 201, description = "The identity and its tokens", body = StartSessionResponse),
        (status = 401, description = "The token signs nobody in; `code` says why", body = ErrorResponse),
        (status = 403, description = "The game's account is suspended, or the player is banned (`banned`)", body = ForbiddenResponse),
        (status = 404, description = "Unknown or deleted game", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        (status = 503, description = "Database unavailable; retry", body = ErrorResponse),
        BodyFailures,
    )
)]
#[post("/v1/client/sessions/custom")]
pub async fn sign_in_custom(
    _limit: ClientRateLimit,
    state: web::Data<AppState>,
    body: JsonBody<CustomSignInRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner()?.try_into_domain()?;
    let started = state.sign_ins.custom(input).await?;
    Ok(HttpResponse::Created().json(StartSessionResponse::from(started)))
}

/// Sign In With a Steam Ticket
///
/// The game client gets a ticket from `ISteamUser::GetAuthTicketForWebApi` and sends it as hex;
/// Roster asks Steam's Web API (`ISteamUserAuth/AuthenticateUserTicket`) with the game's
/// `steam_app_id` and publisher key (both set with `PATCH /v1/games/{game_id}`), and signs in
/// the STEAM identity of the `steamid` Steam names, found or created. Steam's `ownersteamid`,
/// `vacbanned` and `publisherbanned` are kept on the identity for the game's admins; a
/// publisher-banned player is refused (403, `publisher_banned`) when the game's
/// `steam_reject_publisher_banned` is on. A ticket Steam refuses is 401 with a `code`:
/// `steam_ticket_invalid` (forged, cancelled, or made for another `identity`),
/// `steam_ticket_expired`, `steam_ticket_reused`, `steam_ticket_revoked`,
/// `steam_ticket_wrong_app`, `steam_ticket_malformed`, `steam_ticket_rejected` (any other code
/// of Steam's); `steam_not_configured` when the game lacks the app id or the key,
/// `steam_key_refused` when Steam refuses the key. Steam not answering in time is 503
/// `steam_unavailable` with `Retry-After`.
#[utoipa::path(
    tag = "Client",
    operation_id = "sign_in_steam",
    request_body = SteamSignInRequest,
    responses(
        (status = 201, description = "The identity and its tokens", body = StartSessionResponse),
        (status = 401, description = "The ticket signs nobody in; `code` says why", body = ErrorResponse),
        (status = 403, description = "The player is publisher-banned or banned (`banned`), or the game's account is suspended", body = ForbiddenResponse),
        (status = 404, description = "Unknown or deleted game", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        (status = 503, description = "Steam or the database unavailable; retry after `Retry-After`", body = ErrorResponse),
        BodyFailures,
    )
)]
#[post("/v1/client/sessions/steam")]
pub async fn sign_in_steam(
    _limit: ClientRateLimit,
    state: web::Data<AppState>,
    body: JsonBody<SteamSignInRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner()?.try_into_domain()?;
    let started = state.sign_ins.steam(input).await?;
    Ok(HttpResponse::Created().json(StartSessionResponse::from(started)))
}

/// Sign In With OpenID Connect
///
/// The game client signs its player in with one of the game's OpenID providers (Sign in with
/// Apple, Google, or any issuer configured with `PUT /v1/games/{game_id}/oidc-providers/{provider}`)
/// and sends the `id_token`. Its signature is checked with the issuer's published keys (RS256
/// or ES256, the algorithm taken from the key), then its claims: `iss` the provider's issuer,
/// `aud` one of its audiences, `exp` not past and `iat` not ahead (60 s of clock skew), `nonce`
/// the one sent when one is sent. The player is the CUSTOM identity of the provider's `sub`,
/// with `provider` set, found or created. A token that signs nobody in is 401 with a `code`:
/// `invalid_token`, `token_algorithm_refused`, `unknown_signing_key`, `token_wrong_issuer`,
/// `token_wrong_audience`, `token_expired`, `token_issued_in_future`, `nonce_mismatch`,
/// `invalid_subject`, or `oidc_provider_not_configured`. The issuer's keys unreachable (none
/// cached) is 503 `oidc_provider_unavailable` with `Retry-After`.
#[utoipa::path(
    tag = "Client",
    operation_id = "sign_in_oidc",
    request_body = OidcSignInRequest,
    responses(
        (status = 201, description = "The identity and its tokens", body = StartSessionResponse),
        (status = 401, description = "The token signs nobody in; `code` says why", body = ErrorResponse),
        (status = 403, description = "The game's account is suspended, or the player is banned (`banned`)", body = ForbiddenResponse),
        (status = 404, description = "Unknown or deleted game", body = ErrorResponse),
        (status = 422, description = "Validation error", body = HttpValidationError),
        (status = 503, description = "The issuer's keys or the database unavailable; retry after `Retry-After`", body = ErrorResponse),
        BodyFailures,
    )
)]
#[post("/v1/client/sessions/oidc")]
pub async fn sign_in_oidc(
    _limit: ClientRateLimit,
    state: web::Data<AppState>,
    body: JsonBody<OidcSignInRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner()?.try_into_domain()?;
    let started = state.sign_ins.oidc(input).await?;
    Ok(HttpResponse::Created().json(StartSessionResponse::from(started)))
}
