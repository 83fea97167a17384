//! Authenticating admin API callers by their API key.

mod cache;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use roster_domain::api_key::{API_KEY_PREFIX, ApiKeyDigest, KeyCredential, last_use_is_due};
use roster_domain::principal::Principal;
use roster_domain::{ApiKeyId, Timestamp};

pub use cache::{CredentialCache, Generation, MAX_CREDENTIAL_TTL};

use crate::BoxFuture;
use crate::ports::{ApiKeyRows, Clock, Database, KeyUsageRecorder, StoreError};

/// Longest presented key worth hashing; real keys are 47 characters.
const MAX_PRESENTED_KEY_LEN: usize = 256;
/// Keys whose last recorded use is remembered at most; beyond, the memory starts over.
const USES_REMEMBERED: usize = 10_000;

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

/// Authenticates API keys by the digest of what was presented, through the credential cache,
/// and records their use at most once a minute, off the request path.
#[derive(Debug)]
pub struct Authenticator<D, C, U> {
    db: D,
    clock: C,
    usage: U,
    cache: Arc<CredentialCache>,
    recorded: Mutex<HashMap<ApiKeyId, Timestamp>>,
}

impl<D, C: Clock, U: KeyUsageRecorder> Authenticator<D, C, U>
where
    D: Database,
    D::Conn: ApiKeyRows,
{
    /// Authentication over `db` and `cache`, telling time by `clock`, recording uses through
    /// `usage`.
    pub fn new(db: D, clock: C, usage: U, cache: Arc<CredentialCache>) -> Self {
        Self {
            db,
            clock,
            usage,
            cache,
            recorded: Mutex::new(HashMap::new()),
        }
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
        let credential = match self.cache.get(&digest) {
            Some(credential) => credential,
            None => {
                let generation = self.cache.generation();
                let credential = self
                    .db
                    .read(async |conn: &mut D::Conn| conn.key_credential(&digest).await)
                    .await?
                    .ok_or(AuthError::Invalid)?;
                self.cache.put(generation, digest, credential.clone());
                credential
            }
        };
        let now = self.clock.now();
        let principal = credential.authenticate(now).ok_or(AuthError::Invalid)?;
        self.note_use(&credential, now);
        Ok(principal)
    }

    /// Queues `last_used_at` when the last recorded use is a minute old or more.
    fn note_use(&self, credential: &KeyCredential, now: Timestamp) {
        let mut recorded = self.recorded.lock().unwrap_or_else(PoisonError::into_inner);
        let last = recorded
            .get(&credential.key_id)
            .copied()
            .max(credential.last_used_at);
        if !last_use_is_due(last, now) {
            return;
        }
        if recorded.len() >= USES_REMEMBERED {
            recorded.clear();
        }
        recorded.insert(credential.key_id, now);
        drop(recorded);
        self.usage.record(credential.key_id, now);
    }
}

impl<D, C: Clock, U: KeyUsageRecorder> Authenticate for Authenticator<D, C, U>
where
    D: Database,
    D::Conn: ApiKeyRows,
{
    fn authenticate<'a>(
        &'a self,
        presented: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Principal, AuthError>> {
        Box::pin(self.principal(presented))
    }
}
