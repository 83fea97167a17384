//! A game's OpenID Connect providers, managed by its account's admins (DESIGN §9): put one
//! (created or replaced), list them, remove one. Each change locks the game, so that the cap
//! of providers per game holds under concurrent puts.

use roster_domain::GameId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::game::Game;
use roster_domain::oidc::{OidcProvider, ProviderError, ProviderSettings};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::slug::Slug;

use crate::audit::{self, Change};
use crate::boxed::use_case_trait;
use crate::ports::{
    AuditTrail, Clock, Database, GameRows, OidcProviderRows, PutProvider, StoreError,
};

/// What the provider use cases need of a connection.
pub trait ProviderConn: GameRows + OidcProviderRows + AuditTrail {}

impl<T: GameRows + OidcProviderRows + AuditTrail> ProviderConn for T {}

/// A database whose connections offer what the provider use cases need.
pub trait ProviderDb: Database<Conn: ProviderConn> {}

impl<D: Database<Conn: ProviderConn>> ProviderDb for D {}

/// The provider use cases over a database and a clock.
#[derive(Debug)]
pub struct OidcProviders<D, C> {
    db: D,
    clock: C,
}

impl<D: ProviderDb, C: Clock> OidcProviders<D, C> {
    /// The use cases over `db`, telling time by `clock`.
    pub fn new(db: D, clock: C) -> Self {
        Self { db, clock }
    }
}

/// Why a provider use case did nothing.
#[derive(Debug, thiserror::Error)]
pub enum ProviderUseError {
    /// The game belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such game, or it is deleted.
    #[error("Game not found")]
    GameNotFound,
    /// No provider of that name (removing one).
    #[error("OIDC provider not found")]
    NotFound,
    /// The settings do not make a provider.
    #[error(transparent)]
    Invalid(#[from] ProviderError),
    /// The game already has the most providers it may.
    #[error(
        "A game has at most {} OIDC providers",
        roster_domain::oidc::PROVIDERS_PER_GAME_MAX
    )]
    TooMany,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The live game `id`, if `principal` may act on it with `action`.
async fn game_for<Conn: ProviderConn>(
    conn: &mut Conn,
    principal: &Principal,
    action: Action,
    id: GameId,
    lock: bool,
) -> Result<Game, ProviderUseError> {
    let game = if lock {
        conn.lock_game(id).await?
    } else {
        conn.game(id).await?
    };
    let game = game.ok_or(ProviderUseError::GameNotFound)?;
    policy::authorize(principal, action, Target::Account(game.account_id))?;
    if game.is_deleted() {
        return Err(ProviderUseError::GameNotFound);
    }
    Ok(game)
}

/// A provider as events name it: `gam_…/<name>`.
fn provider_target(game_id: GameId, name: &Slug) -> AuditTarget {
    AuditTarget::new(
        TargetKind::OidcProvider,
        format!("{game_id}/{}", name.as_str()),
    )
}

impl<D: ProviderDb, C: Clock> OidcProviders<D, C> {
    async fn put_provider(
        &self,
        principal: &Principal,
        game_id: GameId,
        name: Slug,
        settings: ProviderSettings,
    ) -> Result<PutProvider, ProviderUseError> {
        let provider = OidcProvider::configure(game_id, name, settings, self.clock.now())?;
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let game = game_for(tx, principal, Action::UpdateGame, game_id, true).await?;
                let existing = tx.oidc_providers(game_id).await?;
                let replaced = existing.iter().find(|known| known.name == provider.name);
                if replaced.is_none()
                    && existing.len() >= roster_domain::oidc::PROVIDERS_PER_GAME_MAX
                {
                    return Err(ProviderUseError::TooMany);
                }
                let (action, changes) = match replaced {
                    Some(before) => (
                        AuditAction::OidcProviderUpdated,
                        Changes::updated(before, &provider),
                    ),
                    None => (
                        AuditAction::OidcProviderCreated,
                        Changes::created(&provider),
                    ),
                };
                let put = tx.put_oidc_provider(&provider).await?;
                let change = Change {
                    action,
                    target: provider_target(game_id, &provider.name),
                    account_id: game.account_id,
                    changes,
                    at: provider.updated_at,
                };
                audit::by_admin(tx, principal, change).await?;
                Ok(put)
            })
            .await
    }

    async fn list_providers(
        &self,
        principal: &Principal,
        game_id: GameId,
    ) -> Result<Vec<OidcProvider>, ProviderUseError> {
        self.db
            .read(async |conn: &mut D::Conn| {
                game_for(conn, principal, Action::ReadGame, game_id, false).await?;
                Ok(conn.oidc_providers(game_id).await?)
            })
            .await
    }

    async fn delete_provider(
        &self,
        principal: &Principal,
        game_id: GameId,
        name: Slug,
    ) -> Result<(), ProviderUseError> {
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let game = game_for(tx, principal, Action::UpdateGame, game_id, true).await?;
                let before = tx
                    .oidc_providers(game_id)
                    .await?
                    .into_iter()
                    .find(|known| known.name == name);
                if !tx.delete_oidc_provider(game_id, &name).await? {
                    return Err(ProviderUseError::NotFound);
                }
                let change = Change {
                    action: AuditAction::OidcProviderDeleted,
                    target: provider_target(game_id, &name),
                    account_id: game.account_id,
                    changes: before.as_ref().map_or_else(Changes::none, Changes::erased),
                    at: self.clock.now(),
                };
                audit::by_admin(tx, principal, change).await?;
                Ok(())
            })
            .await
    }
}

use_case_trait! {
    /// The provider use cases as the HTTP adapter drives them.
    pub trait OidcProviderUseCases for OidcProviders<D, C> where { D: ProviderDb, C: Clock } {
        /// Creates or replaces the game's provider `name`.
        fn put(principal: &'a Principal, game_id: GameId, name: Slug, settings: ProviderSettings)
            -> Result<PutProvider, ProviderUseError> = put_provider;
        /// The game's providers, by name.
        fn list(principal: &'a Principal, game_id: GameId)
            -> Result<Vec<OidcProvider>, ProviderUseError> = list_providers;
        /// Removes the game's provider `name`.
        fn delete(principal: &'a Principal, game_id: GameId, name: Slug)
            -> Result<(), ProviderUseError> = delete_provider;
    }
}

#[cfg(test)]
mod tests;
