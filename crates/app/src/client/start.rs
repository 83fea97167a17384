//! Starting a device session: no credentials, the fingerprint is the proof.

use roster_domain::GameId;
use roster_domain::client_session::{
    ClientSession, Platform, SessionGate, SessionMetadata, admits_sessions,
};
use roster_domain::identity::{DeviceFingerprint, Identity, IdentityDisplayName, IdentityKind};

use super::{ClientSessions, SessionTokens, issue};
use crate::ports::{
    AccountStore, Clock, GameStore, IdentityStore, Random, SessionStore, SigningError, StoreError,
    TokenCodec,
};

/// What a client sends to start a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartSession {
    /// The game.
    pub game_id: GameId,
    /// The device's fingerprint.
    pub fingerprint: DeviceFingerprint,
    /// A display name to set on the identity.
    pub display_name: Option<IdentityDisplayName>,
    /// The client's platform.
    pub platform: Option<Platform>,
    /// The client's metadata.
    pub metadata: Option<SessionMetadata>,
    /// Whether the session is in test mode.
    pub test_mode: bool,
}

/// A started session: the identity it signs in, the session, and its first pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedSession {
    /// The identity.
    pub identity: Identity,
    /// The session, with what the client said of itself.
    pub session: ClientSession,
    /// The tokens.
    pub tokens: SessionTokens,
}

/// Why no session was started.
#[derive(Debug, thiserror::Error)]
pub enum StartSessionError {
    /// The game is unknown or deleted (or its account is deleted).
    #[error("Game not found")]
    GameNotFound,
    /// The game's account is suspended.
    #[error("The game's account is suspended")]
    AccountSuspended,
    /// Tokens could not be signed.
    #[error(transparent)]
    Signing(#[from] SigningError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<SessionGate> for StartSessionError {
    fn from(gate: SessionGate) -> Self {
        match gate {
            SessionGate::GameGone => Self::GameNotFound,
            SessionGate::AccountSuspended => Self::AccountSuspended,
        }
    }
}

impl<S, C, R, T> ClientSessions<S, C, R, T>
where
    S: GameStore + AccountStore + IdentityStore + SessionStore,
    C: Clock,
    R: Random,
    T: TokenCodec,
{
    /// Finds or creates the DEVICE identity of the fingerprint (setting a given display name)
    /// and starts its session, in one transaction.
    pub(super) async fn start_session(
        &self,
        input: StartSession,
    ) -> Result<StartedSession, StartSessionError> {
        let game = GameStore::get(&self.store, input.game_id)
            .await?
            .ok_or(StartSessionError::GameNotFound)?;
        let account = AccountStore::get(&self.store, game.account_id)
            .await?
            .ok_or(StartSessionError::GameNotFound)?;
        admits_sessions(&game, &account)?;
        let now = self.clock.now();
        let candidate = Identity::new(
            &game,
            IdentityKind::Device,
            input.fingerprint.into_key(),
            input.display_name.clone(),
            now,
        );
        let (platform, metadata, test_mode) = (input.platform, input.metadata, input.test_mode);
        let (identity, session) = self
            .store
            .start_session(&candidate, input.display_name.as_ref(), move |identity| {
                ClientSession::start(identity, platform, metadata, test_mode, now)
            })
            .await?;
        Ok(StartedSession {
            identity,
            tokens: issue(&self.tokens, &session)?,
            session,
        })
    }
}
