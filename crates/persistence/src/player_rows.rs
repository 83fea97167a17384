//! `players` and `player_bans` rows, and their conversion to and from the domain.

use diesel::prelude::*;
use roster_app::ports::StoreError;
use roster_domain::ban::{Ban, BanReason};
use roster_domain::player::{Player, PlayerDisplayName};
use roster_domain::{AccountId, BanId, GameId, PlayerId, Timestamp, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::corrupt;
use crate::rows::stored_version;
use crate::schema::{player_bans, players};

/// A `players` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = players, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub(crate) struct PlayerRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub game_id: Uuid,
    pub display_name: Option<String>,
    pub merged_into: Option<Uuid>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
    pub version: i64,
}

impl From<&Player> for PlayerRow {
    fn from(player: &Player) -> Self {
        Self {
            id: player.id.to_uuid(),
            account_id: player.account_id.to_uuid(),
            game_id: player.game_id.to_uuid(),
            display_name: player
                .display_name
                .as_ref()
                .map(|name| name.as_str().to_owned()),
            merged_into: player.merged_into.map(|id| id.to_uuid()),
            created_at: player.created_at.as_datetime(),
            updated_at: player.updated_at.as_datetime(),
            deleted_at: player.deleted_at.map(|at| at.as_datetime()),
            version: player.version.get(),
        }
    }
}

impl TryFrom<PlayerRow> for Player {
    type Error = StoreError;

    fn try_from(row: PlayerRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: PlayerId::from_uuid(row.id),
            account_id: AccountId::from_uuid(row.account_id),
            game_id: GameId::from_uuid(row.game_id),
            display_name: row
                .display_name
                .as_deref()
                .map(PlayerDisplayName::parse)
                .transpose()
                .map_err(|_| corrupt("player display name"))?,
            merged_into: row.merged_into.map(PlayerId::from_uuid),
            created_at: Timestamp::from_datetime(row.created_at),
            updated_at: Timestamp::from_datetime(row.updated_at),
            deleted_at: row.deleted_at.map(Timestamp::from_datetime),
            version: stored_version(row.version)?,
        })
    }
}

/// A `player_bans` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = player_bans, check_for_backend(diesel::pg::Pg), treat_none_as_null = true)]
pub(crate) struct BanRow {
    pub id: Uuid,
    pub player_id: Uuid,
    pub account_id: Uuid,
    pub game_id: Uuid,
    pub reason: String,
    pub expires_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub created_by: Option<Uuid>,
    pub lifted_at: Option<OffsetDateTime>,
    pub lifted_by: Option<Uuid>,
}

impl From<&Ban> for BanRow {
    fn from(ban: &Ban) -> Self {
        Self {
            id: ban.id.to_uuid(),
            player_id: ban.player_id.to_uuid(),
            account_id: ban.account_id.to_uuid(),
            game_id: ban.game_id.to_uuid(),
            reason: ban.reason.as_str().to_owned(),
            expires_at: ban.expires_at.map(|at| at.as_datetime()),
            created_at: ban.created_at.as_datetime(),
            created_by: ban.created_by.map(|id| id.to_uuid()),
            lifted_at: ban.lifted_at.map(|at| at.as_datetime()),
            lifted_by: ban.lifted_by.map(|id| id.to_uuid()),
        }
    }
}

impl TryFrom<BanRow> for Ban {
    type Error = StoreError;

    fn try_from(row: BanRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: BanId::from_uuid(row.id),
            player_id: PlayerId::from_uuid(row.player_id),
            account_id: AccountId::from_uuid(row.account_id),
            game_id: GameId::from_uuid(row.game_id),
            reason: BanReason::parse(&row.reason).map_err(|_| corrupt("ban reason"))?,
            expires_at: row.expires_at.map(Timestamp::from_datetime),
            created_at: Timestamp::from_datetime(row.created_at),
            created_by: row.created_by.map(UserId::from_uuid),
            lifted_at: row.lifted_at.map(Timestamp::from_datetime),
            lifted_by: row.lifted_by.map(UserId::from_uuid),
        })
    }
}
