//! Client sessions and nonces in storage.

use std::future::Future;

use roster_domain::client_session::{ClientCredential, ClientSession};
use roster_domain::nonce::Nonce;
use roster_domain::{IdentityId, SessionId, Timestamp};
use uuid::Uuid;

use super::{ChangeError, StoreError};

/// Stores client sessions and their nonces.
pub trait SessionStore: Send + Sync + 'static {
    /// Inserts a new session.
    fn insert_session(
        &self,
        session: &ClientSession,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// In one transaction: locks the session with `id`, passes it to `change`, writes back what
    /// `change` returns.
    ///
    /// MUST return `NotFound` when there is no such session and `Rejected` with `change`'s
    /// error, writing nothing.
    fn update_session<E, F>(
        &self,
        id: SessionId,
        change: F,
    ) -> impl Future<Output = Result<ClientSession, ChangeError<E>>> + Send
    where
        F: FnOnce(ClientSession) -> Result<ClientSession, E> + Send + 'static,
        E: Send + 'static;

    /// The session with `id` with the state of its identity, game and account, in one query.
    fn credential(
        &self,
        id: SessionId,
    ) -> impl Future<Output = Result<Option<ClientCredential>, StoreError>> + Send;

    /// Stores a new nonce.
    fn insert_nonce(&self, nonce: &Nonce) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Uses the nonce `value` of `identity` at `now`, atomically: one conditional update that
    /// succeeds only for an unused, unexpired nonce of that identity, so two requests with one
    /// nonce never both succeed.
    ///
    /// MUST return `Ok(Err(stored))` with whatever is stored under `value` (if anything) when
    /// the nonce was not usable, for the caller to say why.
    fn use_nonce(
        &self,
        value: Uuid,
        identity: IdentityId,
        now: Timestamp,
    ) -> impl Future<Output = Result<Result<(), Option<Nonce>>, StoreError>> + Send;
}
