//! Authenticating admin API callers by their API key.

use roster_domain::api_key::{API_KEY_PREFIX, ApiKeyDigest};
use roster_domain::principal::Principal;

use crate::BoxFuture;
use crate::ports::{Clock, CredentialStore, StoreError};

/// Longest presented key worth hashing; real keys are 47 characters.
const MAX_PRESENTED_KEY_LEN: usize = 256;

/// Why a caller was not authenticated.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// No key was presented.
    #[error("API key required")]
    Missing,
    /// The key is unknown, revoked or expired, or its user or account is suspended or deleted.
    #[error("Invalid or expired API key")]
    Invalid,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Authentication as the HTTP adapter drives it.
pub trait Authenticate: Send + Sync + 'static {
    /// The principal behind the presented key (the `leadr-api-key` header), if any.
    fn authenticate<'a>(
        &'a self,
        presented: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Principal, AuthError>>;
}

/// Authenticates API keys by the digest of what was presented.
#[derive(Debug)]
pub struct Authenticator<S, C> {
    store: S,
    clock: C,
}

impl<S: CredentialStore, C: Clock> Authenticator<S, C> {
    /// Authentication over `store`, telling time (for expiry) by `clock`.
    pub fn new(store: S, clock: C) -> Self {
        Self { store, clock }
    }

    async fn principal(&self, presented: Option<&str>) -> Result<Principal, AuthError> {
        let presented = presented.map(str::trim).unwrap_or_default();
        if presented.is_empty() {
            return Err(AuthError::Missing);
        }
        // Keys that cannot be ours are refused without a lookup.
        if !presented.starts_with(API_KEY_PREFIX) || presented.len() > MAX_PRESENTED_KEY_LEN {
            return Err(AuthError::Invalid);
        }
        let digest = ApiKeyDigest::of_presented(presented);
        let credential = self
            .store
            .credential(&digest)
            .await?
            .ok_or(AuthError::Invalid)?;
        credential
            .authenticate(self.clock.now())
            .ok_or(AuthError::Invalid)
    }
}

impl<S: CredentialStore, C: Clock> Authenticate for Authenticator<S, C> {
    fn authenticate<'a>(
        &'a self,
        presented: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Principal, AuthError>> {
        Box::pin(self.principal(presented))
    }
}
