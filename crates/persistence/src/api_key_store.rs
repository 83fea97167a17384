//! API keys in PostgreSQL.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, RunQueryDsl};
use roster_app::ports::{ApiKeyFilter, ApiKeyInsertError, ApiKeyStore, ChangeError, StoreError};
use roster_domain::ApiKeyId;
use roster_domain::api_key::{ApiKey, ApiKeySortField, NewApiKey};
use roster_domain::pagination::{Scan, Total};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::from_diesel;
use crate::keyset::{self, Key, KeyColumn};
use crate::revocation::{self, Revoked};
use crate::rows::{ApiKeyChangeRow, ApiKeyRow, NewApiKeyRow};
use crate::schema::api_keys;
use crate::segments::load_in_order;
use crate::store::PgStore;
use crate::total::bounded_total;
use crate::tx::Tx;

type ApiKeyQuery = api_keys::BoxedQuery<'static, Pg>;

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

impl ApiKeyStore for PgStore {
    async fn insert(&self, key: &NewApiKey) -> Result<(), ApiKeyInsertError> {
        self.run(async |conn| {
            diesel::insert_into(api_keys::table)
                .values(NewApiKeyRow::from(key))
                .execute(conn)
                .await
                .map(drop)
                .map_err(|error| match &error {
                    // api_keys_user_fkey: no user with this id in this account.
                    DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                        ApiKeyInsertError::UserMissing
                    }
                    _ => ApiKeyInsertError::Store(from_diesel(error)),
                })
        })
        .await
    }

    async fn get(&self, id: ApiKeyId) -> Result<Option<ApiKey>, StoreError> {
        self.run(async |conn| {
            let row: Option<ApiKeyRow> = api_keys::table
                .find(id.to_uuid())
                .first(conn)
                .await
                .optional()
                .map_err(from_diesel)?;
            row.map(ApiKey::try_from).transpose()
        })
        .await
    }

    async fn update<E, F>(&self, id: ApiKeyId, change: F) -> Result<ApiKey, ChangeError<E>>
    where
        F: FnOnce(ApiKey) -> Result<ApiKey, E> + Send + 'static,
        E: Send + 'static,
    {
        self.run(async |conn| {
            let key = id.to_uuid();
            conn.transaction(async move |conn| {
                let row: Option<ApiKeyRow> = api_keys::table
                    .find(key)
                    .for_update()
                    .first(conn)
                    .await
                    .optional()?;
                let current = ApiKey::try_from(row.ok_or(Tx::NotFound)?)?;
                let next = change(current).map_err(Tx::Rejected)?;
                diesel::update(api_keys::table.find(key))
                    .set(ApiKeyChangeRow::from(&next))
                    .execute(conn)
                    .await?;
                revocation::announce(conn, Revoked::Key(key)).await?;
                Ok(next)
            })
            .await
            .map_err(|error: Tx<E>| error.into_change(""))
        })
        .await
    }

    async fn delete(&self, id: ApiKeyId) -> Result<bool, StoreError> {
        let key = id.to_uuid();
        self.run(async |conn| {
            conn.transaction(async move |conn| {
                let deleted = diesel::delete(api_keys::table.find(key))
                    .execute(conn)
                    .await?;
                if deleted > 0 {
                    revocation::announce(conn, Revoked::Key(key)).await?;
                }
                Ok(deleted > 0)
            })
            .await
            .map_err(from_diesel)
        })
        .await
    }

    async fn list(
        &self,
        filter: &ApiKeyFilter,
        scan: Scan<'_, ApiKeySortField>,
    ) -> Result<Vec<ApiKey>, StoreError> {
        let queries = api_key_page_queries(filter, &scan)?;
        self.run(async |conn| {
            let rows = load_in_order!(conn, queries, scan.fetch, ApiKeyRow).map_err(from_diesel)?;
            rows.into_iter().map(ApiKey::try_from).collect()
        })
        .await
    }

    async fn count(&self, filter: &ApiKeyFilter) -> Result<Total, StoreError> {
        self.run(async |conn| bounded_total(conn, || filtered(filter).select(api_keys::id)).await)
            .await
    }
}
