//! Game-client sessions: what their tokens claim, how refresh tokens rotate, and what makes a
//! token stop working before it expires.
//!
//! A session issues pairs of tokens, numbered by `version`. Refreshing with the current
//! refresh token rotates: a new pair, one version up. Presenting the refresh token of the
//! previous version within [`REFRESH_GRACE`] of the rotation (two refreshes racing from one
//! client) answers with the same new pair; presenting any other old refresh token is reuse — a
//! stolen token, or a stale client — and revokes the whole session. The claims of a pair are a
//! function of the session's state, so the same state always yields the very same tokens.

use time::Duration;

use crate::account::{Account, AccountStatus};
use crate::ban::Ban;
use crate::game::Game;
use crate::id::{AccountId, GameId, IdentityId, PlayerId, SessionId};
use crate::identity::Identity;
use crate::text::bounded_text;
use crate::timestamp::Timestamp;

/// How long an access token works.
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::minutes(15);
/// How long a session's refresh tokens work, from the session's start: refreshing does not
/// extend it.
pub const REFRESH_LIFETIME: Duration = Duration::days(30);
/// How long after a rotation the previous refresh token still yields the new pair.
pub const REFRESH_GRACE: Duration = Duration::seconds(10);
/// Most bytes of a session's metadata, as compact JSON.
pub const METADATA_MAX_BYTES: usize = 4 * 1024;

bounded_text!(
    /// The platform a client reports (`ios`, `android`, `pc`, …): 1–64 characters.
    Platform,
    1,
    64
);

/// Why client metadata was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    /// More than [`METADATA_MAX_BYTES`] of JSON.
    #[error("metadata must be at most {METADATA_MAX_BYTES} bytes of JSON")]
    TooLarge,
    /// A string or key holding NUL (U+0000), which PostgreSQL's `jsonb` cannot store.
    #[error("metadata must not contain NUL characters")]
    Nul,
}

/// A client's metadata: a JSON object (checked by the adapter that parses it), kept as
/// compact JSON text of at most [`METADATA_MAX_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionMetadata(String);

impl SessionMetadata {
    /// The metadata from the compact JSON text of an object.
    pub fn from_json_object(json: String) -> Result<Self, MetadataError> {
        if json.len() > METADATA_MAX_BYTES {
            Err(MetadataError::TooLarge)
        } else if escapes_nul(&json) {
            Err(MetadataError::Nul)
        } else {
            Ok(Self(json))
        }
    }

    /// The JSON text.
    #[must_use]
    pub fn as_json(&self) -> &str {
        &self.0
    }
}

/// Whether JSON text holds the escape `\u0000`: outside strings JSON has no backslashes, and
/// inside them each backslash starts an escape, so a scan that skips escaped characters sees
/// every escape exactly once.
fn escapes_nul(json: &str) -> bool {
    let mut rest = json;
    while let Some(at) = rest.find('\\') {
        let escape = &rest[at + 1..];
        if escape.starts_with("u0000") {
            return true;
        }
        // Skip the escaped character (ASCII in valid JSON) so `\\u0000` is not taken for NUL.
        rest = escape.get(1..).unwrap_or_default();
    }
    false
}

/// Which of a pair a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenType {
    /// Authenticates requests; short-lived.
    Access,
    /// Obtains a new pair; single use.
    Refresh,
}

impl TokenType {
    /// The `typ` claim.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Refresh => "refresh",
        }
    }

    /// Parses the `typ` claim.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        [Self::Access, Self::Refresh]
            .into_iter()
            .find(|typ| typ.as_str() == input)
    }
}

/// What a token claims (`iss` and `aud` are the signer's, fixed per deployment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenClaims {
    /// The identity (`sub`).
    pub identity_id: IdentityId,
    /// Its player (`player_id`); `None` in tokens issued before players existed.
    pub player_id: Option<PlayerId>,
    /// Its account.
    pub account_id: AccountId,
    /// Its game.
    pub game_id: GameId,
    /// The session (`sid`).
    pub session_id: SessionId,
    /// The pair's version (`ver`).
    pub version: u32,
    /// Access or refresh (`typ`).
    pub token_type: TokenType,
    /// Whether the session is in test mode.
    pub test_mode: bool,
    /// Issued at, in Unix seconds (`iat`).
    pub issued_at: i64,
    /// Expires at, in Unix seconds (`exp`).
    pub expires_at: i64,
}

