//! Telling every replica that credentials may have stopped working, with PostgreSQL
//! `LISTEN/NOTIFY`.
//!
//! Every change that can stop an API key (the key revoked, edited or deleted; its user or
//! account changed or deleted) or a client session (its identity ended, the session revoked)
//! sends a notification on [`CHANNEL`] from the transaction that makes the change, so it is
//! delivered exactly when the change commits and never for one that rolls back. Each replica
//! listens on a connection of its own ([`crate::CredentialListener`]) and evicts what the
//! notification names from its key cache.

use diesel::QueryResult;
use diesel::sql_types::Text;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::prepared::Prepared;

/// The channel the notifications go on.
pub const CHANNEL: &str = "roster_credentials";

/// What a notification says may have stopped working.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// This API key.
    Key(Uuid),
    /// Every key of this user.
    User(Uuid),
    /// Every key and session of this account.
    Account(Uuid),
    /// Every session of this identity.
    Identity(Uuid),
    /// This client session.
    Session(Uuid),
    /// Every session of this player, and its standing.
    Player(Uuid),
}

impl Revoked {
    /// The notification's payload: `<kind>:<uuid>`.
    #[must_use]
    pub fn payload(self) -> String {
        let (kind, id) = match self {
            Self::Key(id) => ("key", id),
            Self::User(id) => ("user", id),
            Self::Account(id) => ("account", id),
            Self::Identity(id) => ("identity", id),
            Self::Session(id) => ("session", id),
            Self::Player(id) => ("player", id),
        };
        format!("{kind}:{}", id.hyphenated())
    }

    /// Reads a payload; `None` for one this version does not know.
    #[must_use]
    pub fn parse(payload: &str) -> Option<Self> {
        let (kind, id) = payload.split_once(':')?;
        let id = Uuid::try_parse(id).ok()?;
        match kind {
            "key" => Some(Self::Key(id)),
            "user" => Some(Self::User(id)),
            "account" => Some(Self::Account(id)),
            "identity" => Some(Self::Identity(id)),
            "session" => Some(Self::Session(id)),
            "player" => Some(Self::Player(id)),
            _ => None,
        }
    }
}

/// Sends the notification within the transaction `conn` is in (delivered at its commit).
pub(crate) async fn announce(conn: &mut AsyncPgConnection, revoked: Revoked) -> QueryResult<()> {
    Prepared::new("SELECT pg_notify($1, $2)")
        .bind::<Text, _>(CHANNEL)
        .bind::<Text, _>(revoked.payload())
        .execute(conn)
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip_and_unknown_ones_are_ignored() {
        let id = Uuid::from_u128(0x0193_a5b2_7c41_7d3e_9f2a_51c8_e0d4_b6a7);
        for revoked in [
            Revoked::Key(id),
            Revoked::User(id),
            Revoked::Account(id),
            Revoked::Identity(id),
            Revoked::Session(id),
            Revoked::Player(id),
        ] {
            assert_eq!(Revoked::parse(&revoked.payload()), Some(revoked));
        }
        assert_eq!(
            Revoked::Key(id).payload(),
            "key:0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7"
        );
        for unknown in [
            "",
            "key",
            "key:",
            "key:nope",
            "webhook:0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
        ] {
            assert_eq!(Revoked::parse(unknown), None, "{unknown:?}");
        }
    }
}
