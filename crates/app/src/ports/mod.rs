//! The ports: what the use cases need from the outside world.
//!
//! Each port is a trait whose methods return `impl Future + Send`, implemented by an adapter and
//! taken as a generic. Each method documents its error contract.

mod account_store;
mod api_key_store;
mod change;
mod clock;
mod credential_store;
mod health_probe;
mod key_usage;
mod random;
mod store_error;
mod user_store;

pub use account_store::{AccountFilter, AccountInsertError, AccountStore};
pub use api_key_store::{ApiKeyFilter, ApiKeyInsertError, ApiKeyStore};
pub use change::{AccountCensus, ChangeError, UserCensus};
pub use clock::Clock;
pub use credential_store::CredentialStore;
pub use health_probe::HealthProbe;
pub use key_usage::KeyUsageRecorder;
pub use random::{Random, RandomError};
pub use store_error::{BoxError, StoreError};
pub use user_store::{UserFilter, UserInsertError, UserStore};
