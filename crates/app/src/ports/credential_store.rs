//! API-key lookup for authentication.

use std::future::Future;

use roster_domain::api_key::{ApiKeyDigest, KeyCredential};

use super::StoreError;

/// Finds what decides whether a presented API key authenticates.
pub trait CredentialStore: Send + Sync + 'static {
    /// The credential of the key whose digest is `digest`, whatever its state (revoked, expired,
    /// deleted: the domain decides), or `None` when no key has that digest.
    ///
    /// MUST read the key, its user and its account in one consistent query.
    fn credential(
        &self,
        digest: &ApiKeyDigest,
    ) -> impl Future<Output = Result<Option<KeyCredential>, StoreError>> + Send;
}
