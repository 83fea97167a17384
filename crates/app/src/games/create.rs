//! Creating a game.

use roster_domain::AccountId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::game::{GAME_SLUG_FALLBACK, Game, GameName};
use roster_domain::game_details::GameDetails;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::slug::Slug;

use super::{GameDb, Games};
use crate::audit::{self, Change};
use crate::ports::{AccountRows, Clock, GameInsertError, GameRows, Sealer, StoreError};
use crate::slugs::{self, Attempt, SlugRequest};

/// What a new game is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateGame {
    /// The account it belongs to.
    pub account_id: AccountId,
    /// Its name.
    pub name: GameName,
    /// Its slug; generated from the name (unique within the account) when `None`.
    pub slug: Option<Slug>,
    /// LEADR's settings of it.
    pub details: GameDetails,
}

/// Why a game was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateGameError {
    /// The account is not the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The account does not exist or is deleted.
    #[error("Account not found")]
    AccountNotFound,
    /// The explicit slug belongs to another game of the account.
    #[error("A game with slug '{0}' already exists in this account")]
    SlugTaken(Slug),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: GameDb, C: Clock, S: Sealer> Games<D, C, S> {
    /// One transaction per attempt: the account checked, the taken slugs read, the game
    /// inserted; a slug a concurrent creation took first is retried when it was generated.
    pub(super) async fn create_game(
        &self,
        principal: &Principal,
        input: CreateGame,
    ) -> Result<Game, CreateGameError> {
        policy::authorize(
            principal,
            Action::CreateGame,
            Target::Account(input.account_id),
        )?;
        let request = SlugRequest::new(input.slug.clone(), input.name.as_str(), GAME_SLUG_FALLBACK);
        let now = self.clock.now();
        slugs::insert_with_slug(
            &request,
            || {
                // Owned copies: the transaction's closure then borrows nothing from here.
                let (input, request, db) = (input.clone(), request.clone(), &self.db);
                let principal = *principal;
                async move {
                    db.transaction(async move |tx: &mut D::Conn| {
                        match tx.account(input.account_id).await? {
                            Some(account) if !account.is_deleted() => {}
                            _ => return Err(Attempt::Failed(CreateGameError::AccountNotFound)),
                        }
                        let taken = match request.base() {
                            Some(base) => {
                                tx.game_slugs_like(input.account_id, base, slugs::SCAN_LIMIT)
                                    .await?
                            }
                            None => Vec::new(),
                        };
                        let slug = request.candidate(&taken);
                        let game =
                            Game::new(input.account_id, input.name, slug, input.details, now);
                        match tx.insert_game(&game).await {
                            Ok(()) => {
                                audit::by_admin(
                                    tx,
                                    &principal,
                                    Change {
                                        action: AuditAction::GameCreated,
                                        target: AuditTarget::new(TargetKind::Game, game.id),
                                        account_id: game.account_id,
                                        changes: Changes::created(&game),
                                        at: now,
                                    },
                                )
                                .await?;
                                Ok(game)
                            }
                            Err(GameInsertError::SlugTaken) => Err(Attempt::SlugTaken(game.slug)),
                            Err(GameInsertError::AccountMissing) => {
                                Err(Attempt::Failed(CreateGameError::AccountNotFound))
                            }
                            Err(GameInsertError::Store(error)) => Err(error.into()),
                        }
                    })
                    .await
                }
            },
            CreateGameError::SlugTaken,
        )
        .await
    }
}
