//! Webhooks, as the Standard Webhooks convention defines them: the signing secret, the
//! signature of a delivery, which events a webhook takes, and when a failed delivery is
//! retried. Which addresses a delivery may reach is [`crate::network::is_public`]'s rule.
//!
//! A delivery carries `webhook-id` (the event id, the same on every retry), `webhook-timestamp`
//! (Unix seconds) and `webhook-signature: v1,<base64 of HMAC-SHA256(key, "id.timestamp.body")>`,
//! the key being the base64-decoded part of the `whsec_…` secret after its prefix.

use crate::etag::{Version, versioned};
use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::audit::AuditAction;
use crate::id::{AccountId, WebhookId};
use crate::pagination::sort_fields;
use crate::text::bounded_text;
use crate::timestamp::Timestamp;
use crate::web_url::WebUrl;

/// The secret's prefix.
pub const SECRET_PREFIX: &str = "whsec_";
/// Bytes of key in a secret Roster makes.
pub const SECRET_BYTES: usize = 32;

/// A webhook's signing secret: `whsec_` and the base64 of its key. Shown once, at creation.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(Vec<u8>);

/// Why a text is not a signing secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a webhook secret is whsec_ and the base64 of 24 to 64 bytes")]
pub struct SecretError;

impl WebhookSecret {
    /// A secret of `SECRET_BYTES` random bytes.
    #[must_use]
    pub fn from_random(bytes: [u8; SECRET_BYTES]) -> Self {
        Self(bytes.to_vec())
    }

    /// The key of a stored secret.
    ///
    /// # Errors
    ///
    /// When it is shorter than 24 bytes or longer than 64 (Standard Webhooks' bounds).
    pub fn from_key(key: Vec<u8>) -> Result<Self, SecretError> {
        if (24..=64).contains(&key.len()) {
            Ok(Self(key))
        } else {
            Err(SecretError)
        }
    }

    /// Parses `whsec_<base64>`.
    ///
    /// # Errors
    ///
    /// When the prefix or the base64 is wrong, or the key's length is out of bounds.
    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let encoded = text.strip_prefix(SECRET_PREFIX).ok_or(SecretError)?;
        let key = STANDARD.decode(encoded).map_err(|_| SecretError)?;
        Self::from_key(key)
    }

    /// The key the signatures are made with.
    #[must_use]
    pub fn key(&self) -> &[u8] {
        &self.0
    }

    /// The secret as shown once: `whsec_<base64>`.
    #[must_use]
    pub fn expose(&self) -> String {
        format!("{SECRET_PREFIX}{}", STANDARD.encode(&self.0))
    }

    /// The `webhook-signature` value of a delivery of `body` as message `id` at `timestamp`
    /// (Unix seconds): `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
    ///
    /// # Errors
    ///
    /// `SecretError` if the MAC refuses the key (HMAC takes keys of any length, so it does not).
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> Result<String, SecretError> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).map_err(|_| SecretError)?;
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        Ok(format!(
            "v1,{}",
            STANDARD.encode(mac.finalize().into_bytes())
        ))
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(…)")
    }
}

/// Most patterns a webhook may list.
pub const PATTERNS_MAX: usize = 50;

/// Which events a webhook takes: `*` (all), `<resource>.*` (all of one resource, such as
/// `player.*`), or one action (`player.banned`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventPattern {
    /// Every event.
    All,
    /// Every event of the resource (the part before the dot).
    Resource(String),
    /// This action.
    Action(AuditAction),
}

/// Why a pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not an event pattern: use '*', '<resource>.*' or an action such as 'player.banned'"
)]
pub struct PatternError(pub String);

impl EventPattern {
    /// Parses a pattern; a resource must be one some action names.
    ///
    /// # Errors
    ///
    /// `PatternError` for anything else.
    pub fn parse(text: &str) -> Result<Self, PatternError> {
        if text == "*" {
            return Ok(Self::All);
        }
        if let Some(resource) = text.strip_suffix(".*") {
            let known = AuditAction::ALL
                .iter()
                .any(|action| action.resource() == resource);
            return if known {
                Ok(Self::Resource(resource.to_owned()))
            } else {
                Err(PatternError(text.to_owned()))
            };
        }
        AuditAction::parse(text)
            .map(Self::Action)
            .ok_or_else(|| PatternError(text.to_owned()))
    }

    /// Whether an event of `action` matches.
    #[must_use]
    pub fn matches(&self, action: AuditAction) -> bool {
        match self {
            Self::All => true,
            Self::Resource(resource) => action.resource() == resource,
            Self::Action(wanted) => *wanted == action,
        }
    }

    /// As written.
    #[must_use]
    pub fn as_string(&self) -> String {
        match self {
            Self::All => "*".to_owned(),
            Self::Resource(resource) => format!("{resource}.*"),
            Self::Action(action) => action.as_str().to_owned(),
        }
    }
}

