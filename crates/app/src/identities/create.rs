//! Creating or importing an identity.

use roster_domain::GameId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::identity::{ExternalKey, Identity, IdentityDisplayName, IdentityKind};
use roster_domain::player::Player;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::{Identities, IdentityDb};
use crate::audit::{self, Change};
use crate::ports::{
    Clock, GameRows, IdentityInsertError, IdentityRows, PlayerRows, StoreError, TokenCodec,
};

/// What a new identity is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateIdentity {
    /// Its game (the identity's account is the game's).
    pub game_id: GameId,
    /// Its kind.
    pub kind: IdentityKind,
    /// Its key within the game and kind.
    pub external_key: ExternalKey,
    /// The player's display name.
    pub display_name: Option<IdentityDisplayName>,
}

/// Why an identity was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateIdentityError {
    /// The game belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The game is unknown or deleted.
    #[error("Game not found")]
    GameNotFound,
    /// A live identity of the game has the kind and key.
    #[error("An identity with this kind and external key already exists in this game")]
    Duplicate,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: IdentityDb, C: Clock, T: TokenCodec> Identities<D, C, T> {
    pub(super) async fn create_identity(
        &self,
        principal: &Principal,
        input: CreateIdentity,
    ) -> Result<Identity, CreateIdentityError> {
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let game = tx
                    .game(input.game_id)
                    .await?
                    .ok_or(CreateIdentityError::GameNotFound)?;
                policy::authorize(
                    principal,
                    Action::CreateIdentity,
                    Target::Account(game.account_id),
                )?;
                if game.is_deleted() {
                    return Err(CreateIdentityError::GameNotFound);
                }
                let player = Player::new(&game, input.display_name.clone(), now);
                let identity = Identity::new(
                    &player,
                    input.kind,
                    input.external_key.clone(),
                    input.display_name.clone(),
                    now,
                );
                // The identity first: its unique index refuses a duplicate before a player is
                // made for it (the player's foreign key is checked at commit).
                tx.insert_identity(&identity)
                    .await
                    .map_err(|error| match error {
                        IdentityInsertError::Duplicate => CreateIdentityError::Duplicate,
                        IdentityInsertError::GameMissing => CreateIdentityError::GameNotFound,
                        IdentityInsertError::Store(error) => CreateIdentityError::Store(error),
                    })?;
                tx.insert_player(&player).await?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::IdentityCreated,
                        target: AuditTarget::new(TargetKind::Identity, identity.id),
                        account_id: identity.account_id,
                        changes: Changes::created(&identity),
                        at: now,
                    },
                )
                .await?;
                Ok(identity)
            })
            .await
    }
}
