//! What LEADR's games carry beside their name and slug: a Steam app id, a default leaderboard,
//! the anti-cheat switch, a description, tags and a page URL.

use std::fmt;

use crate::text::{TextError, bounded_text};
use crate::web_url::WebUrl;

/// Most digits of a Steam app id (Steam's app ids are 32-bit).
pub const STEAM_APP_ID_MAX_DIGITS: usize = 10;
/// Most characters of a default leaderboard's id.
pub const BOARD_ID_MAX: usize = 255;
/// Most characters of a game's description.
pub const DESCRIPTION_MAX: usize = 2_000;
/// Fewest characters of a tag.
pub const TAG_MIN: usize = 1;
/// Most characters of a tag.
pub const TAG_MAX: usize = 50;
/// Most tags of a game.
pub const TAGS_MAX: usize = 20;

/// A Steam app id that is not 1–10 ASCII digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("String should match pattern '^[0-9]{{1,10}}$' (a Steam app id)")]
pub struct SteamAppIdError;

/// A Steam app id (`480`), read exactly as sent: 1–10 ASCII digits, kept as text as LEADR
/// does.
#[derive(Clone, PartialEq, Eq)]
pub struct SteamAppId(String);

impl SteamAppId {
    /// Checks the digits.
    pub fn parse(input: &str) -> Result<Self, SteamAppIdError> {
        let digits = (1..=STEAM_APP_ID_MAX_DIGITS).contains(&input.len())
            && input.bytes().all(|b| b.is_ascii_digit());
        if digits {
            Ok(Self(input.to_owned()))
        } else {
            Err(SteamAppIdError)
        }
    }

    /// The digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SteamAppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// A leaderboard id that is not 1–255 visible ASCII characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("String should match pattern '^[!-~]{{1,255}}$' (visible ASCII, no spaces)")]
pub struct BoardIdError;

/// The id of a game's default leaderboard. Roster keeps no leaderboards, so the id is opaque:
/// 1–255 visible ASCII characters (no spaces), read exactly as sent, as ids are.
#[derive(Clone, PartialEq, Eq)]
pub struct BoardId(String);

impl BoardId {
    /// Checks the characters.
    pub fn parse(input: &str) -> Result<Self, BoardIdError> {
        let visible = (1..=BOARD_ID_MAX).contains(&input.len())
            && input.bytes().all(|b| b.is_ascii_graphic());
        if visible {
            Ok(Self(input.to_owned()))
        } else {
            Err(BoardIdError)
        }
    }

    /// The id.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BoardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

bounded_text!(
    /// A game's description: at most 2,000 characters after trimming (blank is kept, as empty
    /// text).
    GameDescription,
    0,
    DESCRIPTION_MAX
);

bounded_text!(
    /// One tag of a game: 1–50 characters after trimming.
    GameTag,
    TAG_MIN,
    TAG_MAX
);

/// Why a list of tags was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TagsError {
    /// More than [`TAGS_MAX`] tags.
    #[error("List should have at most {max} items")]
    TooMany {
        /// The maximum.
        max: usize,
    },
    /// The tag at `index` is not a valid tag.
    #[error("tag {index}: {error}")]
    Tag {
        /// Where it stands in the list, from 0.
        index: usize,
        /// What is wrong with it.
        error: TextError,
    },
}

/// A game's tags: at most [`TAGS_MAX`], each a [`GameTag`], distinct. A tag given twice
/// (after trimming; compared exactly, so `RPG` and `rpg` are two) is kept once, where it first
/// stood.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GameTags(Vec<GameTag>);

impl GameTags {
    /// Checks the count and every tag, and drops repeats.
    pub fn parse<'a>(input: impl ExactSizeIterator<Item = &'a str>) -> Result<Self, TagsError> {
        if input.len() > TAGS_MAX {
            return Err(TagsError::TooMany { max: TAGS_MAX });
        }
        let mut tags: Vec<GameTag> = Vec::with_capacity(input.len());
        for (index, raw) in input.enumerate() {
            let tag = GameTag::parse(raw).map_err(|error| TagsError::Tag { index, error })?;
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        Ok(Self(tags))
    }

    /// No tags.
    #[must_use]
    pub const fn none() -> Self {
        Self(Vec::new())
    }

    /// The tags, in order.
    #[must_use]
    pub fn as_slice(&self) -> &[GameTag] {
        &self.0
    }

    /// The tags' text, in order.
    pub fn iter_str(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(GameTag::as_str)
    }
}

/// LEADR's settings of a game beside its name and slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GameDetails {
    /// Its Steam app id, if it is on Steam.
    pub steam_app_id: Option<SteamAppId>,
    /// Its default leaderboard, if it has one.
    pub default_board_id: Option<BoardId>,
    /// Whether anti-cheat is on (LEADR's default: on).
    pub anti_cheat_enabled: bool,
    /// Its description.
    pub description: Option<GameDescription>,
    /// Its tags.
    pub tags: GameTags,
    /// The studio's page for it.
    pub page_url: Option<WebUrl>,
}

impl Default for GameDetails {
    /// What a game has when nothing is said: anti-cheat on, nothing else.
    fn default() -> Self {
        Self {
            steam_app_id: None,
            default_board_id: None,
            anti_cheat_enabled: true,
            description: None,
            tags: GameTags::none(),
            page_url: None,
        }
    }
}

