//! Client sessions and nonces in storage.

use std::future::Future;

use roster_domain::client_session::{ClientCredential, ClientSession};
use roster_domain::nonce::Nonce;
use roster_domain::{IdentityId, PlayerId, SessionId, Timestamp};
use uuid::Uuid;

use super::StoreError;

/// The session and nonce primitives of a connection.
pub trait SessionRows: Send {
    /// Inserts a new session.
    fn insert_session(
        &mut self,
        session: &ClientSession,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The session with `id`, locked until the transaction ends.
    fn lock_session(
        &mut self,
        id: SessionId,
    ) -> impl Future<Output = Result<Option<ClientSession>, StoreError>> + Send;

    /// Writes `session` over the stored session with its id.
    fn update_session(
        &mut self,
        session: &ClientSession,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Revokes at `at` every session of `identity` not revoked yet; how many.
    fn revoke_sessions_of_identity(
        &mut self,
        identity: IdentityId,
        at: Timestamp,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Revokes at `at` every session of `player` not revoked yet; how many.
    fn revoke_sessions_of_player(
        &mut self,
        player: PlayerId,
        at: Timestamp,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// The session with `id` with the state of its identity, game and account and the ban of
    /// its player that prevails at `at`, in one query.
    fn session_credential(
        &mut self,
        id: SessionId,
        at: Timestamp,
    ) -> impl Future<Output = Result<Option<ClientCredential>, StoreError>> + Send;

    /// Stores a new nonce.
    fn insert_nonce(
        &mut self,
        nonce: &Nonce,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Uses the nonce `value` of `identity` at `now`, atomically: one conditional update that
    /// succeeds only for an unused, unexpired nonce of that identity, so two requests with one
    /// nonce never both succeed.
    ///
    /// MUST return `Ok(Err(stored))` with whatever is stored under `value` (if anything) when
    /// the nonce was not usable, for the caller to say why.
    fn use_nonce(
        &mut self,
        value: Uuid,
        identity: IdentityId,
        now: Timestamp,
    ) -> impl Future<Output = Result<Result<(), Option<Nonce>>, StoreError>> + Send;
}
