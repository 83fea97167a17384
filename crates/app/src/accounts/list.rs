//! Listing accounts.

use roster_domain::AccountId;
use roster_domain::account::{Account, AccountSortField, AccountStatus};
use roster_domain::pagination::{Page, QueryFingerprint, Total};
use roster_domain::policy::{self, Action, Forbidden, ListScope, Target};
use roster_domain::principal::Principal;
use roster_domain::search::SearchPrefix;
use roster_domain::slug::Slug;

use super::Accounts;
use crate::pagination::{Listing, PageError, PageParams, page_request};
use crate::ports::{AccountFilter, AccountStore, Clock, StoreError};

/// The endpoint cursors of this list are bound to.
const ENDPOINT: &str = "GET /v1/accounts";

/// A request to list accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAccounts {
    /// Only this account (superadmins may name any; others only their own).
    pub account_id: Option<AccountId>,
    /// Exactly the account with this slug, or not found. Other filters and the pagination
    /// parameters other than `include_total` do not apply to a slug lookup.
    pub slug: Option<String>,
    /// Only accounts with this status.
    pub status: Option<AccountStatus>,
    /// Only accounts whose name or slug starts with this, ignoring case.
    pub q: Option<SearchPrefix>,
    /// The page wanted.
    pub page: PageParams,
}

/// Why accounts were not listed.
#[derive(Debug, thiserror::Error)]
pub enum ListAccountsError {
    /// The principal named an account that is not theirs.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The sort or the cursor cannot be used.
    #[error(transparent)]
    Page(#[from] PageError),
    /// No account has the slug asked for.
    #[error("Account not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: AccountStore, C: Clock> Accounts<S, C> {
    /// A superadmin sees every account; anyone else a one-item page of their own account.
    pub(super) async fn list_accounts(
        &self,
        principal: &Principal,
        query: ListAccounts,
    ) -> Result<Listing<Account>, ListAccountsError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        if let Some(slug) = &query.slug {
            return self.find_by_slug(principal, scope, slug, &query.page).await;
        }
        let filter = AccountFilter {
            only: scope.account(),
            status: query.status,
            q: query.q,
        };
        let scope_text = filter.only.map(|id| id.to_string());
        let fingerprint = QueryFingerprint::builder(ENDPOINT)
            .filter("scope", scope_text.as_deref())
            .filter("status", filter.status.map(AccountStatus::as_str))
            .filter("q", filter.q.as_ref().map(SearchPrefix::as_str))
            .finish();
        let request = page_request::<AccountSortField>(&query.page, fingerprint, &self.cursors)?;
        let rows = self.store.list(&filter, request.scan()).await?;
        let total = if query.page.include_total {
            Some(self.store.count(&filter).await?)
        } else {
            None
        };
        Ok(Listing {
            page: request.assemble(rows, &self.cursors),
            total,
        })
    }

    async fn find_by_slug(
        &self,
        principal: &Principal,
        scope: ListScope,
        slug: &str,
        page: &PageParams,
    ) -> Result<Listing<Account>, ListAccountsError> {
        // A string that is not a valid slug cannot name an account.
        let slug = Slug::parse(slug).map_err(|_| ListAccountsError::NotFound)?;
        let account = self
            .store
            .find_by_slug(&slug)
            .await?
            .ok_or(ListAccountsError::NotFound)?;
        policy::authorize(principal, Action::ReadAccount, Target::Account(account.id))?;
        if scope.account().is_some_and(|only| only != account.id) {
            return Err(ListAccountsError::NotFound);
        }
        Ok(Listing {
            page: Page::single(vec![account]),
            total: page.include_total.then_some(Total {
                value: 1,
                is_estimate: false,
            }),
        })
    }
}
