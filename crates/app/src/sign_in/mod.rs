//! Verified sign-in: game clients prove who they are with a platform's proof (DESIGN §9), and
//! get the session `POST /v1/client/sessions` gives.
//!
//! Each proof is checked through a port (the signature of a custom token, later Steam's Web API
//! and an OpenID provider's keys); what the checked claims mean is the domain's; the identity
//! is found or created and its session started as for a device, in one transaction.

mod custom;
mod link;
mod oidc;
mod steam;

use roster_domain::GameId;
use roster_domain::client_session::{ClientPrincipal, SessionGate};
use roster_domain::game::Game;

use crate::boxed::use_case_trait;
use crate::client::{ClientConn, GameRefusal, StartedSession, open_game};
use crate::ports::{
    Clock, CustomTokenVerifier, Database, OidcProviderRows, OidcVerifier, Sealer, SteamTickets,
    StoreError, TokenCodec,
};

pub use custom::{CustomSignIn, CustomSignInError};
pub use link::{LinkError, LinkProof, Linked};
use oidc::oidc_proven;
pub use oidc::{OidcSignIn, OidcSignInError};
use steam::steam_proven;
pub use steam::{SteamSignIn, SteamSignInError};

/// Every proof check sign-in makes: one adapter (or fake) answers them all.
pub trait Proofs: CustomTokenVerifier + SteamTickets + OidcVerifier {}

impl<P: CustomTokenVerifier + SteamTickets + OidcVerifier> Proofs for P {}

/// What sign-in needs of a connection: a client's, and the games' OpenID providers.
pub trait SignInConn: ClientConn + OidcProviderRows {}

impl<T: ClientConn + OidcProviderRows> SignInConn for T {}

/// A database whose connections offer what sign-in needs.
pub trait SignInDb: Database<Conn: SignInConn> {}

impl<D: Database<Conn: SignInConn>> SignInDb for D {}

/// The sign-in use cases: over a database and a clock, signing session tokens with `tokens`,
/// opening the games' secrets with `sealer`, checking proofs with `proofs` (custom tokens'
/// signatures, Steam tickets, `id_token` signatures).
#[derive(Debug)]
pub struct SignIns<D, C, T, S, P> {
    db: D,
    clock: C,
    tokens: T,
    sealer: S,
    proofs: P,
}

impl<D: SignInDb, C: Clock, T: TokenCodec, S: Sealer, P: Proofs> SignIns<D, C, T, S, P> {
    /// The use cases over their ports.
    pub fn new(db: D, clock: C, tokens: T, sealer: S, proofs: P) -> Self {
        Self {
            db,
            clock,
            tokens,
            sealer,
            proofs,
        }
    }
}

/// Why the game takes no sign-in: its part of every sign-in error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GameClosed {
    /// The game, or its account, is missing or deleted.
    #[error("Game not found")]
    NotFound,
    /// The game's account is suspended.
    #[error("The game's account is suspended")]
    AccountSuspended,
}

impl From<SessionGate> for GameClosed {
    fn from(gate: SessionGate) -> Self {
        match gate {
            SessionGate::GameGone => Self::NotFound,
            SessionGate::AccountSuspended => Self::AccountSuspended,
        }
    }
}

/// The game `id` when it takes sign-ins, or why not, as the error of any sign-in.
async fn game_open<Conn, E>(conn: &mut Conn, id: GameId) -> Result<Game, E>
where
    Conn: ClientConn,
    E: From<GameClosed> + From<StoreError>,
{
    open_game(conn, id).await.map_err(|refusal| match refusal {
        GameRefusal::Gate(gate) => GameClosed::from(gate).into(),
        GameRefusal::Store(error) => error.into(),
    })
}

use_case_trait! {
    /// The sign-in use cases as the HTTP adapter drives them.
    pub trait SignInUseCases for SignIns<D, C, T, S, P>
    where { D: SignInDb, C: Clock, T: TokenCodec, S: Sealer, P: Proofs } {
        /// Signs in with a custom token a studio's backend signed.
        fn custom(input: CustomSignIn) -> Result<StartedSession, CustomSignInError>
            = custom_sign_in;
        /// Signs in with a Steam session ticket.
        fn steam(input: SteamSignIn) -> Result<StartedSession, SteamSignInError>
            = steam_sign_in;
        /// Signs in with an OpenID Connect `id_token`.
        fn oidc(input: OidcSignIn) -> Result<StartedSession, OidcSignInError>
            = oidc_sign_in;
        /// Links the identity `proof` proves to the signed-in client's player, spending
        /// `nonce`.
        fn link(client: &'a ClientPrincipal, nonce: Option<&'a str>, proof: LinkProof)
            -> Result<Linked, LinkError> = link_identity;
    }
}

#[cfg(test)]
mod tests;
