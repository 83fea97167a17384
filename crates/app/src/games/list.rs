//! Listing games.

use roster_domain::AccountId;
use roster_domain::game::{Game, GameSortField};
use roster_domain::pagination::FingerprintBuilder;
use roster_domain::policy;
use roster_domain::principal::Principal;
use roster_domain::search::SearchPrefix;
use roster_domain::slug::Slug;

use super::{GameDb, Games};
use crate::pagination::{self, Fingerprinted, ListError, Listing, PageParams};
use crate::ports::{Clock, GameFilter, Sealer};

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
    pub page: PageParams<GameSortField>,
}

impl Fingerprinted for GameFilter {
    fn fingerprint(&self, builder: FingerprintBuilder) -> FingerprintBuilder {
        builder
            .filter("scope", self.account.map(|id| id.to_string()).as_deref())
            .filter("slug", self.slug.as_ref().map(Slug::as_str))
            .filter("q", self.q.as_ref().map(SearchPrefix::as_str))
    }
}

impl<D: GameDb, C: Clock, S: Sealer> Games<D, C, S> {
    pub(super) async fn list_games(
        &self,
        principal: &Principal,
        query: ListGames,
    ) -> Result<Listing<Game>, ListError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        let filter = GameFilter {
            account: scope.account(),
            slug: query.slug,
            q: query.q,
        };
        pagination::list(&self.db, &self.cursors, ENDPOINT, &filter, &query.page).await
    }
}
