//! Identities in PostgreSQL.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::RunQueryDsl;
use roster_app::ports::{
    IdentityFilter, IdentityInsertError, IdentityRows, StoreError, WriteError,
};
use roster_domain::IdentityId;
use roster_domain::etag::Version;
use roster_domain::identity::{Identity, IdentitySortField};
use roster_domain::pagination::Scan;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{from_diesel, unique_violation, write_error};
use crate::keyset::{self, Key, KeyColumn};
use crate::listing::list_rows;
use crate::rows::{IdentityRow, decoded, stored_version};
use crate::schema::identities;
use crate::search::{like_prefix, lower};
use crate::store::PgConn;

/// The unique index on (game, kind, provider, external key) of live identities.
const KEY_KEY: &str = "identities_game_kind_provider_external_key_key";

pub(crate) type IdentityQuery = identities::BoxedQuery<'static, Pg>;

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
    if let Some(key) = &filter.external_key {
        query = query.filter(identities::external_key.eq(key.clone()));
    }
    if let Some(provider) = &filter.provider {
        query = query.filter(identities::provider.eq(provider.as_str().to_owned()));
    }
    if let Some(player) = filter.player {
        query = query.filter(identities::player_id.eq(player.to_uuid()));
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

list_rows!(IdentityFilter => Identity, sort IdentitySortField, row IdentityRow,
           query IdentityQuery, queries identity_page_queries, filtered filtered,
           id identities::id);

impl IdentityRows for PgConn {
    async fn insert_identity(&mut self, identity: &Identity) -> Result<(), IdentityInsertError> {
        diesel::insert_into(identities::table)
            .values(IdentityRow::from(identity))
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(|error| match &error {
                DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                    IdentityInsertError::GameMissing
                }
                _ if unique_violation(&error) == Some(KEY_KEY) => IdentityInsertError::Duplicate,
                _ => IdentityInsertError::Store(from_diesel(error)),
            })
    }

    async fn insert_identity_unless_live(
        &mut self,
        candidate: &Identity,
    ) -> Result<Option<Identity>, StoreError> {
        // ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to settle, so
        // racing first sign-ins end up with the one identity (and does not abort the
        // transaction as a failed insert would).
        let inserted: Option<IdentityRow> = diesel::insert_into(identities::table)
            .values(IdentityRow::from(candidate))
            .on_conflict_do_nothing()
            .get_result(self.pg())
            .await
            .optional()
            .map_err(from_diesel)?;
        inserted.map(Identity::try_from).transpose()
    }

    async fn live_identity(&mut self, like: &Identity) -> Result<Option<Identity>, StoreError> {
        let found = identities::table
            .filter(live_like(like))
            .first::<IdentityRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn lock_live_identity(
        &mut self,
        like: &Identity,
    ) -> Result<Option<Identity>, StoreError> {
        let found = identities::table
            .filter(live_like(like))
            .for_update()
            .first::<IdentityRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn identity(&mut self, id: IdentityId) -> Result<Option<Identity>, StoreError> {
        let found = identities::table
            .find(id.to_uuid())
            .first::<IdentityRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn lock_identity(&mut self, id: IdentityId) -> Result<Option<Identity>, StoreError> {
        let found = identities::table
            .find(id.to_uuid())
            .for_update()
            .first::<IdentityRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn update_identity(&mut self, identity: &Identity) -> Result<Version, WriteError> {
        let version = diesel::update(identities::table.find(identity.id.to_uuid()))
            .set(IdentityRow::from(identity))
            .returning(identities::version)
            .get_result::<i64>(self.pg())
            .await
            .map_err(|error| write_error(error, KEY_KEY))?;
        Ok(stored_version(version)?)
    }

    async fn delete_identity(&mut self, id: IdentityId) -> Result<bool, StoreError> {
        // Sessions and nonces go with it (ON DELETE CASCADE).
        let deleted = diesel::delete(identities::table.find(id.to_uuid()))
            .execute(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(deleted > 0)
    }
}

/// Whether an identity is live and of `like`'s game, kind, provider and external key.
fn live_like(
    like: &Identity,
) -> Box<dyn BoxableExpression<identities::table, diesel::pg::Pg, SqlType = diesel::sql_types::Bool>>
{
    let provider = like
        .provider
        .as_ref()
        .map(|provider| provider.as_str().to_owned());
    Box::new(
        identities::game_id
            .eq(like.game_id.to_uuid())
            .and(identities::kind.eq(like.kind.as_str()))
            .and(identities::provider.is_not_distinct_from(provider))
            .and(identities::external_key.eq(like.external_key.as_str().to_owned()))
            .and(identities::deleted_at.is_null()),
    )
}
