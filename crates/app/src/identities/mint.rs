//! Minting a session for an identity whose proof the game's own server checked.

use roster_domain::IdentityId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::ban::Ban;
use roster_domain::client_session::{ClientInfo, ClientSession, SessionGate, admits_sessions};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::{Identities, IdentityDb};
use crate::audit::{self, Change};
use crate::client::{AdmitError, StartedSession, refuse_banned};
use crate::ports::{
    AccountRows, Clock, GameRows, IdentityRows, SessionRows, SigningError, StoreError, TokenCodec,
};

/// Why no session was minted.
#[derive(Debug, thiserror::Error)]
pub enum MintSessionError {
    /// The identity belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such identity, or it is deleted, or so is its game.
    #[error("Identity not found")]
    NotFound,
    /// The account is suspended.
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

impl<D: IdentityDb, C: Clock, T: TokenCodec> Identities<D, C, T> {
    pub(super) async fn mint(
        &self,
        principal: &Principal,
        id: IdentityId,
        client: ClientInfo,
    ) -> Result<StartedSession, MintSessionError> {
        let now = self.clock.now();
        let (identity, session) = self
            .db
            .transaction(async |tx: &mut D::Conn| {
                let identity = tx.identity(id).await?.ok_or(MintSessionError::NotFound)?;
                policy::authorize(
                    principal,
                    Action::MintSession,
                    Target::Account(identity.account_id),
                )?;
                if identity.is_deleted() {
                    return Err(MintSessionError::NotFound);
                }
                let game = tx
                    .game(identity.game_id)
                    .await?
                    .ok_or(MintSessionError::NotFound)?;
                let account = tx
                    .account(identity.account_id)
                    .await?
                    .ok_or(MintSessionError::NotFound)?;
                admits_sessions(&game, &account).map_err(|gate| match gate {
                    SessionGate::GameGone => MintSessionError::NotFound,
                    SessionGate::AccountSuspended => MintSessionError::AccountSuspended,
                })?;
                refuse_banned(tx, identity.player_id, now)
                    .await
                    .map_err(|error| match error {
                        AdmitError::Banned(ban) => MintSessionError::Banned(ban),
                        AdmitError::Store(error) => error.into(),
                    })?;
                let session = ClientSession::start(&identity, client.clone(), now);
                tx.insert_session(&session).await?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::SessionCreated,
                        target: AuditTarget::new(TargetKind::Session, session.id),
                        account_id: session.account_id,
                        changes: Changes::created(&session),
                        at: now,
                    },
                )
                .await?;
                Ok((identity, session))
            })
            .await?;
        Ok(StartedSession::signed(&self.tokens, identity, session)?)
    }
}
