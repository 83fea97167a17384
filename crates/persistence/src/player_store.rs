//! Players and their bans in PostgreSQL.

use diesel::dsl::{exists, not};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use roster_app::ports::{BanFilter, PlayerFilter, PlayerRows, StoreError};
use roster_domain::ban::{Ban, BanSortField, prevailing};
use roster_domain::etag::Version;
use roster_domain::identity::Identity;
use roster_domain::pagination::Scan;
use roster_domain::player::{Player, PlayerSortField, PlayerStatus};
use roster_domain::{BanId, PlayerId, Timestamp};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::from_diesel;
use crate::keyset::{self, Key, KeyColumn};
use crate::listing::list_rows;
use crate::player_rows::{BanRow, PlayerRow};
use crate::rows::{IdentityRow, decoded, stored_version};
use crate::schema::{identities, player_bans, players};
use crate::search::{like_prefix, lower};
use crate::store::PgConn;

pub(crate) type PlayerQuery = players::BoxedQuery<'static, Pg>;
pub(crate) type BanQuery = player_bans::BoxedQuery<'static, Pg>;

fn player_key(field: PlayerSortField) -> Box<dyn KeyColumn<players::table, PlayerQuery>> {
    match field {
        PlayerSortField::Id => Box::new(Key::<_, Uuid>::new(players::id)),
        // Nullable: compared as plain booleans, NULLs handled by the keyset builder.
        PlayerSortField::DisplayName => Box::new(Key::<_, String>::new(
            players::display_name.assume_not_null(),
        )),
        PlayerSortField::CreatedAt => Box::new(Key::<_, OffsetDateTime>::new(players::created_at)),
        PlayerSortField::UpdatedAt => Box::new(Key::<_, OffsetDateTime>::new(players::updated_at)),
    }
}

fn players_filtered(filter: &PlayerFilter) -> PlayerQuery {
    let mut query = players::table
        .filter(players::deleted_at.is_null())
        .into_boxed();
    if let Some(account) = filter.account {
        query = query.filter(players::account_id.eq(account.to_uuid()));
    }
    if let Some(game) = filter.game {
        query = query.filter(players::game_id.eq(game.to_uuid()));
    }
    if let Some(status) = filter.status {
        let at = filter.at.as_datetime();
        let banned = exists(
            player_bans::table
                .filter(player_bans::player_id.eq(players::id))
                .filter(player_bans::lifted_at.is_null())
                .filter(
                    player_bans::expires_at
                        .is_null()
                        .or(player_bans::expires_at.gt(at)),
                ),
        );
        query = match status {
            PlayerStatus::Banned => query.filter(banned),
            PlayerStatus::Active => query.filter(not(banned)),
        };
    }
    if let Some(prefix) = &filter.q {
        query = query.filter(
            lower(players::display_name.assume_not_null()).like(like_prefix(prefix.as_str())),
        );
    }
    query
}

/// The queries of one page of players.
pub(crate) fn player_page_queries(
    filter: &PlayerFilter,
    scan: &Scan<'_, PlayerSortField>,
) -> Result<Vec<PlayerQuery>, StoreError> {
    keyset::paginate(|| players_filtered(filter), scan, player_key)
}

list_rows!(PlayerFilter => Player, sort PlayerSortField, row PlayerRow,
           query PlayerQuery, queries player_page_queries, filtered players_filtered,
           id players::id);

fn ban_key(field: BanSortField) -> Box<dyn KeyColumn<player_bans::table, BanQuery>> {
    match field {
        BanSortField::Id => Box::new(Key::<_, Uuid>::new(player_bans::id)),
        BanSortField::CreatedAt => Box::new(Key::<_, OffsetDateTime>::new(player_bans::created_at)),
    }
}

fn bans_filtered(filter: &BanFilter) -> BanQuery {
    player_bans::table
        .filter(player_bans::player_id.eq(filter.player.to_uuid()))
        .into_boxed()
}

/// The queries of one page of a player's bans.
pub(crate) fn ban_page_queries(
    filter: &BanFilter,
    scan: &Scan<'_, BanSortField>,
) -> Result<Vec<BanQuery>, StoreError> {
    keyset::paginate(|| bans_filtered(filter), scan, ban_key)
}

list_rows!(BanFilter => Ban, sort BanSortField, row BanRow,
           query BanQuery, queries ban_page_queries, filtered bans_filtered,
           id player_bans::id);