/// A partial update of a game's details: `None` leaves a field as it is; for the nullable
/// ones `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GameDetailsChanges {
    /// A new Steam app id, or none.
    pub steam_app_id: Option<Option<SteamAppId>>,
    /// A new default leaderboard, or none.
    pub default_board_id: Option<Option<BoardId>>,
    /// Anti-cheat on or off.
    pub anti_cheat_enabled: Option<bool>,
    /// A new description, or none.
    pub description: Option<Option<GameDescription>>,
    /// New tags (empty clears them).
    pub tags: Option<GameTags>,
    /// A new page URL, or none.
    pub page_url: Option<Option<WebUrl>>,
}

impl GameDetails {
    /// The details after `changes`.
    #[must_use]
    pub fn apply(&self, changes: &GameDetailsChanges) -> Self {
        fn pick<T: Clone>(current: &T, change: Option<&T>) -> T {
            change.unwrap_or(current).clone()
        }
        Self {
            steam_app_id: pick(&self.steam_app_id, changes.steam_app_id.as_ref()),
            default_board_id: pick(&self.default_board_id, changes.default_board_id.as_ref()),
            anti_cheat_enabled: changes
                .anti_cheat_enabled
                .unwrap_or(self.anti_cheat_enabled),
            description: pick(&self.description, changes.description.as_ref()),
            tags: pick(&self.tags, changes.tags.as_ref()),
            page_url: pick(&self.page_url, changes.page_url.as_ref()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steam_app_ids_are_one_to_ten_digits_read_exactly() {
        for ok in ["480", "0", "4294967295", "1234567890"] {
            assert_eq!(SteamAppId::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "",
            "12345678901",
            " 480",
            "480 ",
            "4a0",
            "-480",
            "+480",
            "\u{0664}\u{0668}\u{0660}",
        ] {
            assert_eq!(SteamAppId::parse(bad), Err(SteamAppIdError), "{bad:?}");
        }
    }

    #[test]
    fn board_ids_are_opaque_visible_ascii() {
        for ok in [
            "brd_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
            "x",
            "a/b:c",
            &"b".repeat(255),
        ] {
            assert!(BoardId::parse(ok).is_ok(), "{ok:?}");
        }
        for bad in [
            "",
            " x",
            "x y",
            "x\n",
            "caf\u{e9}",
            "a\u{0}",
            &"b".repeat(256),
        ] {
            assert_eq!(BoardId::parse(bad), Err(BoardIdError), "{bad:?}");
        }
    }

    #[test]
    fn descriptions_are_at_most_two_thousand_characters_after_trimming() {
        assert_eq!(
            GameDescription::parse("  A race.  ").unwrap().as_str(),
            "A race."
        );
        assert_eq!(GameDescription::parse("   ").unwrap().as_str(), "");
        assert!(GameDescription::parse(&"d".repeat(2_000)).is_ok());
        assert_eq!(
            GameDescription::parse(&"d".repeat(2_001)),
            Err(TextError::TooLong { max: 2_000 })
        );
        assert_eq!(GameDescription::parse("a\u{0}"), Err(TextError::Nul));
    }

    #[test]
    fn tags_are_trimmed_bounded_and_kept_once_in_order() {
        let tags = GameTags::parse([" racing ", "rpg", "racing", "RPG"].into_iter()).unwrap();
        let shown: Vec<&str> = tags.iter_str().collect();
        assert_eq!(shown, ["racing", "rpg", "RPG"]);
        assert_eq!(GameTags::parse([].into_iter()), Ok(GameTags::none()));
    }

    #[test]
    fn bad_tags_say_which_and_why() {
        let many: Vec<String> = (0..21).map(|n| format!("t{n}")).collect();
        assert_eq!(
            GameTags::parse(many.iter().map(String::as_str)),
            Err(TagsError::TooMany { max: 20 })
        );
        assert!(GameTags::parse(many.iter().take(20).map(String::as_str)).is_ok());
        assert_eq!(
            GameTags::parse(["ok", " "].into_iter()),
            Err(TagsError::Tag {
                index: 1,
                error: TextError::TooShort { min: 1 }
            })
        );
        let long = "t".repeat(51);
        assert_eq!(
            GameTags::parse(["ok", "fine", long.as_str()].into_iter()),
            Err(TagsError::Tag {
                index: 2,
                error: TextError::TooLong { max: 50 }
            })
        );
    }

    #[test]
    fn a_game_has_anti_cheat_on_and_nothing_else_by_default() {
        let details = GameDetails::default();
        assert!(details.anti_cheat_enabled);
        assert_eq!(details.steam_app_id, None);
        assert!(details.tags.as_slice().is_empty());
    }

    #[test]
    fn changes_set_clear_or_leave_each_field() {
        let before = GameDetails {
            steam_app_id: Some(SteamAppId::parse("480").unwrap()),
            description: Some(GameDescription::parse("old").unwrap()),
            tags: GameTags::parse(["a"].into_iter()).unwrap(),
            ..GameDetails::default()
        };
        let after = before.apply(&GameDetailsChanges {
            steam_app_id: Some(None),
            anti_cheat_enabled: Some(false),
            page_url: Some(Some(WebUrl::parse("https://example.com/").unwrap())),
            ..GameDetailsChanges::default()
        });
        assert_eq!(after.steam_app_id, None, "null clears");
        assert_eq!(after.description, before.description, "absent leaves");
        assert_eq!(after.tags, before.tags);
        assert!(!after.anti_cheat_enabled);
        assert_eq!(after.page_url.unwrap().as_str(), "https://example.com/");
        assert_eq!(before.apply(&GameDetailsChanges::default()), before);
    }
}
