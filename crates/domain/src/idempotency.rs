//! Idempotency keys (DESIGN.md §12): a POST sent with `Idempotency-Key` runs once; a retry with
//! the same key and the same request gets the first answer again.
//!
//! The rules: a key is 1–255 visible ASCII characters; keys belong to the caller that sent
//! them (its [`KeyScope`]), so two callers' keys never meet; a request is known by its
//! [`RequestFingerprint`] (method, path and query, body), and another request under a key
//! already used is refused; an answer is kept for [`RETENTION`], except a 5xx, 429, 408 or 401,
//! which are not answers worth repeating (the retry the key exists for must run again); a
//! request whose
//! execution has not finished within [`LEASE`] is taken as abandoned (its server died), so its
//! key can be used again rather than answering 409 for a day.

use sha2::{Digest, Sha256};

use crate::Timestamp;

/// How long an answer is kept for its key.
pub const RETENTION: time::Duration = time::Duration::hours(24);

/// How long an execution may hold its key before another request may take it over. Longer
/// than any request may run (body timeout, pool wait and operation deadline together).
pub const LEASE: time::Duration = time::Duration::minutes(2);

/// The longest key.
pub const MAX_KEY_LEN: usize = 255;

/// An `Idempotency-Key` value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

/// Why a header value is no key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Idempotency-Key must be 1-255 visible ASCII characters")]
pub struct InvalidIdempotencyKey;

impl IdempotencyKey {
    /// `raw` as a key: 1–255 visible ASCII characters (space included, not leading or
    /// trailing, as header values cannot keep them).
    ///
    /// # Errors
    /// [`InvalidIdempotencyKey`] otherwise.
    pub fn parse(raw: &str) -> Result<Self, InvalidIdempotencyKey> {
        let visible = raw.bytes().all(|byte| (0x20..=0x7e).contains(&byte));
        if raw.is_empty() || raw.len() > MAX_KEY_LEN || !visible || raw.trim() != raw {
            return Err(InvalidIdempotencyKey);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The key as sent.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whose keys these are: a digest of the caller's credential (its API key, its access token)
/// or, for a caller that sends none, of its address. The credential itself is never kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyScope {
    stored: String,
    kind: ScopeKind,
}

impl KeyScope {
    /// The scope of the admin API key `key`.
    #[must_use]
    pub fn api_key(key: &str) -> Self {
        Self::of("key", key, ScopeKind::Credential)
    }

    /// The scope of the access token `token`.
    #[must_use]
    pub fn bearer(token: &str) -> Self {
        Self::of("bearer", token, ScopeKind::Credential)
    }

    /// The scope of a caller with no credential, at `address`.
    #[must_use]
    pub fn anonymous(address: &str) -> Self {
        Self::of("address", address, ScopeKind::Anonymous)
    }

    /// `<label>:<hex SHA-256 of what>`: the label keeps an address from ever sharing a scope
    /// with a credential that happens to read the same.
    fn of(label: &str, what: &str, kind: ScopeKind) -> Self {
        Self {
            stored: format!("{label}:{}", hex_digest(what.as_bytes())),
            kind,
        }
    }

    /// The scope as stored.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.stored
    }

    /// What kind of caller the scope is of.
    #[must_use]
    pub fn kind(&self) -> ScopeKind {
        self.kind
    }
}

/// Whether a scope is a credential's or an address's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// An API key's or an access token's.
    Credential,
    /// A caller's without a credential, by its address.
    Anonymous,
}

fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// What a request was: the digest of its method, path with query, and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequestFingerprint([u8; 32]);

impl RequestFingerprint {
    /// The fingerprint of a request.
    #[must_use]
    pub fn of(method: &str, path_and_query: &str, body: &[u8]) -> Self {
        let mut digest = Sha256::new();
        // Lengths first: no two different requests concatenate to the same bytes.
        for part in [method.as_bytes(), path_and_query.as_bytes()] {
            digest.update((part.len() as u64).to_be_bytes());
            digest.update(part);
        }
        digest.update(body);
        Self(digest.finalize().into())
    }

    /// From its stored bytes.
    #[must_use]
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Its bytes, to store.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// A first answer, kept to be answered again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// Its status.
    pub status: u16,
    /// The headers worth repeating (content type, location), in order.
    pub headers: Vec<(String, String)>,
    /// Its body, byte for byte.
    pub body: Vec<u8>,
}

/// Whether an answer of `status` is kept for its key: not a 5xx, a 429 (rate limited) or a
/// 408 (the body came too slowly), which say "try again later", so the retry the key exists
/// for must run, not be told the same; and not a 401, which ran nothing (keeping it would let
/// anyone sending made-up credentials fill the store).
#[must_use]
pub fn worth_keeping(status: u16) -> bool {
    status < 500 && !matches!(status, 401 | 408 | 429)
}

