//! Reading one user.

use roster_domain::UserId;
use roster_domain::policy::{self, Action, Forbidden};
use roster_domain::principal::Principal;
use roster_domain::user::User;

use super::{UserDb, Users};
use crate::ports::{Clock, StoreError, UserRows};

/// Why a user was not read.
#[derive(Debug, thiserror::Error)]
pub enum GetUserError {
    /// The user belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such user, or it is deleted.
    #[error("User not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: UserDb, C: Clock> Users<D, C> {
    pub(super) async fn get_user(
        &self,
        principal: &Principal,
        id: UserId,
    ) -> Result<User, GetUserError> {
        let user = self
            .db
            .read(async |conn: &mut D::Conn| conn.user(id).await)
            .await?
            .ok_or(GetUserError::NotFound)?;
        policy::authorize(principal, Action::ReadUser, policy::user_target(&user))?;
        if user.is_deleted() {
            return Err(GetUserError::NotFound);
        }
        Ok(user)
    }
}
