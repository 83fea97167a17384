//! Steam's Web API over HTTPS: `ISteamUserAuth/AuthenticateUserTicket/v1`, the call that says
//! whose a session ticket from `GetAuthTicketForWebApi` is.
//!
//! Steam answers `200` with `{"response":{"params":{"result":"OK","steamid":…}}}` or with
//! `{"response":{"error":{"errorcode":N,"errordesc":"…"}}}`, and `401`/`403` when the publisher
//! key is not good. The key and the ticket travel in the query string, so no URL ever reaches a
//! log or an error: reqwest's errors are stripped of theirs.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::RETRY_AFTER;
use roster_app::ports::{SteamCheckError, SteamTickets, TicketCheck};
use roster_domain::steam::{SteamId, SteamRejection, SteamVerdict};
use serde::Deserialize;

use super::outbound::{ReadError, client_builder, describe, read_limited};
use crate::config::SteamApi;

/// The path of the call, under the configured base.
const AUTHENTICATE_PATH: &str = "ISteamUserAuth/AuthenticateUserTicket/v1/";
/// The most of an answer read: Steam's is a few hundred bytes.
const ANSWER_LIMIT: usize = 64 * 1024;
/// How long a client is asked to wait when Steam does not say.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);
/// The longest wait passed on from Steam's own `Retry-After`.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(300);

/// Steam's Web API client.
#[derive(Debug, Clone)]
pub struct SteamWebApi {
    client: reqwest::Client,
    endpoint: reqwest::Url,
}

impl SteamWebApi {
    /// A client of the API at `config.base_url`, each call bounded by `config.timeout`.
    ///
    /// # Errors
    ///
    /// When the TLS stack cannot be set up (no crypto provider installed).
    pub fn new(config: &SteamApi) -> Result<Self, reqwest::Error> {
        let client = client_builder(config.timeout).build()?;
        let mut base = config.base_url.clone();
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let endpoint = base.join(AUTHENTICATE_PATH).unwrap_or(base);
        Ok(Self { client, endpoint })
    }
}

fn unavailable(reason: impl Into<String>, retry_after: Duration) -> SteamCheckError {
    SteamCheckError::Unavailable {
        reason: reason.into(),
        retry_after,
    }
}

/// Steam's `Retry-After` in seconds, bounded; the default when it gives none.
fn retry_after(response: &reqwest::Response) -> Duration {
    response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .map_or(DEFAULT_RETRY_AFTER, |seconds| {
            Duration::from_secs(seconds.max(1)).min(MAX_RETRY_AFTER)
        })
}

impl SteamTickets for SteamWebApi {
    async fn authenticate(&self, check: TicketCheck<'_>) -> Result<SteamVerdict, SteamCheckError> {
        let mut query = vec![
            ("key", check.publisher_key.expose()),
            ("appid", check.app_id.as_str()),
            ("ticket", check.ticket.as_str()),
        ];
        if let Some(identity) = check.identity {
            query.push(("identity", identity.as_str()));
        }
        let response = self
            .client
            .get(self.endpoint.clone())
            .query(&query)
            .send()
            .await
            .map_err(|error| unavailable(describe(error), DEFAULT_RETRY_AFTER))?;
        let status = response.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(SteamCheckError::KeyRefused);
        }
        if !status.is_success() {
            return Err(unavailable(
                format!("Steam answered {status}"),
                retry_after(&response),
            ));
        }
        let body = read_limited(response, ANSWER_LIMIT)
            .await
            .map_err(|error| match error {
                ReadError::TooLong => {
                    unavailable("Steam's answer is too long", DEFAULT_RETRY_AFTER)
                }
                ReadError::Failed(reason) => unavailable(reason, DEFAULT_RETRY_AFTER),
            })?;
        parse_answer(&body)
    }
}

/// `{"response": …}`.
#[derive(Debug, Deserialize)]
struct Envelope {
    response: Answer,
}

/// Either the ticket's owner or an error.
#[derive(Debug, Deserialize)]
struct Answer {
    params: Option<Params>,
    error: Option<ErrorBody>,
}

