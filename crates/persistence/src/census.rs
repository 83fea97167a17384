//! Counting usable superadmins while changes that could remove one are serialized.
//!
//! Every transaction that changes or erases a user or an account takes the same
//! transaction-scoped advisory lock before it reads anything, so two such changes never judge
//! "is another superadmin left?" from the same snapshot: the second sees the first's outcome.

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use roster_app::ports::{AccountCensus, UserCensus};
use uuid::Uuid;

use crate::schema::{accounts, users};

/// The advisory lock that serializes changes to the set of superadmins.
const SUPERADMIN_LOCK: i64 = 0x726f_7374_6572_0001;

/// Takes the lock until the end of the current transaction.
pub(crate) async fn lock(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
        .bind::<BigInt, _>(SUPERADMIN_LOCK)
        .execute(conn)
        .await
        .map(drop)
}

fn to_count(count: i64) -> u64 {
    u64::try_from(count).unwrap_or(0)
}

/// Usable superadmins of accounts other than `account`, and active live superadmin users of it.
pub(crate) async fn of_account(
    conn: &mut AsyncPgConnection,
    account: Uuid,
) -> QueryResult<AccountCensus> {
    let here: i64 = users::table
        .filter(users::account_id.eq(account))
        .filter(users::super_admin.eq(true))
        .filter(users::status.eq("active"))
        .filter(users::deleted_at.is_null())
        .count()
        .get_result(conn)
        .await?;
    let elsewhere: i64 = usable_superadmins()
        .filter(users::account_id.ne(account))
        .count()
        .get_result(conn)
        .await?;
    Ok(AccountCensus {
        superadmins_here: to_count(here),
        superadmins_elsewhere: to_count(elsewhere),
    })
}

/// Whether `account` is usable, and the usable superadmins other than `user`.
pub(crate) async fn of_user(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    account: Uuid,
) -> QueryResult<UserCensus> {
    let account_usable: bool = diesel::select(diesel::dsl::exists(
        accounts::table
            .filter(accounts::id.eq(account))
            .filter(accounts::status.eq("active"))
            .filter(accounts::deleted_at.is_null()),
    ))
    .get_result(conn)
    .await?;
    let elsewhere: i64 = usable_superadmins()
        .filter(users::id.ne(user))
        .count()
        .get_result(conn)
        .await?;
    Ok(UserCensus {
        account_usable,
        superadmins_elsewhere: to_count(elsewhere),
    })
}

/// Whether any live superadmin exists.
pub(crate) async fn any_superadmin(conn: &mut AsyncPgConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table
            .filter(users::super_admin.eq(true))
            .filter(users::deleted_at.is_null()),
    ))
    .get_result(conn)
    .await
}

#[diesel::dsl::auto_type]
fn usable_superadmins() -> _ {
    users::table
        .inner_join(accounts::table)
        .filter(users::super_admin.eq(true))
        .filter(users::status.eq("active"))
        .filter(users::deleted_at.is_null())
        .filter(accounts::status.eq("active"))
        .filter(accounts::deleted_at.is_null())
}
