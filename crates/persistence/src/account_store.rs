//! Accounts in PostgreSQL.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use roster_app::ports::{
    AccountCensus, AccountFilter, AccountInsertError, AccountStore, ChangeError, StoreError,
};
use roster_domain::AccountId;
use roster_domain::account::{Account, AccountSortField};
use roster_domain::pagination::{Scan, Total};
use roster_domain::slug::{Slug, SlugBase};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::census;
use crate::error::{corrupt, from_diesel, unique_violation};
use crate::keyset::{self, Key, KeyColumn};
use crate::revocation::{self, Revoked};
use crate::rows::AccountRow;
use crate::schema::accounts;
use crate::search::{like_prefix, lower};
use crate::segments::load_in_order;
use crate::store::PgStore;
use crate::total::bounded_total;
use crate::tx::Tx;

/// The unique index on the slugs of live accounts.
const SLUG_KEY: &str = "accounts_slug_key";

type AccountQuery = accounts::BoxedQuery<'static, Pg>;

/// The key column of each sortable field.
fn account_key(field: AccountSortField) -> Box<dyn KeyColumn<accounts::table, AccountQuery>> {
    match field {
        AccountSortField::Id => Box::new(Key::<_, Uuid>::new(accounts::id)),
        AccountSortField::Name => Box::new(Key::<_, String>::new(accounts::name)),
        AccountSortField::Slug => Box::new(Key::<_, String>::new(accounts::slug)),
        AccountSortField::CreatedAt => {
            Box::new(Key::<_, OffsetDateTime>::new(accounts::created_at))
        }
        AccountSortField::UpdatedAt => {
            Box::new(Key::<_, OffsetDateTime>::new(accounts::updated_at))
        }
    }
}

/// Live accounts matching `filter`. `deleted_at IS NULL` also lets PostgreSQL use the partial
/// sort indexes, which cover live rows only.
fn filtered(filter: &AccountFilter) -> AccountQuery {
    let mut query = accounts::table
        .filter(accounts::deleted_at.is_null())
        .into_boxed();
    if let Some(id) = filter.only {
        query = query.filter(accounts::id.eq(id.to_uuid()));
    }
    if let Some(status) = filter.status {
        query = query.filter(accounts::status.eq(status.as_str()));
    }
    if let Some(prefix) = &filter.q {
        let pattern = like_prefix(prefix.as_str());
        query = query.filter(
            lower(accounts::name)
                .like(pattern.clone())
                .or(accounts::slug.like(pattern)),
        );
    }
    query
}

/// The queries of one page of accounts.
pub(crate) fn account_page_queries(
    filter: &AccountFilter,
    scan: &Scan<'_, AccountSortField>,
) -> Result<Vec<AccountQuery>, StoreError> {
    keyset::paginate(|| filtered(filter), scan, account_key)
}

impl AccountStore for PgStore {
    async fn insert(&self, account: &Account) -> Result<(), AccountInsertError> {
        self.run(async |conn| {
            diesel::insert_into(accounts::table)
                .values(AccountRow::from(account))
                .execute(conn)
                .await
                .map(drop)
                .map_err(|error| match unique_violation(&error) {
                    Some(SLUG_KEY) => AccountInsertError::SlugTaken,
                    _ => AccountInsertError::Store(from_diesel(error)),
                })
        })
        .await
    }

    async fn slugs_like(&self, base: &SlugBase, limit: usize) -> Result<Vec<Slug>, StoreError> {
        self.run(async |conn| {
            // A slug base holds only [a-z0-9-], none of which LIKE treats specially.
            let slugs: Vec<String> = accounts::table
                .filter(accounts::deleted_at.is_null())
                .filter(
                    accounts::slug
                        .eq(base.as_str())
                        .or(accounts::slug.like(format!("{}-%", base.as_str()))),
                )
                .select(accounts::slug)
                .limit(i64::try_from(limit).unwrap_or(i64::MAX))
                .load(conn)
                .await
                .map_err(from_diesel)?;
            slugs
                .iter()
                .map(|slug| Slug::parse(slug).map_err(|_| corrupt("account slug")))
                .collect()
        })
        .await
    }

    async fn get(&self, id: AccountId) -> Result<Option<Account>, StoreError> {
        self.run(async |conn| {
            let row: Option<AccountRow> = accounts::table
                .find(id.to_uuid())
                .first(conn)
                .await
                .optional()
                .map_err(from_diesel)?;
            row.map(Account::try_from).transpose()
        })
        .await
    }

    async fn find_by_slug(&self, slug: &Slug) -> Result<Option<Account>, StoreError> {
        self.run(async |conn| {
            let row: Option<AccountRow> = accounts::table
                .filter(accounts::deleted_at.is_null())
                .filter(accounts::slug.eq(slug.as_str()))
                .first(conn)
                .await
                .optional()
                .map_err(from_diesel)?;
            row.map(Account::try_from).transpose()
        })
        .await
    }

    async fn update<E, F>(&self, id: AccountId, change: F) -> Result<Account, ChangeError<E>>
    where
        F: FnOnce(Account, AccountCensus) -> Result<Account, E> + Send + 'static,
        E: Send + 'static,
    {
        self.run(async |conn| {
            let key = id.to_uuid();
            conn.transaction(async move |conn| {
                census::lock(conn).await?;
                let row: Option<AccountRow> = accounts::table
                    .find(key)
                    .for_update()
                    .first(conn)
                    .await
                    .optional()?;
                let current = Account::try_from(row.ok_or(Tx::NotFound)?)?;
                let census = census::of_account(conn, key).await?;
                let next = change(current, census).map_err(Tx::Rejected)?;
                diesel::update(accounts::table.find(key))
                    .set(AccountRow::from(&next))
                    .execute(conn)
                    .await?;
                revocation::announce(conn, Revoked::Account(key)).await?;
                Ok(next)
            })
            .await
            .map_err(|error: Tx<E>| error.into_change(SLUG_KEY))
        })
        .await
    }

    async fn delete<E, F>(&self, id: AccountId, allow: F) -> Result<(), ChangeError<E>>
    where
        F: FnOnce(&Account, AccountCensus) -> Result<(), E> + Send + 'static,
        E: Send + 'static,
    {
        self.run(async |conn| {
            let key = id.to_uuid();
            conn.transaction(async move |conn| {
                census::lock(conn).await?;
                let row: Option<AccountRow> = accounts::table
                    .find(key)
                    .for_update()
                    .first(conn)
                    .await
                    .optional()?;
                let current = Account::try_from(row.ok_or(Tx::NotFound)?)?;
                let census = census::of_account(conn, key).await?;
                allow(&current, census).map_err(Tx::Rejected)?;
                diesel::delete(accounts::table.find(key))
                    .execute(conn)
                    .await?;
                revocation::announce(conn, Revoked::Account(key)).await?;
                Ok(())
            })
            .await
            .map_err(|error: Tx<E>| error.into_change(SLUG_KEY))
        })
        .await
    }

    async fn list(
        &self,
        filter: &AccountFilter,
        scan: Scan<'_, AccountSortField>,
    ) -> Result<Vec<Account>, StoreError> {
        let queries = account_page_queries(filter, &scan)?;
        self.run(async |conn| {
            let rows =
                load_in_order!(conn, queries, scan.fetch, AccountRow).map_err(from_diesel)?;
            rows.into_iter().map(Account::try_from).collect()
        })
        .await
    }

    async fn count(&self, filter: &AccountFilter) -> Result<Total, StoreError> {
        self.run(async |conn| bounded_total(conn, || filtered(filter).select(accounts::id)).await)
            .await
    }
}
