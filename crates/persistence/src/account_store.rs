//! Accounts in PostgreSQL.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use roster_app::ports::{
    AccountFilter, AccountInsertError, AccountStore, AccountUpdateError, StoreError,
};
use roster_domain::AccountId;
use roster_domain::account::{Account, AccountSortField};
use roster_domain::pagination::{EXACT_TOTAL_LIMIT, Scan, Total};
use roster_domain::slug::{Slug, SlugBase};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{corrupt, from_diesel, unique_violation};
use crate::keyset::{self, Key, KeyColumn};
use crate::rows::AccountRow;
use crate::schema::accounts;
use crate::store::PgStore;
use crate::total::bounded_total;

/// The unique index on the slugs of live accounts.
const SLUG_KEY: &str = "accounts_slug_key";

diesel::define_sql_function! {
    /// PostgreSQL's `lower(text)`.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

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

/// The query of one page of accounts.
pub(crate) fn account_page_query(
    filter: &AccountFilter,
    scan: &Scan<'_, AccountSortField>,
) -> Result<AccountQuery, StoreError> {
    keyset::paginate(filtered(filter), scan, account_key)
}

/// `prefix%`, with LIKE's own wildcards in `prefix` escaped (backslash is the default escape).
pub(crate) fn like_prefix(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// A transaction's failure: a query error, or the store contract's own outcome.
enum Tx<E> {
    Diesel(diesel::result::Error),
    Outcome(AccountUpdateError<E>),
}

impl<E> From<diesel::result::Error> for Tx<E> {
    fn from(error: diesel::result::Error) -> Self {
        Self::Diesel(error)
    }
}

impl AccountStore for PgStore {
    async fn insert(&self, account: &Account) -> Result<(), AccountInsertError> {
        let mut conn = self.conn().await?;
        diesel::insert_into(accounts::table)
            .values(AccountRow::from(account))
            .execute(&mut conn)
            .await
            .map(drop)
            .map_err(|error| match unique_violation(&error) {
                Some(SLUG_KEY) => AccountInsertError::SlugTaken,
                _ => AccountInsertError::Store(from_diesel(error)),
            })
    }

    async fn slugs_like(&self, base: &SlugBase, limit: usize) -> Result<Vec<Slug>, StoreError> {
        let mut conn = self.conn().await?;
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
            .load(&mut conn)
            .await
            .map_err(from_diesel)?;
        slugs
            .iter()
            .map(|slug| Slug::parse(slug).map_err(|_| corrupt("account slug")))
            .collect()
    }

    async fn get(&self, id: AccountId) -> Result<Option<Account>, StoreError> {
        let mut conn = self.conn().await?;
        let row: Option<AccountRow> = accounts::table
            .find(id.to_uuid())
            .first(&mut conn)
            .await
            .optional()
            .map_err(from_diesel)?;
        row.map(Account::try_from).transpose()
    }

    async fn find_by_slug(&self, slug: &Slug) -> Result<Option<Account>, StoreError> {
        let mut conn = self.conn().await?;
        let row: Option<AccountRow> = accounts::table
            .filter(accounts::deleted_at.is_null())
            .filter(accounts::slug.eq(slug.as_str()))
            .first(&mut conn)
            .await
            .optional()
            .map_err(from_diesel)?;
        row.map(Account::try_from).transpose()
    }

    async fn update<E, F>(&self, id: AccountId, change: F) -> Result<Account, AccountUpdateError<E>>
    where
        F: FnOnce(Account) -> Result<Account, E> + Send + 'static,
        E: Send + 'static,
    {
        let mut conn = self.conn().await?;
        let key = id.to_uuid();
        let outcome = conn
            .transaction(async move |conn| {
                let row: Option<AccountRow> = accounts::table
                    .find(key)
                    .for_update()
                    .first(conn)
                    .await
                    .optional()?;
                let Some(row) = row else {
                    return Err(Tx::Outcome(AccountUpdateError::NotFound));
                };
                let current = Account::try_from(row)
                    .map_err(|error| Tx::Outcome(AccountUpdateError::Store(error)))?;
                let next = change(current)
                    .map_err(|error| Tx::Outcome(AccountUpdateError::Rejected(error)))?;
                diesel::update(accounts::table.find(key))
                    .set(AccountRow::from(&next))
                    .execute(conn)
                    .await?;
                Ok(next)
            })
            .await;
        outcome.map_err(|error| match error {
            Tx::Outcome(outcome) => outcome,
            Tx::Diesel(error) => match unique_violation(&error) {
                Some(SLUG_KEY) => AccountUpdateError::SlugTaken,
                _ => AccountUpdateError::Store(from_diesel(error)),
            },
        })
    }

    async fn delete(&self, id: AccountId) -> Result<bool, StoreError> {
        let mut conn = self.conn().await?;
        let deleted = diesel::delete(accounts::table.find(id.to_uuid()))
            .execute(&mut conn)
            .await
            .map_err(from_diesel)?;
        Ok(deleted > 0)
    }

    async fn list(
        &self,
        filter: &AccountFilter,
        scan: Scan<'_, AccountSortField>,
    ) -> Result<Vec<Account>, StoreError> {
        let query = account_page_query(filter, &scan)?;
        let mut conn = self.conn().await?;
        let rows: Vec<AccountRow> = query.load(&mut conn).await.map_err(from_diesel)?;
        rows.into_iter().map(Account::try_from).collect()
    }

    async fn count(&self, filter: &AccountFilter) -> Result<Total, StoreError> {
        let limit = i64::try_from(EXACT_TOTAL_LIMIT + 1).unwrap_or(i64::MAX);
        let limited = filtered(filter).select(accounts::id).limit(limit);
        let unlimited = filtered(filter).select(accounts::id);
        let mut conn = self.conn().await?;
        bounded_total(&mut conn, limited, unlimited).await
    }
}

#[cfg(test)]
mod tests {
    use super::like_prefix;

    #[test]
    fn like_wildcards_in_a_prefix_match_literally() {
        assert_eq!(like_prefix("acme"), "acme%");
        assert_eq!(like_prefix("50%_off\\"), "50\\%\\_off\\\\%");
    }
}
