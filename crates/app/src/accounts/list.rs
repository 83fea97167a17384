//! Listing accounts.

use roster_domain::AccountId;
use roster_domain::account::{Account, AccountSortField, AccountStatus};
use roster_domain::pagination::{FingerprintBuilder, Page, Total};
use roster_domain::policy::{self, Action, Forbidden, ListScope, Target};
use roster_domain::principal::Principal;
use roster_domain::search::SearchPrefix;
use roster_domain::slug::Slug;

use super::{AccountDb, Accounts};
use crate::pagination::{self, Fingerprinted, Listing, PageError, PageParams};
use crate::ports::{AccountFilter, AccountRows, Clock, StoreError};

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
    pub page: PageParams<AccountSortField>,
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

impl Fingerprinted for AccountFilter {
    fn fingerprint(&self, builder: FingerprintBuilder) -> FingerprintBuilder {
        builder
            .filter("scope", self.only.map(|id| id.to_string()).as_deref())
            .filter("status", self.status.map(AccountStatus::as_str))
            .filter("q", self.q.as_ref().map(SearchPrefix::as_str))
    }
}

impl<D: AccountDb, C: Clock> Accounts<D, C> {
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
        pagination::list(&self.db, &self.cursors, ENDPOINT, &filter, &query.page).await
    }

    async fn find_by_slug(
        &self,
        principal: &Principal,
        scope: ListScope,
        slug: &str,
        page: &PageParams<AccountSortField>,
    ) -> Result<Listing<Account>, ListAccountsError> {
        // A string that is not a valid slug cannot name an account.
        let slug = Slug::parse(slug).map_err(|_| ListAccountsError::NotFound)?;
        let account = self
            .db
            .read(async |conn: &mut D::Conn| conn.account_by_slug(&slug).await)
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
