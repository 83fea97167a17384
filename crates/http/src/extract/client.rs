//! The authenticated game client.

use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use roster_domain::client_session::ClientPrincipal;

use super::LocalBoxFuture;
use crate::error::ApiError;
use crate::state::AppState;

/// The header that carries a client nonce.
pub const NONCE_HEADER: &str = "leadr-client-nonce";

/// The client behind the request's `Authorization: Bearer <access token>`; 401 when there is none.
#[derive(Debug, Clone, Copy)]
pub struct ClientAuth(pub ClientPrincipal);

impl Deref for ClientAuth {
    type Target = ClientPrincipal;

    fn deref(&self) -> &ClientPrincipal {
        &self.0
    }
}

/// The bearer token of an `Authorization` header value, if it is one.
fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

impl FromRequest for ClientAuth {
    type Error = ApiError;
    type Future = LocalBoxFuture<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let header = req.headers().get(AUTHORIZATION).map(|value| {
            value
                .to_str()
                .ok()
                .and_then(bearer)
                .map(str::to_owned)
                .unwrap_or_default()
        });
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::unauthorized("Invalid or expired token"))?;
            let principal = state.client.authenticate(header.as_deref()).await?;
            Ok(Self(principal))
        })
    }
}

/// The request's `leadr-client-nonce`, if any: read on demand, never refusing by itself.
#[derive(Debug, Clone)]
pub struct ClientNonce(pub Option<String>);

impl FromRequest for ClientNonce {
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let value = req
            .headers()
            .get(NONCE_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        std::future::ready(Ok(Self(value)))
    }
}

#[cfg(test)]
mod tests {
    use super::bearer;

    #[test]
    fn only_bearer_credentials_are_taken() {
        assert_eq!(bearer("Bearer abc.def.ghi"), Some("abc.def.ghi"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic dXNlcjpwYXNz"), None);
        assert_eq!(bearer("abc"), None);
    }
}
