//! How a game's players may prove who they are: the game's Steam and custom-token settings,
//! and the secrets they hold.
//!
//! Secrets reach the domain already sealed (encrypted under `ROSTER_SECRETS_KEY` by the app's
//! sealer port): a [`Sealed`] value is opaque bytes that are safe to hold, copy and store. The
//! rules here are which secrets a game has, and how a custom-auth secret rotates: the one it
//! replaces keeps working for [`CUSTOM_AUTH_OVERLAP`], so a studio can roll its backend over
//! without a gap.

use std::fmt;

use crate::timestamp::Timestamp;

/// How long a replaced custom-auth secret keeps verifying tokens.
pub const CUSTOM_AUTH_OVERLAP: time::Duration = time::Duration::hours(24);
/// Fewest characters in a custom-auth secret: an HMAC-SHA256 key shorter than its output is
/// weak.
pub const CUSTOM_AUTH_SECRET_MIN: usize = 32;
/// Most characters in a custom-auth secret.
pub const CUSTOM_AUTH_SECRET_MAX: usize = 512;

/// A secret as the sealer port encrypted it: nonce and ciphertext, meaningless without the key.
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed(Vec<u8>);

impl Sealed {
    /// Wraps bytes the sealer produced (or the store kept).
    #[must_use]
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }

    /// The sealed bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Sealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sealed({} bytes)", self.0.len())
    }
}

/// Why a secret given to a game was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// A Steam Web API key is 32 hexadecimal characters.
    #[error("A Steam publisher Web API key is 32 hexadecimal characters")]
    SteamKey,
    /// A custom-auth secret is 32–512 visible ASCII characters.
    #[error("A custom-auth secret is 32 to 512 visible ASCII characters")]
    CustomAuth,
}

/// A Steam publisher Web API key, as a studio gives it: 32 hexadecimal characters.
#[derive(Clone, PartialEq, Eq)]
pub struct SteamPublisherKey(String);

impl SteamPublisherKey {
    /// The key, read exactly as given.
    ///
    /// # Errors
    ///
    /// `SteamKey` unless it is 32 hexadecimal characters.
    pub fn parse(input: &str) -> Result<Self, SecretError> {
        if input.len() == 32 && input.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            Ok(Self(input.to_owned()))
        } else {
            Err(SecretError::SteamKey)
        }
    }

    /// The key, to seal it or to call Steam with it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SteamPublisherKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SteamPublisherKey(…)")
    }
}

/// A custom-auth secret: the HMAC key a studio's backend signs custom tokens with (HS256).
#[derive(Clone, PartialEq, Eq)]
pub struct CustomAuthSecret(Vec<u8>);

impl CustomAuthSecret {
    /// The secret, read exactly as given: its bytes are the key.
    ///
    /// # Errors
    ///
    /// `CustomAuth` unless it is 32–512 visible ASCII characters (as base64 or hex keys are).
    pub fn parse(input: &str) -> Result<Self, SecretError> {
        Self::from_bytes(input.as_bytes().to_vec())
    }

    /// The secret from its bytes (as the sealer opens them).
    ///
    /// # Errors
    ///
    /// `CustomAuth` unless it is 32–512 visible ASCII characters.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, SecretError> {
        let visible = bytes.iter().all(|byte| (b'!'..=b'~').contains(byte));
        if visible && (CUSTOM_AUTH_SECRET_MIN..=CUSTOM_AUTH_SECRET_MAX).contains(&bytes.len()) {
            Ok(Self(bytes))
        } else {
            Err(SecretError::CustomAuth)
        }
    }

    /// The key bytes, to seal them or to verify a token's signature.
    #[must_use]
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for CustomAuthSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CustomAuthSecret(…)")
    }
}

/// A custom-auth secret that was replaced, and until when it still verifies tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplacedSecret {
    /// The replaced secret.
    pub secret: Sealed,
    /// When it stops verifying tokens.
    pub until: Timestamp,
}

/// A game's sign-in settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInSettings {
    /// The Steam publisher Web API key tickets are checked with, sealed.
    pub steam_publisher_key: Option<Sealed>,
    /// Whether a player Steam reports as publisher-banned is refused (the default).
    pub steam_reject_publisher_banned: bool,
    /// The custom-auth secret custom tokens are signed with, sealed.
    pub custom_auth_secret: Option<Sealed>,
    /// The custom-auth secret it replaced, during the overlap.
    pub replaced_custom_auth_secret: Option<ReplacedSecret>,
}

impl Default for SignInSettings {
    /// What a new game has: no secrets, publisher-banned players refused.
    fn default() -> Self {
        Self {
            steam_publisher_key: None,
            steam_reject_publisher_banned: true,
            custom_auth_secret: None,
            replaced_custom_auth_secret: None,
        }
    }
}

/// A change to a game's sign-in settings, its secrets already sealed; `None` leaves a setting,
/// `Some(None)` removes a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInChanges {
    /// A new Steam publisher key, or its removal.
    pub steam_publisher_key: Option<Option<Sealed>>,
    /// Whether publisher-banned players are refused.
    pub steam_reject_publisher_banned: Option<bool>,
    /// A new custom-auth secret (the current one then overlaps), or the removal of both.
    pub custom_auth_secret: Option<Option<Sealed>>,
}

