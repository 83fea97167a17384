//! Players: one person in one game, known by one or more identities (a phone's device, a Steam
//! account, an Apple id…), and the rules for linking, unlinking and merging them.
//!
//! Every identity belongs to exactly one player of its game. A sign-in with an identity nobody
//! has seen creates the player with it; a signed-in client links further identities to its
//! player; an admin merges two players of one game when one person ended up with both.

use crate::change::set;
use crate::etag::{Version, versioned};
use crate::game::Game;
use crate::id::{AccountId, GameId, IdentityId, PlayerId};
use crate::identity::{Identity, IdentityDisplayName};
use crate::pagination::{KeyValue, sort_fields};
use crate::timestamp::Timestamp;

/// A player's display name: the same 1–64 characters as an identity's.
pub type PlayerDisplayName = IdentityDisplayName;

/// A player as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    /// Its id.
    pub id: PlayerId,
    /// The account of its game.
    pub account_id: AccountId,
    /// Its game.
    pub game_id: GameId,
    /// Its display name, if any: that of the identity it was created with, until changed.
    pub display_name: Option<PlayerDisplayName>,
    /// The player this one was merged into, if it was: it is then soft-deleted.
    pub merged_into: Option<PlayerId>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Its stored version: what its entity tag is made of.
    pub version: Version,
    /// When it was soft-deleted (merged away), if it was.
    pub deleted_at: Option<Timestamp>,
}

versioned!(Player);

/// A partial update of a player.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlayerChanges {
    /// `Some(None)` clears the display name, `Some(Some(name))` sets it, `None` leaves it.
    pub display_name: Option<Option<PlayerDisplayName>>,
}

/// Whether a ban applies to a player now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlayerStatus {
    /// No ban applies.
    Active,
    /// A ban applies.
    Banned,
}

impl PlayerStatus {
    /// Every status, in the order the API documents them.
    pub const ALL: [Self; 2] = [Self::Active, Self::Banned];

    /// The wire form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Banned => "banned",
        }
    }

    /// Parses the wire form, exactly.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == input)
    }
}

impl Player {
    /// A new player in `game`, created with its first identity at `now`.
    #[must_use]
    pub fn new(game: &Game, display_name: Option<PlayerDisplayName>, now: Timestamp) -> Self {
        Self {
            id: PlayerId::new(),
            account_id: game.account_id,
            game_id: game.id,
            display_name,
            merged_into: None,
            created_at: now,
            updated_at: now,
            version: Version::FIRST,
            deleted_at: None,
        }
    }

    /// Whether it was merged away (and so soft-deleted).
    #[must_use]
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// The player after `changes`; `updated_at` moves only when something did.
    #[must_use]
    pub fn apply(&self, changes: &PlayerChanges, now: Timestamp) -> Self {
        let mut next = self.clone();
        set(&mut next.display_name, changes.display_name.as_ref());
        if next != *self {
            next.updated_at = now;
        }
        next
    }

    /// The player merged into `target` at `now`: soft-deleted, pointing at it.
    #[must_use]
    pub fn merged_into(&self, target: PlayerId, now: Timestamp) -> Self {
        Self {
            merged_into: Some(target),
            updated_at: now,
            deleted_at: Some(now),
            ..self.clone()
        }
    }
}

sort_fields! {
    /// The fields players can be sorted by.
    pub enum PlayerSortField for Player {
        Id;
        DisplayName = "display_name", Text nullable,
            |player| player.display_name.as_ref().map_or(KeyValue::Null, |name| KeyValue::Text(name.as_str().to_owned()));
        CreatedAt;
        UpdatedAt;
    }
}

/// What linking a proven identity to a player comes to, given the live identity of the same
/// game, kind, provider and key (if there is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Nobody has it: a new identity of the player.
    New,
    /// The player has it already: nothing to do.
    AlreadyLinked(IdentityId),
    /// Another player has it.
    Elsewhere(PlayerId),
}

/// Whether `player` can take the identity that `existing` (the live one with the proven key,
/// if any) is.
#[must_use]
pub fn link(player: PlayerId, existing: Option<&Identity>) -> Link {
    match existing {
        None => Link::New,
        Some(identity) if identity.player_id == player => Link::AlreadyLinked(identity.id),
        Some(identity) => Link::Elsewhere(identity.player_id),
    }
}

/// Why an identity cannot be unlinked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UnlinkRefusal {
    /// The identity is not one of the player's live identities.
    #[error("Identity not found")]
    NotLinked,
    /// It is the player's only live identity: without it the player could not sign in.
    #[error("An identity cannot be unlinked from its player when it is the player's last one")]
    LastIdentity,
}

/// Whether `identity` can leave `player`, whose live identities are `live` (among them, if
/// it is the player's, `identity` itself).
pub fn unlink(
    player: PlayerId,
    identity: &Identity,
    live: &[Identity],
) -> Result<(), UnlinkRefusal> {
    let linked = identity.player_id == player
        && !identity.is_deleted()
        && live.iter().any(|other| other.id == identity.id);
    if !linked {
        Err(UnlinkRefusal::NotLinked)
    } else if live.len() <= 1 {
        Err(UnlinkRefusal::LastIdentity)
    } else {
        Ok(())
    }
}

