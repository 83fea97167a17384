//! API keys in PostgreSQL.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::RunQueryDsl;
use roster_app::ports::{ApiKeyFilter, ApiKeyInsertError, ApiKeyRows, StoreError};
use roster_domain::ApiKeyId;
use roster_domain::api_key::{ApiKey, ApiKeyDigest, ApiKeySortField, KeyCredential, NewApiKey};
use roster_domain::etag::Version;
use roster_domain::pagination::Scan;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::from_diesel;
use crate::keyset::{self, Key, KeyColumn};
use crate::listing::list_rows;
use crate::rows::{
    ApiKeyChangeRow, ApiKeyRow, CredentialRow, NewApiKeyRow, decoded, stored_version,
};
use crate::schema::{accounts, api_keys, users};
use crate::store::PgConn;

pub(crate) type ApiKeyQuery = api_keys::BoxedQuery<'static, Pg>;

fn api_key_key(field: ApiKeySortField) -> Box<dyn KeyColumn<api_keys::table, ApiKeyQuery>> {
    match field {
        ApiKeySortField::Id => Box::new(Key::<_, Uuid>::new(api_keys::id)),
        ApiKeySortField::Name => Box::new(Key::<_, String>::new(api_keys::name)),
        ApiKeySortField::CreatedAt => Box::new(Key::<_, OffsetDateTime>::new(api_keys::created_at)),
        ApiKeySortField::UpdatedAt => Box::new(Key::<_, OffsetDateTime>::new(api_keys::updated_at)),
        // Nullable: compared as plain booleans, NULLs handled by the keyset builder.
        ApiKeySortField::LastUsedAt => Box::new(Key::<_, OffsetDateTime>::new(
            api_keys::last_used_at.assume_not_null(),
        )),
    }
}

fn filtered(filter: &ApiKeyFilter) -> ApiKeyQuery {
    let mut query = api_keys::table
        .filter(api_keys::deleted_at.is_null())
        .into_boxed();
    if let Some(account) = filter.account {
        query = query.filter(api_keys::account_id.eq(account.to_uuid()));
    }
    if let Some(user) = filter.user {
        query = query.filter(api_keys::user_id.eq(user.to_uuid()));
    }
    if let Some(status) = filter.status {
        query = query.filter(api_keys::status.eq(status.as_str()));
    }
    // The rule of `ApiKey::is_expired_at`: expired from `expires_at` on; never without one.
    let now = filter.now.as_datetime();
    match filter.expired {
        None => {}
        Some(true) => query = query.filter(api_keys::expires_at.le(now)),
        Some(false) => {
            query = query.filter(
                api_keys::expires_at
                    .is_null()
                    .or(api_keys::expires_at.gt(now)),
            );
        }
    }
    query
}

/// The queries of one page of keys.
pub(crate) fn api_key_page_queries(
    filter: &ApiKeyFilter,
    scan: &Scan<'_, ApiKeySortField>,
) -> Result<Vec<ApiKeyQuery>, StoreError> {
    keyset::paginate(|| filtered(filter), scan, api_key_key)
}

list_rows!(ApiKeyFilter => ApiKey, sort ApiKeySortField, row ApiKeyRow, query ApiKeyQuery,
           queries api_key_page_queries, filtered filtered, id api_keys::id);

impl ApiKeyRows for PgConn {
    async fn insert_key(&mut self, key: &NewApiKey) -> Result<(), ApiKeyInsertError> {
        diesel::insert_into(api_keys::table)
            .values(NewApiKeyRow::from(key))
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(|error| match &error {
                DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                    ApiKeyInsertError::UserMissing
                }
                _ => ApiKeyInsertError::Store(from_diesel(error)),
            })
    }

    async fn key(&mut self, id: ApiKeyId) -> Result<Option<ApiKey>, StoreError> {
        let found = api_keys::table
            .find(id.to_uuid())
            .first::<ApiKeyRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn lock_key(&mut self, id: ApiKeyId) -> Result<Option<ApiKey>, StoreError> {
        let found = api_keys::table
            .find(id.to_uuid())
            .for_update()
            .first::<ApiKeyRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn update_key(&mut self, key: &ApiKey) -> Result<Version, StoreError> {
        let version = diesel::update(api_keys::table.find(key.id.to_uuid()))
            .set(ApiKeyChangeRow::from(key))
            .returning(api_keys::version)
            .get_result::<i64>(self.pg())
            .await
            .map_err(from_diesel)?;
        stored_version(version)
    }

    async fn delete_key(&mut self, id: ApiKeyId) -> Result<bool, StoreError> {
        let deleted = diesel::delete(api_keys::table.find(id.to_uuid()))
            .execute(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(deleted > 0)
    }

    /// One indexed lookup by digest (`api_keys_key_digest_key`) joined to the user and account.
    async fn key_credential(
        &mut self,
        digest: &ApiKeyDigest,
    ) -> Result<Option<KeyCredential>, StoreError> {
        let found = api_keys::table
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
            .first::<CredentialRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }
}
