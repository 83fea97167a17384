//! Request ids, the request span and the request log line.
//!
//! Every response carries `x-request-id`: the caller's (when it is 1–128 visible ASCII
//! characters, `RequestId`'s rule) or a new ULID. Everything logged while handling the request, internal errors
//! included, is inside a span that carries the id.

use std::time::Instant;

use actix_web::HttpMessage as _;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use roster_app::audit;
use roster_domain::audit::RequestId;
use tracing::Instrument as _;

/// The request id header.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The middleware function: wrap the app with `actix_web::middleware::from_fn(request_context)`.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let request_id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(RequestId::parse)
        .unwrap_or_else(RequestId::fresh);
    let span = tracing::info_span!(
        "request",
        request_id = %request_id.as_str(),
        method = %req.method(),
        path = %req.path(),
    );
    let started = Instant::now();
    // The changes the request makes are recorded with its id. Handlers' and extractors'
    // errors arrive here already turned into responses; an `Err` could only come from a
    // middleware inside this one, and there is none.
    let mut response = audit::in_request(request_id.clone(), next.call(req))
        .instrument(span.clone())
        .await?
        .map_into_boxed_body();
    if let Ok(value) = HeaderValue::from_str(request_id.as_str()) {
        response
            .headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    // A rate-limited endpoint left its limit's fields for the answer, refused or not.
    let fields = response
        .request()
        .extensions()
        .get::<crate::rate_limit::RateLimitFields>()
        .cloned();
    if let Some(fields) = fields {
        fields.apply(response.headers_mut());
    }
    let status = response.status().as_u16();
    let took = started.elapsed();
    crate::metrics_page::record_request(
        response.request().method(),
        response.request().match_pattern(),
        status,
        took,
    );
    let latency_ms = took.as_secs_f64() * 1_000.0;
    span.in_scope(|| tracing::info!(status, latency_ms, "request completed"));
    Ok(response)
}
