//! Telling every replica that credentials may have stopped working.

use std::future::Future;

use roster_domain::{AccountId, ApiKeyId, IdentityId, PlayerId, SessionId, UserId};

use super::StoreError;

/// What a change may have stopped: the use case that makes the change says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Revocation {
    /// This API key.
    Key(ApiKeyId),
    /// Every key of this user.
    User(UserId),
    /// Every key and client session of this account.
    Account(AccountId),
    /// Every session of this identity.
    Identity(IdentityId),
    /// This client session.
    Session(SessionId),
    /// Every session of this player, and its standing (a ban applies, or no longer does).
    Player(PlayerId),
}

/// Announcing revocations to every replica.
pub trait Revocations: Send {
    /// Announces `revocation` with the transaction the connection is in: delivered to every
    /// replica when it commits, never when it rolls back.
    fn announce(
        &mut self,
        revocation: Revocation,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}
