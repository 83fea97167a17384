//! Listing games.

use roster_domain::AccountId;
use roster_domain::game::{Game, GameSortField};
use roster_domain::pagination::QueryFingerprint;
use roster_domain::policy::{self, Forbidden};
use roster_domain::principal::Principal;
use roster_domain::search::SearchPrefix;
use roster_domain::slug::Slug;

use super::Games;
use crate::pagination::{Listing, PageError, PageParams, page_request};
use crate::ports::{AccountStore, Clock, GameFilter, GameStore, StoreError};

/// The endpoint cursors of this list are bound to.
const ENDPOINT: &str = "GET /v1/games";

/// A request to list games.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListGames {
    /// Only this account's games (superadmins may name any; others only their own).
    pub account_id: Option<AccountId>,
    /// Only the game with this slug.
    pub slug: Option<Slug>,
    /// Only games whose name or slug starts with this, ignoring case.
    pub q: Option<SearchPrefix>,
    /// The page wanted.
    pub page: PageParams,
}

/// Why games were not listed.
#[derive(Debug, thiserror::Error)]
pub enum ListGamesError {
    /// The principal named an account that is not theirs.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The sort or the cursor cannot be used.
    #[error(transparent)]
    Page(#[from] PageError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: GameStore + AccountStore, C: Clock> Games<S, C> {
    pub(super) async fn list_games(
        &self,
        principal: &Principal,
        query: ListGames,
    ) -> Result<Listing<Game>, ListGamesError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        let filter = GameFilter {
            account: scope.account(),
            slug: query.slug,
            q: query.q,
        };
        let scope_text = filter.account.map(|id| id.to_string());
        let fingerprint = QueryFingerprint::builder(ENDPOINT)
            .filter("scope", scope_text.as_deref())
            .filter("slug", filter.slug.as_ref().map(Slug::as_str))
            .filter("q", filter.q.as_ref().map(SearchPrefix::as_str))
            .finish();
        let request = page_request::<GameSortField>(&query.page, fingerprint, &self.cursors)?;
        let rows = GameStore::list(&self.store, &filter, request.scan()).await?;
        let total = if query.page.include_total {
            Some(GameStore::count(&self.store, &filter).await?)
        } else {
            None
        };
        Ok(Listing {
            page: request.assemble(rows, &self.cursors),
            total,
        })
    }
}
