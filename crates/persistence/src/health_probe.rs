//! The database health probe.

use diesel::IntoSql;
use diesel::sql_types::Integer;
use diesel_async::RunQueryDsl;
use roster_app::ports::{Database, HealthProbe, StoreError};

use crate::error::from_diesel;
use crate::store::{PgConn, PgStore};

impl HealthProbe for PgStore {
    /// A real round trip, unlike the pool's recycle check: this is the one place it belongs.
    async fn ping(&self) -> Result<(), StoreError> {
        self.read(async |conn: &mut PgConn| {
            diesel::select(1_i32.into_sql::<Integer>())
                .get_result::<i32>(conn.pg())
                .await
                .map(drop)
                .map_err(from_diesel)
        })
        .await
    }
}
