//! Games in PostgreSQL.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncConnection, RunQueryDsl};
use roster_app::ports::{ChangeError, GameFilter, GameInsertError, GameStore, StoreError};
use roster_domain::game::{Game, GameSortField};
use roster_domain::pagination::{Scan, Total};
use roster_domain::slug::{Slug, SlugBase};
use roster_domain::{AccountId, GameId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{corrupt, from_diesel, unique_violation};
use crate::keyset::{self, Key, KeyColumn};
use crate::rows::GameRow;
use crate::schema::games;
use crate::search::{like_prefix, lower};
use crate::segments::load_in_order;
use crate::store::PgStore;
use crate::total::bounded_total;
use crate::tx::Tx;

/// The unique index on (account, slug) of live games.
const SLUG_KEY: &str = "games_account_slug_key";

type GameQuery = games::BoxedQuery<'static, Pg>;

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

impl GameStore for PgStore {
    async fn insert(&self, game: &Game) -> Result<(), GameInsertError> {
        self.run(async |conn| {
            diesel::insert_into(games::table)
                .values(GameRow::from(game))
                .execute(conn)
                .await
                .map(drop)
                .map_err(|error| match &error {
                    DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                        GameInsertError::AccountMissing
                    }
                    _ if unique_violation(&error) == Some(SLUG_KEY) => GameInsertError::SlugTaken,
                    _ => GameInsertError::Store(from_diesel(error)),
                })
        })
        .await
    }

    async fn game_slugs_like(
        &self,
        account: AccountId,
        base: &SlugBase,
        limit: usize,
    ) -> Result<Vec<Slug>, StoreError> {
        self.run(async |conn| {
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
                .load(conn)
                .await
                .map_err(from_diesel)?;
            slugs
                .iter()
                .map(|slug| Slug::parse(slug).map_err(|_| corrupt("game slug")))
                .collect()
        })
        .await
    }

    async fn get(&self, id: GameId) -> Result<Option<Game>, StoreError> {
        self.run(async |conn| {
            let row: Option<GameRow> = games::table
                .find(id.to_uuid())
                .first(conn)
                .await
                .optional()
                .map_err(from_diesel)?;
            row.map(Game::try_from).transpose()
        })
        .await
    }

    async fn update<E, F>(&self, id: GameId, change: F) -> Result<Game, ChangeError<E>>
    where
        F: FnOnce(Game) -> Result<Game, E> + Send + 'static,
        E: Send + 'static,
    {
        self.run(async |conn| {
            let key = id.to_uuid();
            conn.transaction(async move |conn| {
                let row: Option<GameRow> = games::table
                    .find(key)
                    .for_update()
                    .first(conn)
                    .await
                    .optional()?;
                let current = Game::try_from(row.ok_or(Tx::NotFound)?)?;
                let next = change(current).map_err(Tx::Rejected)?;
                diesel::update(games::table.find(key))
                    .set(GameRow::from(&next))
                    .execute(conn)
                    .await?;
                Ok(next)
            })
            .await
            .map_err(|error: Tx<E>| error.into_change(SLUG_KEY))
        })
        .await
    }

    async fn delete(&self, id: GameId) -> Result<bool, StoreError> {
        self.run(async |conn| {
            let deleted = diesel::delete(games::table.find(id.to_uuid()))
                .execute(conn)
                .await
                .map_err(from_diesel)?;
            Ok(deleted > 0)
        })
        .await
    }

    async fn list(
        &self,
        filter: &GameFilter,
        scan: Scan<'_, GameSortField>,
    ) -> Result<Vec<Game>, StoreError> {
        let queries = game_page_queries(filter, &scan)?;
        self.run(async |conn| {
            let rows = load_in_order!(conn, queries, scan.fetch, GameRow).map_err(from_diesel)?;
            rows.into_iter().map(Game::try_from).collect()
        })
        .await
    }

    async fn count(&self, filter: &GameFilter) -> Result<Total, StoreError> {
        self.run(async |conn| bounded_total(conn, || filtered(filter).select(games::id)).await)
            .await
    }
}
