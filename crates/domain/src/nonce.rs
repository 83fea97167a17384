//! Client nonces: single-use, short-lived values that make a mutating request unrepeatable.

use time::Duration;
use uuid::Uuid;

use crate::id::IdentityId;
use crate::timestamp::Timestamp;

/// How long a nonce can be used.
pub const NONCE_LIFETIME: Duration = Duration::seconds(60);

/// A nonce as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nonce {
    /// The value, a random UUID.
    pub value: Uuid,
    /// The identity it was issued to.
    pub identity_id: IdentityId,
    /// When it stops being usable.
    pub expires_at: Timestamp,
    /// When it was used, if it was.
    pub used_at: Option<Timestamp>,
    /// When it was issued.
    pub created_at: Timestamp,
}

impl Nonce {
    /// A new nonce for `identity_id` from 16 random bytes (a version-4 UUID).
    #[must_use]
    pub fn issue(random: [u8; 16], identity_id: IdentityId, now: Timestamp) -> Self {
        Self {
            value: uuid::Builder::from_random_bytes(random).into_uuid(),
            identity_id,
            expires_at: now.plus(NONCE_LIFETIME),
            used_at: None,
            created_at: now,
        }
    }
}

/// Why a nonce does not make a request acceptable (412).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NonceRefusal {
    /// No `leadr-client-nonce` header.
    #[error("The leadr-client-nonce header is required; get one from GET /v1/client/nonce")]
    Missing,
    /// Not a nonce Roster issued.
    #[error("Unknown nonce")]
    Unknown,
    /// Issued to another identity.
    #[error("The nonce was issued to another client")]
    Foreign,
    /// Used already.
    #[error("The nonce was already used")]
    Used,
    /// Past its lifetime.
    #[error("The nonce has expired")]
    Expired,
}

/// The nonce value a client presented in its header: `Missing` when absent or blank, `Unknown`
/// when it is not a UUID (no nonce could have that value).
///
/// # Errors
///
/// As above.
pub fn presented(raw: Option<&str>) -> Result<Uuid, NonceRefusal> {
    let raw = raw
        .map(str::trim)
        .filter(|raw| !raw.is_empty())
        .ok_or(NonceRefusal::Missing)?;
    Uuid::parse_str(raw).map_err(|_| NonceRefusal::Unknown)
}

/// Why the atomic use of a nonce did not happen, from what is stored under its value.
#[must_use]
pub fn refusal(stored: Option<&Nonce>, identity_id: IdentityId, now: Timestamp) -> NonceRefusal {
    match stored {
        None => NonceRefusal::Unknown,
        Some(nonce) if nonce.identity_id != identity_id => NonceRefusal::Foreign,
        Some(nonce) if nonce.used_at.is_some() => NonceRefusal::Used,
        Some(nonce) if nonce.expires_at <= now => NonceRefusal::Expired,
        // It was usable a moment ago and another request used it first.
        Some(_) => NonceRefusal::Used,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_presented_nonce_is_a_uuid_and_a_blank_one_is_missing() {
        let value = Uuid::from_u128(7);
        assert_eq!(presented(Some(&format!(" {value} "))), Ok(value));
        assert_eq!(presented(None), Err(NonceRefusal::Missing));
        assert_eq!(presented(Some("  ")), Err(NonceRefusal::Missing));
        assert_eq!(presented(Some("not-a-uuid")), Err(NonceRefusal::Unknown));
    }

    use super::*;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_unix_micros(seconds * 1_000_000).unwrap()
    }

    #[test]
    fn a_nonce_is_a_random_uuid_valid_for_a_minute() {
        let nonce = Nonce::issue([7; 16], IdentityId::new(), at(100));
        assert_eq!(nonce.value.get_version_num(), 4);
        assert_eq!(nonce.expires_at, at(160));
        assert_ne!(
            Nonce::issue([8; 16], nonce.identity_id, at(100)).value,
            nonce.value
        );
    }

    #[test]
    fn a_refusal_says_which_rule_failed() {
        let me = IdentityId::new();
        let nonce = Nonce::issue([1; 16], me, at(100));
        assert_eq!(refusal(None, me, at(101)), NonceRefusal::Unknown);
        assert_eq!(
            refusal(Some(&nonce), IdentityId::new(), at(101)),
            NonceRefusal::Foreign
        );
        assert_eq!(refusal(Some(&nonce), me, at(160)), NonceRefusal::Expired);
        let used = Nonce {
            used_at: Some(at(120)),
            ..nonce.clone()
        };
        assert_eq!(refusal(Some(&used), me, at(121)), NonceRefusal::Used);
        assert_eq!(refusal(Some(&nonce), me, at(121)), NonceRefusal::Used);
    }
}