/// The claims of one pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPair {
    /// The access token's.
    pub access: TokenClaims,
    /// The refresh token's.
    pub refresh: TokenClaims,
}

/// A game-client session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSession {
    /// Its id.
    pub id: SessionId,
    /// The identity it signs in.
    pub identity_id: IdentityId,
    /// The identity's player when the session started (an identity changes players only by
    /// a merge, which ends its sessions).
    pub player_id: PlayerId,
    /// The identity's account.
    pub account_id: AccountId,
    /// The identity's game.
    pub game_id: GameId,
    /// The current pair's version.
    pub version: u32,
    /// When the current pair was issued.
    pub issued_at: Timestamp,
    /// When its refresh tokens stop working, whatever their version.
    pub refresh_expires_at: Timestamp,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
    /// The client's platform.
    pub platform: Option<Platform>,
    /// The client's metadata.
    pub metadata: Option<SessionMetadata>,
    /// Whether the session is in test mode.
    pub test_mode: bool,
    /// When it started.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
}

/// What a valid refresh does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refresh {
    /// The session moves to a new pair.
    Rotated(Box<ClientSession>),
    /// A racing refresh: the session's current pair, unchanged.
    Replayed,
}

/// Why a refresh token gets nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RefreshRefusal {
    /// The session was revoked.
    #[error("the session was revoked")]
    Revoked,
    /// The session's refresh lifetime is over.
    #[error("the session expired")]
    Expired,
    /// The token is not one of this session's.
    #[error("the token does not belong to the session")]
    Mismatch,
    /// An old refresh token, outside the grace window: the session must be revoked.
    #[error("a rotated refresh token was reused")]
    Reuse,
}

/// Unix seconds, for claims.
fn seconds(at: Timestamp) -> i64 {
    at.as_datetime().unix_timestamp()
}

/// What a client says of itself when a session starts for it, kept with the session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientInfo {
    /// Its platform, if it said.
    pub platform: Option<Platform>,
    /// Its metadata, if it gave any.
    pub metadata: Option<SessionMetadata>,
    /// Whether the session is in test mode (a token claim too).
    pub test_mode: bool,
}

impl ClientSession {
    /// A new session for `identity` and the client that `client` describes, its first pair
    /// issued `now`.
    #[must_use]
    pub fn start(identity: &Identity, client: ClientInfo, now: Timestamp) -> Self {
        let ClientInfo {
            platform,
            metadata,
            test_mode,
        } = client;
        Self {
            id: SessionId::new(),
            identity_id: identity.id,
            player_id: identity.player_id,
            account_id: identity.account_id,
            game_id: identity.game_id,
            version: 1,
            issued_at: now,
            refresh_expires_at: now.plus(REFRESH_LIFETIME),
            revoked_at: None,
            platform,
            metadata,
            test_mode,
            created_at: now,
            updated_at: now,
        }
    }

