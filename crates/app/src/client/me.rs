//! The client's own identity.

use roster_domain::client_session::ClientPrincipal;
use roster_domain::identity::{Identity, IdentityChanges, IdentityDisplayName};
use roster_domain::nonce::{NonceRefusal, refusal};
use uuid::Uuid;

use super::ClientSessions;
use crate::ports::{
    AccountStore, ChangeError, Clock, GameStore, IdentityStore, Random, SessionStore, StoreError,
    TokenCodec,
};

/// Why the identity was not read.
#[derive(Debug, thiserror::Error)]
pub enum GetMeError {
    /// The identity is gone (between authentication and now).
    #[error("Identity not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why the identity was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateMeError {
    /// The nonce does not make the request acceptable.
    #[error(transparent)]
    Nonce(#[from] NonceRefusal),
    /// The identity is gone (between authentication and now).
    #[error("Identity not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<S, C, R, T> ClientSessions<S, C, R, T>
where
    S: GameStore + AccountStore + IdentityStore + SessionStore,
    C: Clock,
    R: Random,
    T: TokenCodec,
{
    pub(super) async fn get_me(&self, client: &ClientPrincipal) -> Result<Identity, GetMeError> {
        IdentityStore::get(&self.store, client.identity_id)
            .await?
            .filter(|identity| !identity.is_deleted())
            .ok_or(GetMeError::NotFound)
    }

    /// Spends the nonce first (atomically: of many requests with one nonce, one goes on), then
    /// changes the display name.
    pub(super) async fn change_me(
        &self,
        client: &ClientPrincipal,
        nonce: Option<&str>,
        display_name: Option<IdentityDisplayName>,
    ) -> Result<Identity, UpdateMeError> {
        let raw = nonce
            .map(str::trim)
            .filter(|raw| !raw.is_empty())
            .ok_or(NonceRefusal::Missing)?;
        let value = Uuid::parse_str(raw).map_err(|_| NonceRefusal::Unknown)?;
        let now = self.clock.now();
        if let Err(stored) = self.store.use_nonce(value, client.identity_id, now).await? {
            return Err(refusal(stored.as_ref(), client.identity_id, now).into());
        }
        let changes = IdentityChanges {
            display_name: Some(display_name),
            deleted: None,
        };
        IdentityStore::update(
            &self.store,
            client.identity_id,
            move |identity: Identity| identity.apply(&changes, now),
        )
        .await
        .map_err(|error| match error {
            ChangeError::Store(error) => UpdateMeError::Store(error),
            ChangeError::NotFound | ChangeError::Rejected(_) | ChangeError::Conflict => {
                UpdateMeError::NotFound
            }
        })
    }
}
