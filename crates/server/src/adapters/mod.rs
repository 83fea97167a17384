//! The system clock and the operating system's random source, as the app's ports.

pub mod custom_tokens;
pub mod egress;
pub mod jwt;
pub mod oidc_keys;
pub mod outbound;
pub mod proofs;
pub mod sealer;
pub mod steam_tickets;
pub mod webhooks;

use roster_app::ports::{Clock, Random, RandomError};
use roster_domain::Timestamp;

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_datetime(time::OffsetDateTime::now_utc())
    }
}

/// The operating system's CSPRNG (`getrandom`).
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandom;

impl Random for OsRandom {
    fn fill(&self, dest: &mut [u8]) -> Result<(), RandomError> {
        getrandom::fill(dest).map_err(|_| RandomError)
    }
}
