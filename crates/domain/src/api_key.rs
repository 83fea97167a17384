//! API keys: secrets that authenticate a user on the admin API.
//!
//! The secret is `ldr_` followed by 43 base64url characters encoding 32 random bytes. Only its
//! SHA-256 digest is stored; a presented key is found by its digest, so secrets are never
//! compared, and a database leak reveals no usable key.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};

use crate::account::AccountStatus;
use crate::id::{AccountId, ApiKeyId, UserId};
use crate::principal::Principal;
use crate::timestamp::Timestamp;
use crate::user::UserStatus;

/// What every Roster (and LEADR) API key starts with.
pub const API_KEY_PREFIX: &str = "ldr_";
/// How many characters of the secret are kept, in clear, to recognise a key.
pub const API_KEY_PREFIX_LEN: usize = 12;
/// Random bytes in a secret.
pub const API_KEY_RANDOM_BYTES: usize = 32;

/// A freshly generated API key secret. Shown once, never stored, never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKeySecret(String);

impl ApiKeySecret {
    /// The secret encoding `bytes`, which must come from the operating system's CSPRNG.
    #[must_use]
    pub fn from_random_bytes(bytes: [u8; API_KEY_RANDOM_BYTES]) -> Self {
        Self(format!("{API_KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// The secret itself, for the one response that shows it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The digest that is stored and looked up.
    #[must_use]
    pub fn digest(&self) -> ApiKeyDigest {
        ApiKeyDigest::of_presented(&self.0)
    }

    /// The first characters, kept in clear so people can tell their keys apart.
    #[must_use]
    pub fn prefix(&self) -> String {
        self.0.chars().take(API_KEY_PREFIX_LEN).collect()
    }
}

impl fmt::Debug for ApiKeySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKeySecret({}…)", self.prefix())
    }
}

/// The SHA-256 digest of a key secret.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApiKeyDigest([u8; 32]);

impl ApiKeyDigest {
    /// The digest of whatever a caller presented as a key.
    #[must_use]
    pub fn of_presented(presented: &str) -> Self {
        Self(Sha256::digest(presented.as_bytes()).into())
    }

    /// The digest from its stored bytes.
    #[must_use]
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The stored bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for ApiKeyDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKeyDigest(…)")
    }
}

/// The stored state of a key: `active` or `revoked`. (`expired` is derived from `expires_at`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoredKeyStatus {
    /// Not revoked.
    Active,
    /// Revoked for good.
    Revoked,
}

impl StoredKeyStatus {
    /// The storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Revoked => "revoked",
        }
    }

    /// Parses the storage form.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        [Self::Active, Self::Revoked]
            .into_iter()
            .find(|s| s.as_str() == input)
    }
}

/// A new key's stored record; the secret itself is not part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiKey {
    /// Its id.
    pub id: ApiKeyId,
    /// The account of its user.
    pub account_id: AccountId,
    /// Its user.
    pub user_id: UserId,
    /// A label for people.
    pub name: String,
    /// The digest of its secret.
    pub digest: ApiKeyDigest,
    /// The first characters of its secret.
    pub prefix: String,
    /// When it stops working, if ever.
    pub expires_at: Option<Timestamp>,
    /// When it was created.
    pub created_at: Timestamp,
}

impl NewApiKey {
    /// The record for `secret`, owned by `user_id` of `account_id`.
    #[must_use]
    pub fn for_secret(
        secret: &ApiKeySecret,
        account_id: AccountId,
        user_id: UserId,
        name: String,
        expires_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Self {
        Self {
            id: ApiKeyId::new(),
            account_id,
            user_id,
            name,
            digest: secret.digest(),
            prefix: secret.prefix(),
            expires_at,
            created_at: now,
        }
    }
}

/// Everything that decides whether a presented key authenticates, as read in one lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCredential {
    /// The key's id.
    pub key_id: ApiKeyId,
    /// Whether the key was revoked.
    pub key_status: StoredKeyStatus,
    /// When the key stops working, if ever.
    pub expires_at: Option<Timestamp>,
    /// Whether the key was deleted.
    pub key_deleted: bool,
    /// The key's user.
    pub user_id: UserId,
    /// The user's account.
    pub account_id: AccountId,
    /// Whether the user is a superadmin.
    pub super_admin: bool,
    /// The user's status.
    pub user_status: UserStatus,
    /// Whether the user was deleted.
    pub user_deleted: bool,
    /// The account's status.
    pub account_status: AccountStatus,
    /// Whether the account was deleted.
    pub account_deleted: bool,
}