impl SignInSettings {
    /// The settings after `changes`, made at `now`.
    ///
    /// A new custom-auth secret keeps the one it replaces working until `now` plus
    /// [`CUSTOM_AUTH_OVERLAP`] (a secret replaced before that is dropped); removing the secret
    /// stops both at once, as a studio does when one leaked.
    #[must_use]
    pub fn apply(&self, changes: &SignInChanges, now: Timestamp) -> Self {
        let mut next = self.clone();
        if let Some(key) = &changes.steam_publisher_key {
            next.steam_publisher_key.clone_from(key);
        }
        if let Some(reject) = changes.steam_reject_publisher_banned {
            next.steam_reject_publisher_banned = reject;
        }
        match &changes.custom_auth_secret {
            None => {}
            Some(None) => {
                next.custom_auth_secret = None;
                next.replaced_custom_auth_secret = None;
            }
            Some(Some(secret)) => {
                next.replaced_custom_auth_secret =
                    self.custom_auth_secret
                        .clone()
                        .map(|replaced| ReplacedSecret {
                            secret: replaced,
                            until: now.plus(CUSTOM_AUTH_OVERLAP),
                        });
                next.custom_auth_secret = Some(secret.clone());
            }
        }
        next
    }

    /// The custom-auth secrets that verify tokens at `now`: the current one, then the one it
    /// replaced while the overlap lasts. Empty when custom tokens are not set up.
    #[must_use]
    pub fn custom_auth_secrets(&self, now: Timestamp) -> Vec<&Sealed> {
        let replaced = self
            .replaced_custom_auth_secret
            .as_ref()
            .filter(|replaced| now < replaced.until)
            .map(|replaced| &replaced.secret);
        self.custom_auth_secret.iter().chain(replaced).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    fn sealed(byte: u8) -> Sealed {
        Sealed::from_bytes(vec![byte; 40])
    }

    fn with_secret(byte: u8) -> SignInChanges {
        SignInChanges {
            custom_auth_secret: Some(Some(sealed(byte))),
            ..SignInChanges::default()
        }
    }

    const HOUR: i64 = 3_600_000_000;

    #[test]
    fn a_new_game_has_no_secrets_and_refuses_publisher_banned_players() {
        let settings = SignInSettings::default();
        assert!(settings.steam_reject_publisher_banned);
        assert!(settings.steam_publisher_key.is_none());
        assert!(settings.custom_auth_secrets(at(0)).is_empty());
    }

    #[test]
    fn a_replaced_secret_verifies_for_a_day_and_not_after() {
        let first = SignInSettings::default().apply(&with_secret(1), at(0));
        assert_eq!(first.custom_auth_secrets(at(1)), [&sealed(1)]);
        let rotated = first.apply(&with_secret(2), at(HOUR));
        assert_eq!(
            rotated.custom_auth_secrets(at(HOUR + 1)),
            [&sealed(2), &sealed(1)]
        );
        assert_eq!(
            rotated.custom_auth_secrets(at(25 * HOUR - 1)),
            [&sealed(2), &sealed(1)]
        );
        assert_eq!(rotated.custom_auth_secrets(at(25 * HOUR)), [&sealed(2)]);
        // Rotating again drops the first: only the secret just replaced overlaps.
        let again = rotated.apply(&with_secret(3), at(2 * HOUR));
        assert_eq!(
            again.custom_auth_secrets(at(2 * HOUR + 1)),
            [&sealed(3), &sealed(2)]
        );
    }

    #[test]
    fn removing_the_secret_stops_both_at_once() {
        let rotated = SignInSettings::default()
            .apply(&with_secret(1), at(0))
            .apply(&with_secret(2), at(1));
        let removed = rotated.apply(
            &SignInChanges {
                custom_auth_secret: Some(None),
                ..SignInChanges::default()
            },
            at(2),
        );
        assert!(removed.custom_auth_secrets(at(3)).is_empty());
        assert_eq!(removed.replaced_custom_auth_secret, None);
    }

    #[test]
    fn the_steam_settings_change_alone() {
        let changed = SignInSettings::default().apply(
            &SignInChanges {
                steam_publisher_key: Some(Some(sealed(7))),
                steam_reject_publisher_banned: Some(false),
                ..SignInChanges::default()
            },
            at(0),
        );
        assert_eq!(changed.steam_publisher_key, Some(sealed(7)));
        assert!(!changed.steam_reject_publisher_banned);
        assert!(changed.custom_auth_secret.is_none());
        let untouched = changed.apply(&SignInChanges::default(), at(1));
        assert_eq!(untouched, changed);
    }

    #[test]
    fn secrets_are_checked_and_never_shown() {
        let key = "0123456789ABCDEF0123456789abcdef";
        assert_eq!(SteamPublisherKey::parse(key).unwrap().expose(), key);
        for bad in [
            "",
            "0123",
            &"g".repeat(32),
            &"a".repeat(33),
            &format!(" {}", &key[1..]),
        ] {
            assert_eq!(SteamPublisherKey::parse(bad), Err(SecretError::SteamKey));
        }
        assert!(CustomAuthSecret::parse(&"s".repeat(32)).is_ok());
        assert_eq!(
            CustomAuthSecret::parse(&format!("{} ", "s".repeat(32))),
            Err(SecretError::CustomAuth)
        );
        assert_eq!(
            CustomAuthSecret::parse(&"s".repeat(31)),
            Err(SecretError::CustomAuth)
        );
        assert_eq!(
            CustomAuthSecret::parse(&"s".repeat(513)),
            Err(SecretError::CustomAuth)
        );
        let shown = format!(
            "{:?} {:?} {:?}",
            SteamPublisherKey::parse(key).unwrap(),
            CustomAuthSecret::parse(&"s".repeat(32)).unwrap(),
            sealed(1)
        );
        assert!(!shown.contains(key) && !shown.contains("ssss"), "{shown}");
    }
}
