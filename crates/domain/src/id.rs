//! Prefixed ULID identifiers: `acc_01J…`, one type per resource, all from one macro.
//!
//! A ULID is 128 bits whose first 48 are a millisecond timestamp, so ids sort by creation. They
//! are stored as PostgreSQL `uuid` (the same 16 bytes, in the same order) and shown as
//! `<prefix>_<26 Crockford base32 characters>`.

use std::fmt;
use std::str::FromStr;

use ulid::Ulid;
use uuid::Uuid;

/// An id string that is not `<prefix>_` followed by a valid ULID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid {kind} id: expected '{prefix}_' followed by 26 Crockford base32 characters")]
pub struct IdParseError {
    /// What the id names ("account", "user", …).
    pub kind: &'static str,
    /// The prefix the id must carry, without the underscore.
    pub prefix: &'static str,
}

/// Defines a prefixed ULID id type with parsing, display, serde and uuid conversions.
macro_rules! prefixed_id {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, $kind:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Ulid);

        impl $name {
            /// The prefix shown before the underscore.
            pub const PREFIX: &'static str = $prefix;

            /// A fresh id for the current millisecond.
            #[must_use]
            pub fn new() -> Self {
                Self(Ulid::generate())
            }

            /// Parses `<prefix>_<ULID>`; the ULID part is case-insensitive.
            pub fn parse(input: &str) -> Result<Self, IdParseError> {
                let error = IdParseError { kind: $kind, prefix: $prefix };
                let rest = input
                    .strip_prefix($prefix)
                    .and_then(|rest| rest.strip_prefix('_'))
                    .ok_or_else(|| error.clone())?;
                // 26 base32 characters carry 130 bits; a first character above '7' would
                // overflow the 128 a ULID has.
                if rest.len() != ulid::ULID_LEN || !rest.starts_with(|c: char| ('0'..='7').contains(&c)) {
                    return Err(error);
                }
                Ulid::from_string(rest).map(Self).map_err(|_| error)
            }

            /// Wraps an existing ULID.
            #[must_use]
            pub const fn from_ulid(ulid: Ulid) -> Self {
                Self(ulid)
            }

            /// The ULID inside.
            #[must_use]
            pub const fn ulid(&self) -> Ulid {
                self.0
            }

            /// The id as stored: a uuid with the same 16 bytes.
            #[must_use]
            pub fn to_uuid(&self) -> Uuid {
                Uuid::from_bytes(self.0.to_bytes())
            }

            /// The id from its stored uuid.
            #[must_use]
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(Ulid::from_bytes(uuid.into_bytes()))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}_{}", $prefix, self.0)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_id_displays_with_its_prefix_and_parses_back() {
        let id = AccountId::new();
        let shown = id.to_string();
        assert!(shown.starts_with("acc_"));
        assert_eq!(shown.len(), 4 + 26);
        assert_eq!(AccountId::parse(&shown), Ok(id));
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
            "acc-01ARZ3NDEKTSV4RRFFQ69G5FAV",
            "acc_01ARZ3NDEKTSV4RRFFQ69G5FA",
            "acc_01ARZ3NDEKTSV4RRFFQ69G5FAVV",
            "acc_81ARZ3NDEKTSV4RRFFQ69G5FAV",
            "acc_01ARZ3NDEKTSV4RRFFQ69G5FAU!",
            "acc_01ARZ3NDEKTSV4RRFFQ69G5FA\u{e9}",
        ] {
            assert!(AccountId::parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn the_ulid_part_is_case_insensitive_and_shown_uppercase() {
        let id = AccountId::parse("acc_01arz3ndektsv4rrffq69g5fav").unwrap();
        assert_eq!(id.to_string(), "acc_01ARZ3NDEKTSV4RRFFQ69G5FAV");
    }

    #[test]
    fn uuid_order_equals_id_order() {
        let earlier = AccountId::from_ulid(Ulid::from_parts(1_000, u128::MAX >> 48));
        let later = AccountId::from_ulid(Ulid::from_parts(1_001, 0));
        assert!(earlier < later);
        assert!(earlier.to_uuid() < later.to_uuid());
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
        fn every_id_round_trips_through_text_and_uuid(ms in 0u64..(1 << 48), random: u128) {
            let id = SessionId::from_ulid(Ulid::from_parts(ms, random));
            prop_assert_eq!(SessionId::parse(&id.to_string()), Ok(id));
            prop_assert_eq!(SessionId::from_uuid(id.to_uuid()), id);
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(input in ".{0,40}") {
            let _ = IdentityId::parse(&input);
        }
    }
}
