//! Users in PostgreSQL.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, RunQueryDsl};
use roster_app::ports::{
    ChangeError, StoreError, UserCensus, UserFilter, UserInsertError, UserStore,
};
use roster_domain::UserId;
use roster_domain::pagination::{Scan, Total};
use roster_domain::user::{User, UserSortField};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::census;
use crate::error::{from_diesel, unique_violation};
use crate::keyset::{self, Key, KeyColumn};
use crate::revocation::{self, Revoked};
use crate::rows::UserRow;
use crate::schema::users;
use crate::search::{like_prefix, lower};
use crate::segments::load_in_order;
use crate::store::PgStore;
use crate::total::bounded_total;
use crate::tx::Tx;

/// The unique index on (account, lowercased email) of live users.
const EMAIL_KEY: &str = "users_account_email_key";

type UserQuery = users::BoxedQuery<'static, Pg>;

fn user_key(field: UserSortField) -> Box<dyn KeyColumn<users::table, UserQuery>> {
    match field {
        UserSortField::Id => Box::new(Key::<_, Uuid>::new(users::id)),
        UserSortField::Email => Box::new(Key::<_, String>::new(users::email)),
        UserSortField::DisplayName => Box::new(Key::<_, String>::new(users::display_name)),
        UserSortField::CreatedAt => Box::new(Key::<_, OffsetDateTime>::new(users::created_at)),
        UserSortField::UpdatedAt => Box::new(Key::<_, OffsetDateTime>::new(users::updated_at)),
    }
}

fn filtered(filter: &UserFilter) -> UserQuery {
    let mut query = users::table
        .filter(users::deleted_at.is_null())
        .into_boxed();
    if let Some(account) = filter.account {
        query = query.filter(users::account_id.eq(account.to_uuid()));
    }
    if let Some(email) = &filter.email {
        query = query.filter(lower(users::email).eq(email.clone()));
    }
    if let Some(status) = filter.status {
        query = query.filter(users::status.eq(status.as_str()));
    }
    if let Some(prefix) = &filter.q {
        let pattern = like_prefix(prefix.as_str());
        query = query.filter(
            lower(users::email)
                .like(pattern.clone())
                .or(lower(users::display_name).like(pattern)),
        );
    }
    query
}

/// The queries of one page of users.
pub(crate) fn user_page_queries(
    filter: &UserFilter,
    scan: &Scan<'_, UserSortField>,
) -> Result<Vec<UserQuery>, StoreError> {
    keyset::paginate(|| filtered(filter), scan, user_key)
}

fn insert_error(error: DieselError) -> UserInsertError {
    match &error {
        DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
            UserInsertError::AccountMissing
        }
        _ if unique_violation(&error) == Some(EMAIL_KEY) => UserInsertError::EmailTaken,
        _ => UserInsertError::Store(from_diesel(error)),
    }
}

enum FirstTx {
    Diesel(DieselError),
    Exists,
}

impl From<DieselError> for FirstTx {
    fn from(error: DieselError) -> Self {
        Self::Diesel(error)
    }
}

impl UserStore for PgStore {
    async fn insert(&self, user: &User) -> Result<(), UserInsertError> {
        self.run(async |conn| {
            diesel::insert_into(users::table)
                .values(UserRow::from(user))
                .execute(conn)
                .await
                .map(drop)
                .map_err(insert_error)
        })
        .await
    }

    async fn insert_first_superadmin(&self, user: &User) -> Result<(), UserInsertError> {
        let row = UserRow::from(user);
        self.run(async |conn| {
            conn.transaction(async move |conn| {
                census::lock(conn).await?;
                if census::any_superadmin(conn).await? {
                    return Err(FirstTx::Exists);
                }
                diesel::insert_into(users::table)
                    .values(row)
                    .execute(conn)
                    .await?;
                Ok(())
            })
            .await
            .map_err(|error| match error {
                FirstTx::Exists => UserInsertError::SuperadminExists,
                FirstTx::Diesel(error) => insert_error(error),
            })
        })
        .await
    }

    async fn superadmin_exists(&self) -> Result<bool, StoreError> {
        self.run(async |conn| census::any_superadmin(conn).await.map_err(from_diesel))
            .await
    }

    async fn get(&self, id: UserId) -> Result<Option<User>, StoreError> {
        self.run(async |conn| {
            let row: Option<UserRow> = users::table
                .find(id.to_uuid())
                .first(conn)
                .await
                .optional()
                .map_err(from_diesel)?;
            row.map(User::try_from).transpose()
        })
        .await
    }

    async fn update<E, F>(&self, id: UserId, change: F) -> Result<User, ChangeError<E>>
    where
        F: FnOnce(User, UserCensus) -> Result<User, E> + Send + 'static,
        E: Send + 'static,
    {
        self.run(async |conn| {
            let key = id.to_uuid();
            conn.transaction(async move |conn| {
                census::lock(conn).await?;
                let row: Option<UserRow> = users::table
                    .find(key)
                    .for_update()
                    .first(conn)
                    .await
                    .optional()?;
                let current = User::try_from(row.ok_or(Tx::NotFound)?)?;
                let census = census::of_user(conn, key, current.account_id.to_uuid()).await?;
                let next = change(current, census).map_err(Tx::Rejected)?;
                diesel::update(users::table.find(key))
                    .set(UserRow::from(&next))
                    .execute(conn)
                    .await?;
                revocation::announce(conn, Revoked::User(key)).await?;
                Ok(next)
            })
            .await
            .map_err(|error: Tx<E>| error.into_change(EMAIL_KEY))
        })
        .await
    }

    async fn delete<E, F>(&self, id: UserId, allow: F) -> Result<(), ChangeError<E>>
    where
        F: FnOnce(&User, UserCensus) -> Result<(), E> + Send + 'static,
        E: Send + 'static,
    {
        self.run(async |conn| {
            let key = id.to_uuid();
            conn.transaction(async move |conn| {
                census::lock(conn).await?;
                let row: Option<UserRow> = users::table
                    .find(key)
                    .for_update()
                    .first(conn)
                    .await
                    .optional()?;
                let current = User::try_from(row.ok_or(Tx::NotFound)?)?;
                let census = census::of_user(conn, key, current.account_id.to_uuid()).await?;
                allow(&current, census).map_err(Tx::Rejected)?;
                // The user's keys go with it (ON DELETE CASCADE).
                diesel::delete(users::table.find(key)).execute(conn).await?;
                revocation::announce(conn, Revoked::User(key)).await?;
                Ok(())
            })
            .await
            .map_err(|error: Tx<E>| error.into_change(EMAIL_KEY))
        })
        .await
    }

    async fn list(
        &self,
        filter: &UserFilter,
        scan: Scan<'_, UserSortField>,
    ) -> Result<Vec<User>, StoreError> {
        let queries = user_page_queries(filter, &scan)?;
        self.run(async |conn| {
            let rows = load_in_order!(conn, queries, scan.fetch, UserRow).map_err(from_diesel)?;
            rows.into_iter().map(User::try_from).collect()
        })
        .await
    }

    async fn count(&self, filter: &UserFilter) -> Result<Total, StoreError> {
        self.run(async |conn| bounded_total(conn, || filtered(filter).select(users::id)).await)
            .await
    }
}
