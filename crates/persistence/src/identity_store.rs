//! Identities in PostgreSQL.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, RunQueryDsl};
use roster_app::ports::{
    ChangeError, IdentityFilter, IdentityInsertError, IdentityStore, StoreError,
};
use roster_domain::IdentityId;
use roster_domain::client_session::ClientSession;
use roster_domain::identity::{Identity, IdentityDisplayName, IdentitySortField};
use roster_domain::pagination::{Scan, Total};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{from_diesel, unique_violation};
use crate::keyset::{self, Key, KeyColumn};
use crate::revocation::{self, Revoked};
use crate::rows::{IdentityRow, SessionRow};
use crate::schema::{client_sessions, identities};
use crate::search::{like_prefix, lower};
use crate::segments::load_in_order;
use crate::store::PgStore;
use crate::total::bounded_total;
use crate::tx::Tx;

/// The unique index on (game, kind, external key) of live identities.
const KEY_KEY: &str = "identities_game_kind_external_key_key";

type IdentityQuery = identities::BoxedQuery<'static, Pg>;

fn identity_key(field: IdentitySortField) -> Box<dyn KeyColumn<identities::table, IdentityQuery>> {
    match field {
        IdentitySortField::Id => Box::new(Key::<_, Uuid>::new(identities::id)),
        // Nullable: compared as plain booleans, NULLs handled by the keyset builder.
        IdentitySortField::DisplayName => Box::new(Key::<_, String>::new(
            identities::display_name.assume_not_null(),
        )),
        IdentitySortField::Kind => Box::new(Key::<_, String>::new(identities::kind)),
        IdentitySortField::CreatedAt => {
            Box::new(Key::<_, OffsetDateTime>::new(identities::created_at))
        }
        IdentitySortField::UpdatedAt => {
            Box::new(Key::<_, OffsetDateTime>::new(identities::updated_at))
        }
    }
}

