//! Counting usable superadmins while changes that could remove one are serialized.
//!
//! A transaction that could remove a usable superadmin takes one transaction-scoped advisory
//! lock before it counts, so two such changes never judge "is another superadmin left?" from
//! the same snapshot: the second sees the first's outcome. What "usable" means is the domain's
//! (`User::is_usable_superadmin`, `Account::is_usable`); the statuses compared here are its.

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use roster_app::ports::{Excluding, StoreError, SuperadminRows};
use roster_domain::AccountId;
use roster_domain::account::AccountStatus;
use roster_domain::user::UserStatus;

use crate::error::from_diesel;
use crate::prepared::Prepared;
use crate::schema::{accounts, users};
use crate::store::PgConn;

/// The advisory lock that serializes changes to the set of superadmins.
const SUPERADMIN_LOCK: i64 = 0x726f_7374_6572_0001;

fn to_count(count: i64) -> u64 {
    u64::try_from(count).unwrap_or(0)
}

/// Superadmin users who are active and not deleted, whatever their account.
#[diesel::dsl::auto_type]
fn active_superadmins() -> _ {
    let active: &'static str = UserStatus::Active.as_str();
    users::table
        .filter(users::super_admin.eq(true))
        .filter(users::status.eq(active))
        .filter(users::deleted_at.is_null())
}

/// Active superadmins of usable accounts.
#[diesel::dsl::auto_type]
fn usable_superadmins() -> _ {
    let active: &'static str = AccountStatus::Active.as_str();
    active_superadmins()
        .inner_join(accounts::table)
        .filter(accounts::status.eq(active))
        .filter(accounts::deleted_at.is_null())
}

impl SuperadminRows for PgConn {
    async fn lock_superadmins(&mut self) -> Result<(), StoreError> {
        Prepared::new("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>(SUPERADMIN_LOCK)
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }

    async fn usable_superadmins(&mut self, excluding: Excluding) -> Result<u64, StoreError> {
        let counted: i64 = match excluding {
            Excluding::User(user) => {
                usable_superadmins()
                    .filter(users::id.ne(user.to_uuid()))
                    .count()
                    .get_result(self.pg())
                    .await
            }
            Excluding::Account(account) => {
                usable_superadmins()
                    .filter(users::account_id.ne(account.to_uuid()))
                    .count()
                    .get_result(self.pg())
                    .await
            }
        }
        .map_err(from_diesel)?;
        Ok(to_count(counted))
    }

    async fn active_superadmins_of(&mut self, account: AccountId) -> Result<u64, StoreError> {
        let counted: i64 = active_superadmins()
            .filter(users::account_id.eq(account.to_uuid()))
            .count()
            .get_result(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(to_count(counted))
    }

    async fn any_superadmin(&mut self) -> Result<bool, StoreError> {
        diesel::select(diesel::dsl::exists(
            users::table
                .filter(users::super_admin.eq(true))
                .filter(users::deleted_at.is_null()),
        ))
        .get_result(self.pg())
        .await
        .map_err(from_diesel)
    }
}
