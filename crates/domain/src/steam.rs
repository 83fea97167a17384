//! Steam sign-in: a game client sends the session ticket `GetAuthTicketForWebApi` gave it, and
//! Steam's Web API (`ISteamUserAuth/AuthenticateUserTicket`) says whose it is.
//!
//! The call is a port's; what its answer means is decided here: the player is the `STEAM`
//! identity of `steamid`; family sharing (`ownersteamid`) and the bans Steam reports are kept
//! on it; a publisher-banned player is refused when the game says so; and each error code
//! Steam answers is named, so a client learns why its ticket failed.

use std::fmt;

use crate::identity::ExternalKey;
use crate::timestamp::Timestamp;

/// The longest ticket taken, in hex digits. `GetAuthTicketForWebApi` writes at most 2,560
/// bytes (5,120 hex digits); twice that leaves room and still bounds the query Steam is sent.
pub const TICKET_MAX_HEX: usize = 10_240;
/// The longest identity string taken.
pub const IDENTITY_MAX: usize = 128;

/// A ticket that is not an even number of hex digits, 2 to [`TICKET_MAX_HEX`] of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("A Steam ticket is an even number (2–10240) of hexadecimal digits")]
pub struct TicketError;

/// A Steam session ticket, as hex digits (lowercased).
#[derive(Clone, PartialEq, Eq)]
pub struct SteamTicket(String);

impl SteamTicket {
    /// Checks the digits.
    pub fn parse(input: &str) -> Result<Self, TicketError> {
        let well_formed = (2..=TICKET_MAX_HEX).contains(&input.len())
            && input.len().is_multiple_of(2)
            && input.bytes().all(|b| b.is_ascii_hexdigit());
        if well_formed {
            Ok(Self(input.to_ascii_lowercase()))
        } else {
            Err(TicketError)
        }
    }

    /// The hex digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SteamTicket {
    /// A ticket is a credential: never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SteamTicket(…)")
    }
}

/// An identity string that is not 1–128 visible ASCII characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("String should match pattern '^[!-~]{{1,128}}$' (visible ASCII, no spaces)")]
pub struct IdentityStringError;

/// The identity string the client passed to `GetAuthTicketForWebApi`, naming the service the
/// ticket is for: 1–128 visible ASCII characters, sent to Steam as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketIdentity(String);

impl TicketIdentity {
    /// Checks the characters.
    pub fn parse(input: &str) -> Result<Self, IdentityStringError> {
        let visible = (1..=IDENTITY_MAX).contains(&input.len())
            && input.bytes().all(|b| b.is_ascii_graphic());
        if visible {
            Ok(Self(input.to_owned()))
        } else {
            Err(IdentityStringError)
        }
    }

    /// The string.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A 64-bit Steam id, as Steam writes it in decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SteamId(u64);

impl SteamId {
    /// The id `input` writes in decimal; zero is no account.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        if input.is_empty() || input.len() > 20 || !input.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        input.parse().ok().filter(|id| *id != 0).map(Self)
    }

    /// The id as a number.
    #[must_use]
    pub fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for SteamId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// What Steam says of a ticket it accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SteamVerdict {
    /// `steamid`: who is playing (the borrower, when the game is family-shared).
    pub steam_id: SteamId,
    /// `ownersteamid`: who owns the game; `steam_id` unless it is family-shared.
    pub owner_steam_id: SteamId,
    /// `vacbanned`: whether the player has a VAC ban for the game.
    pub vac_banned: bool,
    /// `publisherbanned`: whether the game's publisher banned the player.
    pub publisher_banned: bool,
}

/// What Roster keeps on a `STEAM` identity of the last ticket Steam accepted for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SteamStanding {
    /// Who owns the game the player plays (family sharing when not the player).
    pub owner_steam_id: SteamId,
    /// Whether Steam reported a VAC ban.
    pub vac_banned: bool,
    /// Whether Steam reported a publisher ban.
    pub publisher_banned: bool,
    /// When Steam said so.
    pub checked_at: Timestamp,
}

/// Why Steam refused a ticket, from the `errorcode` of its answer.
///
/// Steam documents `errorcode`/`errordesc` without listing the codes; these are the ones it is
/// seen to answer (3 and 101, 102) and the `EResult` values its codes follow for the rest.
/// Any other code is [`SteamRejection::Other`], carrying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SteamRejection {
    /// 3 or 8, "Invalid parameter": the ticket or identity is not one Steam can read.
    #[error("Steam could not read the ticket")]
    Malformed,
    /// 101, "Invalid ticket": forged, cancelled, or made for another identity string (Steam
    /// does not say which).
    #[error("Steam says the ticket is invalid (forged, cancelled, or made for another identity)")]
    Invalid,
    /// 102, "Ticket for other app": made for another game.
    #[error("The ticket was made for another Steam app")]
    OtherApp,
    /// 26, revoked.
    #[error("The ticket was revoked")]
    Revoked,
    /// 27, expired.
    #[error("The ticket has expired")]
    Expired,
    /// 28 or 29, already redeemed or a duplicate request: the ticket was used.
    #[error("The ticket was already used")]
    Reused,
    /// Any other code.
    #[error("Steam refused the ticket (error code {0})")]
    Other(i64),
}

