//! Players and their bans in memory.

use roster_domain::ban::{Ban, BanSortField, prevailing};
use roster_domain::etag::Version;
use roster_domain::identity::Identity;
use roster_domain::pagination::{Scan, Total};
use roster_domain::player::{Player, PlayerSortField, PlayerStatus};
use roster_domain::{BanId, PlayerId, Timestamp};

use super::{FakeConn, versioned};
use crate::ports::{BanFilter, ListRows, PlayerFilter, PlayerRows, StoreError};

impl FakeConn {
    fn live_players<'a>(&'a self, filter: &'a PlayerFilter) -> impl Iterator<Item = &'a Player> {
        self.tables.players.values().filter(move |player| {
            let banned = prevailing(
                self.tables
                    .bans
                    .values()
                    .filter(|ban| ban.player_id == player.id),
                filter.at,
            )
            .is_some();
            !player.is_deleted()
                && filter
                    .account
                    .is_none_or(|account| player.account_id == account)
                && filter.game.is_none_or(|game| player.game_id == game)
                && filter
                    .status
                    .is_none_or(|status| banned == (status == PlayerStatus::Banned))
                && filter.q.as_ref().is_none_or(|q| {
                    player.display_name.as_ref().is_some_and(|name| {
                        name.as_str()
                            .to_lowercase()
                            .starts_with(&q.as_str().to_lowercase())
                    })
                })
        })
    }
}

impl PlayerRows for FakeConn {
    async fn insert_player(&mut self, player: &Player) -> Result<(), StoreError> {
        self.tables.players.insert(player.id, player.clone());
        Ok(())
    }

    async fn player(&mut self, id: PlayerId) -> Result<Option<Player>, StoreError> {
        Ok(self.tables.players.get(&id).cloned())
    }

    async fn lock_player(&mut self, id: PlayerId) -> Result<Option<Player>, StoreError> {
        Ok(self.tables.players.get(&id).cloned())
    }

    async fn update_player(&mut self, player: &Player) -> Result<Version, StoreError> {
        let written = versioned(self.tables.players.get(&player.id), player);
        let version = written.version;
        self.tables.players.insert(player.id, written);
        Ok(version)
    }

    async fn delete_player(&mut self, id: PlayerId) -> Result<bool, StoreError> {
        // Its identities (with their sessions and nonces), its sessions and its bans go with
        // it, as ON DELETE CASCADE takes them.
        let identities: Vec<_> = self
            .tables
            .identities
            .values()
            .filter(|identity| identity.player_id == id)
            .map(|identity| identity.id)
            .collect();
        self.tables
            .identities
            .retain(|_, identity| identity.player_id != id);
        self.tables.sessions.retain(|_, session| {
            session.player_id != id && !identities.contains(&session.identity_id)
        });
        self.tables
            .nonces
            .retain(|_, nonce| !identities.contains(&nonce.identity_id));
        self.tables.bans.retain(|_, ban| ban.player_id != id);
        for player in self.tables.players.values_mut() {
            if player.merged_into == Some(id) {
                player.merged_into = None;
            }
        }
        Ok(self.tables.players.remove(&id).is_some())
    }

    async fn player_identities(&mut self, id: PlayerId) -> Result<Vec<Identity>, StoreError> {
        Ok(self
            .tables
            .identities
            .values()
            .filter(|identity| identity.player_id == id && !identity.is_deleted())
            .cloned()
            .collect())
    }

    async fn move_identities(
        &mut self,
        from: PlayerId,
        to: PlayerId,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        let mut moved = 0;
        for identity in self.tables.identities.values_mut() {
            if identity.player_id == from {
                identity.player_id = to;
                identity.updated_at = at;
                moved += 1;
            }
        }
        Ok(moved)
    }

    async fn move_bans(&mut self, from: PlayerId, to: PlayerId) -> Result<u64, StoreError> {
        let mut moved = 0;
        for ban in self.tables.bans.values_mut() {
            if ban.player_id == from {
                ban.player_id = to;
                moved += 1;
            }
        }
        Ok(moved)
    }

    async fn insert_ban(&mut self, ban: &Ban) -> Result<(), StoreError> {
        self.tables.bans.insert(ban.id, ban.clone());
        Ok(())
    }

    async fn lock_ban(&mut self, id: BanId) -> Result<Option<Ban>, StoreError> {
        Ok(self.tables.bans.get(&id).cloned())
    }

    async fn update_ban(&mut self, ban: &Ban) -> Result<(), StoreError> {
        self.tables.bans.insert(ban.id, ban.clone());
        Ok(())
    }

    async fn prevailing_bans(
        &mut self,
        players: &[PlayerId],
        at: Timestamp,
    ) -> Result<Vec<Ban>, StoreError> {
        Ok(players
            .iter()
            .filter_map(|player| {
                prevailing(
                    self.tables
                        .bans
                        .values()
                        .filter(|ban| ban.player_id == *player),
                    at,
                )
                .cloned()
            })
            .collect())
    }
}

impl ListRows<Player, PlayerSortField, PlayerFilter> for FakeConn {
    async fn page(
        &mut self,
        filter: &PlayerFilter,
        scan: Scan<'_, PlayerSortField>,
    ) -> Result<Vec<Player>, StoreError> {
        Ok(scan.select(self.live_players(filter).cloned()))
    }

    async fn total(&mut self, filter: &PlayerFilter) -> Result<Total, StoreError> {
        let count = u64::try_from(self.live_players(filter).count()).unwrap_or(u64::MAX);
        Ok(Total::from_bounded_count(count, || count))
    }
}

impl ListRows<Ban, BanSortField, BanFilter> for FakeConn {
    async fn page(
        &mut self,
        filter: &BanFilter,
        scan: Scan<'_, BanSortField>,
    ) -> Result<Vec<Ban>, StoreError> {
        let bans = self
            .tables
            .bans
            .values()
            .filter(|ban| ban.player_id == filter.player)
            .cloned();
        Ok(scan.select(bans))
    }

    async fn total(&mut self, filter: &BanFilter) -> Result<Total, StoreError> {
        let count = self
            .tables
            .bans
            .values()
            .filter(|ban| ban.player_id == filter.player)
            .count();
        let count = u64::try_from(count).unwrap_or(u64::MAX);
        Ok(Total::from_bounded_count(count, || count))
    }
}
