//! Request handlers: they translate HTTP to use-case calls and back, nothing more.

pub mod accounts;
pub mod api_keys;
pub mod audit_events;
pub mod client;
pub mod docs;
pub mod fallback;
pub mod games;
pub mod health;
pub mod identities;
pub mod metrics;
pub mod oidc_providers;
pub mod openapi;
pub mod players;
pub mod sign_in;
pub mod users;
pub mod webhooks;