impl PlayerRows for PgConn {
    async fn insert_player(&mut self, player: &Player) -> Result<(), StoreError> {
        diesel::insert_into(players::table)
            .values(PlayerRow::from(player))
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }

    async fn player(&mut self, id: PlayerId) -> Result<Option<Player>, StoreError> {
        let found = players::table
            .find(id.to_uuid())
            .first::<PlayerRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn lock_player(&mut self, id: PlayerId) -> Result<Option<Player>, StoreError> {
        // FOR NO KEY UPDATE: a player's changes never touch its key, and the weaker lock does
        // not block the KEY SHARE lock a concurrent sign-in's foreign keys take on it at
        // commit (with FOR UPDATE, a merge holding the player and waiting for an identity that
        // sign-in has locked deadlocks).
        let found = players::table
            .find(id.to_uuid())
            .for_no_key_update()
            .first::<PlayerRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn update_player(&mut self, player: &Player) -> Result<Version, StoreError> {
        let version = diesel::update(players::table.find(player.id.to_uuid()))
            .set(PlayerRow::from(player))
            .returning(players::version)
            .get_result::<i64>(self.pg())
            .await
            .map_err(from_diesel)?;
        stored_version(version)
    }

    async fn delete_player(&mut self, id: PlayerId) -> Result<bool, StoreError> {
        // Identities, sessions, nonces and bans go with it (ON DELETE CASCADE).
        let deleted = diesel::delete(players::table.find(id.to_uuid()))
            .execute(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(deleted > 0)
    }

    async fn player_identities(&mut self, id: PlayerId) -> Result<Vec<Identity>, StoreError> {
        let rows: Vec<IdentityRow> = identities::table
            .filter(identities::player_id.eq(id.to_uuid()))
            .filter(identities::deleted_at.is_null())
            .order(identities::id.asc())
            .load(self.pg())
            .await
            .map_err(from_diesel)?;
        rows.into_iter().map(Identity::try_from).collect()
    }

    async fn move_identities(
        &mut self,
        from: PlayerId,
        to: PlayerId,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        let moved =
            diesel::update(identities::table.filter(identities::player_id.eq(from.to_uuid())))
                .set((
                    identities::player_id.eq(to.to_uuid()),
                    identities::updated_at.eq(at.as_datetime()),
                ))
                .execute(self.pg())
                .await
                .map_err(from_diesel)?;
        Ok(u64::try_from(moved).unwrap_or(0))
    }

    async fn move_bans(&mut self, from: PlayerId, to: PlayerId) -> Result<u64, StoreError> {
        let moved =
            diesel::update(player_bans::table.filter(player_bans::player_id.eq(from.to_uuid())))
                .set(player_bans::player_id.eq(to.to_uuid()))
                .execute(self.pg())
                .await
                .map_err(from_diesel)?;
        Ok(u64::try_from(moved).unwrap_or(0))
    }

    async fn insert_ban(&mut self, ban: &Ban) -> Result<(), StoreError> {
        diesel::insert_into(player_bans::table)
            .values(BanRow::from(ban))
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }

    async fn lock_ban(&mut self, id: BanId) -> Result<Option<Ban>, StoreError> {
        let found = player_bans::table
            .find(id.to_uuid())
            .for_update()
            .first::<BanRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn update_ban(&mut self, ban: &Ban) -> Result<(), StoreError> {
        diesel::update(player_bans::table.find(ban.id.to_uuid()))
            .set(BanRow::from(ban))
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }

    async fn prevailing_bans(
        &mut self,
        players: &[PlayerId],
        at: Timestamp,
    ) -> Result<Vec<Ban>, StoreError> {
        if players.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = players.iter().map(PlayerId::to_uuid).collect();
        let rows: Vec<BanRow> = player_bans::table
            .filter(player_bans::player_id.eq_any(ids))
            .filter(player_bans::lifted_at.is_null())
            .filter(
                player_bans::expires_at
                    .is_null()
                    .or(player_bans::expires_at.gt(at.as_datetime())),
            )
            .load(self.pg())
            .await
            .map_err(from_diesel)?;
        let bans: Vec<Ban> = rows
            .into_iter()
            .map(Ban::try_from)
            .collect::<Result<_, _>>()?;
        // The domain decides which of a player's applying bans prevails.
        Ok(players
            .iter()
            .filter_map(|player| {
                prevailing(bans.iter().filter(|ban| ban.player_id == *player), at).cloned()
            })
            .collect())
    }
}
