//! Reading players: the list, and one.

use roster_domain::pagination::{FingerprintBuilder, Page};
use roster_domain::player::{Player, PlayerSortField, PlayerStatus};
use roster_domain::policy::{self, Action, Target};
use roster_domain::principal::Principal;
use roster_domain::search::SearchPrefix;
use roster_domain::{AccountId, GameId, PlayerId, Timestamp};

use super::{PlayerConn, PlayerDb, PlayerView, Players};
use crate::lookup::{LookupError, Resource};
use crate::pagination::{self, Fingerprinted, ListError, Listing, PageParams};
use crate::ports::{Clock, PlayerFilter, StoreError};

/// The endpoint cursors of this list are bound to.
const ENDPOINT: &str = "GET /v1/players";

/// A request to list players.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListPlayers {
    /// Only this account's players (superadmins may name any; others only their own).
    pub account_id: Option<AccountId>,
    /// Only this game's players.
    pub game_id: Option<GameId>,
    /// Only players with this status now.
    pub status: Option<PlayerStatus>,
    /// Only players whose display name starts with this, ignoring case.
    pub q: Option<SearchPrefix>,
    /// The page wanted.
    pub page: PageParams<PlayerSortField>,
}

impl Fingerprinted for PlayerFilter {
    /// The moment the status is judged at is left out: a walk keeps its cursor while time
    /// passes, and a ban that lapses mid-walk moves the player out of `status=banned`, as any
    /// change between pages may.
    fn fingerprint(&self, builder: FingerprintBuilder) -> FingerprintBuilder {
        builder
            .filter("scope", self.account.map(|id| id.to_string()).as_deref())
            .filter("game_id", self.game.map(|id| id.to_string()).as_deref())
            .filter("status", self.status.map(PlayerStatus::as_str))
            .filter("q", self.q.as_ref().map(SearchPrefix::as_str))
    }
}

/// `players` with the ban that prevails on each at `now`, read in one query.
pub(super) async fn with_bans<C: PlayerConn>(
    conn: &mut C,
    players: Vec<Player>,
    now: Timestamp,
) -> Result<Vec<PlayerView>, StoreError> {
    let ids: Vec<PlayerId> = players.iter().map(|player| player.id).collect();
    let bans = conn.prevailing_bans(&ids, now).await?;
    Ok(players
        .into_iter()
        .map(|player| PlayerView {
            ban: bans.iter().find(|ban| ban.player_id == player.id).cloned(),
            player,
        })
        .collect())
}

/// The player `id` (merged away or not, locked when `lock` says so) if the principal may take
/// `action` on it.
pub(super) async fn authorized_player<C: PlayerConn>(
    conn: &mut C,
    principal: &Principal,
    action: Action,
    id: PlayerId,
    lock: bool,
) -> Result<Player, LookupError> {
    let player = if lock {
        conn.lock_player(id).await?
    } else {
        conn.player(id).await?
    }
    .ok_or(LookupError::NotFound(Resource::Player))?;
    policy::authorize(principal, action, Target::Account(player.account_id))?;
    Ok(player)
}

impl<D: PlayerDb, C: Clock> Players<D, C> {
    pub(super) async fn list_players(
        &self,
        principal: &Principal,
        query: ListPlayers,
    ) -> Result<Listing<PlayerView>, ListError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        let now = self.clock.now();
        let filter = PlayerFilter {
            account: scope.account(),
            game: query.game_id,
            status: query.status,
            q: query.q,
            at: now,
        };
        let listing: Listing<Player> = pagination::list::<_, _, _, _, ListError>(
            &self.db,
            &self.cursors,
            ENDPOINT,
            &filter,
            &query.page,
        )
        .await?;
        let Listing { page, total } = listing;
        let Page {
            items,
            has_next,
            has_prev,
            next_cursor,
            prev_cursor,
        } = page;
        let items = self
            .db
            .read(async |conn: &mut D::Conn| with_bans(conn, items.clone(), now).await)
            .await?;
        Ok(Listing {
            page: Page {
                items,
                has_next,
                has_prev,
                next_cursor,
                prev_cursor,
            },
            total,
        })
    }

    pub(super) async fn get_player(
        &self,
        principal: &Principal,
        id: PlayerId,
    ) -> Result<PlayerView, LookupError> {
        let now = self.clock.now();
        self.db
            .read(async |conn: &mut D::Conn| {
                let player =
                    authorized_player(conn, principal, Action::ReadPlayer, id, false).await?;
                let mut views = with_bans(conn, vec![player], now).await?;
                views.pop().ok_or(LookupError::NotFound(Resource::Player))
            })
            .await
    }
}
