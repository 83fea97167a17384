//! The authenticated admin caller.

use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use roster_domain::principal::Principal;

use super::LocalBoxFuture;
use crate::error::ApiError;
use crate::rate_limit::RateLimits;
use crate::state::AppState;

/// The header that carries an admin API key.
pub const API_KEY_HEADER: &str = "leadr-api-key";

/// The principal behind the request's `leadr-api-key`; 401 when there is none, 429 when the
/// key's rate limit is spent.
#[derive(Debug, Clone, Copy)]
pub struct AdminPrincipal(pub Principal);

impl Deref for AdminPrincipal {
    type Target = Principal;

    fn deref(&self) -> &Principal {
        &self.0
    }
}

impl FromRequest for AdminPrincipal {
    type Error = ApiError;
    type Future = LocalBoxFuture<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let presented = req
            .headers()
            .get(API_KEY_HEADER)
            .map(|value| value.to_str().map(str::to_owned));
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let limits = req.app_data::<web::Data<RateLimits>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(&MissingState))?;
            let presented = match presented {
                None => None,
                Some(Ok(key)) => Some(key),
                // Not even visible ASCII: cannot be a key.
                Some(Err(_)) => return Err(ApiError::unauthorized("Invalid or expired API key")),
            };
            let principal = state.auth.authenticate(presented.as_deref()).await?;
            // Counted per key once the key is known: a wrong key costs its sender a 401, not
            // the key's owner a request.
            if let Some(limits) = limits {
                limits.take_admin(&req, principal.api_key_id)?;
            }
            Ok(Self(principal))
        })
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the application state is not registered")]
struct MissingState;