/// What is recorded under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// A request is running under it since `started_at`.
    Running {
        /// Its request.
        fingerprint: RequestFingerprint,
        /// When it started.
        started_at: Timestamp,
    },
    /// A request finished under it with `response`.
    Finished {
        /// Its request.
        fingerprint: RequestFingerprint,
        /// Its answer.
        response: StoredResponse,
    },
}

/// What becomes of a request under a key that was already claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// The first answer, to give again.
    Replay(StoredResponse),
    /// Another request was made under this key: 422.
    OtherRequest,
    /// The first request is still running: 409, try again once it is done.
    StillRunning,
    /// The first request's execution was abandoned (past its [`LEASE`]): run this one.
    Abandoned,
}

/// The rule for a request carrying a key already recorded as `recorded`.
#[must_use]
pub fn on_seen(recorded: &Recorded, fingerprint: RequestFingerprint, now: Timestamp) -> Seen {
    match recorded {
        Recorded::Finished {
            fingerprint: first,
            response,
        } => {
            if *first == fingerprint {
                Seen::Replay(response.clone())
            } else {
                Seen::OtherRequest
            }
        }
        Recorded::Running {
            fingerprint: first,
            started_at,
        } => {
            if *first != fingerprint {
                Seen::OtherRequest
            } else if started_at.plus(LEASE) <= now {
                Seen::Abandoned
            } else {
                Seen::StillRunning
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_unix_micros(seconds * 1_000_000).unwrap()
    }

    fn answer() -> StoredResponse {
        StoredResponse {
            status: 201,
            headers: vec![("content-type".into(), "application/json".into())],
            body: b"{\"id\":1}".to_vec(),
        }
    }

    #[test]
    fn a_key_is_one_to_255_visible_characters() {
        assert!(IdempotencyKey::parse("a").is_ok());
        assert!(IdempotencyKey::parse("order 42/retry").is_ok());
        assert!(IdempotencyKey::parse(&"k".repeat(255)).is_ok());
        for bad in ["", " lead", "trail ", "tab\there", "é", &"k".repeat(256)] {
            assert_eq!(
                IdempotencyKey::parse(bad),
                Err(InvalidIdempotencyKey),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn scopes_keep_callers_apart_and_hold_no_credential() {
        let scope = KeyScope::api_key("ldr_secret");
        assert_ne!(scope, KeyScope::api_key("ldr_other"));
        assert_ne!(scope, KeyScope::bearer("ldr_secret"));
        assert!(!scope.as_str().contains("ldr_secret"));
        assert_eq!(scope, KeyScope::api_key("ldr_secret"));
        assert_eq!(scope.kind(), ScopeKind::Credential);
        assert_eq!(
            KeyScope::anonymous("198.51.100.1").kind(),
            ScopeKind::Anonymous
        );
    }

    #[test]
    fn a_fingerprint_tells_method_path_and_body_apart() {
        let base = RequestFingerprint::of("POST", "/v1/users", b"{}");
        assert_eq!(base, RequestFingerprint::of("POST", "/v1/users", b"{}"));
        assert_ne!(base, RequestFingerprint::of("POST", "/v1/users", b"{ }"));
        assert_ne!(base, RequestFingerprint::of("POST", "/v1/games", b"{}"));
        // The boundary between path and body is part of what is digested.
        assert_ne!(
            RequestFingerprint::of("POST", "/v1/a", b"b"),
            RequestFingerprint::of("POST", "/v1/", b"ab")
        );
    }

    #[test]
    fn the_same_request_replays_and_another_is_refused() {
        let request = RequestFingerprint::of("POST", "/v1/users", b"{}");
        let other = RequestFingerprint::of("POST", "/v1/users", b"{\"x\":1}");
        let finished = Recorded::Finished {
            fingerprint: request,
            response: answer(),
        };
        assert_eq!(on_seen(&finished, request, at(10)), Seen::Replay(answer()));
        assert_eq!(on_seen(&finished, other, at(10)), Seen::OtherRequest);
    }

    #[test]
    fn a_running_request_blocks_until_its_lease_is_over() {
        let request = RequestFingerprint::of("POST", "/v1/users", b"{}");
        let running = Recorded::Running {
            fingerprint: request,
            started_at: at(0),
        };
        assert_eq!(on_seen(&running, request, at(1)), Seen::StillRunning);
        let lease = LEASE.whole_seconds();
        assert_eq!(
            on_seen(&running, request, at(lease - 1)),
            Seen::StillRunning
        );
        assert_eq!(on_seen(&running, request, at(lease)), Seen::Abandoned);
        let other = RequestFingerprint::of("POST", "/v1/games", b"{}");
        assert_eq!(on_seen(&running, other, at(lease)), Seen::OtherRequest);
    }

    #[test]
    fn server_errors_are_not_kept() {
        assert!(worth_keeping(201) && worth_keeping(409) && worth_keeping(422));
        assert!(!worth_keeping(500) && !worth_keeping(503));
        assert!(!worth_keeping(429) && !worth_keeping(408) && !worth_keeping(401));
        assert!(worth_keeping(403) && worth_keeping(404));
    }
}
