//! Changing a user.

use roster_domain::UserId;
use roster_domain::policy::{self, Action, Forbidden};
use roster_domain::principal::Principal;
use roster_domain::superadmin::{self, LastSuperadmin};
use roster_domain::user::{User, UserChanges};

use super::{Users, target};
use crate::ports::{AccountStore, ChangeError, Clock, StoreError, UserCensus, UserStore};

/// Why a user was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateUserError {
    /// The user is not the principal's to change, or a change needs a superadmin.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such user, or it is deleted and the change does not restore it.
    #[error("User not found")]
    NotFound,
    /// Another live user of the account has the email (ignoring case).
    #[error("A user with this email already exists in this account")]
    EmailTaken,
    /// The change would leave no usable superadmin.
    #[error(transparent)]
    LastSuperadmin(#[from] LastSuperadmin),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: UserStore + AccountStore, C: Clock> Users<S, C> {
    /// Every property a change actually changes is authorized on its own: status (never one's
    /// own), superadmin privileges (superadmins only), deletion. All in one transaction.
    pub(super) async fn update_user(
        &self,
        principal: &Principal,
        id: UserId,
        changes: UserChanges,
    ) -> Result<User, UpdateUserError> {
        let principal = *principal;
        let now = self.clock.now();
        let updated =
            UserStore::update(&self.store, id, move |before: User, census: UserCensus| {
                let target = target(&before);
                policy::authorize(&principal, Action::UpdateUser, target)?;
                let after = before
                    .apply(&changes, now)
                    .map_err(|_| UpdateUserError::NotFound)?;
                if after.status != before.status {
                    policy::authorize(&principal, Action::ChangeUserStatus, target)?;
                }
                if after.super_admin != before.super_admin {
                    policy::authorize(&principal, Action::GrantSuperAdmin, target)?;
                }
                if after.is_deleted() != before.is_deleted() {
                    policy::authorize(&principal, Action::SoftDeleteUser, target)?;
                }
                superadmin::ensure_one_remains(
                    u64::from(before.is_usable_superadmin(census.account_usable)),
                    u64::from(after.is_usable_superadmin(census.account_usable)),
                    census.superadmins_elsewhere,
                )?;
                Ok(after)
            })
            .await
            .map_err(|error| match error {
                ChangeError::NotFound => UpdateUserError::NotFound,
                ChangeError::Rejected(error) => error,
                ChangeError::Conflict => UpdateUserError::EmailTaken,
                ChangeError::Store(error) => UpdateUserError::Store(error),
            })?;
        self.credentials.forget_user(id);
        Ok(updated)
    }
}
