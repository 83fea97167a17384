//! Erasing an API key.

use crate::audit::{self, Change};
use crate::lookup::{ChangeError, Resource};
use roster_domain::ApiKeyId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::etag::IfMatch;
use roster_domain::policy::{self, Action};
use roster_domain::principal::Principal;

use super::{ApiKeyDb, ApiKeyView, ApiKeys, target};
use crate::ports::{ApiKeyRows, Clock, Random, Revocation, Revocations};

impl<D: ApiKeyDb, C: Clock, R: Random> ApiKeys<D, C, R> {
    pub(super) async fn delete_key(
        &self,
        principal: &Principal,
        id: ApiKeyId,
        if_match: IfMatch,
    ) -> Result<(), ChangeError> {
        self.db
            .transaction(async |tx: &mut D::Conn| -> Result<_, ChangeError> {
                let key = tx
                    .lock_key(id)
                    .await?
                    .ok_or(ChangeError::NotFound(Resource::ApiKey))?;
                policy::authorize(principal, Action::DeleteApiKey, target(tx, &key).await?)?;
                if_match.check(&ApiKeyView::at(key.clone(), self.clock.now()).entity_tag())?;
                tx.delete_key(id).await?;
                tx.announce(Revocation::Key(id)).await?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::ApiKeyDeleted,
                        target: AuditTarget::new(TargetKind::ApiKey, id),
                        account_id: key.account_id,
                        changes: Changes::erased(&key),
                        at: self.clock.now(),
                    },
                )
                .await?;
                Ok(())
            })
            .await?;
        self.credentials.forget_key(id);
        Ok(())
    }
}
