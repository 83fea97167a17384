//! Reading one user.

use crate::lookup::{LookupError, Resource};
use roster_domain::UserId;
use roster_domain::policy::{self, Action};
use roster_domain::principal::Principal;
use roster_domain::user::User;

use super::{UserDb, Users};
use crate::ports::{Clock, UserRows};

impl<D: UserDb, C: Clock> Users<D, C> {
    pub(super) async fn get_user(
        &self,
        principal: &Principal,
        id: UserId,
    ) -> Result<User, LookupError> {
        let user = self
            .db
            .read(async |conn: &mut D::Conn| conn.user(id).await)
            .await?
            .ok_or(LookupError::NotFound(Resource::User))?;
        policy::authorize(principal, Action::ReadUser, policy::user_target(&user))?;
        if user.is_deleted() {
            return Err(LookupError::NotFound(Resource::User));
        }
        Ok(user)
    }
}
