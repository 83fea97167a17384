//! Players and their bans in storage.

use std::future::Future;

use roster_domain::ban::Ban;
use roster_domain::etag::Version;
use roster_domain::identity::Identity;
use roster_domain::player::{Player, PlayerStatus};
use roster_domain::search::SearchPrefix;
use roster_domain::{AccountId, BanId, GameId, PlayerId, Timestamp};

use super::StoreError;

/// Which live (not merged-away) players a list or a count covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayerFilter {
    /// Only players of this account.
    pub account: Option<AccountId>,
    /// Only players of this game.
    pub game: Option<GameId>,
    /// Only players with this status at `at`.
    pub status: Option<PlayerStatus>,
    /// Only players whose display name starts with this, ignoring case.
    pub q: Option<SearchPrefix>,
    /// The moment the status is judged at (not part of what a cursor is bound to).
    pub at: Timestamp,
}

/// Which bans a list covers: one player's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BanFilter {
    /// The player.
    pub player: PlayerId,
}

/// The player and ban primitives of a connection.
pub trait PlayerRows: Send {
    /// Inserts a new player.
    fn insert_player(
        &mut self,
        player: &Player,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The player with `id`, merged away or not.
    fn player(
        &mut self,
        id: PlayerId,
    ) -> impl Future<Output = Result<Option<Player>, StoreError>> + Send;

    /// The player with `id`, merged away or not, locked against other changes until the
    /// transaction ends (not against rows that merely reference it).
    fn lock_player(
        &mut self,
        id: PlayerId,
    ) -> impl Future<Output = Result<Option<Player>, StoreError>> + Send;

    /// Writes `player` over the stored player with its id.
    ///
    /// Returns the version the row is at afterwards: one more than before when any column
    /// changed, the same when the write left the row as it was.
    fn update_player(
        &mut self,
        player: &Player,
    ) -> impl Future<Output = Result<Version, StoreError>> + Send;

    /// Erases the player with `id` with its identities, sessions, nonces and bans; whether
    /// there was one.
    fn delete_player(
        &mut self,
        id: PlayerId,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// The live (not soft-deleted) identities of the player, oldest first.
    fn player_identities(
        &mut self,
        id: PlayerId,
    ) -> impl Future<Output = Result<Vec<Identity>, StoreError>> + Send;

    /// Moves every identity of `from` (soft-deleted ones too) to `to`, stamping `at`; how
    /// many moved.
    fn move_identities(
        &mut self,
        from: PlayerId,
        to: PlayerId,
        at: Timestamp,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Moves every ban of `from` (its history) to `to`; how many moved.
    fn move_bans(
        &mut self,
        from: PlayerId,
        to: PlayerId,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Inserts a new ban.
    fn insert_ban(&mut self, ban: &Ban) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The ban with `id`, locked until the transaction ends.
    fn lock_ban(
        &mut self,
        id: BanId,
    ) -> impl Future<Output = Result<Option<Ban>, StoreError>> + Send;

    /// Writes `ban` over the stored ban with its id.
    fn update_ban(&mut self, ban: &Ban) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Of each of `players`, the ban that prevails at `at` (see
    /// [`roster_domain::ban::prevailing`]), for those that have one.
    fn prevailing_bans(
        &mut self,
        players: &[PlayerId],
        at: Timestamp,
    ) -> impl Future<Output = Result<Vec<Ban>, StoreError>> + Send;
}
