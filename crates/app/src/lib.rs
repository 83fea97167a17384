//! Roster's use cases and the ports they need.
//!
//! Use cases enforce the authorization policy of `roster-domain` and orchestrate stores. Stores
//! are ports ([`ports`]): traits the persistence adapter implements, taken as generics. The HTTP
//! adapter drives the use cases through object-safe traits ([`accounts::AccountUseCases`],
//! [`users::UserUseCases`], [`api_keys::ApiKeyUseCases`], [`auth::Authenticate`],
//! [`health::HealthCheck`]) so that its handlers need no generics.

pub mod accounts;
pub mod api_keys;
pub mod audit;
pub mod audit_log;
pub mod auth;
pub mod bootstrap;
mod boxed;
pub mod client;
pub mod error_chain;
#[cfg(test)]
mod fakes;
pub mod games;
pub mod health;
pub mod idempotency;
pub mod identities;
pub mod lookup;
pub mod oidc_providers;
pub mod pagination;
pub mod players;
pub mod ports;
pub mod sign_in;
mod slugs;
pub mod users;
pub mod webhooks;

pub use boxed::BoxFuture;
