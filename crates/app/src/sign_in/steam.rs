//! Signing in with a Steam session ticket: Steam's Web API says whose it is.

use std::time::Duration;

use roster_domain::ban::Ban;
use roster_domain::client_session::ClientInfo;
use roster_domain::game::Game;
use roster_domain::identity::IdentityKind;
use roster_domain::sign_in::SteamPublisherKey;
use roster_domain::steam::{
    self, SteamRefusal, SteamRejection, SteamTicket, SteamVerdict, TicketIdentity,
};
use roster_domain::{GameId, Timestamp};

use super::{GameClosed, Proofs, SignInDb, SignIns, game_open};
use crate::client::{AdmitError, Proven, StartedSession, admit};
use crate::ports::{
    Clock, SealError, Sealer, SigningError, SteamCheckError, StoreError, TicketCheck, TokenCodec,
};

/// What a client sends to sign in with Steam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SteamSignIn {
    /// The game.
    pub game_id: GameId,
    /// The ticket `GetAuthTicketForWebApi` gave the client.
    pub ticket: SteamTicket,
    /// The identity string the client made the ticket with, if any.
    pub identity: Option<TicketIdentity>,
    /// What the client says of itself.
    pub client: ClientInfo,
}

/// Why a Steam ticket signed nobody in.
#[derive(Debug, thiserror::Error)]
pub enum SteamSignInError {
    /// The game takes no sign-in.
    #[error(transparent)]
    Game(#[from] GameClosed),
    /// The game has no Steam app id, or no publisher key.
    #[error("Steam sign-in is not set up for this game")]
    NotConfigured,
    /// Steam refused the ticket.
    #[error(transparent)]
    Rejected(#[from] SteamRejection),
    /// Steam refused the game's publisher key.
    #[error("Steam refused the game's publisher key")]
    KeyRefused,
    /// Steam did not answer usefully; try again after `retry_after`.
    #[error("Steam is unavailable: {reason}")]
    SteamUnavailable {
        /// What went wrong, for the log.
        reason: String,
        /// How long to wait.
        retry_after: Duration,
    },
    /// Steam accepted the ticket, but the player may not sign in.
    #[error(transparent)]
    Refused(#[from] SteamRefusal),
    /// The game's key does not open under the configured key.
    #[error(transparent)]
    Seal(#[from] SealError),
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

impl From<SteamCheckError> for SteamSignInError {
    fn from(error: SteamCheckError) -> Self {
        match error {
            SteamCheckError::Rejected(rejection) => Self::Rejected(rejection),
            SteamCheckError::KeyRefused => Self::KeyRefused,
            SteamCheckError::Unavailable {
                reason,
                retry_after,
            } => Self::SteamUnavailable {
                reason,
                retry_after,
            },
        }
    }
}

impl From<AdmitError> for SteamSignInError {
    fn from(error: AdmitError) -> Self {
        match error {
            AdmitError::Banned(ban) => Self::Banned(ban),
            AdmitError::Store(error) => Self::Store(error),
        }
    }
}

/// Who Steam's `verdict` proves to be in `game` at `now`, under the game's publisher-ban rule.
pub(super) fn steam_proven(
    game: &Game,
    verdict: &SteamVerdict,
    now: Timestamp,
) -> Result<Proven, SteamSignInError> {
    let (key, standing) = steam::admit(verdict, game.sign_in.steam_reject_publisher_banned, now)?;
    Ok(Proven {
        kind: IdentityKind::Steam,
        key,
        display_name: None,
        steam: Some(standing),
        provider: None,
    })
}

impl<D: SignInDb, C: Clock, T: TokenCodec, S: Sealer, P: Proofs> SignIns<D, C, T, S, P> {
    /// What Steam says of the ticket of `input`: the game's Steam settings read, Steam asked
    /// with no transaction open (Steam may be slow).
    pub(super) async fn steam_verdict(
        &self,
        input: &SteamSignIn,
    ) -> Result<SteamVerdict, SteamSignInError> {
        let game = self
            .db
            .read(async |conn: &mut D::Conn| -> Result<_, SteamSignInError> {
                game_open(conn, input.game_id).await
            })
            .await?;
        let (Some(app_id), Some(sealed_key)) = (
            game.details.steam_app_id.as_ref(),
            game.sign_in.steam_publisher_key.as_ref(),
        ) else {
            return Err(SteamSignInError::NotConfigured);
        };
        let publisher_key = String::from_utf8(self.sealer.open(sealed_key)?)
            .ok()
            .and_then(|key| SteamPublisherKey::parse(&key).ok())
            .ok_or(SealError::Corrupt)?;
        Ok(self
            .proofs
            .authenticate(TicketCheck {
                app_id,
                publisher_key: &publisher_key,
                ticket: &input.ticket,
                identity: input.identity.as_ref(),
            })
            .await?)
    }

    /// Reads the game's Steam settings, asks Steam about the ticket with no transaction open
    /// (Steam may be slow), then in one transaction checks the game again, applies its
    /// publisher-ban rule, and finds or creates the `STEAM` identity of the player Steam named,
    /// keeping what Steam said of it, and starts its session.
    pub(super) async fn steam_sign_in(
        &self,
        input: SteamSignIn,
    ) -> Result<StartedSession, SteamSignInError> {
        let verdict = self.steam_verdict(&input).await?;
        let now = self.clock.now();
        let (identity, session) = self
            .db
            .transaction(async |tx: &mut D::Conn| -> Result<_, SteamSignInError> {
                let game = game_open::<_, SteamSignInError>(tx, input.game_id).await?;
                let proven = steam_proven(&game, &verdict, now)?;
                Ok(admit(tx, &game, proven, input.client.clone(), now).await?)
            })
            .await?;
        Ok(StartedSession::signed(&self.tokens, identity, session)?)
    }
}
