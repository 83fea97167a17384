//! Reading one identity.

use crate::lookup::{LookupError, Resource};
use roster_domain::IdentityId;
use roster_domain::identity::Identity;
use roster_domain::policy::{self, Action, Target};
use roster_domain::principal::Principal;

use super::{Identities, IdentityDb};
use crate::ports::{Clock, IdentityRows, TokenCodec};

impl<D: IdentityDb, C: Clock, T: TokenCodec> Identities<D, C, T> {
    pub(super) async fn get_identity(
        &self,
        principal: &Principal,
        id: IdentityId,
    ) -> Result<Identity, LookupError> {
        let identity = self
            .db
            .read(async |conn: &mut D::Conn| conn.identity(id).await)
            .await?
            .ok_or(LookupError::NotFound(Resource::Identity))?;
        policy::authorize(
            principal,
            Action::ReadIdentity,
            Target::Account(identity.account_id),
        )?;
        if identity.is_deleted() {
            return Err(LookupError::NotFound(Resource::Identity));
        }
        Ok(identity)
    }
}
