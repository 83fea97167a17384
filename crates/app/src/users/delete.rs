//! Erasing a user.

use roster_domain::UserId;
use roster_domain::policy::{self, Action, Forbidden};
use roster_domain::principal::Principal;
use roster_domain::superadmin::{self, LastSuperadmin};
use roster_domain::user::User;

use super::{Users, target};
use crate::ports::{AccountStore, ChangeError, Clock, StoreError, UserCensus, UserStore};

/// Why a user was not erased.
#[derive(Debug, thiserror::Error)]
pub enum DeleteUserError {
    /// The user is not the principal's to erase.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such user.
    #[error("User not found")]
    NotFound,
    /// Erasing the user would leave no usable superadmin.
    #[error(transparent)]
    LastSuperadmin(#[from] LastSuperadmin),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S: UserStore + AccountStore, C: Clock> Users<S, C> {
    /// Erases the user and its API keys, soft-deleted users included.
    pub(super) async fn delete_user(
        &self,
        principal: &Principal,
        id: UserId,
    ) -> Result<(), DeleteUserError> {
        let principal = *principal;
        UserStore::delete(&self.store, id, move |user: &User, census: UserCensus| {
            policy::authorize(&principal, Action::DeleteUser, target(user))?;
            superadmin::ensure_one_remains(
                u64::from(user.is_usable_superadmin(census.account_usable)),
                0,
                census.superadmins_elsewhere,
            )?;
            Ok(())
        })
        .await
        .map_err(|error| match error {
            ChangeError::NotFound | ChangeError::Conflict => DeleteUserError::NotFound,
            ChangeError::Rejected(error) => error,
            ChangeError::Store(error) => DeleteUserError::Store(error),
        })?;
        self.credentials.forget_user(id);
        Ok(())
    }
}
