//! Listing identities.

use roster_domain::identity::{Identity, IdentityKind, IdentitySortField};
use roster_domain::pagination::QueryFingerprint;
use roster_domain::policy::{self, Forbidden};
use roster_domain::principal::Principal;
use roster_domain::search::SearchPrefix;
use roster_domain::{AccountId, GameId};

use super::Identities;
use crate::pagination::{Listing, PageError, PageParams, page_request};
use crate::ports::{
    AccountStore, Clock, GameStore, IdentityFilter, IdentityStore, SessionStore, StoreError,
    TokenCodec,
};

/// The endpoint cursors of this list are bound to.
const ENDPOINT: &str = "GET /v1/identities";

/// A request to list identities.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListIdentities {
    /// Only this account's identities (superadmins may name any; others only their own).
    pub account_id: Option<AccountId>,
    /// Only this game's identities.
    pub game_id: Option<GameId>,
    /// Only identities of this kind.
    pub kind: Option<IdentityKind>,
    /// Only identities whose display name or external key starts with this, ignoring case.
    pub q: Option<SearchPrefix>,
    /// The page wanted.
    pub page: PageParams,
}

/// Why identities were not listed.
#[derive(Debug, thiserror::Error)]
pub enum ListIdentitiesError {
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

impl<S, C, T> Identities<S, C, T>
where
    S: IdentityStore + GameStore + AccountStore + SessionStore,
    C: Clock,
    T: TokenCodec,
{
    pub(super) async fn list_identities(
        &self,
        principal: &Principal,
        query: ListIdentities,
    ) -> Result<Listing<Identity>, ListIdentitiesError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        let filter = IdentityFilter {
            account: scope.account(),
            game: query.game_id,
            kind: query.kind,
            q: query.q,
        };
        let scope_text = filter.account.map(|id| id.to_string());
        let game_text = filter.game.map(|id| id.to_string());
        let fingerprint = QueryFingerprint::builder(ENDPOINT)
            .filter("scope", scope_text.as_deref())
            .filter("game_id", game_text.as_deref())
            .filter("kind", filter.kind.map(IdentityKind::as_str))
            .filter("q", filter.q.as_ref().map(SearchPrefix::as_str))
            .finish();
        let request = page_request::<IdentitySortField>(&query.page, fingerprint, &self.cursors)?;
        let rows = IdentityStore::list(&self.store, &filter, request.scan()).await?;
        let total = if query.page.include_total {
            Some(IdentityStore::count(&self.store, &filter).await?)
        } else {
            None
        };
        Ok(Listing {
            page: request.assemble(rows, &self.cursors),
            total,
        })
    }
}
