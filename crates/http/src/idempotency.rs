//! `Idempotency-Key` on POSTs (DESIGN.md §12): the middleware that runs a request once per key
//! and answers its retries with the first answer, byte for byte, marked
//! `Idempotent-Replayed: true`. The decisions are the use case's
//! (`roster_app::idempotency`); this file reads the request and keeps the answer.
//!
//! A key belongs to the caller's credential as sent (`leadr-api-key`, else `Authorization`),
//! or, for the sign-ins that send none, to the client's address: two callers' keys never meet,
//! and a client whose access token was refreshed starts a new scope. Kept with an answer:
//! its status, body, `Content-Type` and `Location`; the request id and rate-limit fields are the
//! retry's own.

use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError as _, web};
use roster_app::idempotency::Begun;
use roster_domain::idempotency::{
    IdempotencyKey, KeyScope, RequestFingerprint, ScopeKind, StoredResponse,
};

use crate::error::{ApiError, FieldError};
use crate::extract::body::read;
use crate::rate_limit::RateLimits;
use crate::state::AppState;

/// The request header.
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";

/// The response header a replayed answer carries.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

/// The paths of the sign-ins, the POSTs that take no credential.
const SIGN_IN_PATHS: &str = "/v1/client/sessions";

/// The headers of an answer that are kept with it.
const KEPT_HEADERS: [HeaderName; 2] = [header::CONTENT_TYPE, header::LOCATION];

/// The middleware function: wrap the app with `from_fn(idempotency)`.
pub async fn idempotency(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.method() != Method::POST || !req.headers().contains_key(IDEMPOTENCY_KEY_HEADER) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let key = req
        .headers()
        .get(IDEMPOTENCY_KEY_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| IdempotencyKey::parse(value).ok());
    let Some(key) = key else {
        return Ok(refuse(
            req,
            invalid_key("Idempotency-Key must be 1-255 visible ASCII characters"),
        ));
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let scope = match scope_of(&req) {
        Some(scope) => scope,
        // No credential where one is needed: the answer is a 401, nothing to keep.
        None => return Ok(next.call(req).await?.map_into_boxed_body()),
    };
    // A sign-in's claim is a write anyone can make: it spends the address's rate limit first
    // (once: the handler's limit sees it spent), so a flood of keys is refused before it is
    // stored.
    if matches!(scope.kind(), ScopeKind::Anonymous)
        && let Some(limits) = req.app_data::<web::Data<RateLimits>>()
        && let Err(refused) = limits.take_client(req.request())
    {
        return Ok(refuse(req, refused));
    }

    // The body is read here, within the body limit and timeout, to know the request by it;
    // the handler then reads the same bytes.
    let (http, mut payload) = req.into_parts();
    let body = match read(&http, &mut payload).await {
        Ok(body) => body,
        Err(error) => return Ok(ServiceResponse::new(http, error.error_response())),
    };
    let target = http.uri().path_and_query().map_or_else(
        || http.path().to_owned(),
        |target| target.as_str().to_owned(),
    );
    let fingerprint = RequestFingerprint::of(http.method().as_str(), &target, &body);
    let req = ServiceRequest::from_parts(http, Payload::from(body));

    match state.idempotency.begin(&scope, &key, fingerprint).await {
        Err(error) => Ok(refuse(req, ApiError::from(error))),
        Ok(Begun::Replay(stored)) => Ok(req.into_response(replay(&stored))),
        Ok(Begun::OtherRequest) => Ok(refuse(
            req,
            invalid_key("This Idempotency-Key was already used with another request"),
        )),
        Ok(Begun::StillRunning) => Ok(refuse(
            req,
            ApiError::conflict(
                "A request with this Idempotency-Key is still running; retry once it has finished",
            ),
        )),
        Ok(Begun::Run) => {
            let response = next.call(req).await?;
            let (http, response) = response.into_parts();
            let (head, body) = response.into_parts();
            let body = match to_bytes(body).await {
                Ok(body) => body,
                Err(_) => {
                    // Nothing to keep: free the key, so that the retry runs.
                    let failed = StoredResponse {
                        status: 500,
                        headers: Vec::new(),
                        body: Vec::new(),
                    };
                    let _ = state.idempotency.finish(&scope, &key, &failed).await;
                    let error = ApiError::internal(&UnreadableAnswer);
                    return Ok(ServiceResponse::new(http, error.error_response()));
                }
            };
            let stored = StoredResponse {
                status: head.status().as_u16(),
                headers: KEPT_HEADERS
                    .iter()
                    .filter_map(|name| {
                        let value = head.headers().get(name)?.to_str().ok()?;
                        Some((name.as_str().to_owned(), value.to_owned()))
                    })
                    .collect(),
                body: body.to_vec(),
            };
            if let Err(error) = state.idempotency.finish(&scope, &key, &stored).await {
                // The request ran and its answer goes out; a retry will wait out the lease.
                tracing::warn!(error = %error, "could not keep the answer of an idempotent request");
            }
            Ok(ServiceResponse::new(
                http,
                head.set_body(body).map_into_boxed_body(),
            ))
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the handler's answer could not be read")]
struct UnreadableAnswer;

fn refuse(req: ServiceRequest, error: ApiError) -> ServiceResponse<BoxBody> {
    req.into_response(error.error_response())
}

fn invalid_key(message: &str) -> ApiError {
    ApiError::invalid(FieldError::new(
        &["header", IDEMPOTENCY_KEY_HEADER],
        "idempotency_key",
        message,
    ))
}

/// Whose key it is: the credential sent, or for the sign-ins (which take none) the client's
/// address; none for any other request without a credential (it is refused anyway).
fn scope_of(req: &ServiceRequest) -> Option<KeyScope> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty())
    };
    if let Some(key) = header(crate::extract::API_KEY_HEADER) {
        return Some(KeyScope::api_key(key));
    }
    if let Some(authorization) = header(header::AUTHORIZATION.as_str()) {
        return Some(KeyScope::bearer(authorization));
    }
    if !req.path().starts_with(SIGN_IN_PATHS) {
        return None;
    }
    let address = req
        .app_data::<web::Data<RateLimits>>()
        .and_then(|limits| limits.client_address(req.request()))
        .or_else(|| req.peer_addr().map(|peer| peer.ip()))
        .map_or_else(|| "unknown".to_owned(), |address| address.to_string());
    Some(KeyScope::anonymous(&address))
}

/// The first answer again.
fn replay(stored: &StoredResponse) -> HttpResponse {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    for (name, value) in &stored.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            response.insert_header((name, value));
        }
    }
    response.insert_header((
        HeaderName::from_static(REPLAYED_HEADER),
        HeaderValue::from_static("true"),
    ));
    response.body(stored.body.clone())
}