impl KeyCredential {
    /// The principal this key stands for at `now`, if it authenticates at all: the key is
    /// active, not expired, not deleted, and its user and account are active and not deleted.
    #[must_use]
    pub fn authenticate(&self, now: Timestamp) -> Option<Principal> {
        let key_live = self.key_status == StoredKeyStatus::Active
            && !self.key_deleted
            && self.expires_at.is_none_or(|expiry| now < expiry);
        let user_live = self.user_status == UserStatus::Active && !self.user_deleted;
        let account_live = self.account_status == AccountStatus::Active && !self.account_deleted;
        (key_live && user_live && account_live).then_some(Principal {
            api_key_id: self.key_id,
            user_id: self.user_id,
            account_id: self.account_id,
            super_admin: self.super_admin,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(micros: i64) -> Timestamp {
        Timestamp::from_unix_micros(micros).unwrap()
    }

    fn credential() -> KeyCredential {
        KeyCredential {
            key_id: ApiKeyId::new(),
            key_status: StoredKeyStatus::Active,
            expires_at: None,
            key_deleted: false,
            user_id: UserId::new(),
            account_id: AccountId::new(),
            super_admin: false,
            user_status: UserStatus::Active,
            user_deleted: false,
            account_status: AccountStatus::Active,
            account_deleted: false,
        }
    }

    #[test]
    fn a_secret_is_the_prefix_and_43_base64url_characters() {
        let secret = ApiKeySecret::from_random_bytes([0xfb; 32]);
        let text = secret.expose();
        assert!(text.starts_with("ldr_"));
        assert_eq!(text.len(), 4 + 43);
        assert!(
            text[4..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(secret.prefix(), text[..12]);
    }

    #[test]
    fn the_digest_is_sha256_of_the_secret_text() {
        let secret = ApiKeySecret::from_random_bytes([7; 32]);
        assert_eq!(secret.digest(), ApiKeyDigest::of_presented(secret.expose()));
        assert_ne!(
            secret.digest(),
            ApiKeyDigest::of_presented(&secret.expose().to_uppercase())
        );
        // A known vector: SHA-256("abc").
        let abc = ApiKeyDigest::of_presented("abc");
        assert_eq!(abc.as_bytes()[..4], [0xba, 0x78, 0x16, 0xbf]);
    }

    #[test]
    fn the_secret_never_shows_in_debug_output() {
        let secret = ApiKeySecret::from_random_bytes([9; 32]);
        let shown = format!("{secret:?} {:?}", secret.digest());
        assert!(!shown.contains(&secret.expose()[12..]));
    }

    #[test]
    fn a_live_key_of_a_live_user_and_account_authenticates() {
        let credential = credential();
        let principal = credential.authenticate(at(0)).unwrap();
        assert_eq!(principal.user_id, credential.user_id);
        assert_eq!(principal.account_id, credential.account_id);
        assert!(!principal.super_admin);
    }

    #[test]
    fn any_dead_link_in_the_chain_refuses_the_key() {
        type Spoil = fn(&mut KeyCredential);
        let cases: [(&str, Spoil); 7] = [
            ("revoked", |c| c.key_status = StoredKeyStatus::Revoked),
            ("key deleted", |c| c.key_deleted = true),
            ("user suspended", |c| c.user_status = UserStatus::Suspended),
            ("user invited", |c| c.user_status = UserStatus::Invited),
            ("user deleted", |c| c.user_deleted = true),
            ("account suspended", |c| {
                c.account_status = AccountStatus::Suspended;
            }),
            ("account deleted", |c| c.account_deleted = true),
        ];
        for (what, spoil) in cases {
            let mut credential = credential();
            spoil(&mut credential);
            assert_eq!(credential.authenticate(at(0)), None, "{what}");
        }
    }

    #[test]
    fn a_key_stops_working_at_its_expiry() {
        let mut credential = credential();
        credential.expires_at = Some(at(1_000));
        assert!(credential.authenticate(at(999)).is_some());
        assert!(credential.authenticate(at(1_000)).is_none());
    }
}
