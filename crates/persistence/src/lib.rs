//! PostgreSQL adapters for Roster's ports: Diesel 2, diesel-async and a deadpool pool.
//!
//! [`PgStore`] implements every store port of `roster-app`. [`Pool`] builds the connection pool
//! with every timeout set; [`migrate`] applies the embedded migrations under an advisory lock.
//! [`keyset`] is the one query builder every paginated list goes through.

mod account_store;
mod api_key_store;
mod audit_store;
mod census;
mod diagnostics;
mod error;
mod game_store;
mod health_probe;
mod housekeeping;
mod idempotency_store;
mod identity_store;
mod key_usage;
pub mod keyset;
mod listener;
mod listing;
pub mod migrate;
mod oidc_provider_store;
mod outage;
mod player_rows;
mod player_store;
mod pool;
mod prepared;
pub mod revocation;
mod rows;
pub mod schema;
mod search;
mod segments;
mod session_store;
mod store;
mod total;
mod user_store;
mod webhook_store;
mod wrapped;

pub use diagnostics::PreparedStatement;
pub use housekeeping::Housekeeping;
pub use key_usage::PgKeyUsage;
pub use listener::CredentialListener;
pub use listing::PageQueries;
pub use pool::{Pool, PoolConfig, PoolError, build_pool};
pub use store::{Limits, PgConn, PgStore};