#[derive(Debug, Deserialize)]
struct Params {
    result: String,
    steamid: IdText,
    ownersteamid: Option<IdText>,
    #[serde(default)]
    vacbanned: bool,
    #[serde(default)]
    publisherbanned: bool,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    errorcode: i64,
}

/// A Steam id as Steam writes it: a decimal string, or (in some answers) a bare number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum IdText {
    Text(String),
    Number(u64),
}

impl IdText {
    fn steam_id(&self) -> Option<SteamId> {
        match self {
            Self::Text(text) => SteamId::parse(text),
            Self::Number(number) => SteamId::parse(&number.to_string()),
        }
    }
}

/// What Steam's answer says: the verdict, Steam's refusal, or that it is not the documented
/// JSON (then Steam counts as unavailable: no answer Roster cannot read ever signs anyone in).
fn parse_answer(body: &[u8]) -> Result<SteamVerdict, SteamCheckError> {
    let unreadable =
        |what: &str| unavailable(format!("Steam's answer {what}"), DEFAULT_RETRY_AFTER);
    let envelope: Envelope =
        serde_json::from_slice(body).map_err(|_| unreadable("is not its documented JSON"))?;
    match (envelope.response.params, envelope.response.error) {
        (_, Some(error)) => Err(SteamRejection::from_error_code(error.errorcode).into()),
        (Some(params), None) if params.result == "OK" => {
            let steam_id = params
                .steamid
                .steam_id()
                .ok_or_else(|| unreadable("names no Steam id"))?;
            let owner_steam_id = match &params.ownersteamid {
                None => steam_id,
                Some(owner) => owner
                    .steam_id()
                    .ok_or_else(|| unreadable("names no owner Steam id"))?,
            };
            Ok(SteamVerdict {
                steam_id,
                owner_steam_id,
                vac_banned: params.vacbanned,
                publisher_banned: params.publisherbanned,
            })
        }
        (Some(_), None) => Err(unreadable("has a result other than OK")),
        (None, None) => Err(unreadable("has neither params nor error")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ok_answer_names_the_player_the_owner_and_the_bans() {
        let verdict = parse_answer(
            br#"{"response":{"params":{"result":"OK","steamid":"76561198000000001",
                "ownersteamid":"76561198000000002","vacbanned":true,"publisherbanned":false}}}"#,
        )
        .unwrap();
        assert_eq!(verdict.steam_id.to_string(), "76561198000000001");
        assert_eq!(verdict.owner_steam_id.to_string(), "76561198000000002");
        assert!(verdict.vac_banned && !verdict.publisher_banned);
    }

    #[test]
    fn missing_owner_and_bans_mean_the_player_owns_it_unbanned_and_numbers_are_read() {
        let verdict =
            parse_answer(br#"{"response":{"params":{"result":"OK","steamid":76561198000000001}}}"#)
                .unwrap();
        assert_eq!(verdict.owner_steam_id, verdict.steam_id);
        assert!(!verdict.vac_banned && !verdict.publisher_banned);
    }

    #[test]
    fn an_error_answer_is_the_rejection_its_code_names() {
        let refused = parse_answer(
            br#"{"response":{"error":{"errorcode":101,"errordesc":"Invalid ticket"}}}"#,
        );
        assert_eq!(
            refused,
            Err(SteamCheckError::Rejected(SteamRejection::Invalid))
        );
        let other = parse_answer(
            br#"{"response":{"error":{"errorcode":102,"errordesc":"Ticket for other app"}}}"#,
        );
        assert_eq!(
            other,
            Err(SteamCheckError::Rejected(SteamRejection::OtherApp))
        );
    }

    #[test]
    fn anything_else_is_unavailable_never_a_sign_in() {
        for body in [
            &b"<html>Forbidden</html>"[..],
            br#"{"response":{}}"#,
            br#"{"response":{"params":{"result":"Fail","steamid":"1"}}}"#,
            br#"{"response":{"params":{"result":"OK","steamid":"0"}}}"#,
            br#"{"response":{"params":{"result":"OK","steamid":"not a number"}}}"#,
            br#"{"response":{"params":{"result":"OK"}}}"#,
        ] {
            assert!(
                matches!(parse_answer(body), Err(SteamCheckError::Unavailable { .. })),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