    /// Whether it was revoked.
    #[must_use]
    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }

    /// The claims of the current pair: the same for the same state, so the same tokens.
    #[must_use]
    pub fn pair(&self) -> TokenPair {
        let issued_at = seconds(self.issued_at);
        let claims = |token_type, expires_at| TokenClaims {
            identity_id: self.identity_id,
            player_id: Some(self.player_id),
            account_id: self.account_id,
            game_id: self.game_id,
            session_id: self.id,
            version: self.version,
            token_type,
            test_mode: self.test_mode,
            issued_at,
            expires_at,
        };
        TokenPair {
            access: claims(
                TokenType::Access,
                issued_at + ACCESS_TOKEN_LIFETIME.whole_seconds(),
            ),
            refresh: claims(TokenType::Refresh, seconds(self.refresh_expires_at)),
        }
    }

    /// What presenting the (verified) refresh token `presented` at `now` does.
    pub fn refresh(
        &self,
        presented: &TokenClaims,
        now: Timestamp,
    ) -> Result<Refresh, RefreshRefusal> {
        if presented.session_id != self.id
            || presented.identity_id != self.identity_id
            || presented.token_type != TokenType::Refresh
        {
            return Err(RefreshRefusal::Mismatch);
        }
        if self.is_revoked() {
            return Err(RefreshRefusal::Revoked);
        }
        if now >= self.refresh_expires_at {
            return Err(RefreshRefusal::Expired);
        }
        if presented.version == self.version {
            let mut next = self.clone();
            next.version = self.version.saturating_add(1);
            next.issued_at = now;
            next.updated_at = now;
            return Ok(Refresh::Rotated(Box::new(next)));
        }
        let previous = presented.version.checked_add(1) == Some(self.version);
        if previous && now < self.issued_at.plus(REFRESH_GRACE) {
            return Ok(Refresh::Replayed);
        }
        Err(RefreshRefusal::Reuse)
    }

    /// The session revoked at `now` (kept as it is if it already was).
    #[must_use]
    pub fn revoked(&self, now: Timestamp) -> Self {
        let mut next = self.clone();
        if next.revoked_at.is_none() {
            next.revoked_at = Some(now);
            next.updated_at = now;
        }
        next
    }
}

/// Why a game takes no new session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SessionGate {
    /// The game, or its account, is deleted.
    #[error("Game not found")]
    GameGone,
    /// The game's account is suspended.
    #[error("The game's account is suspended")]
    AccountSuspended,
}

/// Whether `game` of `account` takes new sessions: both live, the account active.
pub fn admits_sessions(game: &Game, account: &Account) -> Result<(), SessionGate> {
    if game.is_deleted() || account.is_deleted() || game.account_id != account.id {
        Err(SessionGate::GameGone)
    } else if account.status != AccountStatus::Active {
        Err(SessionGate::AccountSuspended)
    } else {
        Ok(())
    }
}

/// Who a game client is, once its access token checks out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientPrincipal {
    /// The identity.
    pub identity_id: IdentityId,
    /// Its player.
    pub player_id: PlayerId,
    /// Its account.
    pub account_id: AccountId,
    /// Its game.
    pub game_id: GameId,
    /// The session.
    pub session_id: SessionId,
}

/// Everything that decides whether a verified access token still works, read in one lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredential {
    /// The token's session.
    pub session: ClientSession,
    /// Whether the session's identity is deleted.
    pub identity_deleted: bool,
    /// Whether the identity's game is deleted.
    pub game_deleted: bool,
    /// The account's status.
    pub account_status: AccountStatus,
    /// Whether the account is deleted.
    pub account_deleted: bool,
    /// The ban of the session's player that prevails at the time of the lookup, if one does.
    pub ban: Option<Ban>,
}

/// Why a verified token does not let its client in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialRefusal {
    /// The session was revoked, or its identity, game or account is gone or suspended.
    Invalid,
    /// The session's player is banned: the client learns why and until when.
    Banned(Box<Ban>),
}

impl ClientCredential {
    /// Whether the session's identity, game and account are still there and usable (the
    /// session's own revocation aside).
    #[must_use]
    pub fn surroundings_usable(&self) -> bool {
        !self.identity_deleted
            && !self.game_deleted
            && self.account_status == AccountStatus::Active
            && !self.account_deleted
    }

