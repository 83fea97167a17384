//! Signing in with a custom token: a JWT a studio's backend signed with the game's custom-auth
//! secret, vouching for one of its players.

use roster_domain::GameId;
use roster_domain::Timestamp;
use roster_domain::ban::Ban;
use roster_domain::client_session::ClientInfo;
use roster_domain::custom_token::{self, CustomTokenRefusal};
use roster_domain::game::Game;
use roster_domain::identity::IdentityKind;

use super::{GameClosed, Proofs, SignInDb, SignIns, game_open};
use crate::client::{AdmitError, Proven, StartedSession, admit};
use crate::ports::{Clock, SealError, Sealer, SigningError, StoreError, TokenCodec};

/// What a client sends to sign in with a custom token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomSignIn {
    /// The game.
    pub game_id: GameId,
    /// The token.
    pub token: String,
    /// What the client says of itself.
    pub client: ClientInfo,
}

/// Why a custom token signed nobody in.
#[derive(Debug, thiserror::Error)]
pub enum CustomSignInError {
    /// The game takes no sign-in.
    #[error(transparent)]
    Game(#[from] GameClosed),
    /// The game has no custom-auth secret.
    #[error("Custom tokens are not set up for this game")]
    NotConfigured,
    /// The token is malformed, or not signed (HS256) with the game's secret.
    #[error("Invalid custom token")]
    InvalidToken,
    /// The token's claims do not sign anyone in.
    #[error(transparent)]
    Refused(#[from] CustomTokenRefusal),
    /// The game's secret does not open under the configured key.
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

impl From<AdmitError> for CustomSignInError {
    fn from(error: AdmitError) -> Self {
        match error {
            AdmitError::Banned(ban) => Self::Banned(ban),
            AdmitError::Store(error) => Self::Store(error),
        }
    }
}

impl<D: SignInDb, C: Clock, T: TokenCodec, S: Sealer, P: Proofs> SignIns<D, C, T, S, P> {
    /// Who `token` proves to be in `game` at `now`: signed with one of the game's custom-auth
    /// secrets (the current one, or the one it replaced within a day), its claims holding.
    pub(super) fn custom_proven(
        &self,
        game: &Game,
        token: &str,
        now: Timestamp,
    ) -> Result<Proven, CustomSignInError> {
        let secrets = game
            .sign_in
            .custom_auth_secrets(now)
            .into_iter()
            .map(|sealed| self.sealer.open(sealed))
            .collect::<Result<Vec<_>, _>>()?;
        if secrets.is_empty() {
            return Err(CustomSignInError::NotConfigured);
        }
        let claims = self
            .proofs
            .verify(token, &secrets)
            .map_err(|_| CustomSignInError::InvalidToken)?;
        Ok(Proven {
            kind: IdentityKind::Custom,
            key: custom_token::admit(&claims, now)?,
            display_name: None,
            steam: None,
            provider: None,
        })
    }

    /// In one transaction: the game must take sign-ins, the token must be signed with one of
    /// its custom-auth secrets (the current one, or the one it replaced within a day), its
    /// claims must hold, and the `CUSTOM` identity of its subject is found or created and its
    /// session started.
    pub(super) async fn custom_sign_in(
        &self,
        input: CustomSignIn,
    ) -> Result<StartedSession, CustomSignInError> {
        let now = self.clock.now();
        let (identity, session) = self
            .db
            .transaction(async |tx: &mut D::Conn| -> Result<_, CustomSignInError> {
                let game = game_open::<_, CustomSignInError>(tx, input.game_id).await?;
                let proven = self.custom_proven(&game, &input.token, now)?;
                Ok(admit(tx, &game, proven, input.client.clone(), now).await?)
            })
            .await?;
        Ok(StartedSession::signed(&self.tokens, identity, session)?)
    }
}