impl SteamRejection {
    /// The rejection Steam's `errorcode` names.
    #[must_use]
    pub fn from_error_code(code: i64) -> Self {
        match code {
            3 | 8 => Self::Malformed,
            101 => Self::Invalid,
            102 => Self::OtherApp,
            26 => Self::Revoked,
            27 => Self::Expired,
            28 | 29 => Self::Reused,
            other => Self::Other(other),
        }
    }
}

/// Why an accepted ticket signs nobody in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SteamRefusal {
    /// The game's publisher banned the player, and the game refuses such players.
    #[error("The player is banned by the game's publisher")]
    PublisherBanned,
}

/// The `STEAM` identity key `verdict` signs in, and the standing to keep on it, for a game
/// that refuses publisher-banned players when `reject_publisher_banned`.
///
/// # Errors
///
/// [`SteamRefusal::PublisherBanned`] when Steam reports the ban and the game refuses it.
pub fn admit(
    verdict: &SteamVerdict,
    reject_publisher_banned: bool,
    now: Timestamp,
) -> Result<(ExternalKey, SteamStanding), SteamRefusal> {
    if verdict.publisher_banned && reject_publisher_banned {
        return Err(SteamRefusal::PublisherBanned);
    }
    let key = ExternalKey::of_steam_id(verdict.steam_id);
    let standing = SteamStanding {
        owner_steam_id: verdict.owner_steam_id,
        vac_banned: verdict.vac_banned,
        publisher_banned: verdict.publisher_banned,
        checked_at: now,
    };
    Ok((key, standing))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    const PLAYER: u64 = 76_561_198_000_000_001;
    const OWNER: u64 = 76_561_198_000_000_002;

    fn verdict(publisher_banned: bool) -> SteamVerdict {
        SteamVerdict {
            steam_id: SteamId(PLAYER),
            owner_steam_id: SteamId(OWNER),
            vac_banned: true,
            publisher_banned,
        }
    }

    #[test]
    fn tickets_are_an_even_number_of_hex_digits_kept_lowercase() {
        assert_eq!(SteamTicket::parse("0A1b").unwrap().as_str(), "0a1b");
        assert!(SteamTicket::parse("").is_err());
        assert!(SteamTicket::parse("abc").is_err(), "odd length");
        assert!(SteamTicket::parse("0g").is_err());
        assert!(SteamTicket::parse(&"ab".repeat(TICKET_MAX_HEX / 2)).is_ok());
        assert!(SteamTicket::parse(&"ab".repeat(TICKET_MAX_HEX / 2 + 1)).is_err());
    }

    #[test]
    fn a_ticket_never_prints() {
        let ticket = SteamTicket::parse("deadbeef").unwrap();
        assert!(!format!("{ticket:?}").contains("dead"));
    }

    #[test]
    fn identity_strings_are_visible_ascii() {
        assert_eq!(TicketIdentity::parse("roster").unwrap().as_str(), "roster");
        assert!(TicketIdentity::parse("").is_err());
        assert!(TicketIdentity::parse("a b").is_err());
        assert!(TicketIdentity::parse("é").is_err());
        assert!(TicketIdentity::parse(&"a".repeat(IDENTITY_MAX + 1)).is_err());
    }

    #[test]
    fn steam_ids_are_nonzero_decimal_u64() {
        assert_eq!(SteamId::parse("76561198000000001"), Some(SteamId(PLAYER)));
        assert_eq!(SteamId::parse("0"), None);
        assert_eq!(SteamId::parse("-1"), None);
        assert_eq!(SteamId::parse("18446744073709551616"), None, "past u64");
        assert_eq!(SteamId::parse(""), None);
    }

    #[test]
    fn each_known_error_code_is_named_and_the_rest_kept() {
        assert_eq!(
            SteamRejection::from_error_code(3),
            SteamRejection::Malformed
        );
        assert_eq!(
            SteamRejection::from_error_code(101),
            SteamRejection::Invalid
        );
        assert_eq!(
            SteamRejection::from_error_code(102),
            SteamRejection::OtherApp
        );
        assert_eq!(SteamRejection::from_error_code(27), SteamRejection::Expired);
        assert_eq!(SteamRejection::from_error_code(29), SteamRejection::Reused);
        assert_eq!(SteamRejection::from_error_code(26), SteamRejection::Revoked);
        assert_eq!(SteamRejection::from_error_code(7), SteamRejection::Other(7));
    }

    #[test]
    fn the_player_is_the_steam_id_and_the_standing_is_kept() {
        let now = at(1_000);
        let (key, standing) = admit(&verdict(false), true, now).unwrap();
        assert_eq!(key.as_str(), "76561198000000001");
        assert_eq!(standing.owner_steam_id, SteamId(OWNER));
        assert!(standing.vac_banned && !standing.publisher_banned);
        assert_eq!(standing.checked_at, now);
    }

    #[test]
    fn a_publisher_ban_refuses_only_when_the_game_says_so() {
        assert_eq!(
            admit(&verdict(true), true, at(0)),
            Err(SteamRefusal::PublisherBanned)
        );
        let (_, standing) = admit(&verdict(true), false, at(0)).unwrap();
        assert!(standing.publisher_banned, "kept for the admins to see");
    }
}
