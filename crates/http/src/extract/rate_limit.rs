//! The per-address rate limit of the unauthenticated client endpoints.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, web};

use crate::error::ApiError;
use crate::rate_limit::{RateLimitFields, RateLimits};

/// Takes one request from the client address's budget (`ROSTER_RATE_CLIENT_PER_MIN`): 429
/// when it is spent. Put it first among a handler's parameters.
#[derive(Debug, Clone, Copy)]
pub struct ClientRateLimit;

impl FromRequest for ClientRateLimit {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // An application without limits registered (a unit test's) limits nothing.
        // Taken once per request: the idempotency middleware may have taken it already.
        let counted = req.extensions().contains::<RateLimitFields>();
        let taken = match req.app_data::<web::Data<RateLimits>>() {
            Some(limits) if !counted => limits.take_client(req),
            _ => Ok(()),
        };
        ready(taken.map(|()| Self))
    }
}
