//! The player use cases of the admin API: listing, reading, renaming and erasing players,
//! merging two players of one game, and banning.

mod bans;
mod merge;
mod read;
mod write;

use roster_domain::ban::{Ban, BanReason, BanSortField};
use roster_domain::etag::{EntityTag, IfMatch, Versioned};
use roster_domain::pagination::CursorCodec;
use roster_domain::player::{Player, PlayerChanges, PlayerSortField, PlayerStatus};
use roster_domain::principal::Principal;
use roster_domain::{BanId, PlayerId, Timestamp};

use crate::boxed::use_case_trait;
use crate::lookup::{ChangeError, LookupError};
use crate::pagination::{ListError, Listing, PageParams};
use crate::ports::{
    AuditTrail, BanFilter, Clock, Database, ListRows, PlayerFilter, PlayerRows, Revocations,
    SessionRows,
};

pub use bans::BanPlayerError;
pub use merge::MergeError;
pub use read::ListPlayers;

/// What the player use cases need of a connection.
pub trait PlayerConn:
    PlayerRows
    + SessionRows
    + Revocations
    + AuditTrail
    + ListRows<Player, PlayerSortField, PlayerFilter>
    + ListRows<Ban, BanSortField, BanFilter>
{
}

impl<T> PlayerConn for T where
    T: PlayerRows
        + SessionRows
        + Revocations
        + AuditTrail
        + ListRows<Player, PlayerSortField, PlayerFilter>
        + ListRows<Ban, BanSortField, BanFilter>
{
}

/// A database whose connections offer what the player use cases need.
pub trait PlayerDb: Database<Conn: PlayerConn> {}

impl<D: Database<Conn: PlayerConn>> PlayerDb for D {}

/// A player as the admin API shows it: the stored player and the ban that prevails on it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayerView {
    /// The player.
    pub player: Player,
    /// The ban that keeps it out now, if one does.
    pub ban: Option<Ban>,
}

impl PlayerView {
    /// The tag of the player as shown: its version, and the ban that prevails now, which
    /// changes without a write to the player (a ban created, lifted, or lapsing by itself).
    #[must_use]
    pub fn entity_tag(&self) -> EntityTag {
        let tag = self.player.entity_tag();
        match &self.ban {
            Some(ban) => tag.and(&ban.id.to_string()),
            None => tag,
        }
    }

    /// `banned` while a ban applies, `active` otherwise.
    #[must_use]
    pub fn status(&self) -> PlayerStatus {
        if self.ban.is_some() {
            PlayerStatus::Banned
        } else {
            PlayerStatus::Active
        }
    }
}

/// A new ban.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBan {
    /// Why.
    pub reason: BanReason,
    /// When it lapses by itself; `None` for good.
    pub expires_at: Option<Timestamp>,
}

/// The player use cases.
#[derive(Debug)]
pub struct Players<D, C> {
    db: D,
    clock: C,
    cursors: CursorCodec,
}

impl<D: PlayerDb, C: Clock> Players<D, C> {
    /// The use cases over `db`, with `clock`, cursors signed with `cursors`.
    pub fn new(db: D, clock: C, cursors: CursorCodec) -> Self {
        Self { db, clock, cursors }
    }
}

use_case_trait! {
    /// The player use cases as the HTTP adapter drives them.
    pub trait PlayerUseCases for Players<D, C> where { D: PlayerDb, C: Clock } {
        /// Lists the players the principal may see.
        fn list(principal: &'a Principal, query: ListPlayers)
            -> Result<Listing<PlayerView>, ListError> = list_players;
        /// Reads one player (a merged-away one too, showing where it went).
        fn get(principal: &'a Principal, id: PlayerId) -> Result<PlayerView, LookupError>
            = get_player;
        /// Renames a player, if it still has a tag `if_match` names.
        fn update(principal: &'a Principal, id: PlayerId, changes: PlayerChanges,
            if_match: IfMatch) -> Result<PlayerView, ChangeError> = update_player;
        /// Erases a player with its identities, sessions and bans, if it still has a tag
        /// `if_match` names.
        fn delete(principal: &'a Principal, id: PlayerId, if_match: IfMatch)
            -> Result<(), ChangeError> = delete_player;
        /// Merges `from` into `into`.
        fn merge(principal: &'a Principal, into: PlayerId, from: PlayerId)
            -> Result<PlayerView, MergeError> = merge_players;
        /// Bans a player from now.
        fn ban(principal: &'a Principal, id: PlayerId, ban: NewBan)
            -> Result<Ban, BanPlayerError> = ban_player;
        /// The ban history of a player.
        fn bans(principal: &'a Principal, id: PlayerId, page: PageParams<BanSortField>)
            -> Result<Listing<Ban>, ListError> = list_bans;
        /// Lifts a ban of a player.
        fn lift(principal: &'a Principal, id: PlayerId, ban: BanId)
            -> Result<Ban, LookupError> = lift_ban;
    }
}

#[cfg(test)]
mod tests;
