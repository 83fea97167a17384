//! Renaming, revoking, soft-deleting or restoring an API key.

use roster_domain::ApiKeyId;
use roster_domain::api_key::ApiKeyStatus;
use roster_domain::api_key::{ApiKeyChangeError, ApiKeyChanges};
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::etag::{IfMatch, PreconditionFailed, Versioned};
use roster_domain::policy::{self, Action, Forbidden};
use roster_domain::principal::Principal;

use super::{ApiKeyDb, ApiKeyView, ApiKeys, target};
use crate::audit::{self, Change};
use crate::ports::{ApiKeyRows, Clock, Random, Revocation, Revocations, StoreError};

/// Why a key was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateApiKeyError {
    /// The key is not the principal's to change.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such key, or it is deleted and the change does not restore it.
    #[error("API key not found")]
    NotFound,
    /// A revoked key cannot be made active again.
    #[error("A revoked API key cannot be reactivated; create a new key")]
    Reactivation,
    /// The key changed since the version the request's `If-Match` named.
    #[error(transparent)]
    PreconditionFailed(#[from] PreconditionFailed),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<D: ApiKeyDb, C: Clock, R: Random> ApiKeys<D, C, R> {
    pub(super) async fn update_key(
        &self,
        principal: &Principal,
        id: ApiKeyId,
        changes: ApiKeyChanges,
        if_match: IfMatch,
    ) -> Result<ApiKeyView, UpdateApiKeyError> {
        let now = self.clock.now();
        let updated = self
            .db
            .transaction(async |tx: &mut D::Conn| -> Result<_, UpdateApiKeyError> {
                let before = tx.lock_key(id).await?.ok_or(UpdateApiKeyError::NotFound)?;
                policy::authorize(principal, Action::UpdateApiKey, target(tx, &before).await?)?;
                if_match.check(&ApiKeyView::at(before.clone(), now).entity_tag())?;
                let after = before.apply(&changes, now).map_err(|error| match error {
                    ApiKeyChangeError::Gone(_) => UpdateApiKeyError::NotFound,
                    ApiKeyChangeError::Reactivation => UpdateApiKeyError::Reactivation,
                })?;
                let version = tx.update_key(&after).await?;
                tx.announce(Revocation::Key(id)).await?;
                let action = if after.status == ApiKeyStatus::Revoked
                    && before.status != ApiKeyStatus::Revoked
                {
                    AuditAction::ApiKeyRevoked
                } else {
                    AuditAction::ApiKeyUpdated
                };
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action,
                        target: AuditTarget::new(TargetKind::ApiKey, id),
                        account_id: after.account_id,
                        changes: Changes::updated(&before, &after),
                        at: now,
                    },
                )
                .await?;
                Ok(after.at_version(version))
            })
            .await?;
        self.credentials.forget_key(id);
        Ok(ApiKeyView::at(updated, now))
    }
}
