//! Listing identities.

use roster_domain::identity::{Identity, IdentityKind, IdentitySortField};
use roster_domain::pagination::FingerprintBuilder;
use roster_domain::policy;
use roster_domain::principal::Principal;
use roster_domain::search::SearchPrefix;
use roster_domain::slug::Slug;
use roster_domain::{AccountId, GameId, PlayerId};

use super::{Identities, IdentityDb};
use crate::pagination::{self, Fingerprinted, ListError, Listing, PageParams};
use crate::ports::{Clock, IdentityFilter, TokenCodec};

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
    /// Only the identities with exactly this external key.
    pub external_key: Option<String>,
    /// Only identities an OpenID provider of this name vouched for.
    pub provider: Option<Slug>,
    /// Only identities of this player.
    pub player_id: Option<PlayerId>,
    /// The page wanted.
    pub page: PageParams<IdentitySortField>,
}

impl Fingerprinted for IdentityFilter {
    fn fingerprint(&self, builder: FingerprintBuilder) -> FingerprintBuilder {
        builder
            .filter("scope", self.account.map(|id| id.to_string()).as_deref())
            .filter("game_id", self.game.map(|id| id.to_string()).as_deref())
            .filter("kind", self.kind.map(IdentityKind::as_str))
            .filter("q", self.q.as_ref().map(SearchPrefix::as_str))
            .filter("external_key", self.external_key.as_deref())
            .filter("provider", self.provider.as_ref().map(Slug::as_str))
            .filter("player_id", self.player.map(|id| id.to_string()).as_deref())
    }
}

impl<D: IdentityDb, C: Clock, T: TokenCodec> Identities<D, C, T> {
    pub(super) async fn list_identities(
        &self,
        principal: &Principal,
        query: ListIdentities,
    ) -> Result<Listing<Identity>, ListError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        let filter = IdentityFilter {
            account: scope.account(),
            game: query.game_id,
            kind: query.kind,
            q: query.q,
            external_key: query.external_key,
            provider: query.provider,
            player: query.player_id,
        };
        pagination::list(&self.db, &self.cursors, ENDPOINT, &filter, &query.page).await
    }
}
