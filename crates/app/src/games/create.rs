//! Creating a game.

use roster_domain::AccountId;
use roster_domain::game::{GAME_SLUG_FALLBACK, Game, GameName};
use roster_domain::game_details::GameDetails;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::slug::{Slug, SlugBase};

use super::Games;
use crate::ports::{AccountStore, Clock, GameInsertError, GameStore, StoreError};

/// How many times a generated slug is retried when concurrent creations take it first.
const SLUG_ATTEMPTS: usize = 100;
/// How many existing `base`/`base-N` slugs are read to pick the first free candidate.
const SLUG_SCAN_LIMIT: usize = 1_000;

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

impl<S: GameStore + AccountStore, C: Clock> Games<S, C> {
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
        match AccountStore::get(&self.store, input.account_id).await? {
            Some(account) if !account.is_deleted() => {}
            _ => return Err(CreateGameError::AccountNotFound),
        }
        if let Some(slug) = input.slug {
            let game = Game::new(
                input.account_id,
                input.name,
                slug,
                input.details,
                self.clock.now(),
            );
            return match GameStore::insert(&self.store, &game).await {
                Ok(()) => Ok(game),
                Err(GameInsertError::SlugTaken) => Err(CreateGameError::SlugTaken(game.slug)),
                Err(GameInsertError::AccountMissing) => Err(CreateGameError::AccountNotFound),
                Err(GameInsertError::Store(error)) => Err(error.into()),
            };
        }
        let base = SlugBase::from_name(input.name.as_str(), GAME_SLUG_FALLBACK);
        for _ in 0..SLUG_ATTEMPTS {
            let taken = self
                .store
                .game_slugs_like(input.account_id, &base, SLUG_SCAN_LIMIT)
                .await?;
            let slug = base.first_free(taken.iter().map(Slug::as_str));
            let game = Game::new(
                input.account_id,
                input.name.clone(),
                slug,
                input.details.clone(),
                self.clock.now(),
            );
            match GameStore::insert(&self.store, &game).await {
                Ok(()) => return Ok(game),
                Err(GameInsertError::SlugTaken) => continue,
                Err(GameInsertError::AccountMissing) => {
                    return Err(CreateGameError::AccountNotFound);
                }
                Err(GameInsertError::Store(error)) => return Err(error.into()),
            }
        }
        Err(CreateGameError::Store(StoreError::Internal(
            format!(
                "no free slug for '{}' after {SLUG_ATTEMPTS} attempts",
                base.as_str()
            )
            .into(),
        )))
    }
}
