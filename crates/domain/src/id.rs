//! Prefixed identifiers in LEADR's form, `<prefix>_<uuid>`: one type per resource, all from one
//! macro.
//!
//! An id is 16 bytes, stored as PostgreSQL `uuid` and shown as its prefix, an underscore and the
//! UUID in lowercase hyphenated text (`gam_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7`), the form
//! LEADR's `PrefixedID` shows and its Godot SDK checks game ids against. New ids are ULIDs, so
//! their first 48 bits are a millisecond timestamp and they sort by creation; they are generated
//! monotonically, so two ids made in the same millisecond by one process still sort in the order
//! they were made. Parsing reads the prefixed form with hex digits in either case, and the bare
//! UUID that LEADR's older clients send; any other text is refused.

use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, PoisonError};

use ulid::{Generator, Ulid};
use uuid::Uuid;

/// Length of a UUID in hyphenated text.
pub const UUID_TEXT_LEN: usize = 36;
/// Where the hyphens of a UUID's hyphenated text stand.
const UUID_HYPHENS: [usize; 4] = [8, 13, 18, 23];

/// An id string that is not `<prefix>_<uuid>` or a bare UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid {kind} id: expected '{prefix}_' followed by a UUID (8-4-4-4-12 hex digits)")]
pub struct IdParseError {
    /// What the id names ("account", "user", …).
    pub kind: &'static str,
    /// The prefix the id must carry, without the underscore.
    pub prefix: &'static str,
}

/// The process's source of new ids: one monotonic generator, so ids made within one
/// millisecond still increase.
static GENERATOR: Mutex<Generator> = Mutex::new(Generator::new());

/// A new ULID, greater than every one this process made before.
fn next_ulid() -> Ulid {
    // The generator's state is one previous value: a panic elsewhere cannot leave it torn.
    let mut generator = GENERATOR.lock().unwrap_or_else(PoisonError::into_inner);
    match generator.generate() {
        Ok(ulid) => ulid,
        // 2^80 ids in one millisecond: carry into the next one, keeping the order.
        Err(overflow) => overflow.commit_overflow_increment(),
    }
}

/// Reads the hyphenated text of a UUID, hex digits in either case, and nothing else (the uuid
/// crate also reads the simple, braced and URN forms, which ids do not admit).
fn parse_uuid_text(text: &str) -> Option<Uuid> {
    let bytes = text.as_bytes();
    let well_formed = bytes.len() == UUID_TEXT_LEN
        && bytes.iter().enumerate().all(|(at, byte)| {
            if UUID_HYPHENS.contains(&at) {
                *byte == b'-'
            } else {
                byte.is_ascii_hexdigit()
            }
        });
    if well_formed {
        Uuid::try_parse(text).ok()
    } else {
        None
    }
}

/// Reads `<prefix>_<uuid>` or a bare UUID.
fn parse_prefixed(input: &str, prefix: &str) -> Option<Uuid> {
    let uuid_text = match input
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('_'))
    {
        Some(rest) => rest,
        None => input,
    };
    parse_uuid_text(uuid_text)
}

