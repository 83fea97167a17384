//! Starting a device session: no credentials, the fingerprint is the proof.

use roster_domain::GameId;
use roster_domain::ban::Ban;
use roster_domain::client_session::{ClientInfo, ClientSession, SessionGate};
use roster_domain::identity::{DeviceFingerprint, Identity, IdentityDisplayName, IdentityKind};

use super::admit::{AdmitError, GameRefusal, Proven, admit, open_game};
use super::{ClientDb, ClientSessions, SessionTokens, issue};
use crate::ports::{Clock, Random, SigningError, StoreError, TokenCodec};

/// What a client sends to start a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartSession {
    /// The game.
    pub game_id: GameId,
    /// The device's fingerprint.
    pub fingerprint: DeviceFingerprint,
    /// A display name to set on the identity.
    pub display_name: Option<IdentityDisplayName>,
    /// What the client says of itself.
    pub client: ClientInfo,
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

impl StartedSession {
    /// The started session of `identity`, its first pair signed by `tokens`.
    ///
    /// # Errors
    ///
    /// When the tokens cannot be signed.
    pub fn signed<T: TokenCodec>(
        tokens: &T,
        identity: Identity,
        session: ClientSession,
    ) -> Result<Self, SigningError> {
        Ok(Self {
            tokens: issue(tokens, &session)?,
            identity,
            session,
        })
    }
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
    /// The identity's player is banned.
    #[error("The player is banned")]
    Banned(Box<Ban>),
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

impl From<AdmitError> for StartSessionError {
    fn from(error: AdmitError) -> Self {
        match error {
            AdmitError::Banned(ban) => Self::Banned(ban),
            AdmitError::Store(error) => error.into(),
        }
    }
}

impl From<GameRefusal> for StartSessionError {
    fn from(refusal: GameRefusal) -> Self {
        match refusal {
            GameRefusal::Gate(gate) => gate.into(),
            GameRefusal::Store(error) => error.into(),
        }
    }
}

impl<D: ClientDb, C: Clock, R: Random, T: TokenCodec> ClientSessions<D, C, R, T> {
    /// Finds or creates the DEVICE identity of the fingerprint (setting a given display name)
    /// and starts its session, in one transaction.
    pub(super) async fn start_session(
        &self,
        input: StartSession,
    ) -> Result<StartedSession, StartSessionError> {
        let now = self.clock.now();
        let proven = Proven {
            kind: IdentityKind::Device,
            key: input.fingerprint.clone().into_key(),
            display_name: input.display_name.clone(),
            steam: None,
            provider: None,
        };
        let (identity, session) = self
            .db
            .transaction(async |tx: &mut D::Conn| -> Result<_, StartSessionError> {
                let game = open_game(tx, input.game_id).await?;
                Ok(admit(tx, &game, proven, input.client.clone(), now).await?)
            })
            .await?;
        Ok(StartedSession::signed(&self.tokens, identity, session)?)
    }
}
