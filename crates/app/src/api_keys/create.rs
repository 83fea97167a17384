//! Creating an API key.

use roster_domain::api_key::{
    API_KEY_RANDOM_BYTES, ApiKey, ApiKeyName, ApiKeySecret, ExpiryNotInFuture, NewApiKey,
    check_expiry,
};
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::{AccountId, Timestamp, UserId};

use super::{ApiKeyDb, ApiKeyView, ApiKeys, CreatedApiKey};
use crate::audit::{self, Change};
use crate::ports::{
    ApiKeyInsertError, ApiKeyRows, Clock, Random, RandomError, StoreError, UserRows,
};

/// What a new key is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateApiKey {
    /// The account of the key's user.
    pub account_id: AccountId,
    /// The key's user.
    pub user_id: UserId,
    /// Its name.
    pub name: ApiKeyName,
    /// When it stops working; never when `None`.
    pub expires_at: Option<Timestamp>,
}

/// Why a key was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateApiKeyError {
    /// The account is not the principal's, or the user is a superadmin and the principal is not.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No live user of the account has the id.
    #[error("User not found in this account")]
    UserNotFound,
    /// The expiry is not in the future.
    #[error(transparent)]
    ExpiryNotInFuture(#[from] ExpiryNotInFuture),
    /// No secure randomness for the secret.
    #[error(transparent)]
    Random(#[from] RandomError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A new secret: `ldr_` and 32 bytes from `random`, base64url.
pub fn generate_api_key_secret<R: Random>(random: &R) -> Result<ApiKeySecret, RandomError> {
    let mut bytes = [0; API_KEY_RANDOM_BYTES];
    random.fill(&mut bytes)?;
    Ok(ApiKeySecret::from_random_bytes(bytes))
}

impl<D: ApiKeyDb, C: Clock, R: Random> ApiKeys<D, C, R> {
    pub(crate) async fn create_key(
        &self,
        principal: &Principal,
        input: CreateApiKey,
    ) -> Result<CreatedApiKey, CreateApiKeyError> {
        policy::authorize(
            principal,
            Action::CreateApiKey,
            Target::Account(input.account_id),
        )?;
        let now = self.clock.now();
        let (key, secret) = self
            .db
            .transaction(async |tx: &mut D::Conn| -> Result<_, CreateApiKeyError> {
                let owner = tx
                    .user(input.user_id)
                    .await?
                    .filter(|owner| owner.account_id == input.account_id && !owner.is_deleted())
                    .ok_or(CreateApiKeyError::UserNotFound)?;
                policy::authorize(principal, Action::CreateApiKey, policy::user_target(&owner))?;
                check_expiry(input.expires_at, now)?;
                let secret = generate_api_key_secret(&self.random)?;
                let key = NewApiKey::for_secret(
                    &secret,
                    input.account_id,
                    input.user_id,
                    input.name.clone(),
                    input.expires_at,
                    now,
                );
                tx.insert_key(&key).await.map_err(|error| match error {
                    ApiKeyInsertError::UserMissing => CreateApiKeyError::UserNotFound,
                    ApiKeyInsertError::Store(error) => CreateApiKeyError::Store(error),
                })?;
                audit::by_admin(
                    tx,
                    principal,
                    Change {
                        action: AuditAction::ApiKeyCreated,
                        target: AuditTarget::new(TargetKind::ApiKey, key.id),
                        account_id: key.account_id,
                        changes: Changes::created(&ApiKey::from_new(&key)),
                        at: now,
                    },
                )
                .await?;
                Ok((key, secret))
            })
            .await?;
        Ok(CreatedApiKey {
            view: ApiKeyView::at(ApiKey::from_new(&key), now),
            secret,
        })
    }
}
