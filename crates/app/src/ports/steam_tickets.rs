//! Asking Steam whose a session ticket is (`ISteamUserAuth/AuthenticateUserTicket`).

use std::future::Future;
use std::time::Duration;

use roster_domain::game_details::SteamAppId;
use roster_domain::sign_in::SteamPublisherKey;
use roster_domain::steam::{SteamRejection, SteamTicket, SteamVerdict, TicketIdentity};

/// One ticket to check: for which app, with which publisher key, and the identity string the
/// client made it with.
#[derive(Debug, Clone, Copy)]
pub struct TicketCheck<'a> {
    /// The game's Steam app id.
    pub app_id: &'a SteamAppId,
    /// The game's publisher Web API key.
    pub publisher_key: &'a SteamPublisherKey,
    /// The ticket.
    pub ticket: &'a SteamTicket,
    /// The identity string, when the client made the ticket with one.
    pub identity: Option<&'a TicketIdentity>,
}

/// Why Steam said nothing about whose a ticket is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SteamCheckError {
    /// Steam answered that the ticket is not good.
    #[error(transparent)]
    Rejected(#[from] SteamRejection),
    /// Steam refused the publisher key (it answered 401 or 403): the game is misconfigured.
    #[error("Steam refused the game's publisher key")]
    KeyRefused,
    /// Steam did not answer in time, answered an error status, or answered what is not its
    /// documented JSON. Trying again later may work.
    #[error("Steam is unavailable: {reason}")]
    Unavailable {
        /// What went wrong, for the log (never the key or the ticket).
        reason: String,
        /// How long to wait before trying again.
        retry_after: Duration,
    },
}

/// Checks Steam session tickets with Steam's Web API.
pub trait SteamTickets: Send + Sync + 'static {
    /// What Steam says of `check.ticket`.
    ///
    /// MUST answer within a bounded time: no answer in time is `Unavailable`, never a hang.
    /// MUST map Steam's `response.error.errorcode` to `Rejected`, a 401 or 403 status to
    /// `KeyRefused`, and any other failure (connection, status, body that is not the
    /// documented JSON, a `steamid` that is not a Steam id) to `Unavailable`. MUST NOT log or
    /// return the key or the ticket.
    fn authenticate(
        &self,
        check: TicketCheck<'_>,
    ) -> impl Future<Output = Result<SteamVerdict, SteamCheckError>> + Send;
}
