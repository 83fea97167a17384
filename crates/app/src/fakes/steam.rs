//! Steam's Web API in memory: each ticket a test registers has the answer Steam would give,
//! and every check asked is recorded, so a test can see what Roster sent.

use std::collections::BTreeMap;

use roster_domain::steam::SteamVerdict;

use super::FakeProofs;
use crate::ports::{SteamCheckError, SteamTickets, TicketCheck};

/// The answers Steam gives, by ticket, and the checks it was asked.
#[derive(Debug, Default)]
pub(crate) struct SteamAnswers {
    answers: BTreeMap<String, Result<SteamVerdict, SteamCheckError>>,
    asked: Vec<AskedCheck>,
}

/// A check as Steam saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AskedCheck {
    /// The app id.
    pub app_id: String,
    /// The publisher key.
    pub publisher_key: String,
    /// The identity string, if any.
    pub identity: Option<String>,
}

impl FakeProofs {
    /// Steam answers `answer` for `ticket` (hex digits).
    pub(crate) fn steam_answers(
        &self,
        ticket: &str,
        answer: Result<SteamVerdict, SteamCheckError>,
    ) {
        self.steam
            .lock()
            .expect("the Steam answers")
            .answers
            .insert(ticket.to_owned(), answer);
    }

    /// The checks Steam was asked, in order.
    pub(crate) fn steam_asked(&self) -> Vec<AskedCheck> {
        self.steam.lock().expect("the Steam answers").asked.clone()
    }
}

impl SteamTickets for FakeProofs {
    async fn authenticate(&self, check: TicketCheck<'_>) -> Result<SteamVerdict, SteamCheckError> {
        let mut steam = self.steam.lock().expect("the Steam answers");
        steam.asked.push(AskedCheck {
            app_id: check.app_id.as_str().to_owned(),
            publisher_key: check.publisher_key.expose().to_owned(),
            identity: check.identity.map(|identity| identity.as_str().to_owned()),
        });
        // An unknown ticket is what Steam calls invalid.
        steam
            .answers
            .get(check.ticket.as_str())
            .cloned()
            .unwrap_or(Err(SteamCheckError::Rejected(
                roster_domain::steam::SteamRejection::Invalid,
            )))
    }
}