/// A webhook's event patterns: 1 to [`PATTERNS_MAX`], each once, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventPatterns(Vec<EventPattern>);

/// Why a list of patterns was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternsError {
    /// No pattern: a webhook that takes nothing is a mistake.
    #[error("List should have at least 1 item after validation, not 0")]
    Empty,
    /// More than [`PATTERNS_MAX`].
    #[error("List should have at most {PATTERNS_MAX} items after validation")]
    TooMany,
    /// One is not a pattern.
    #[error(transparent)]
    Pattern(#[from] PatternError),
}

impl EventPatterns {
    /// Parses each pattern; a repeated one is kept once.
    ///
    /// # Errors
    ///
    /// When there are none, more than [`PATTERNS_MAX`], or one is not a pattern.
    pub fn parse<S: AsRef<str>>(items: &[S]) -> Result<Self, PatternsError> {
        if items.len() > PATTERNS_MAX {
            return Err(PatternsError::TooMany);
        }
        let mut patterns: Vec<EventPattern> = Vec::with_capacity(items.len());
        for item in items {
            let pattern = EventPattern::parse(item.as_ref())?;
            if !patterns.contains(&pattern) {
                patterns.push(pattern);
            }
        }
        if patterns.is_empty() {
            return Err(PatternsError::Empty);
        }
        Ok(Self(patterns))
    }

    /// Whether an event of `action` matches one of them.
    #[must_use]
    pub fn matches(&self, action: AuditAction) -> bool {
        self.0.iter().any(|pattern| pattern.matches(action))
    }

    /// The patterns as written.
    #[must_use]
    pub fn as_strings(&self) -> Vec<String> {
        self.0.iter().map(EventPattern::as_string).collect()
    }
}

bounded_text!(
    /// What a webhook is for, for the people who read the list: 1–500 characters.
    WebhookDescription,
    1,
    500
);

/// Where an account's audit events are delivered, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// Its id.
    pub id: WebhookId,
    /// The account whose events it takes.
    pub account_id: AccountId,
    /// Where deliveries are POSTed.
    pub url: WebUrl,
    /// Which events it takes.
    pub events: EventPatterns,
    /// What it is for.
    pub description: Option<WebhookDescription>,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was last changed.
    pub updated_at: Timestamp,
    /// Its stored version: what its entity tag is made of.
    pub version: Version,
}

versioned!(Webhook);

/// What a change to a webhook sets: each field left `None` stays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebhookChanges {
    /// A new URL.
    pub url: Option<WebUrl>,
    /// New patterns.
    pub events: Option<EventPatterns>,
    /// A new description, or `Some(None)` to remove it.
    pub description: Option<Option<WebhookDescription>>,
}

impl Webhook {
    /// A new webhook of `account_id`, made at `now`.
    #[must_use]
    pub fn new(
        account_id: AccountId,
        url: WebUrl,
        events: EventPatterns,
        description: Option<WebhookDescription>,
        now: Timestamp,
    ) -> Self {
        Self {
            id: WebhookId::new(),
            account_id,
            url,
            events,
            description,
            created_at: now,
            updated_at: now,
            version: Version::FIRST,
        }
    }

    /// The webhook with `changes` applied at `now`; `updated_at` moves only when a field did.
    #[must_use]
    pub fn changed(&self, changes: WebhookChanges, now: Timestamp) -> Self {
        let mut next = self.clone();
        if let Some(url) = changes.url {
            next.url = url;
        }
        if let Some(events) = changes.events {
            next.events = events;
        }
        if let Some(description) = changes.description {
            next.description = description;
        }
        if next != *self {
            next.updated_at = now;
        }
        next
    }

    /// Whether it takes events of `action`.
    #[must_use]
    pub fn takes(&self, action: AuditAction) -> bool {
        self.events.matches(action)
    }
}

sort_fields! {
    /// The fields webhooks can be sorted by (newest first by default).
    pub enum WebhookSortField for Webhook {
        Id;
        CreatedAt;
        UpdatedAt;
    }
}

/// How long after it was queued a delivery is retried before it is marked failed.
pub const RETRY_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);
/// The longest wait between two attempts.
pub const RETRY_MAX_DELAY: Duration = Duration::from_secs(60 * 60);

/// The wait before attempt `attempt + 1` after `attempt` failed attempts (1 for the first
/// retry): `min` doubling each time, at most [`RETRY_MAX_DELAY`], with jitter: a random
/// `jitter` in `[0, 1)` takes off up to a fifth, so that deliveries that failed together do
/// not all come back together.
#[must_use]
pub fn retry_delay(attempt: u32, min: Duration, jitter: f64) -> Duration {
    let doublings = attempt.saturating_sub(1).min(31);
    let base = min
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(RETRY_MAX_DELAY)
        .max(min.min(RETRY_MAX_DELAY));
    let jitter = jitter.clamp(0.0, 1.0);
    base.mul_f64(1.0 - jitter / 5.0)
}

