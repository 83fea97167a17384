//! The id form LEADR's clients accept, checked the way its Godot SDK checks a game id.

use fancy_regex::Regex;
use serde_json::Value;

/// `ID_PATTERN` of LEADR's Godot SDK (`addons/leadr/core/leadr_settings.gd`), for game ids.
pub const GODOT_GAME_ID_PATTERN: &str =
    "^(gam_)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// Panics unless `id` is a string `<prefix>_<uuid>` in lowercase hyphenated text, which the
/// Godot SDK's pattern (with `prefix` in place of `gam`) matches.
#[track_caller]
pub fn assert_leadr_id(id: &Value, prefix: &str) {
    let text = id
        .as_str()
        .unwrap_or_else(|| panic!("an id string, got {id}"));
    let pattern = Regex::new(&GODOT_GAME_ID_PATTERN.replace("gam", prefix)).expect("the pattern");
    assert!(
        pattern.is_match(text).expect("a match"),
        "{text} is not a LEADR {prefix}_ id"
    );
    let uuid = text
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('_'))
        .unwrap_or_else(|| panic!("{text} lacks the prefix {prefix}_"));
    assert_eq!(uuid, uuid.to_lowercase(), "{text} is not lowercase");
}
