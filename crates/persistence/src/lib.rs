//! PostgreSQL adapters for Roster's ports: Diesel 2, diesel-async and a deadpool pool.
//!
//! [`PgStore`] implements every store port of `roster-app`. [`Pool`] builds the connection pool
//! with every timeout set; [`migrate`] applies the embedded migrations under an advisory lock.
//! [`keyset`] is the one query builder every paginated list goes through.

mod account_store;
mod bootstrap_store;
mod credential_store;
mod diagnostics;
mod error;
mod health_probe;
pub mod keyset;
pub mod migrate;
mod pool;
mod rows;
pub mod schema;
mod store;
mod total;
mod wrapped;

pub use pool::{Pool, PoolConfig, PoolError, build_pool};
pub use store::PgStore;
