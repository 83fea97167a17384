//! Listing users.

use roster_domain::AccountId;
use roster_domain::pagination::QueryFingerprint;
use roster_domain::policy::{self, Forbidden};
use roster_domain::principal::Principal;
use roster_domain::search::SearchPrefix;
use roster_domain::user::{User, UserSortField, UserStatus};

use super::Users;
use crate::pagination::{Listing, PageError, PageParams, page_request};
use crate::ports::{AccountStore, Clock, StoreError, UserFilter, UserStore};

/// The endpoint cursors of this list are bound to.
const ENDPOINT: &str = "GET /v1/users";

/// A request to list users.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListUsers {
    /// Only this account's users (superadmins may name any; others only their own).
    pub account_id: Option<AccountId>,
    /// Only the user with this email (ignoring case).
    pub email: Option<String>,
    /// Only users with this status.
    pub status: Option<UserStatus>,
    /// Only users whose email or display name starts with this, ignoring case.
    pub q: Option<SearchPrefix>,
    /// The page wanted.
    pub page: PageParams,
}

/// Why users were not listed.
#[derive(Debug, thiserror::Error)]
pub enum ListUsersError {
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

impl<S: UserStore + AccountStore, C: Clock> Users<S, C> {
    /// A superadmin lists every account's users, or one account's; anyone else their own's.
    pub(super) async fn list_users(
        &self,
        principal: &Principal,
        query: ListUsers,
    ) -> Result<Listing<User>, ListUsersError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        let filter = UserFilter {
            account: scope.account(),
            email: query.email.map(|email| email.trim().to_lowercase()),
            status: query.status,
            q: query.q,
        };
        let scope_text = filter.account.map(|id| id.to_string());
        let fingerprint = QueryFingerprint::builder(ENDPOINT)
            .filter("scope", scope_text.as_deref())
            .filter("email", filter.email.as_deref())
            .filter("status", filter.status.map(UserStatus::as_str))
            .filter("q", filter.q.as_ref().map(SearchPrefix::as_str))
            .finish();
        let request = page_request::<UserSortField>(&query.page, fingerprint, &self.cursors)?;
        let rows = UserStore::list(&self.store, &filter, request.scan()).await?;
        let total = if query.page.include_total {
            Some(UserStore::count(&self.store, &filter).await?)
        } else {
            None
        };
        Ok(Listing {
            page: request.assemble(rows, &self.cursors),
            total,
        })
    }
}
