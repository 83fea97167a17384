//! Identities: who a player is within a game (a device, a Steam account, a custom id).

use crate::etag::{Version, versioned};
use std::fmt;

use crate::change::{self, set};
use crate::id::{AccountId, GameId, IdentityId, PlayerId};
use crate::pagination::{KeyValue, sort_fields};
use crate::player::Player;
use crate::slug::Slug;
use crate::soft_delete::Gone;
use crate::steam::SteamStanding;
use crate::text::{TextError, bounded_text};
use crate::timestamp::Timestamp;

/// Most characters in an external key.
pub const EXTERNAL_KEY_MAX: usize = 255;
/// Characters in a device fingerprint: 64 hex digits, a SHA-256.
pub const FINGERPRINT_LEN: usize = 64;

bounded_text!(
    /// A player's display name within a game: 1–64 characters after trimming.
    IdentityDisplayName,
    1,
    64
);

/// How an identity was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentityKind {
    /// A device, proven by its fingerprint (the client API creates these).
    Device,
    /// A Steam account, proven to the game's own server.
    Steam,
    /// Any other id the game's own server vouches for.
    Custom,
}

impl IdentityKind {
    /// Every kind, in the order the API documents them.
    pub const ALL: [Self; 3] = [Self::Device, Self::Steam, Self::Custom];

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Device => "DEVICE",
            Self::Steam => "STEAM",
            Self::Custom => "CUSTOM",
        }
    }

    /// Parses the wire form, exactly.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == input)
    }
}

/// Why an external key was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ExternalKeyError {
    /// Empty or too long.
    #[error(transparent)]
    Length(#[from] TextError),
    /// A device's key that is not 64 hex digits.
    #[error("A device fingerprint is 64 hexadecimal characters")]
    NotAFingerprint,
}

/// The key an identity is known by within its game and kind: a device's fingerprint
/// (lowercased), a Steam id, a custom id. 1–255 characters.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ExternalKey(String);

impl ExternalKey {
    /// Validates `input` as a key of `kind`: a device's must be a fingerprint.
    pub fn parse(kind: IdentityKind, input: &str) -> Result<Self, ExternalKeyError> {
        match kind {
            IdentityKind::Device => DeviceFingerprint::parse(input)
                .map(DeviceFingerprint::into_key)
                .map_err(|_| ExternalKeyError::NotAFingerprint),
            IdentityKind::Steam | IdentityKind::Custom => {
                crate::text::bounded(input, 1, EXTERNAL_KEY_MAX)
                    .map(Self)
                    .map_err(ExternalKeyError::from)
            }
        }
    }

    /// The `STEAM` key of a Steam id: its decimal digits (at most 20, always a valid key).
    #[must_use]
    pub fn of_steam_id(id: crate::steam::SteamId) -> Self {
        Self(id.to_string())
    }

    /// The key as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ExternalKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// A fingerprint that is not 64 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("String should be 64 hexadecimal characters")]
pub struct FingerprintError;

/// A device's fingerprint: 64 hex digits, kept lowercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeviceFingerprint(String);

impl DeviceFingerprint {
    /// Trims, checks and lowercases.
    pub fn parse(input: &str) -> Result<Self, FingerprintError> {
        let trimmed = input.trim();
        if trimmed.len() == FINGERPRINT_LEN && trimmed.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Self(trimmed.to_ascii_lowercase()))
        } else {
            Err(FingerprintError)
        }
    }

    /// The device identity's external key.
    #[must_use]
    pub fn into_key(self) -> ExternalKey {
        ExternalKey(self.0)
    }
}

/// An identity as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Its id.
    pub id: IdentityId,
    /// The account of its game.
    pub account_id: AccountId,
    /// Its game.
    pub game_id: GameId,
    /// The player it belongs to.
    pub player_id: PlayerId,
    /// How it was established.
    pub kind: IdentityKind,
    /// For a `CUSTOM` identity an OpenID provider vouched for, the provider's name; `None`
    /// otherwise.
    pub provider: Option<Slug>,
    /// Its key, unique per game, kind and provider among identities that are not deleted.
    pub external_key: ExternalKey,
    /// The player's display name, if any.
    pub display_name: Option<IdentityDisplayName>,
    /// What Steam last said of a `STEAM` identity signed in with a ticket; `None` for the
    /// other kinds, and for `STEAM` identities an admin created.
    pub steam: Option<SteamStanding>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Its stored version: what its entity tag is made of.
    pub version: Version,
    /// When it was soft-deleted, if it is.
    pub deleted_at: Option<Timestamp>,
}

/// A partial update of an identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityChanges {
    /// `Some(None)` clears the display name, `Some(Some(name))` sets it, `None` leaves it.
    pub display_name: Option<Option<IdentityDisplayName>>,
    /// `true` soft-deletes (and revokes its sessions), `false` restores.
    pub deleted: Option<bool>,
}

impl Identity {
    /// A new identity of `player`.
    #[must_use]
    pub fn new(
        player: &Player,
        kind: IdentityKind,
        external_key: ExternalKey,
        display_name: Option<IdentityDisplayName>,
        now: Timestamp,
    ) -> Self {
        Self {
            id: IdentityId::new(),
            account_id: player.account_id,
            game_id: player.game_id,
            player_id: player.id,
            kind,
            provider: None,
            external_key,
            display_name,
            steam: None,
            created_at: now,
            updated_at: now,
            version: Version::FIRST,
            deleted_at: None,
        }
    }

