//! API-key credentials for authentication.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use roster_app::ports::{CredentialStore, StoreError};
use roster_domain::api_key::{ApiKeyDigest, KeyCredential};

use crate::error::from_diesel;
use crate::rows::CredentialRow;
use crate::schema::{accounts, api_keys, users};
use crate::store::PgStore;

impl CredentialStore for PgStore {
    /// One indexed lookup by digest (`api_keys_key_digest_key`) joined to the user and account.
    async fn credential(&self, digest: &ApiKeyDigest) -> Result<Option<KeyCredential>, StoreError> {
        self.run(async |conn| {
            let row: Option<CredentialRow> = api_keys::table
                .inner_join(users::table.on(users::id.eq(api_keys::user_id)))
                .inner_join(accounts::table.on(accounts::id.eq(api_keys::account_id)))
                .filter(api_keys::key_digest.eq(digest.as_bytes().as_slice()))
                .select((
                    api_keys::id,
                    api_keys::status,
                    api_keys::expires_at,
                    api_keys::deleted_at,
                    users::id,
                    users::account_id,
                    users::super_admin,
                    users::status,
                    users::deleted_at,
                    accounts::status,
                    accounts::deleted_at,
                    api_keys::last_used_at,
                ))
                .first(conn)
                .await
                .optional()
                .map_err(from_diesel)?;
            row.map(KeyCredential::try_from).transpose()
        })
        .await
    }
}
