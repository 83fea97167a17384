//! Custom tokens: a studio's own backend vouches for a player, as with Firebase custom tokens.
//!
//! The token is a JWT signed (HS256) with the game's custom-auth secret; the sign-in port
//! checks the signature. What its claims must say is decided here: a subject that is a valid
//! `CUSTOM` external key, an expiry at most an hour ahead and not past, and an issue time not
//! in the future, each with [`CLOCK_LEEWAY_SECONDS`] for the clocks of two machines.

use crate::identity::{ExternalKey, IdentityKind};
use crate::timestamp::Timestamp;

/// Seconds by which the studio's clock and ours may disagree.
pub const CLOCK_LEEWAY_SECONDS: i64 = 60;
/// The furthest ahead a custom token may expire, in seconds.
pub const MAX_LIFETIME_SECONDS: i64 = 3_600;

/// The claims of a custom token whose signature was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomClaims {
    /// `sub`: the player's id in the studio's system.
    pub subject: Option<String>,
    /// `exp`, in seconds since the Unix epoch.
    pub expires_at: Option<i64>,
    /// `iat`, in seconds since the Unix epoch, if given.
    pub issued_at: Option<i64>,
}

/// Why a custom token's claims do not sign anyone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CustomTokenRefusal {
    /// It has no `exp`, or it is past.
    #[error("The custom token has expired")]
    Expired,
    /// Its `exp` is more than an hour ahead: a custom token is for one sign-in.
    #[error("The custom token expires more than an hour from now")]
    LifetimeTooLong,
    /// Its `iat` is in the future.
    #[error("The custom token was issued in the future")]
    IssuedInFuture,
    /// Its `sub` is missing, or not 1–255 visible characters.
    #[error("The custom token's subject is not a valid external key")]
    Subject,
}

/// The `CUSTOM` external key `claims` sign in at `now`, or why they do not.
///
/// # Errors
///
/// The first rule the claims break, in the order: expiry, lifetime, issue time, subject.
pub fn admit(claims: &CustomClaims, now: Timestamp) -> Result<ExternalKey, CustomTokenRefusal> {
    let now = now.as_datetime().unix_timestamp();
    let expires_at = claims
        .expires_at
        .filter(|exp| *exp + CLOCK_LEEWAY_SECONDS > now)
        .ok_or(CustomTokenRefusal::Expired)?;
    if expires_at > now + MAX_LIFETIME_SECONDS + CLOCK_LEEWAY_SECONDS {
        return Err(CustomTokenRefusal::LifetimeTooLong);
    }
    if claims
        .issued_at
        .is_some_and(|iat| iat > now + CLOCK_LEEWAY_SECONDS)
    {
        return Err(CustomTokenRefusal::IssuedInFuture);
    }
    let subject = claims
        .subject
        .as_deref()
        .ok_or(CustomTokenRefusal::Subject)?;
    ExternalKey::parse(IdentityKind::Custom, subject).map_err(|_| CustomTokenRefusal::Subject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    const NOW: i64 = 1_800_000_000;

    fn now() -> Timestamp {
        at(NOW * 1_000_000)
    }

    fn claims(expires_in: i64, issued_ago: Option<i64>) -> CustomClaims {
        CustomClaims {
            subject: Some("player-42".to_owned()),
            expires_at: Some(NOW + expires_in),
            issued_at: issued_ago.map(|ago| NOW - ago),
        }
    }

    #[test]
    fn a_fresh_token_signs_its_subject_in() {
        let key = admit(&claims(300, Some(5)), now()).unwrap();
        assert_eq!(key.as_str(), "player-42");
        assert!(admit(&claims(3_600, None), now()).is_ok());
    }

    #[test]
    fn expiry_lifetime_and_issue_time_allow_a_minute_of_skew_and_no_more() {
        assert!(admit(&claims(-59, None), now()).is_ok());
        assert_eq!(
            admit(&claims(-60, None), now()),
            Err(CustomTokenRefusal::Expired)
        );
        assert!(admit(&claims(3_660, None), now()).is_ok());
        assert_eq!(
            admit(&claims(3_661, None), now()),
            Err(CustomTokenRefusal::LifetimeTooLong)
        );
        assert!(admit(&claims(300, Some(-60)), now()).is_ok());
        assert_eq!(
            admit(&claims(300, Some(-61)), now()),
            Err(CustomTokenRefusal::IssuedInFuture)
        );
    }

    #[test]
    fn a_token_without_an_expiry_or_a_usable_subject_is_refused() {
        let mut endless = claims(300, None);
        endless.expires_at = None;
        assert_eq!(admit(&endless, now()), Err(CustomTokenRefusal::Expired));
        for subject in [None, Some(String::new()), Some("x".repeat(256))] {
            let mut token = claims(300, None);
            token.subject = subject;
            assert_eq!(admit(&token, now()), Err(CustomTokenRefusal::Subject));
        }
    }
}
