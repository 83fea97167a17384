//! The ports: what the use cases need from the outside world.
//!
//! Each port is a trait whose methods return `impl Future + Send`, implemented by an adapter and
//! taken as a generic. Each method documents its error contract.

mod account_store;
mod bootstrap_store;
mod clock;
mod credential_store;
mod health_probe;
mod random;
mod store_error;

pub use account_store::{AccountFilter, AccountInsertError, AccountStore, AccountUpdateError};
pub use bootstrap_store::{BootstrapStore, BootstrapStoreError};
pub use clock::Clock;
pub use credential_store::CredentialStore;
pub use health_probe::HealthProbe;
pub use random::{Random, RandomError};
pub use store_error::{BoxError, StoreError};