fn filtered(filter: &IdentityFilter) -> IdentityQuery {
    let mut query = identities::table
        .filter(identities::deleted_at.is_null())
        .into_boxed();
    if let Some(account) = filter.account {
        query = query.filter(identities::account_id.eq(account.to_uuid()));
    }
    if let Some(game) = filter.game {
        query = query.filter(identities::game_id.eq(game.to_uuid()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(identities::kind.eq(kind.as_str()));
    }
    if let Some(prefix) = &filter.q {
        let pattern = like_prefix(prefix.as_str());
        query = query.filter(
            lower(identities::display_name.assume_not_null())
                .like(pattern.clone())
                .or(lower(identities::external_key).like(pattern)),
        );
    }
    query
}

/// The queries of one page of identities.
pub(crate) fn identity_page_queries(
    filter: &IdentityFilter,
    scan: &Scan<'_, IdentitySortField>,
) -> Result<Vec<IdentityQuery>, StoreError> {
    keyset::paginate(|| filtered(filter), scan, identity_key)
}

impl IdentityStore for PgStore {
    async fn insert(&self, identity: &Identity) -> Result<(), IdentityInsertError> {
        self.run(async |conn| {
            diesel::insert_into(identities::table)
                .values(IdentityRow::from(identity))
                .execute(conn)
                .await
                .map(drop)
                .map_err(|error| match &error {
                    DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                        IdentityInsertError::GameMissing
                    }
                    _ if unique_violation(&error) == Some(KEY_KEY) => {
                        IdentityInsertError::Duplicate
                    }
                    _ => IdentityInsertError::Store(from_diesel(error)),
                })
        })
        .await
    }

    async fn get(&self, id: IdentityId) -> Result<Option<Identity>, StoreError> {
        self.run(async |conn| {
            let row: Option<IdentityRow> = identities::table
                .find(id.to_uuid())
                .first(conn)
                .await
                .optional()
                .map_err(from_diesel)?;
            row.map(Identity::try_from).transpose()
        })
        .await
    }

    async fn update<E, F>(&self, id: IdentityId, change: F) -> Result<Identity, ChangeError<E>>
    where
        F: FnOnce(Identity) -> Result<Identity, E> + Send + 'static,
        E: Send + 'static,
    {
        self.run(async |conn| {
            let key = id.to_uuid();
            conn.transaction(async move |conn| {
                let row: Option<IdentityRow> = identities::table
                    .find(key)
                    .for_update()
                    .first(conn)
                    .await
                    .optional()?;
                let current = Identity::try_from(row.ok_or(Tx::NotFound)?)?;
                let next = change(current.clone()).map_err(Tx::Rejected)?;
                diesel::update(identities::table.find(key))
                    .set(IdentityRow::from(&next))
                    .execute(conn)
                    .await?;
                if next.is_deleted() && !current.is_deleted() {
                    let now = next.updated_at.as_datetime();
                    diesel::update(
                        client_sessions::table
                            .filter(client_sessions::identity_id.eq(key))
                            .filter(client_sessions::revoked_at.is_null()),
                    )
                    .set((
                        client_sessions::revoked_at.eq(now),
                        client_sessions::updated_at.eq(now),
                    ))
                    .execute(conn)
                    .await?;
                    revocation::announce(conn, Revoked::Identity(key)).await?;
                }
                Ok(next)
            })
            .await
            .map_err(|error: Tx<E>| error.into_change(KEY_KEY))
        })
        .await
    }

    async fn delete(&self, id: IdentityId) -> Result<bool, StoreError> {
        let key = id.to_uuid();
        self.run(async |conn| {
            conn.transaction(async move |conn| {
                // Sessions and nonces go with it (ON DELETE CASCADE).
                let deleted = diesel::delete(identities::table.find(key))
                    .execute(conn)
                    .await?;
                if deleted > 0 {
                    revocation::announce(conn, Revoked::Identity(key)).await?;
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
        filter: &IdentityFilter,
        scan: Scan<'_, IdentitySortField>,
    ) -> Result<Vec<Identity>, StoreError> {
        let queries = identity_page_queries(filter, &scan)?;
        self.run(async |conn| {
            let rows =
                load_in_order!(conn, queries, scan.fetch, IdentityRow).map_err(from_diesel)?;
            rows.into_iter().map(Identity::try_from).collect()
        })
        .await
    }

    async fn count(&self, filter: &IdentityFilter) -> Result<Total, StoreError> {
        self.run(async |conn| bounded_total(conn, || filtered(filter).select(identities::id)).await)
            .await
    }

    async fn start_session<F>(
        &self,
        candidate: &Identity,
        display_name: Option<&IdentityDisplayName>,
        session: F,
    ) -> Result<(Identity, ClientSession), StoreError>
    where
        F: FnOnce(&Identity) -> ClientSession + Send + 'static,
    {
        let row = IdentityRow::from(candidate);
        let display_name = display_name.map(|name| name.as_str().to_owned());
        let now = candidate.created_at.as_datetime();
        self.run(async |conn| {
            conn.transaction(async move |conn| {
                // ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to settle,
                // so racing first sessions end up with the one identity.
                let inserted: Option<IdentityRow> = diesel::insert_into(identities::table)
                    .values(&row)
                    .on_conflict_do_nothing()
                    .get_result(conn)
                    .await
                    .optional()?;
                let mut current = match inserted {
                    Some(inserted) => inserted,
                    None => {
                        identities::table
                            .filter(identities::game_id.eq(row.game_id))
                            .filter(identities::kind.eq(&row.kind))
                            .filter(identities::external_key.eq(&row.external_key))
                            .filter(identities::deleted_at.is_null())
                            .for_update()
                            .first(conn)
                            .await?
                    }
                };
                if display_name.is_some() && current.display_name != display_name {
                    current = diesel::update(identities::table.find(current.id))
                        .set((
                            identities::display_name.eq(&display_name),
                            identities::updated_at.eq(now),
                        ))
                        .get_result(conn)
                        .await?;
                }
                let identity = Identity::try_from(current)?;
                let session = session(&identity);
                diesel::insert_into(client_sessions::table)
                    .values(SessionRow::try_from(&session)?)
                    .execute(conn)
                    .await?;
                Ok((identity, session))
            })
            .await
            .map_err(|error: Tx<()>| match error.into_change("") {
                ChangeError::Store(error) => error,
                _ => StoreError::Internal("starting a session failed".into()),
            })
        })
        .await
    }
}
