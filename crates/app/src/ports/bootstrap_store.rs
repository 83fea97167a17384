//! The first account, superadmin and key, created together.

use std::future::Future;

use roster_domain::account::Account;
use roster_domain::api_key::NewApiKey;
use roster_domain::user::User;

use super::StoreError;

/// Why the bootstrap records could not be inserted.
#[derive(Debug, thiserror::Error)]
pub enum BootstrapStoreError {
    /// A superadmin that is not deleted exists already.
    #[error("a superadmin exists already")]
    SuperadminExists,
    /// The account's slug is taken.
    #[error("the slug is taken")]
    SlugTaken,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Inserts the bootstrap records.
pub trait BootstrapStore: Send + Sync + 'static {
    /// In one transaction, serialized against concurrent bootstraps: refuses when a superadmin
    /// exists, otherwise inserts `account`, `user` and `key`.
    ///
    /// MUST return `SuperadminExists` or `SlugTaken` with nothing written.
    fn bootstrap(
        &self,
        account: &Account,
        user: &User,
        key: &NewApiKey,
    ) -> impl Future<Output = Result<(), BootstrapStoreError>> + Send;
}