/// Defines a prefixed id type with parsing, display, serde and uuid conversions.
macro_rules! prefixed_id {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, $kind:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Uuid);

        impl $name {
            /// The prefix shown before the underscore.
            pub const PREFIX: &'static str = $prefix;

            /// A fresh id: a ULID of the current millisecond, above every id made before it.
            #[must_use]
            pub fn new() -> Self {
                Self(Uuid::from_bytes(next_ulid().to_bytes()))
            }

            /// Parses `<prefix>_<uuid>` (hex in either case) or a bare UUID.
            pub fn parse(input: &str) -> Result<Self, IdParseError> {
                parse_prefixed(input, $prefix)
                    .map(Self)
                    .ok_or(IdParseError { kind: $kind, prefix: $prefix })
            }

            /// The id as stored.
            #[must_use]
            pub const fn to_uuid(&self) -> Uuid {
                self.0
            }

            /// The id from its stored uuid.
            #[must_use]
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The 16 bytes, in the order PostgreSQL sorts `uuid` by.
            #[must_use]
            pub const fn to_bytes(&self) -> [u8; 16] {
                self.0.into_bytes()
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}_{}", $prefix, self.0.hyphenated())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

prefixed_id!(
    /// Identifies an account (a tenant, usually a studio).
    AccountId, "acc", "account"
);
prefixed_id!(
    /// Identifies a user of an account.
    UserId, "usr", "user"
);
prefixed_id!(
    /// Identifies an API key.
    ApiKeyId, "key", "API key"
);
prefixed_id!(
    /// Identifies a game of an account.
    GameId, "gam", "game"
);
prefixed_id!(
    /// Identifies a player identity within a game.
    IdentityId, "idn", "identity"
);
prefixed_id!(
    /// Identifies a game-client session.
    SessionId, "ses", "session"
);
prefixed_id!(
    /// Identifies a player: one person in one game, with one or more identities.
    PlayerId, "ply", "player"
);
prefixed_id!(
    /// Identifies a ban of a player.
    BanId, "ban", "ban"
);
prefixed_id!(
    /// Identifies a webhook.
    WebhookId, "whk", "webhook"
);
prefixed_id!(
    /// Identifies an audit event (and, as `webhook-id`, each delivery of it).
    EventId, "evt", "event"
);

#[cfg(test)]
mod tests {
    use super::*;
    use fancy_regex::Regex;
    use proptest::prelude::*;

    /// The game-id check of LEADR's Godot SDK (`addons/leadr/core/leadr_settings.gd`), which
    /// refuses to send a request with an id it does not match.
    const GODOT_ID_PATTERN: &str =
        "^(gam_)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    /// LEADR's pattern with this type's prefix in place of `gam_`.
    fn leadr_pattern(prefix: &str) -> Regex {
        Regex::new(&GODOT_ID_PATTERN.replace("gam", prefix)).unwrap()
    }

    #[test]
    fn every_id_type_matches_the_godot_sdks_id_pattern() {
        let game = Regex::new(GODOT_ID_PATTERN).unwrap();
        for _ in 0..1_000 {
            assert!(game.is_match(&GameId::new().to_string()).unwrap());
        }
        let shown = [
            (AccountId::PREFIX, AccountId::new().to_string()),
            (UserId::PREFIX, UserId::new().to_string()),
            (ApiKeyId::PREFIX, ApiKeyId::new().to_string()),
            (GameId::PREFIX, GameId::new().to_string()),
            (IdentityId::PREFIX, IdentityId::new().to_string()),
            (SessionId::PREFIX, SessionId::new().to_string()),
        ];
        for (prefix, id) in shown {
            assert!(leadr_pattern(prefix).is_match(&id).unwrap(), "{id}");
        }
    }

    #[test]
    fn an_id_displays_as_its_prefix_and_a_lowercase_hyphenated_uuid() {
        let id =
            AccountId::from_uuid(Uuid::parse_str("0193A5B2-7C41-7D3E-9F2A-51C8E0D4B6A7").unwrap());
        assert_eq!(id.to_string(), "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7");
        assert_eq!(format!("{id:?}"), id.to_string());
    }

    #[test]
    fn an_id_parses_back_from_its_display_form() {
        let id = AccountId::new();
        let shown = id.to_string();
        assert!(shown.starts_with("acc_"));
        assert_eq!(shown.len(), 4 + UUID_TEXT_LEN);
        assert_eq!(AccountId::parse(&shown), Ok(id));
    }

    #[test]
    fn hex_in_either_case_and_the_bare_uuid_are_read() {
        let id = GameId::parse("gam_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7").unwrap();
        assert_eq!(
            GameId::parse("gam_0193A5B2-7C41-7D3E-9F2A-51C8E0D4B6A7"),
            Ok(id)
        );
        assert_eq!(
            GameId::parse("0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7"),
            Ok(id)
        );
        assert_eq!(
            GameId::parse("0193A5B2-7c41-7D3E-9f2a-51C8E0D4B6A7"),
            Ok(id)
        );
    }

    #[test]
    fn an_id_with_another_prefix_is_rejected() {
        let user = UserId::new().to_string();
        let err = AccountId::parse(&user).unwrap_err();
        assert_eq!(err.prefix, "acc");
        assert!(err.to_string().contains("'acc_'"));
    }

    #[test]
    fn malformed_ids_are_rejected() {
        for bad in [
            "",
            "acc",
            "acc_",
            "_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
            "acc-0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
            "ACC_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
            "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a",
            "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a77",
            "acc_0193a5b27c417d3e9f2a51c8e0d4b6a7",
            "acc_{0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7}",
            "urn:uuid:0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
            "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6ag",
            "acc_0193a5b2_7c41-7d3e-9f2a-51c8e0d4b6a7",
            "acc_0193a5b2-7c417-d3e-9f2a-51c8e0d4b6a7",
            " acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
            "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7\n",
            "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6\u{e9}",
            "acc_acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
            "acc_01JD3M7ZQ4W8X5Y6Z7A8B9C0DE",
        ] {
            assert!(AccountId::parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn new_ids_increase_in_the_order_they_are_made() {
        let ids: Vec<IdentityId> = (0..10_000).map(|_| IdentityId::new()).collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
        // The text sorts as the bytes do, so `id` orders alike in SQL, in cursors and as text.
        let texts: Vec<String> = ids.iter().map(ToString::to_string).collect();
        assert!(texts.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn a_new_id_carries_the_current_millisecond() {
        let before = std::time::SystemTime::now();
        let id = SessionId::new();
        let ulid = Ulid::from_bytes(id.to_bytes());
        let made = ulid.datetime();
        let slack = std::time::Duration::from_millis(5);
        assert!(made + slack >= before);
        assert!(made <= std::time::SystemTime::now() + slack);
    }

    #[test]
    fn ids_serialize_as_their_display_string_and_deserialize_strictly() {
        let id = GameId::new();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{id}\""));
        assert_eq!(serde_json::from_str::<GameId>(&json).unwrap(), id);
        let wrong = serde_json::to_string(&UserId::new()).unwrap();
        assert!(serde_json::from_str::<GameId>(&wrong).is_err());
    }

    proptest! {
        #[test]
        fn every_id_round_trips_through_text_and_uuid(bytes: [u8; 16]) {
            let id = SessionId::from_uuid(Uuid::from_bytes(bytes));
            prop_assert_eq!(SessionId::parse(&id.to_string()), Ok(id));
            prop_assert_eq!(SessionId::parse(&id.to_string().to_uppercase().replacen("SES", "ses", 1)), Ok(id));
            prop_assert_eq!(SessionId::from_uuid(id.to_uuid()), id);
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(input in ".{0,50}") {
            let _ = IdentityId::parse(&input);
        }

        #[test]
        fn what_parses_is_what_leadrs_pattern_matches(
            input in "(idn_|gam_|)[0-9a-fA-F-]{34,38}",
        ) {
            prop_assert_eq!(
                IdentityId::parse(&input).is_ok(),
                leadr_pattern(IdentityId::PREFIX).is_match(&input).unwrap()
            );
        }
    }
}
