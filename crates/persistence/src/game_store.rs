//! Games in PostgreSQL.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::RunQueryDsl;
use roster_app::ports::{GameFilter, GameInsertError, GameRows, StoreError, WriteError};
use roster_domain::etag::Version;
use roster_domain::game::{Game, GameSortField};
use roster_domain::pagination::Scan;
use roster_domain::slug::{Slug, SlugBase};
use roster_domain::{AccountId, GameId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{corrupt, from_diesel, unique_violation, write_error};
use crate::keyset::{self, Key, KeyColumn};
use crate::listing::list_rows;
use crate::rows::{GameRow, decoded, stored_version};
use crate::schema::games;
use crate::search::{like_prefix, lower};
use crate::store::PgConn;

/// The unique index on (account, slug) of live games.
const SLUG_KEY: &str = "games_account_slug_key";

pub(crate) type GameQuery = games::BoxedQuery<'static, Pg>;

fn game_key(field: GameSortField) -> Box<dyn KeyColumn<games::table, GameQuery>> {
    match field {
        GameSortField::Id => Box::new(Key::<_, Uuid>::new(games::id)),
        GameSortField::Name => Box::new(Key::<_, String>::new(games::name)),
        GameSortField::Slug => Box::new(Key::<_, String>::new(games::slug)),
        GameSortField::CreatedAt => Box::new(Key::<_, OffsetDateTime>::new(games::created_at)),
        GameSortField::UpdatedAt => Box::new(Key::<_, OffsetDateTime>::new(games::updated_at)),
    }
}

fn filtered(filter: &GameFilter) -> GameQuery {
    let mut query = games::table
        .filter(games::deleted_at.is_null())
        .into_boxed();
    if let Some(account) = filter.account {
        query = query.filter(games::account_id.eq(account.to_uuid()));
    }
    if let Some(slug) = &filter.slug {
        query = query.filter(games::slug.eq(slug.as_str().to_owned()));
    }
    if let Some(prefix) = &filter.q {
        let pattern = like_prefix(prefix.as_str());
        query = query.filter(
            lower(games::name)
                .like(pattern.clone())
                .or(games::slug.like(pattern)),
        );
    }
    query
}

/// The queries of one page of games.
pub(crate) fn game_page_queries(
    filter: &GameFilter,
    scan: &Scan<'_, GameSortField>,
) -> Result<Vec<GameQuery>, StoreError> {
    keyset::paginate(|| filtered(filter), scan, game_key)
}

list_rows!(GameFilter => Game, sort GameSortField, row GameRow, query GameQuery,
           queries game_page_queries, filtered filtered, id games::id);

impl GameRows for PgConn {
    async fn insert_game(&mut self, game: &Game) -> Result<(), GameInsertError> {
        diesel::insert_into(games::table)
            .values(GameRow::from(game))
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(|error| match &error {
                DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                    GameInsertError::AccountMissing
                }
                _ if unique_violation(&error) == Some(SLUG_KEY) => GameInsertError::SlugTaken,
                _ => GameInsertError::Store(from_diesel(error)),
            })
    }

    async fn game_slugs_like(
        &mut self,
        account: AccountId,
        base: &SlugBase,
        limit: usize,
    ) -> Result<Vec<Slug>, StoreError> {
        // A slug base holds only [a-z0-9-], none of which LIKE treats specially.
        let slugs: Vec<String> = games::table
            .filter(games::deleted_at.is_null())
            .filter(games::account_id.eq(account.to_uuid()))
            .filter(
                games::slug
                    .eq(base.as_str())
                    .or(games::slug.like(format!("{}-%", base.as_str()))),
            )
            .select(games::slug)
            .limit(i64::try_from(limit).unwrap_or(i64::MAX))
            .load(self.pg())
            .await
            .map_err(from_diesel)?;
        slugs
            .iter()
            .map(|slug| Slug::parse(slug).map_err(|_| corrupt("game slug")))
            .collect()
    }

    async fn game(&mut self, id: GameId) -> Result<Option<Game>, StoreError> {
        let found = games::table
            .find(id.to_uuid())
            .first::<GameRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn lock_game(&mut self, id: GameId) -> Result<Option<Game>, StoreError> {
        let found = games::table
            .find(id.to_uuid())
            .for_update()
            .first::<GameRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn update_game(&mut self, game: &Game) -> Result<Version, WriteError> {
        let version = diesel::update(games::table.find(game.id.to_uuid()))
            .set(GameRow::from(game))
            .returning(games::version)
            .get_result::<i64>(self.pg())
            .await
            .map_err(|error| write_error(error, SLUG_KEY))?;
        Ok(stored_version(version)?)
    }

    async fn delete_game(&mut self, id: GameId) -> Result<bool, StoreError> {
        let deleted = diesel::delete(games::table.find(id.to_uuid()))
            .execute(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(deleted > 0)
    }
}
