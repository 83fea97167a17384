//! Request extractors.
//!
//! Body and query extractors never fail by themselves: they hold their outcome until the
//! handler asks for it, after [`AdminPrincipal`] has authenticated the caller. Actix polls a
//! handler's extractors together, so this is what makes a 401 answer before any 4xx about the
//! request's contents, as FastAPI's dependency order does.

pub(crate) mod body;
mod client;
mod deserialize;
mod path;
mod preconditions;
mod principal;
mod query;
mod rate_limit;

pub use body::{BodyLimit, BodyTimeout, JsonBody, OptionalJsonBody};
pub use client::{ClientAuth, ClientNonce, NONCE_HEADER};
pub use path::{path_id, path_value};
pub use preconditions::{IfMatchHeader, IfNoneMatchHeader};
pub use principal::{API_KEY_HEADER, AdminPrincipal};
pub use query::ListQuery;
pub use rate_limit::ClientRateLimit;

/// A boxed, non-`Send` future, as actix extractors return.
type LocalBoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;
