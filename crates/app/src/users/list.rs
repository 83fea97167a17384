//! Listing users.

use roster_domain::AccountId;
use roster_domain::pagination::FingerprintBuilder;
use roster_domain::policy;
use roster_domain::principal::Principal;
use roster_domain::search::SearchPrefix;
use roster_domain::user::{User, UserSortField, UserStatus};

use super::{UserDb, Users};
use crate::pagination::{self, Fingerprinted, ListError, Listing, PageParams};
use crate::ports::{Clock, UserFilter};

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
    pub page: PageParams<UserSortField>,
}

impl Fingerprinted for UserFilter {
    fn fingerprint(&self, builder: FingerprintBuilder) -> FingerprintBuilder {
        builder
            .filter("scope", self.account.map(|id| id.to_string()).as_deref())
            .filter("email", self.email.as_deref())
            .filter("status", self.status.map(UserStatus::as_str))
            .filter("q", self.q.as_ref().map(SearchPrefix::as_str))
    }
}

impl<D: UserDb, C: Clock> Users<D, C> {
    /// A superadmin lists every account's users, or one account's; anyone else their own's.
    pub(super) async fn list_users(
        &self,
        principal: &Principal,
        query: ListUsers,
    ) -> Result<Listing<User>, ListError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        let filter = UserFilter {
            account: scope.account(),
            email: query.email.map(|email| email.trim().to_lowercase()),
            status: query.status,
            q: query.q,
        };
        pagination::list(&self.db, &self.cursors, ENDPOINT, &filter, &query.page).await
    }
}
