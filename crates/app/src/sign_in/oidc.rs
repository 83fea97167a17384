//! Signing in with an OpenID Connect `id_token` (Sign in with Apple, Google, any issuer the
//! game configured): the issuer's keys say the token is genuine, the domain what its claims
//! must say.

use std::time::Duration;

use roster_domain::ban::Ban;
use roster_domain::client_session::ClientInfo;
use roster_domain::identity::IdentityKind;
use roster_domain::oidc::{self, OidcClaims, OidcRefusal, TokenNonce};
use roster_domain::slug::Slug;
use roster_domain::{GameId, Timestamp};

use super::{GameClosed, Proofs, SignInConn, SignInDb, SignIns, game_open};
use crate::client::{AdmitError, Proven, StartedSession, admit};
use crate::ports::{
    Clock, OidcCheckError, OidcProviderRows, Sealer, SigningError, StoreError, TokenCodec,
    TokenFault,
};

/// What a client sends to sign in with an `id_token`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcSignIn {
    /// The game.
    pub game_id: GameId,
    /// The game's provider that issued the token.
    pub provider: Slug,
    /// The token.
    pub id_token: String,
    /// The nonce the client asked the provider to put in the token, if it did.
    pub nonce: Option<TokenNonce>,
    /// What the client says of itself.
    pub client: ClientInfo,
}

/// Why an `id_token` signed nobody in.
#[derive(Debug, thiserror::Error)]
pub enum OidcSignInError {
    /// The game takes no sign-in.
    #[error(transparent)]
    Game(#[from] GameClosed),
    /// The game has no provider of that name.
    #[error("The game has no OpenID provider of that name")]
    NotConfigured,
    /// The signature does not hold.
    #[error(transparent)]
    Invalid(#[from] TokenFault),
    /// The claims do not sign anyone in.
    #[error(transparent)]
    Refused(#[from] OidcRefusal),
    /// The issuer's keys could not be had; try again after `retry_after`.
    #[error("The provider's keys are unavailable: {reason}")]
    ProviderUnavailable {
        /// What went wrong, for the log.
        reason: String,
        /// How long to wait.
        retry_after: Duration,
    },
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

impl From<OidcCheckError> for OidcSignInError {
    fn from(error: OidcCheckError) -> Self {
        match error {
            OidcCheckError::Invalid(fault) => Self::Invalid(fault),
            OidcCheckError::Unavailable {
                reason,
                retry_after,
            } => Self::ProviderUnavailable {
                reason,
                retry_after,
            },
        }
    }
}

impl From<AdmitError> for OidcSignInError {
    fn from(error: AdmitError) -> Self {
        match error {
            AdmitError::Banned(ban) => Self::Banned(ban),
            AdmitError::Store(error) => Self::Store(error),
        }
    }
}

/// Who the checked `claims` of `input` prove to be: judged, in the caller's transaction,
/// against the game's provider as it is now.
pub(super) async fn oidc_proven<Conn: SignInConn>(
    tx: &mut Conn,
    input: &OidcSignIn,
    claims: &OidcClaims,
    now: Timestamp,
) -> Result<Proven, OidcSignInError> {
    let provider = tx
        .oidc_provider(input.game_id, &input.provider)
        .await?
        .ok_or(OidcSignInError::NotConfigured)?;
    let key = oidc::admit(claims, &provider, input.nonce.as_ref(), now)?;
    Ok(Proven {
        kind: IdentityKind::Custom,
        key,
        display_name: None,
        steam: None,
        provider: Some(provider.name),
    })
}

impl<D: SignInDb, C: Clock, T: TokenCodec, S: Sealer, P: Proofs> SignIns<D, C, T, S, P> {
    /// The claims of `input`'s token once its signature checks out against the keys of the
    /// game's provider, read with no transaction open (the keys may have to be fetched).
    pub(super) async fn oidc_claims(
        &self,
        input: &OidcSignIn,
    ) -> Result<OidcClaims, OidcSignInError> {
        let provider = self
            .db
            .read(async |conn: &mut D::Conn| -> Result<_, OidcSignInError> {
                game_open::<_, OidcSignInError>(conn, input.game_id).await?;
                conn.oidc_provider(input.game_id, &input.provider)
                    .await?
                    .ok_or(OidcSignInError::NotConfigured)
            })
            .await?;
        Ok(self
            .proofs
            .verify_id_token(&input.id_token, &provider.jwks_uri)
            .await?)
    }

    /// Reads the game's provider, checks the signature with no transaction open (the issuer's
    /// keys may have to be fetched), then in one transaction checks the game and its provider
    /// again, judges the claims against that provider, and finds or creates the `CUSTOM`
    /// identity of the provider's `sub` and starts its session.
    pub(super) async fn oidc_sign_in(
        &self,
        input: OidcSignIn,
    ) -> Result<StartedSession, OidcSignInError> {
        let claims = self.oidc_claims(&input).await?;
        let now = self.clock.now();
        let (identity, session) = self
            .db
            .transaction(async |tx: &mut D::Conn| -> Result<_, OidcSignInError> {
                let game = game_open::<_, OidcSignInError>(tx, input.game_id).await?;
                let proven = oidc_proven(tx, &input, &claims, now).await?;
                Ok(admit(tx, &game, proven, input.client.clone(), now).await?)
            })
            .await?;
        Ok(StartedSession::signed(&self.tokens, identity, session)?)
    }
}
