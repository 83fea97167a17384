//! Changing a game.

use roster_domain::GameId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::etag::{IfMatch, PreconditionFailed, Versioned};
use roster_domain::game::{Game, GameChanges};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::sign_in::{CustomAuthSecret, Sealed, SteamPublisherKey};
use roster_domain::soft_delete::Gone;

use super::{GameDb, Games};
use crate::audit::{self, Change};
use crate::ports::{Clock, GameRows, SealError, Sealer, StoreError, WriteError};

/// A change to a game as an admin asks for it: its fields, and the sign-in secrets in clear,
/// which the use case seals before they reach the game (`Some(None)` removes one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateGame {
    /// The fields; their `sign_in` secrets are set from the two below.
    pub changes: GameChanges,
    /// A new Steam publisher Web API key, or its removal.
    pub steam_publisher_key: Option<Option<SteamPublisherKey>>,
    /// A new custom-auth secret, or the removal of custom tokens.
    pub custom_auth_secret: Option<Option<CustomAuthSecret>>,
}

impl From<GameChanges> for UpdateGame {
    /// A change of fields that touches no secret.
    fn from(changes: GameChanges) -> Self {
        Self {
            changes,
            ..Self::default()
        }
    }
}

/// Why a game was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateGameError {
    /// The game belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such game, or it is deleted and the change does not restore it.
    #[error("Game not found")]
    NotFound,
    /// The new slug (or the restored game's) belongs to another live game of the account.
    #[error("A game with this slug already exists in this account")]
    SlugTaken,
    /// A secret could not be sealed.
    #[error(transparent)]
    Seal(#[from] SealError),
    /// The game changed since the version the request's `If-Match` named.
    #[error(transparent)]
    PreconditionFailed(#[from] PreconditionFailed),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: GameDb, C: Clock, S: Sealer> Games<D, C, S> {
    /// Seals the secrets given (before the transaction: sealing needs no row), then locks the
    /// game, checks `if_match`, applies the change and writes it, in one transaction.
    pub(super) async fn update_game(
        &self,
        principal: &Principal,
        id: GameId,
        input: UpdateGame,
        if_match: IfMatch,
    ) -> Result<Game, UpdateGameError> {
        let mut changes = input.changes;
        changes.sign_in.steam_publisher_key = self.seal_change(
            input
                .steam_publisher_key
                .as_ref()
                .map(|key| key.as_ref().map(|key| key.expose().as_bytes())),
        )?;
        changes.sign_in.custom_auth_secret = self.seal_change(
            input
                .custom_auth_secret
                .as_ref()
                .map(|secret| secret.as_ref().map(CustomAuthSecret::expose)),
        )?;
        // A secret replaced by another leaves `*_set` as it was: the event says so apart.
        let new_key = matches!(input.steam_publisher_key, Some(Some(_)));
        let new_secret = matches!(input.custom_auth_secret, Some(Some(_)));
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let before = tx.lock_game(id).await?.ok_or(UpdateGameError::NotFound)?;
                policy::authorize(
                    principal,
                    Action::UpdateGame,
                    Target::Account(before.account_id),
                )?;
                if_match.check(&before.entity_tag())?;
                let after = before
                    .apply(&changes, now)
                    .map_err(|Gone| UpdateGameError::NotFound)?;
                let version = tx.update_game(&after).await.map_err(|error| match error {
                    WriteError::Conflict => UpdateGameError::SlugTaken,
                    WriteError::Store(error) => error.into(),
                })?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::GameUpdated,
                        target: AuditTarget::new(TargetKind::Game, id),
                        account_id: after.account_id,
                        changes: replaced_secrets(
                            Changes::updated(&before, &after),
                            &before,
                            new_key,
                            new_secret,
                        ),
                        at: now,
                    },
                )
                .await?;
                Ok(after.at_version(version))
            })
            .await
    }

    /// A secret's change, sealed: a new secret sealed, a removal kept as one.
    fn seal_change(
        &self,
        change: Option<Option<&[u8]>>,
    ) -> Result<Option<Option<Sealed>>, SealError> {
        change
            .map(|secret| secret.map(|secret| self.sealer.seal(secret)).transpose())
            .transpose()
    }
}

/// `changes` with `steam_publisher_key_replaced` and `custom_auth_secret_replaced` set when a
/// secret the game had was replaced by a new one (never the secrets themselves).
fn replaced_secrets(mut changes: Changes, before: &Game, key: bool, secret: bool) -> Changes {
    if key && before.sign_in.steam_publisher_key.is_some() {
        changes = changes.with("steam_publisher_key_replaced", serde_json::json!(true));
    }
    if secret && before.sign_in.custom_auth_secret.is_some() {
        changes = changes.with("custom_auth_secret_replaced", serde_json::json!(true));
    }
    changes
}
