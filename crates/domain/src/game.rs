//! Games: the scope that player identities live in.

use crate::change::{self, set};
use crate::etag::{Version, versioned};
use crate::game_details::{GameDetails, GameDetailsChanges};
use crate::id::{AccountId, GameId};
use crate::pagination::{KeyValue, sort_fields};
use crate::sign_in::{SignInChanges, SignInSettings};
use crate::slug::Slug;
use crate::soft_delete::Gone;
use crate::text::bounded_text;
use crate::timestamp::Timestamp;

/// Fewest characters in a game's name.
pub const GAME_NAME_MIN: usize = 1;
/// Most characters in a game's name.
pub const GAME_NAME_MAX: usize = 100;
/// What a generated game slug falls back to when the name has too few letters or digits.
pub const GAME_SLUG_FALLBACK: &str = "game";

bounded_text!(
    /// A game's name: 1–100 characters after trimming.
    GameName,
    GAME_NAME_MIN,
    GAME_NAME_MAX
);

/// A game as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Game {
    /// Its id.
    pub id: GameId,
    /// The account it belongs to.
    pub account_id: AccountId,
    /// Its name.
    pub name: GameName,
    /// Its slug, unique per account among games that are not deleted.
    pub slug: Slug,
    /// LEADR's settings: Steam app id, default board, anti-cheat, description, tags, page.
    pub details: GameDetails,
    /// How its players may prove who they are (its secrets sealed).
    pub sign_in: SignInSettings,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Its stored version: what its entity tag is made of.
    pub version: Version,
    /// When it was soft-deleted, if it is.
    pub deleted_at: Option<Timestamp>,
}

/// A partial update of a game; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GameChanges {
    /// A new name.
    pub name: Option<GameName>,
    /// A new slug.
    pub slug: Option<Slug>,
    /// Changes to LEADR's settings.
    pub details: GameDetailsChanges,
    /// Changes to the sign-in settings.
    pub sign_in: SignInChanges,
    /// `true` soft-deletes, `false` restores.
    pub deleted: Option<bool>,
}

impl Game {
    /// A new game of `account_id`.
    #[must_use]
    pub fn new(
        account_id: AccountId,
        name: GameName,
        slug: Slug,
        details: GameDetails,
        now: Timestamp,
    ) -> Self {
        Self {
            id: GameId::new(),
            account_id,
            name,
            slug,
            details,
            sign_in: SignInSettings::default(),
            created_at: now,
            updated_at: now,
            version: Version::FIRST,
            deleted_at: None,
        }
    }

    /// The game after `changes`, or why they cannot apply.
    pub fn apply(&self, changes: &GameChanges, now: Timestamp) -> Result<Self, Gone> {
        change::apply(self, changes.deleted, now, |next| {
            set(&mut next.name, changes.name.as_ref());
            set(&mut next.slug, changes.slug.as_ref());
            next.details = next.details.apply(&changes.details);
            next.sign_in = next.sign_in.apply(&changes.sign_in, now);
            Ok(())
        })
    }
}

change::restorable!(Game);
versioned!(Game);

sort_fields! {
    /// The fields games can be sorted by.
    pub enum GameSortField for Game {
        Id;
        Name = "name", Text,
            |game| KeyValue::Text(game.name.as_str().to_owned());
        Slug = "slug", Text,
            |game| KeyValue::Text(game.slug.as_str().to_owned());
        CreatedAt;
        UpdatedAt;
    }
}

/// A live game named "Game" (slug `game`) of `account`, created at `at(0)`: the fixture
/// other modules' tests build on.
#[cfg(test)]
pub(crate) fn fixture(account: AccountId) -> Game {
    Game::new(
        account,
        GameName::parse("Game").unwrap(),
        Slug::parse("game").unwrap(),
        GameDetails::default(),
        crate::timestamp::at(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    fn game() -> Game {
        Game::new(
            AccountId::new(),
            GameName::parse("Q").unwrap(),
            Slug::parse("q-game").unwrap(),
            GameDetails::default(),
            at(1),
        )
    }

    #[test]
    fn names_of_one_to_a_hundred_characters_are_valid() {
        assert!(GameName::parse("Q").is_ok());
        assert!(GameName::parse("  ").is_err());
        assert!(GameName::parse(&"g".repeat(101)).is_err());
    }

    #[test]
    fn a_game_is_renamed_soft_deleted_and_restored() {
        let game = game();
        let renamed = game
            .apply(
                &GameChanges {
                    name: Some(GameName::parse("Quest").unwrap()),
                    ..GameChanges::default()
                },
                at(2),
            )
            .unwrap();
        assert_eq!(renamed.name.as_str(), "Quest");
        assert_eq!(renamed.updated_at, at(2));
        let deleted = renamed
            .apply(
                &GameChanges {
                    deleted: Some(true),
                    ..GameChanges::default()
                },
                at(3),
            )
            .unwrap();
        assert!(deleted.is_deleted());
        assert_eq!(deleted.apply(&GameChanges::default(), at(4)), Err(Gone));
    }

    #[test]
    fn a_change_of_details_moves_updated_at_and_none_leaves_it() {
        let game = game();
        let unchanged = game.apply(&GameChanges::default(), at(2)).unwrap();
        assert_eq!(unchanged, game, "nothing changed, nothing moves");
        let off = GameChanges {
            details: GameDetailsChanges {
                anti_cheat_enabled: Some(false),
                ..GameDetailsChanges::default()
            },
            ..GameChanges::default()
        };
        let changed = game.apply(&off, at(3)).unwrap();
        assert!(!changed.details.anti_cheat_enabled);
        assert_eq!(changed.updated_at, at(3));
    }
}
