//! The client API's use cases: sessions for game clients, token refresh, nonces, and the
//! client's own identity.

mod admit;
mod authenticate;
mod me;
mod nonce;
mod refresh;
mod start;
mod tokens;
mod unlink;

use roster_domain::IdentityId;
use roster_domain::client_session::ClientPrincipal;
use roster_domain::identity::IdentityDisplayName;

use crate::boxed::use_case_trait;
use crate::ports::{
    AccountRows, AuditTrail, Clock, Database, GameRows, IdentityRows, PlayerRows, Random,
    Revocations, SessionRows, TokenCodec,
};

pub use admit::GameRefusal;
pub(crate) use admit::{
    AdmitError, Proven, admit, candidate, open_game, refuse_banned, rename_player,
};
pub use authenticate::ClientAuthError;
pub use me::{GetMeError, Me, UpdateMeError};
pub use nonce::{IssuedNonce, NonceError};
pub use refresh::RefreshError;
pub use start::{StartSession, StartSessionError, StartedSession};
pub use tokens::{SessionTokens, issue};
pub use unlink::UnlinkError;

/// What the client use cases need of a connection.
pub trait ClientConn:
    GameRows + AccountRows + IdentityRows + PlayerRows + SessionRows + Revocations + AuditTrail
{
}

impl<T> ClientConn for T where
    T: GameRows + AccountRows + IdentityRows + PlayerRows + SessionRows + Revocations + AuditTrail
{
}

/// A database whose connections offer what the client use cases need: the one bound
/// their impls and the use-case trait state.
pub trait ClientDb: Database<Conn: ClientConn> {}

impl<D: Database<Conn: ClientConn>> ClientDb for D {}

/// The client use cases.
#[derive(Debug)]
pub struct ClientSessions<D, C, R, T> {
    db: D,
    clock: C,
    random: R,
    tokens: T,
}

impl<D: ClientDb, C: Clock, R: Random, T: TokenCodec> ClientSessions<D, C, R, T> {
    /// The use cases over `db`, with `clock`, nonces from `random`, tokens by `tokens`.
    pub fn new(db: D, clock: C, random: R, tokens: T) -> Self {
        Self {
            db,
            clock,
            random,
            tokens,
        }
    }
}

use_case_trait! {
    /// The client use cases as the HTTP adapter drives them.
    pub trait ClientUseCases for ClientSessions<D, C, R, T>
    where { D: ClientDb, C: Clock, R: Random, T: TokenCodec } {
        /// The client behind a bearer access token.
        fn authenticate(bearer: Option<&'a str>) -> Result<ClientPrincipal, ClientAuthError>
            = authenticate_client;
        /// Finds or creates the device identity and starts a session for it.
        fn start(input: StartSession) -> Result<StartedSession, StartSessionError>
            = start_session;
        /// Rotates a session's tokens.
        fn refresh(refresh_token: &'a str) -> Result<SessionTokens, RefreshError>
            = refresh_session;
        /// Issues a nonce to the client.
        fn nonce(client: &'a ClientPrincipal) -> Result<IssuedNonce, NonceError> = issue_nonce;
        /// The client's own identity, with its player's.
        fn me(client: &'a ClientPrincipal) -> Result<Me, GetMeError> = get_me;
        /// Changes the client's display name (`None` clears it), spending `nonce`.
        fn update_me(
            client: &'a ClientPrincipal,
            nonce: Option<&'a str>,
            display_name: Option<IdentityDisplayName>,
        ) -> Result<Me, UpdateMeError> = change_me;
        /// Unlinks one of the player's identities (never its last), spending `nonce`.
        fn unlink(
            client: &'a ClientPrincipal,
            nonce: Option<&'a str>,
            identity_id: IdentityId,
        ) -> Result<(), UnlinkError> = unlink_identity;
    }
}

#[cfg(test)]
mod tests;
