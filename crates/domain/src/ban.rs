//! Bans: a player kept out of the game, with a reason, for a while or for good, and a history
//! of who banned and who lifted.
//!
//! A ban applies from its creation until it is lifted or, if it has one, until `expires_at`:
//! the moment passes by itself, so no job needs to lift an expired ban. A player may have
//! several bans at once (history is never rewritten); the one that lasts longest is the one
//! a refused client is told about.

use crate::id::{AccountId, BanId, GameId, PlayerId, UserId};
use crate::pagination::sort_fields;
use crate::player::Player;
use crate::text::bounded_text;
use crate::timestamp::Timestamp;

bounded_text!(
    /// Why a player is banned, shown to the player: 1–500 characters after trimming.
    BanReason,
    1,
    500
);

/// A ban as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ban {
    /// Its id.
    pub id: BanId,
    /// The banned player.
    pub player_id: PlayerId,
    /// The player's account.
    pub account_id: AccountId,
    /// The player's game.
    pub game_id: GameId,
    /// Why.
    pub reason: BanReason,
    /// When it lapses by itself; `None` for good.
    pub expires_at: Option<Timestamp>,
    /// When it was made.
    pub created_at: Timestamp,
    /// The user who made it (`None` when that was not a user, e.g. a script's key was
    /// deleted since).
    pub created_by: Option<UserId>,
    /// When it was lifted, if it was.
    pub lifted_at: Option<Timestamp>,
    /// The user who lifted it.
    pub lifted_by: Option<UserId>,
}

/// Why a ban was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BanError {
    /// `expires_at` is not in the future.
    #[error("expires_at must be in the future")]
    ExpiresInPast,
}

impl Ban {
    /// A ban of `player` by `actor` from `now`, lapsing at `expires_at` if given.
    ///
    /// # Errors
    ///
    /// `ExpiresInPast` when `expires_at` is not after `now`: such a ban would never apply.
    pub fn new(
        player: &Player,
        reason: BanReason,
        expires_at: Option<Timestamp>,
        actor: Option<UserId>,
        now: Timestamp,
    ) -> Result<Self, BanError> {
        if expires_at.is_some_and(|at| at <= now) {
            return Err(BanError::ExpiresInPast);
        }
        Ok(Self {
            id: BanId::new(),
            player_id: player.id,
            account_id: player.account_id,
            game_id: player.game_id,
            reason,
            expires_at,
            created_at: now,
            created_by: actor,
            lifted_at: None,
            lifted_by: None,
        })
    }

    /// Whether it applies at `now`: not lifted, not lapsed.
    #[must_use]
    pub fn applies_at(&self, now: Timestamp) -> bool {
        self.lifted_at.is_none() && self.expires_at.is_none_or(|at| now < at)
    }

    /// The ban lifted by `actor` at `now`; a ban already lifted keeps its first lifting, and
    /// one that lapsed is recorded as lifted all the same (the history says who looked at it).
    #[must_use]
    pub fn lifted(&self, actor: Option<UserId>, now: Timestamp) -> Self {
        let mut next = self.clone();
        if next.lifted_at.is_none() {
            next.lifted_at = Some(now);
            next.lifted_by = actor;
        }
        next
    }
}

/// Of `bans`, the one that keeps the player out longest at `now` (a ban for good over any
/// that lapses), if any applies.
pub fn prevailing<'a>(bans: impl IntoIterator<Item = &'a Ban>, now: Timestamp) -> Option<&'a Ban> {
    bans.into_iter()
        .filter(|ban| ban.applies_at(now))
        .max_by_key(|ban| (ban.expires_at.is_none(), ban.expires_at))
}

sort_fields! {
    /// The fields a player's ban history can be sorted by (newest first by default).
    pub enum BanSortField for Ban {
        Id;
        CreatedAt;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    fn player() -> Player {
        crate::player::fixture(&crate::game::fixture(AccountId::new()))
    }

    fn reason() -> BanReason {
        BanReason::parse("cheating").unwrap()
    }

    #[test]
    fn a_ban_applies_until_it_expires_with_no_one_lifting_it() {
        let ban = Ban::new(&player(), reason(), Some(at(100)), None, at(10)).unwrap();
        assert!(ban.applies_at(at(10)));
        assert!(ban.applies_at(at(99)));
        assert!(!ban.applies_at(at(100)), "it lapses at expires_at exactly");
        let forever = Ban::new(&player(), reason(), None, None, at(10)).unwrap();
        assert!(forever.applies_at(at(1_000_000)));
    }

    #[test]
    fn a_ban_that_would_never_apply_is_refused() {
        assert_eq!(
            Ban::new(&player(), reason(), Some(at(10)), None, at(10)),
            Err(BanError::ExpiresInPast)
        );
    }

    #[test]
    fn lifting_stops_it_and_keeps_the_first_lifting() {
        let actor = UserId::new();
        let ban = Ban::new(&player(), reason(), None, None, at(10)).unwrap();
        let lifted = ban.lifted(Some(actor), at(20));
        assert!(!lifted.applies_at(at(21)));
        assert_eq!(lifted.lifted_by, Some(actor));
        let again = lifted.lifted(Some(UserId::new()), at(30));
        assert_eq!(again, lifted);
    }

    #[test]
    fn the_longest_applying_ban_prevails() {
        let player = player();
        let short = Ban::new(&player, reason(), Some(at(50)), None, at(10)).unwrap();
        let long = Ban::new(&player, reason(), Some(at(90)), None, at(10)).unwrap();
        let forever = Ban::new(&player, reason(), None, None, at(10)).unwrap();
        assert_eq!(prevailing([&short, &long], at(20)), Some(&long));
        assert_eq!(
            prevailing([&short, &long, &forever], at(20)),
            Some(&forever)
        );
        let lifted = forever.lifted(None, at(15));
        assert_eq!(prevailing([&short, &lifted], at(20)), Some(&short));
        assert_eq!(prevailing([&short, &lifted], at(60)), None);
    }
}
