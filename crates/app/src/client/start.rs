//! Starting a device session: no credentials, the fingerprint is the proof.

use roster_domain::GameId;
use roster_domain::client_session::{ClientInfo, ClientSession, SessionGate, admits_sessions};
use roster_domain::identity::{
    DeviceFingerprint, Identity, IdentityChanges, IdentityDisplayName, IdentityKind,
};

use super::{ClientDb, ClientSessions, SessionTokens, issue};
use crate::ports::{
    AccountRows, Clock, GameRows, IdentityRows, Random, SessionRows, SigningError, StoreError,
    TokenCodec, WriteError,
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

impl<D: ClientDb, C: Clock, R: Random, T: TokenCodec> ClientSessions<D, C, R, T> {
    /// Finds or creates the DEVICE identity of the fingerprint (setting a given display name)
    /// and starts its session, in one transaction.
    pub(super) async fn start_session(
        &self,
        input: StartSession,
    ) -> Result<StartedSession, StartSessionError> {
        let now = self.clock.now();
        let (identity, session) = self
            .db
            .transaction(async |tx: &mut D::Conn| -> Result<_, StartSessionError> {
                let game = tx
                    .game(input.game_id)
                    .await?
                    .ok_or(StartSessionError::GameNotFound)?;
                let account = tx
                    .account(game.account_id)
                    .await?
                    .ok_or(StartSessionError::GameNotFound)?;
                admits_sessions(&game, &account)?;
                let candidate = Identity::new(
                    &game,
                    IdentityKind::Device,
                    input.fingerprint.clone().into_key(),
                    input.display_name.clone(),
                    now,
                );
                let identity = match tx.insert_identity_unless_live(&candidate).await? {
                    Some(inserted) => inserted,
                    None => {
                        let found = tx
                            .lock_live_identity(game.id, candidate.kind, &candidate.external_key)
                            .await?
                            .ok_or_else(|| {
                                StoreError::Internal(
                                    "the live identity that refused the insert is gone".into(),
                                )
                            })?;
                        // A display name given at sign-in renames the player.
                        let renamed = match &input.display_name {
                            Some(name) => found
                                .apply(
                                    &IdentityChanges {
                                        display_name: Some(Some(name.clone())),
                                        deleted: None,
                                    },
                                    now,
                                )
                                .map_err(|_| StartSessionError::GameNotFound)?,
                            None => found.clone(),
                        };
                        if renamed != found {
                            tx.update_identity(&renamed)
                                .await
                                .map_err(|error| match error {
                                    WriteError::Conflict => StoreError::Internal(
                                        "a rename collided with another identity".into(),
                                    ),
                                    WriteError::Store(error) => error,
                                })?;
                        }
                        renamed
                    }
                };
                let session = ClientSession::start(&identity, input.client.clone(), now);
                tx.insert_session(&session).await?;
                Ok((identity, session))
            })
            .await?;
        Ok(StartedSession {
            identity,
            tokens: issue(&self.tokens, &session)?,
            session,
        })
    }
}
