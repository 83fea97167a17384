//! The client API's use cases: sessions for game clients, token refresh, nonces, and the
//! client's own identity.

mod authenticate;
mod me;
mod nonce;
mod refresh;
mod start;
mod tokens;

use roster_domain::client_session::ClientPrincipal;
use roster_domain::identity::{Identity, IdentityDisplayName};

use crate::BoxFuture;
use crate::ports::{
    AccountRows, Clock, Database, GameRows, IdentityRows, Random, Revocations, SessionRows,
    TokenCodec,
};

pub use authenticate::ClientAuthError;
pub use me::{GetMeError, UpdateMeError};
pub use nonce::{IssuedNonce, NonceError};
pub use refresh::RefreshError;
pub use start::{StartSession, StartSessionError, StartedSession};
pub use tokens::{SessionTokens, issue};

/// What the client use cases need of a connection.
pub trait ClientConn: GameRows + AccountRows + IdentityRows + SessionRows + Revocations {}

impl<T> ClientConn for T where T: GameRows + AccountRows + IdentityRows + SessionRows + Revocations {}

/// The client use cases.
#[derive(Debug)]
pub struct ClientSessions<D, C, R, T> {
    db: D,
    clock: C,
    random: R,
    tokens: T,
}

impl<D, C, R, T> ClientSessions<D, C, R, T>
where
    D: Database,
    D::Conn: ClientConn,
    C: Clock,
    R: Random,
    T: TokenCodec,
{
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

/// The client use cases as the HTTP adapter drives them.
pub trait ClientUseCases: Send + Sync + 'static {
    /// The client behind a bearer access token.
    fn authenticate<'a>(
        &'a self,
        bearer: Option<&'a str>,
    ) -> BoxFuture<'a, Result<ClientPrincipal, ClientAuthError>>;

    /// Finds or creates the device identity and starts a session for it.
    fn start<'a>(
        &'a self,
        input: StartSession,
    ) -> BoxFuture<'a, Result<StartedSession, StartSessionError>>;

    /// Rotates a session's tokens.
    fn refresh<'a>(
        &'a self,
        refresh_token: &'a str,
    ) -> BoxFuture<'a, Result<SessionTokens, RefreshError>>;

    /// Issues a nonce to the client.
    fn nonce<'a>(
        &'a self,
        client: &'a ClientPrincipal,
    ) -> BoxFuture<'a, Result<IssuedNonce, NonceError>>;

    /// The client's own identity.
    fn me<'a>(&'a self, client: &'a ClientPrincipal)
    -> BoxFuture<'a, Result<Identity, GetMeError>>;

    /// Changes the client's display name (`None` clears it), spending `nonce`.
    fn update_me<'a>(
        &'a self,
        client: &'a ClientPrincipal,
        nonce: Option<&'a str>,
        display_name: Option<IdentityDisplayName>,
    ) -> BoxFuture<'a, Result<Identity, UpdateMeError>>;
}

impl<D, C, R, T> ClientUseCases for ClientSessions<D, C, R, T>
where
    D: Database,
    D::Conn: ClientConn,
    C: Clock,
    R: Random,
    T: TokenCodec,
{
    fn authenticate<'a>(
        &'a self,
        bearer: Option<&'a str>,
    ) -> BoxFuture<'a, Result<ClientPrincipal, ClientAuthError>> {
        Box::pin(self.authenticate_client(bearer))
    }

    fn start<'a>(
        &'a self,
        input: StartSession,
    ) -> BoxFuture<'a, Result<StartedSession, StartSessionError>> {
        Box::pin(self.start_session(input))
    }

    fn refresh<'a>(
        &'a self,
        refresh_token: &'a str,
    ) -> BoxFuture<'a, Result<SessionTokens, RefreshError>> {
        Box::pin(self.refresh_session(refresh_token))
    }

    fn nonce<'a>(
        &'a self,
        client: &'a ClientPrincipal,
    ) -> BoxFuture<'a, Result<IssuedNonce, NonceError>> {
        Box::pin(self.issue_nonce(client))
    }

    fn me<'a>(
        &'a self,
        client: &'a ClientPrincipal,
    ) -> BoxFuture<'a, Result<Identity, GetMeError>> {
        Box::pin(self.get_me(client))
    }

    fn update_me<'a>(
        &'a self,
        client: &'a ClientPrincipal,
        nonce: Option<&'a str>,
        display_name: Option<IdentityDisplayName>,
    ) -> BoxFuture<'a, Result<Identity, UpdateMeError>> {
        Box::pin(self.change_me(client, nonce, display_name))
    }
}

#[cfg(test)]
mod tests;
