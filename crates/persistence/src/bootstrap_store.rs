//! The bootstrap records, written together.

use diesel::dsl::exists;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncConnection, RunQueryDsl};
use roster_app::ports::{BootstrapStore, BootstrapStoreError};
use roster_domain::account::Account;
use roster_domain::api_key::NewApiKey;
use roster_domain::user::User;

use crate::error::{from_diesel, unique_violation};
use crate::rows::{AccountRow, NewApiKeyRow, UserRow};
use crate::schema::{accounts, api_keys, users};
use crate::store::PgStore;

/// Serializes bootstraps: the transaction-scoped advisory lock taken before the check.
const BOOTSTRAP_LOCK: i64 = 0x726f_7374_6572_0001;

enum Tx {
    Diesel(diesel::result::Error),
    SuperadminExists,
}

impl From<diesel::result::Error> for Tx {
    fn from(error: diesel::result::Error) -> Self {
        Self::Diesel(error)
    }
}

impl BootstrapStore for PgStore {
    async fn bootstrap(
        &self,
        account: &Account,
        user: &User,
        key: &NewApiKey,
    ) -> Result<(), BootstrapStoreError> {
        let account = AccountRow::from(account);
        let user = UserRow::from(user);
        let key = NewApiKeyRow::from(key);
        let mut conn = self.conn().await?;
        let outcome = conn
            .transaction(async move |conn| {
                diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
                    .bind::<BigInt, _>(BOOTSTRAP_LOCK)
                    .execute(conn)
                    .await?;
                let superadmin_exists: bool = diesel::select(exists(
                    users::table
                        .filter(users::super_admin.eq(true))
                        .filter(users::deleted_at.is_null()),
                ))
                .get_result(conn)
                .await?;
                if superadmin_exists {
                    return Err(Tx::SuperadminExists);
                }
                diesel::insert_into(accounts::table)
                    .values(account)
                    .execute(conn)
                    .await?;
                diesel::insert_into(users::table)
                    .values(user)
                    .execute(conn)
                    .await?;
                diesel::insert_into(api_keys::table)
                    .values(key)
                    .execute(conn)
                    .await?;
                Ok(())
            })
            .await;
        outcome.map_err(|error| match error {
            Tx::SuperadminExists => BootstrapStoreError::SuperadminExists,
            Tx::Diesel(error) => match unique_violation(&error) {
                Some("accounts_slug_key") => BootstrapStoreError::SlugTaken,
                _ => BootstrapStoreError::Store(from_diesel(error)),
            },
        })
    }
}
