//! Listing API keys.

use roster_domain::api_key::{ApiKeySortField, ApiKeyStatus};
use roster_domain::pagination::QueryFingerprint;
use roster_domain::policy::{self, Forbidden};
use roster_domain::principal::Principal;
use roster_domain::{AccountId, UserId};

use super::{ApiKeyView, ApiKeys};
use crate::pagination::{Listing, PageError, PageParams, page_request};
use crate::ports::{ApiKeyFilter, ApiKeyStore, Clock, Random, StoreError, UserStore};

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
    pub page: PageParams,
}

/// Why keys were not listed.
#[derive(Debug, thiserror::Error)]
pub enum ListApiKeysError {
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

impl<S: ApiKeyStore + UserStore, C: Clock, R: Random> ApiKeys<S, C, R> {
    pub(super) async fn list_keys(
        &self,
        principal: &Principal,
        query: ListApiKeys,
    ) -> Result<Listing<ApiKeyView>, ListApiKeysError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        let now = self.clock.now();
        let filter = ApiKeyFilter {
            account: scope.account(),
            user: query.user_id,
            status: query.status,
            expired: query.expired,
            now,
        };
        let scope_text = filter.account.map(|id| id.to_string());
        let user_text = filter.user.map(|id| id.to_string());
        let fingerprint = QueryFingerprint::builder(ENDPOINT)
            .filter("scope", scope_text.as_deref())
            .filter("user_id", user_text.as_deref())
            .filter("status", filter.status.map(ApiKeyStatus::as_str))
            .filter(
                "expired",
                filter
                    .expired
                    .map(|expired| if expired { "true" } else { "false" }),
            )
            .finish();
        let request = page_request::<ApiKeySortField>(&query.page, fingerprint, &self.cursors)?;
        let rows = ApiKeyStore::list(&self.store, &filter, request.scan()).await?;
        let total = if query.page.include_total {
            Some(ApiKeyStore::count(&self.store, &filter).await?)
        } else {
            None
        };
        Ok(Listing {
            page: request
                .assemble(rows, &self.cursors)
                .map(|key| ApiKeyView::at(key, now)),
            total,
        })
    }
}
