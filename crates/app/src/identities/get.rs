//! Reading one identity.

use roster_domain::IdentityId;
use roster_domain::identity::Identity;
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;

use super::{Identities, IdentityDb};
use crate::ports::{Clock, IdentityRows, StoreError, TokenCodec};

/// Why an identity was not read.
#[derive(Debug, thiserror::Error)]
pub enum GetIdentityError {
    /// The identity belongs to another account than the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such identity, or it is deleted.
    #[error("Identity not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: IdentityDb, C: Clock, T: TokenCodec> Identities<D, C, T> {
    pub(super) async fn get_identity(
        &self,
        principal: &Principal,
        id: IdentityId,
    ) -> Result<Identity, GetIdentityError> {
        let identity = self
            .db
            .read(async |conn: &mut D::Conn| conn.identity(id).await)
            .await?
            .ok_or(GetIdentityError::NotFound)?;
        policy::authorize(
            principal,
            Action::ReadIdentity,
            Target::Account(identity.account_id),
        )?;
        if identity.is_deleted() {
            return Err(GetIdentityError::NotFound);
        }
        Ok(identity)
    }
}