    /// The identity after `changes`, or why they cannot apply.
    pub fn apply(&self, changes: &IdentityChanges, now: Timestamp) -> Result<Self, Gone> {
        change::apply(self, changes.deleted, now, |next| {
            set(&mut next.display_name, changes.display_name.as_ref());
            Ok(())
        })
    }

    /// Whether the player plays a copy of the game someone else owns (Steam family sharing);
    /// `None` unless Steam said who owns it.
    #[must_use]
    pub fn family_shared(&self) -> Option<bool> {
        self.steam
            .map(|steam| steam.owner_steam_id.to_string() != self.external_key.as_str())
    }

    /// Whether becoming this (from `before`) ends the identity's sessions: a soft delete does;
    /// a restore does not bring them back, and nothing else touches them.
    #[must_use]
    pub fn ends_sessions_of(&self, before: &Self) -> bool {
        self.is_deleted() && !before.is_deleted()
    }
}

change::restorable!(Identity);
versioned!(Identity);

sort_fields! {
    /// The fields identities can be sorted by.
    pub enum IdentitySortField for Identity {
        Id;
        DisplayName = "display_name", Text nullable,
            |identity| identity.display_name.as_ref().map_or(KeyValue::Null, |name| KeyValue::Text(name.as_str().to_owned()));
        Kind = "kind", Text,
            |identity| KeyValue::Text(identity.kind.as_str().to_owned());
        CreatedAt;
        UpdatedAt;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    fn identity() -> Identity {
        let game = crate::game::fixture(AccountId::new());
        Identity::new(
            &crate::player::fixture(&game),
            IdentityKind::Custom,
            ExternalKey::parse(IdentityKind::Custom, "player-1").unwrap(),
            None,
            at(1),
        )
    }

    #[test]
    fn kinds_parse_only_their_uppercase_wire_form() {
        assert_eq!(IdentityKind::parse("STEAM"), Some(IdentityKind::Steam));
        assert_eq!(IdentityKind::parse("steam"), None);
    }

    #[test]
    fn a_device_key_is_a_lowercased_fingerprint() {
        let upper = "AB".repeat(32);
        let key = ExternalKey::parse(IdentityKind::Device, &upper).unwrap();
        assert_eq!(key.as_str(), "ab".repeat(32));
        for bad in ["abc", &"g".repeat(64), &"a".repeat(65)] {
            assert_eq!(
                ExternalKey::parse(IdentityKind::Device, bad),
                Err(ExternalKeyError::NotAFingerprint)
            );
        }
    }

    #[test]
    fn other_keys_are_one_to_255_characters() {
        assert!(ExternalKey::parse(IdentityKind::Steam, "76561197960287930").is_ok());
        assert!(ExternalKey::parse(IdentityKind::Custom, " ").is_err());
        assert!(ExternalKey::parse(IdentityKind::Custom, &"k".repeat(256)).is_err());
    }

    #[test]
    fn a_display_name_is_set_cleared_or_left() {
        let identity = identity();
        let named = identity
            .apply(
                &IdentityChanges {
                    display_name: Some(Some(IdentityDisplayName::parse("Ace").unwrap())),
                    ..IdentityChanges::default()
                },
                at(2),
            )
            .unwrap();
        assert_eq!(
            named.display_name.as_ref().map(IdentityDisplayName::as_str),
            Some("Ace")
        );
        let untouched = named.apply(&IdentityChanges::default(), at(3)).unwrap();
        assert_eq!(untouched, named);
        let cleared = named
            .apply(
                &IdentityChanges {
                    display_name: Some(None),
                    ..IdentityChanges::default()
                },
                at(4),
            )
            .unwrap();
        assert_eq!(cleared.display_name, None);
        assert_eq!(cleared.updated_at, at(4));
    }

    #[test]
    fn display_names_are_one_to_64_characters() {
        assert!(IdentityDisplayName::parse("A").is_ok());
        assert!(IdentityDisplayName::parse(&"n".repeat(65)).is_err());
    }

    #[test]
    fn only_a_soft_delete_ends_the_sessions() {
        let live = identity();
        let now = at(5);
        let deleting = IdentityChanges {
            deleted: Some(true),
            ..IdentityChanges::default()
        };
        let deleted = live.apply(&deleting, now).unwrap();
        assert!(deleted.ends_sessions_of(&live));
        let renaming = IdentityChanges {
            display_name: Some(None),
            ..IdentityChanges::default()
        };
        assert!(!live.apply(&renaming, now).unwrap().ends_sessions_of(&live));
        let restoring = IdentityChanges {
            deleted: Some(false),
            ..IdentityChanges::default()
        };
        assert!(
            !deleted
                .apply(&restoring, now)
                .unwrap()
                .ends_sessions_of(&deleted)
        );
    }

    #[test]
    fn a_steam_player_plays_family_shared_when_steam_names_another_owner() {
        use crate::steam::{SteamId, SteamStanding};
        let player = SteamId::parse("76561198000000001").unwrap();
        let mut identity = Identity {
            kind: IdentityKind::Steam,
            external_key: ExternalKey::of_steam_id(player),
            ..identity()
        };
        assert_eq!(identity.family_shared(), None, "Steam never said");
        let standing = SteamStanding {
            owner_steam_id: player,
            vac_banned: false,
            publisher_banned: false,
            checked_at: at(2),
        };
        identity.steam = Some(standing);
        assert_eq!(identity.family_shared(), Some(false));
        identity.steam = Some(SteamStanding {
            owner_steam_id: SteamId::parse("76561198000000002").unwrap(),
            ..standing
        });
        assert_eq!(identity.family_shared(), Some(true));
    }
}
