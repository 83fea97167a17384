//! Users in PostgreSQL.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::RunQueryDsl;
use roster_app::ports::{StoreError, UserFilter, UserInsertError, UserRows, WriteError};
use roster_domain::UserId;
use roster_domain::etag::Version;
use roster_domain::pagination::Scan;
use roster_domain::user::{User, UserSortField};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{from_diesel, unique_violation, write_error};
use crate::keyset::{self, Key, KeyColumn};
use crate::listing::list_rows;
use crate::rows::{UserRow, decoded, stored_version};
use crate::schema::users;
use crate::search::{like_prefix, lower};
use crate::store::PgConn;

/// The unique index on (account, lowercased email) of live users.
const EMAIL_KEY: &str = "users_account_email_key";

pub(crate) type UserQuery = users::BoxedQuery<'static, Pg>;

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

list_rows!(UserFilter => User, sort UserSortField, row UserRow, query UserQuery,
           queries user_page_queries, filtered filtered, id users::id);

impl UserRows for PgConn {
    async fn insert_user(&mut self, user: &User) -> Result<(), UserInsertError> {
        diesel::insert_into(users::table)
            .values(UserRow::from(user))
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(insert_error)
    }

    async fn user(&mut self, id: UserId) -> Result<Option<User>, StoreError> {
        let found = users::table
            .find(id.to_uuid())
            .first::<UserRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn lock_user(&mut self, id: UserId) -> Result<Option<User>, StoreError> {
        let found = users::table
            .find(id.to_uuid())
            .for_update()
            .first::<UserRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn update_user(&mut self, user: &User) -> Result<Version, WriteError> {
        let version = diesel::update(users::table.find(user.id.to_uuid()))
            .set(UserRow::from(user))
            .returning(users::version)
            .get_result::<i64>(self.pg())
            .await
            .map_err(|error| write_error(error, EMAIL_KEY))?;
        Ok(stored_version(version)?)
    }

    async fn delete_user(&mut self, id: UserId) -> Result<bool, StoreError> {
        // The user's keys go with it (ON DELETE CASCADE).
        let deleted = diesel::delete(users::table.find(id.to_uuid()))
            .execute(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(deleted > 0)
    }
}
