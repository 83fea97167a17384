//! Erasing an identity: player data erasure.

use crate::audit::{self, Change};
use crate::lookup::{ChangeError, Resource};
use roster_domain::IdentityId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::etag::{IfMatch, Versioned};
use roster_domain::policy::{self, Action, Target};
use roster_domain::principal::Principal;

use super::{Identities, IdentityDb};
use crate::ports::{Clock, IdentityRows, Revocation, Revocations, TokenCodec};

impl<D: IdentityDb, C: Clock, T: TokenCodec> Identities<D, C, T> {
    /// Erases the row with its sessions and nonces; soft-deleted identities too.
    pub(super) async fn delete_identity(
        &self,
        principal: &Principal,
        id: IdentityId,
        if_match: IfMatch,
    ) -> Result<(), ChangeError> {
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let identity = tx
                    .lock_identity(id)
                    .await?
                    .ok_or(ChangeError::NotFound(Resource::Identity))?;
                policy::authorize(
                    principal,
                    Action::DeleteIdentity,
                    Target::Account(identity.account_id),
                )?;
                if_match.check(&identity.entity_tag())?;
                tx.delete_identity(id).await?;
                tx.announce(Revocation::Identity(id)).await?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::IdentityDeleted,
                        target: AuditTarget::new(TargetKind::Identity, id),
                        account_id: identity.account_id,
                        changes: Changes::erased(&identity),
                        at: self.clock.now(),
                    },
                )
                .await?;
                Ok(())
            })
            .await
    }
}
