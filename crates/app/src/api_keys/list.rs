//! Listing API keys.

use roster_domain::api_key::{ApiKey, ApiKeySortField, ApiKeyStatus};
use roster_domain::pagination::FingerprintBuilder;
use roster_domain::policy;
use roster_domain::principal::Principal;
use roster_domain::{AccountId, UserId};

use super::{ApiKeyDb, ApiKeyView, ApiKeys};
use crate::pagination::{self, Fingerprinted, ListError, Listing, PageParams};
use crate::ports::{ApiKeyFilter, Clock, Random};

/// The endpoint cursors of this list are bound to.
const ENDPOINT: &str = "GET /v1/api-keys";

/// A request to list API keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListApiKeys {
    /// Only this account's keys (superadmins may name any; others only their own).
    pub account_id: Option<AccountId>,
    /// Only this user's keys.
    pub user_id: Option<UserId>,
    /// Only keys with this status.
    pub status: Option<ApiKeyStatus>,
    /// Only keys whose expiry has passed (`true`) or has not (`false`).
    pub expired: Option<bool>,
    /// The page wanted.
    pub page: PageParams<ApiKeySortField>,
}

impl Fingerprinted for ApiKeyFilter {
    fn fingerprint(&self, builder: FingerprintBuilder) -> FingerprintBuilder {
        let expired = self
            .expired
            .map(|expired| if expired { "true" } else { "false" });
        builder
            .filter("scope", self.account.map(|id| id.to_string()).as_deref())
            .filter("user_id", self.user.map(|id| id.to_string()).as_deref())
            .filter("status", self.status.map(ApiKeyStatus::as_str))
            .filter("expired", expired)
    }
}

impl<D: ApiKeyDb, C: Clock, R: Random> ApiKeys<D, C, R> {
    pub(super) async fn list_keys(
        &self,
        principal: &Principal,
        query: ListApiKeys,
    ) -> Result<Listing<ApiKeyView>, ListError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        let now = self.clock.now();
        let filter = ApiKeyFilter {
            account: scope.account(),
            user: query.user_id,
            status: query.status,
            expired: query.expired,
            now,
        };
        let listing: Listing<ApiKey> = pagination::list::<_, _, _, _, ListError>(
            &self.db,
            &self.cursors,
            ENDPOINT,
            &filter,
            &query.page,
        )
        .await?;
        Ok(Listing {
            page: listing.page.map(|key| ApiKeyView::at(key, now)),
            total: listing.total,
        })
    }
}
