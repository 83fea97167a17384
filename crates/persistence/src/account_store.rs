//! Accounts in PostgreSQL.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use roster_app::ports::{AccountFilter, AccountInsertError, AccountRows, StoreError, WriteError};
use roster_domain::AccountId;
use roster_domain::account::{Account, AccountSortField};
use roster_domain::etag::Version;
use roster_domain::pagination::Scan;
use roster_domain::slug::{Slug, SlugBase};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{corrupt, from_diesel, unique_violation, write_error};
use crate::keyset::{self, Key, KeyColumn};
use crate::listing::list_rows;
use crate::rows::{AccountRow, decoded, stored_version};
use crate::schema::accounts;
use crate::search::{like_prefix, lower};
use crate::store::PgConn;

/// The unique index on the slugs of live accounts.
const SLUG_KEY: &str = "accounts_slug_key";

pub(crate) type AccountQuery = accounts::BoxedQuery<'static, Pg>;

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

list_rows!(AccountFilter => Account, sort AccountSortField, row AccountRow,
           query AccountQuery, queries account_page_queries, filtered filtered,
           id accounts::id);

impl AccountRows for PgConn {
    async fn insert_account(&mut self, account: &Account) -> Result<(), AccountInsertError> {
        diesel::insert_into(accounts::table)
            .values(AccountRow::from(account))
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(|error| match unique_violation(&error) {
                Some(SLUG_KEY) => AccountInsertError::SlugTaken,
                _ => AccountInsertError::Store(from_diesel(error)),
            })
    }

    async fn account_slugs_like(
        &mut self,
        base: &SlugBase,
        limit: usize,
    ) -> Result<Vec<Slug>, StoreError> {
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
            .load(self.pg())
            .await
            .map_err(from_diesel)?;
        slugs
            .iter()
            .map(|slug| Slug::parse(slug).map_err(|_| corrupt("account slug")))
            .collect()
    }

    async fn account(&mut self, id: AccountId) -> Result<Option<Account>, StoreError> {
        let found = accounts::table
            .find(id.to_uuid())
            .first::<AccountRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn account_by_slug(&mut self, slug: &Slug) -> Result<Option<Account>, StoreError> {
        let found = accounts::table
            .filter(accounts::deleted_at.is_null())
            .filter(accounts::slug.eq(slug.as_str()))
            .first::<AccountRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn lock_account(&mut self, id: AccountId) -> Result<Option<Account>, StoreError> {
        let found = accounts::table
            .find(id.to_uuid())
            .for_update()
            .first::<AccountRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn update_account(&mut self, account: &Account) -> Result<Version, WriteError> {
        let version = diesel::update(accounts::table.find(account.id.to_uuid()))
            .set(AccountRow::from(account))
            .returning(accounts::version)
            .get_result::<i64>(self.pg())
            .await
            .map_err(|error| write_error(error, SLUG_KEY))?;
        Ok(stored_version(version)?)
    }

    async fn delete_account(&mut self, id: AccountId) -> Result<bool, StoreError> {
        // Its users, keys, games, identities and sessions go with it (ON DELETE CASCADE).
        let deleted = diesel::delete(accounts::table.find(id.to_uuid()))
            .execute(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(deleted > 0)
    }
}