    /// The client behind `claims` (a verified, unexpired access token) at `now` if its
    /// session is not revoked, its identity, game and account are still there and usable, and
    /// no ban of its player applies.
    ///
    /// # Errors
    ///
    /// `Invalid` for a token that no longer works (the client must sign in again), `Banned`
    /// for a banned player's (which is why it must not sign in again).
    pub fn authenticate(
        &self,
        claims: &TokenClaims,
        now: Timestamp,
    ) -> Result<ClientPrincipal, CredentialRefusal> {
        let session = &self.session;
        let matches = claims.token_type == TokenType::Access
            && claims.session_id == session.id
            && claims.identity_id == session.identity_id;
        if !matches || session.is_revoked() || !self.surroundings_usable() {
            return Err(CredentialRefusal::Invalid);
        }
        if let Some(ban) = self.ban.as_ref().filter(|ban| ban.applies_at(now)) {
            return Err(CredentialRefusal::Banned(Box::new(ban.clone())));
        }
        Ok(ClientPrincipal {
            identity_id: session.identity_id,
            player_id: session.player_id,
            account_id: session.account_id,
            game_id: session.game_id,
            session_id: session.id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{ExternalKey, IdentityKind};

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_unix_micros(seconds * 1_000_000).unwrap()
    }

    #[test]
    fn metadata_refuses_nul_in_strings_and_keys_but_not_its_spelling() {
        let metadata = |json: &str| SessionMetadata::from_json_object(json.to_owned());
        assert_eq!(metadata(r#"{"a":"x\u0000"}"#), Err(MetadataError::Nul));
        assert_eq!(metadata(r#"{"\u0000":1}"#), Err(MetadataError::Nul));
        // A literal backslash followed by `u0000` is six ordinary characters.
        assert!(metadata(r#"{"a":"\\u0000"}"#).is_ok());
        assert!(metadata(r#"{"a":"\"\u0001"}"#).is_ok());
        assert_eq!(
            metadata(&format!(r#"{{"a":"{}"}}"#, "x".repeat(METADATA_MAX_BYTES))),
            Err(MetadataError::TooLarge)
        );
    }

    fn session() -> ClientSession {
        let game = crate::game::fixture(AccountId::new());
        let identity = Identity::new(
            &crate::player::fixture(&game),
            IdentityKind::Device,
            ExternalKey::parse(IdentityKind::Device, &"a".repeat(64)).unwrap(),
            None,
            at(0),
        );
        ClientSession::start(
            &identity,
            ClientInfo {
                test_mode: true,
                ..ClientInfo::default()
            },
            at(1_000),
        )
    }

    #[test]
    fn a_pair_claims_fifteen_minutes_and_thirty_days_from_the_start() {
        let session = session();
        let pair = session.pair();
        assert_eq!(pair.access.expires_at - pair.access.issued_at, 900);
        assert_eq!(pair.refresh.expires_at, 1_000 + 30 * 24 * 3600);
        assert_eq!(pair.access.version, 1);
        assert!(pair.access.test_mode);
        assert_eq!(pair, session.pair(), "the same state gives the same claims");
    }

    #[test]
    fn refreshing_with_the_current_token_rotates_without_extending_the_lifetime() {
        let session = session();
        let Ok(Refresh::Rotated(next)) = session.refresh(&session.pair().refresh, at(2_000)) else {
            panic!("expected a rotation");
        };
        assert_eq!(next.version, 2);
        assert_eq!(next.refresh_expires_at, session.refresh_expires_at);
        assert_eq!(
            next.pair().refresh.expires_at,
            session.pair().refresh.expires_at
        );
        assert_eq!(next.pair().access.issued_at, 2_000);
    }

    #[test]
    fn the_previous_token_within_the_grace_window_replays_the_new_pair() {
        let session = session();
        let old = session.pair().refresh;
        let Ok(Refresh::Rotated(next)) = session.refresh(&old, at(2_000)) else {
            panic!("expected a rotation");
        };
        assert_eq!(next.refresh(&old, at(2_009)), Ok(Refresh::Replayed));
        assert_eq!(next.refresh(&old, at(2_010)), Err(RefreshRefusal::Reuse));
    }

    #[test]
    fn older_tokens_are_reuse() {
        let session = session();
        let first = session.pair().refresh;
        let Ok(Refresh::Rotated(second)) = session.refresh(&first, at(2_000)) else {
            panic!("expected a rotation");
        };
        let Ok(Refresh::Rotated(third)) = second.refresh(&second.pair().refresh, at(2_001)) else {
            panic!("expected a rotation");
        };
        assert_eq!(third.refresh(&first, at(2_002)), Err(RefreshRefusal::Reuse));
    }

    #[test]
    fn revoked_expired_and_foreign_tokens_get_nothing() {
        let session = session();
        let token = session.pair().refresh;
        assert_eq!(
            session.revoked(at(1_500)).refresh(&token, at(1_600)),
            Err(RefreshRefusal::Revoked)
        );
        assert_eq!(
            session.refresh(&token, session.refresh_expires_at),
            Err(RefreshRefusal::Expired)
        );
        let mut foreign = token.clone();
        foreign.session_id = SessionId::new();
        assert_eq!(
            session.refresh(&foreign, at(1_600)),
            Err(RefreshRefusal::Mismatch)
        );
        assert_eq!(
            session.refresh(&session.pair().access, at(1_600)),
            Err(RefreshRefusal::Mismatch),
            "an access token does not refresh"
        );
    }

    #[test]
    fn an_access_token_stops_with_its_session_identity_game_or_account() {
        let session = session();
        let claims = session.pair().access;
        let credential = ClientCredential {
            session: session.clone(),
            identity_deleted: false,
            game_deleted: false,
            account_status: AccountStatus::Active,
            account_deleted: false,
            ban: None,
        };
        let now = at(1_001);
        assert!(credential.authenticate(&claims, now).is_ok());
        assert_eq!(
            credential.authenticate(&session.pair().refresh, now),
            Err(CredentialRefusal::Invalid)
        );
        type Spoil = fn(&mut ClientCredential);
        let cases: [Spoil; 5] = [
            |c| c.session.revoked_at = Some(at(1)),
            |c| c.identity_deleted = true,
            |c| c.game_deleted = true,
            |c| c.account_status = AccountStatus::Suspended,
            |c| c.account_deleted = true,
        ];
        for spoil in cases {
            let mut spoiled = credential.clone();
            spoil(&mut spoiled);
            assert_eq!(
                spoiled.authenticate(&claims, now),
                Err(CredentialRefusal::Invalid)
            );
        }
    }

    #[test]
    fn a_ban_refuses_a_working_token_until_it_lapses_but_not_a_dead_one() {
        let session = session();
        let claims = session.pair().access;
        let game = crate::game::fixture(session.account_id);
        let player = crate::player::Player {
            id: session.player_id,
            ..crate::player::fixture(&game)
        };
        let reason = crate::ban::BanReason::parse("griefing").unwrap();
        let ban = Ban::new(&player, reason, Some(at(2_000)), None, at(1_000)).unwrap();
        let credential = ClientCredential {
            session: session.clone(),
            identity_deleted: false,
            game_deleted: false,
            account_status: AccountStatus::Active,
            account_deleted: false,
            ban: Some(ban.clone()),
        };
        assert_eq!(
            credential.authenticate(&claims, at(1_500)),
            Err(CredentialRefusal::Banned(Box::new(ban)))
        );
        assert!(credential.authenticate(&claims, at(2_000)).is_ok());
        let mut revoked = credential;
        revoked.session.revoked_at = Some(at(1_100));
        assert_eq!(
            revoked.authenticate(&claims, at(1_500)),
            Err(CredentialRefusal::Invalid),
            "a dead token is a 401 whatever the player's standing"
        );
    }

    #[test]
    fn only_live_games_of_active_accounts_admit_sessions() {
        let account = crate::account::fixture();
        let game = crate::game::fixture(account.id);
        assert_eq!(admits_sessions(&game, &account), Ok(()));
        let mut deleted_game = game.clone();
        deleted_game.deleted_at = Some(at(1));
        assert_eq!(
            admits_sessions(&deleted_game, &account),
            Err(SessionGate::GameGone)
        );
        let mut suspended = account.clone();
        suspended.status = AccountStatus::Suspended;
        assert_eq!(
            admits_sessions(&game, &suspended),
            Err(SessionGate::AccountSuspended)
        );
        let mut deleted_account = account;
        deleted_account.deleted_at = Some(at(1));
        assert_eq!(
            admits_sessions(&game, &deleted_account),
            Err(SessionGate::GameGone)
        );
    }

    #[test]
    fn metadata_is_limited_to_four_kibibytes() {
        assert!(SessionMetadata::from_json_object("{}".to_owned()).is_ok());
        let big = format!("{{\"k\":\"{}\"}}", "x".repeat(4_100));
        assert_eq!(
            SessionMetadata::from_json_object(big),
            Err(MetadataError::TooLarge)
        );
    }
}