/// Whether only 2xx counts as delivered: anything else, a redirect included, is retried.
#[must_use]
pub const fn delivered(status: u16) -> bool {
    matches!(status, 200..=299)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_the_standard_webhooks_one() {
        // The example of the Standard Webhooks specification.
        let secret = WebhookSecret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(
            secret.sign(
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                br#"{"test": 2432232314}"#
            ),
            Ok("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=".to_owned())
        );
    }

    #[test]
    fn a_secret_reads_back_as_shown_and_never_prints() {
        let secret = WebhookSecret::from_random([7; SECRET_BYTES]);
        let shown = secret.expose();
        assert!(shown.starts_with("whsec_"));
        assert_eq!(WebhookSecret::parse(&shown), Ok(secret.clone()));
        assert_eq!(format!("{secret:?}"), "WebhookSecret(…)");
        for refused in [
            "whsec_",
            "whsec_!!!",
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "whsec_AAAA",
        ] {
            assert_eq!(WebhookSecret::parse(refused), Err(SecretError), "{refused}");
        }
    }

    #[test]
    fn patterns_match_everything_a_resource_or_one_action() {
        let banned = AuditAction::PlayerBanned;
        assert!(EventPattern::parse("*").unwrap().matches(banned));
        assert!(EventPattern::parse("player.*").unwrap().matches(banned));
        assert!(!EventPattern::parse("user.*").unwrap().matches(banned));
        assert!(
            EventPattern::parse("player.banned")
                .unwrap()
                .matches(banned)
        );
        assert!(
            !EventPattern::parse("player.unbanned")
                .unwrap()
                .matches(banned)
        );
        for refused in ["", "player", "players.*", "player.bann", "*.banned", "**"] {
            assert!(EventPattern::parse(refused).is_err(), "{refused}");
        }
        for written in ["*", "api_key.*", "session.created"] {
            assert_eq!(EventPattern::parse(written).unwrap().as_string(), written);
        }
    }

    #[test]
    fn retries_double_from_the_minimum_up_to_an_hour_with_at_most_a_fifth_off() {
        let min = Duration::from_secs(5);
        assert_eq!(retry_delay(1, min, 0.0), Duration::from_secs(5));
        assert_eq!(retry_delay(2, min, 0.0), Duration::from_secs(10));
        assert_eq!(retry_delay(5, min, 0.0), Duration::from_secs(80));
        assert_eq!(retry_delay(20, min, 0.0), RETRY_MAX_DELAY);
        assert_eq!(retry_delay(u32::MAX, min, 0.0), RETRY_MAX_DELAY);
        assert_eq!(retry_delay(1, min, 1.0), Duration::from_secs(4));
        assert!(retry_delay(3, min, 0.5) < retry_delay(3, min, 0.0));
    }

    #[test]
    fn only_a_2xx_is_delivered() {
        assert!(delivered(200) && delivered(204) && delivered(299));
        assert!(!delivered(301) && !delivered(410) && !delivered(500) && !delivered(199));
    }

    #[test]
    fn a_webhooks_patterns_are_one_to_fifty_each_kept_once() {
        let patterns = EventPatterns::parse(&["player.*", "player.*", "user.created"]).unwrap();
        assert_eq!(patterns.as_strings(), ["player.*", "user.created"]);
        assert!(patterns.matches(AuditAction::PlayerBanned));
        assert!(patterns.matches(AuditAction::UserCreated));
        assert!(!patterns.matches(AuditAction::UserUpdated));
        assert_eq!(EventPatterns::parse::<&str>(&[]), Err(PatternsError::Empty));
        let many = vec!["*"; PATTERNS_MAX + 1];
        assert_eq!(EventPatterns::parse(&many), Err(PatternsError::TooMany));
        assert!(matches!(
            EventPatterns::parse(&["*", "nope"]),
            Err(PatternsError::Pattern(_))
        ));
    }

    #[test]
    fn a_change_moves_updated_at_only_when_a_field_changes() {
        let at = Timestamp::from_unix_micros(1_000_000).unwrap();
        let later = Timestamp::from_unix_micros(2_000_000).unwrap();
        let webhook = Webhook::new(
            AccountId::new(),
            WebUrl::parse("https://example.com/hooks").unwrap(),
            EventPatterns::parse(&["*"]).unwrap(),
            None,
            at,
        );
        let same = webhook.changed(
            WebhookChanges {
                url: Some(webhook.url.clone()),
                ..WebhookChanges::default()
            },
            later,
        );
        assert_eq!(same, webhook);
        let described = webhook.changed(
            WebhookChanges {
                description: Some(Some(WebhookDescription::parse("CRM sync").unwrap())),
                ..WebhookChanges::default()
            },
            later,
        );
        assert_eq!(described.updated_at, later);
        assert_eq!(described.created_at, at);
        assert_eq!(described.description.unwrap().as_str(), "CRM sync");
    }
}
