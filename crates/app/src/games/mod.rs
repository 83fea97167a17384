//! The game use cases.

mod create;
mod delete;
mod get;
mod list;
mod update;

use roster_domain::GameId;
use roster_domain::etag::IfMatch;
use roster_domain::game::{Game, GameSortField};
use roster_domain::pagination::CursorCodec;
use roster_domain::principal::Principal;

use crate::boxed::use_case_trait;
use crate::lookup::{ChangeError, LookupError};
use crate::pagination::{ListError, Listing};
use crate::ports::{
    AccountRows, AuditTrail, Clock, Database, GameFilter, GameRows, ListRows, Sealer,
};

pub use create::{CreateGame, CreateGameError};
pub use list::ListGames;
pub use update::{UpdateGame, UpdateGameError};

/// What the game use cases need of a connection.
pub trait GameConn:
    GameRows + AccountRows + AuditTrail + ListRows<Game, GameSortField, GameFilter>
{
}

impl<T> GameConn for T where
    T: GameRows + AccountRows + AuditTrail + ListRows<Game, GameSortField, GameFilter>
{
}

/// A database whose connections offer what the games use cases need: the one bound
/// their impls and the use-case trait state.
pub trait GameDb: Database<Conn: GameConn> {}

impl<D: Database<Conn: GameConn>> GameDb for D {}

/// The game use cases over a database and a clock, sealing the games' secrets with a sealer.
#[derive(Debug)]
pub struct Games<D, C, S> {
    db: D,
    clock: C,
    cursors: CursorCodec,
    sealer: S,
}

impl<D: GameDb, C: Clock, S: Sealer> Games<D, C, S> {
    /// The use cases over `db`, telling time by `clock`, signing cursors with `cursors`, and
    /// sealing the secrets given to games with `sealer`.
    pub fn new(db: D, clock: C, cursors: CursorCodec, sealer: S) -> Self {
        Self {
            db,
            clock,
            cursors,
            sealer,
        }
    }
}

use_case_trait! {
    /// The game use cases as the HTTP adapter drives them.
    pub trait GameUseCases for Games<D, C, S> where { D: GameDb, C: Clock, S: Sealer } {
        /// Creates a game in an account.
        fn create(principal: &'a Principal, input: CreateGame) -> Result<Game, CreateGameError>
            = create_game;
        /// Lists the games the principal may see.
        fn list(principal: &'a Principal, query: ListGames)
            -> Result<Listing<Game>, ListError> = list_games;
        /// Reads one game.
        fn get(principal: &'a Principal, id: GameId) -> Result<Game, LookupError> = get_game;
        /// Changes a game, if it still has a tag `if_match` names.
        fn update(principal: &'a Principal, id: GameId, input: UpdateGame, if_match: IfMatch)
            -> Result<Game, UpdateGameError> = update_game;
        /// Erases a game with its identities and their sessions, if it still has a tag
        /// `if_match` names.
        fn delete(principal: &'a Principal, id: GameId, if_match: IfMatch)
            -> Result<(), ChangeError> = delete_game;
    }
}

#[cfg(test)]
mod tests;