/// Why two players cannot be merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MergeRefusal {
    /// A player cannot be merged into itself.
    #[error("A player cannot be merged into itself")]
    SamePlayer,
    /// The players belong to different games.
    #[error("Players of different games cannot be merged")]
    DifferentGames,
    /// The target was itself merged away.
    #[error("The target player was merged into another player")]
    TargetMerged,
    /// The source was already merged into another player.
    #[error("The source player was already merged into another player")]
    SourceMergedElsewhere,
}

/// What merging `source` into `target` comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// Move the source's identities, end its sessions, soft-delete it.
    Proceed,
    /// The same merge happened before: nothing changes, the answer is the same.
    AlreadyDone,
}

/// Whether `source` can be merged into `target`.
pub fn merge(target: &Player, source: &Player) -> Result<Merge, MergeRefusal> {
    if target.id == source.id {
        return Err(MergeRefusal::SamePlayer);
    }
    if target.game_id != source.game_id {
        return Err(MergeRefusal::DifferentGames);
    }
    if target.is_deleted() {
        return Err(MergeRefusal::TargetMerged);
    }
    match source.merged_into {
        Some(into) if into == target.id => Ok(Merge::AlreadyDone),
        Some(_) => Err(MergeRefusal::SourceMergedElsewhere),
        None => Ok(Merge::Proceed),
    }
}

/// A player to test with, in `game`.
#[cfg(test)]
#[must_use]
pub fn fixture(game: &Game) -> Player {
    Player::new(game, None, crate::timestamp::at(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{ExternalKey, IdentityKind};
    use crate::timestamp::at;

    fn game() -> Game {
        crate::game::fixture(AccountId::new())
    }

    fn identity_of(player: &Player, key: &str) -> Identity {
        Identity::new(
            player,
            IdentityKind::Custom,
            ExternalKey::parse(IdentityKind::Custom, key).unwrap(),
            None,
            at(2),
        )
    }

    #[test]
    fn a_new_identity_links_and_one_of_another_player_does_not() {
        let game = game();
        let mine = fixture(&game);
        let theirs = fixture(&game);
        let their_identity = identity_of(&theirs, "x");
        let my_identity = identity_of(&mine, "y");
        assert_eq!(link(mine.id, None), Link::New);
        assert_eq!(
            link(mine.id, Some(&my_identity)),
            Link::AlreadyLinked(my_identity.id)
        );
        assert_eq!(
            link(mine.id, Some(&their_identity)),
            Link::Elsewhere(theirs.id)
        );
    }

    #[test]
    fn the_last_identity_stays_and_a_foreign_one_is_not_linked() {
        let game = game();
        let player = fixture(&game);
        let first = identity_of(&player, "a");
        let second = identity_of(&player, "b");
        assert_eq!(
            unlink(player.id, &first, std::slice::from_ref(&first)),
            Err(UnlinkRefusal::LastIdentity)
        );
        assert_eq!(
            unlink(player.id, &first, &[first.clone(), second.clone()]),
            Ok(())
        );
        let other = fixture(&game);
        let foreign = identity_of(&other, "c");
        assert_eq!(
            unlink(player.id, &foreign, &[first.clone(), second]),
            Err(UnlinkRefusal::NotLinked)
        );
        let mut deleted = first.clone();
        deleted.deleted_at = Some(at(3));
        assert_eq!(
            unlink(player.id, &deleted, &[first]),
            Err(UnlinkRefusal::NotLinked)
        );
    }

    #[test]
    fn merging_needs_two_live_players_of_one_game_and_replays_as_done() {
        let game = game();
        let target = fixture(&game);
        let source = fixture(&game);
        assert_eq!(merge(&target, &source), Ok(Merge::Proceed));
        assert_eq!(merge(&target, &target), Err(MergeRefusal::SamePlayer));
        let stranger = fixture(&crate::game::fixture(game.account_id));
        assert_eq!(merge(&target, &stranger), Err(MergeRefusal::DifferentGames));
        let merged = source.merged_into(target.id, at(5));
        assert!(merged.is_deleted());
        assert_eq!(merge(&target, &merged), Ok(Merge::AlreadyDone));
        let third = fixture(&game);
        assert_eq!(
            merge(&third, &merged),
            Err(MergeRefusal::SourceMergedElsewhere)
        );
        assert_eq!(merge(&merged, &third), Err(MergeRefusal::TargetMerged));
    }

    #[test]
    fn a_change_that_changes_nothing_keeps_updated_at() {
        let player = fixture(&game());
        let same = player.apply(&PlayerChanges::default(), at(9));
        assert_eq!(same, player);
        let name = PlayerDisplayName::parse("Ada").unwrap();
        let renamed = player.apply(
            &PlayerChanges {
                display_name: Some(Some(name.clone())),
            },
            at(9),
        );
        assert_eq!(renamed.display_name, Some(name));
        assert_eq!(renamed.updated_at, at(9));
    }

    #[test]
    fn statuses_parse_exactly() {
        assert_eq!(PlayerStatus::parse("banned"), Some(PlayerStatus::Banned));
        assert_eq!(PlayerStatus::parse("Banned"), None);
    }
}
