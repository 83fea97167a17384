//! The game use cases.

mod create;
mod delete;
mod get;
mod list;
mod update;

use roster_domain::GameId;
use roster_domain::game::{Game, GameChanges, GameSortField};
use roster_domain::pagination::CursorCodec;
use roster_domain::principal::Principal;

use crate::BoxFuture;
use crate::pagination::Listing;
use crate::ports::{AccountRows, Clock, Database, GameFilter, GameRows, ListRows};

pub use create::{CreateGame, CreateGameError};
pub use delete::DeleteGameError;
pub use get::GetGameError;
pub use list::{ListGames, ListGamesError};
pub use update::UpdateGameError;

/// What the game use cases need of a connection.
pub trait GameConn: GameRows + AccountRows + ListRows<Game, GameSortField, GameFilter> {}

impl<T> GameConn for T where T: GameRows + AccountRows + ListRows<Game, GameSortField, GameFilter> {}

/// The game use cases over a database and a clock.
#[derive(Debug)]
pub struct Games<D, C> {
    db: D,
    clock: C,
    cursors: CursorCodec,
}

impl<D: Database, C: Clock> Games<D, C>
where
    D::Conn: GameConn,
{
    /// The use cases over `db`, telling time by `clock`, signing cursors with `cursors`.
    pub fn new(db: D, clock: C, cursors: CursorCodec) -> Self {
        Self { db, clock, cursors }
    }
}

/// The game use cases as the HTTP adapter drives them.
pub trait GameUseCases: Send + Sync + 'static {
    /// Creates a game in an account.
    fn create<'a>(
        &'a self,
        principal: &'a Principal,
        input: CreateGame,
    ) -> BoxFuture<'a, Result<Game, CreateGameError>>;

    /// Lists the games the principal may see.
    fn list<'a>(
        &'a self,
        principal: &'a Principal,
        query: ListGames,
    ) -> BoxFuture<'a, Result<Listing<Game>, ListGamesError>>;

    /// Reads one game.
    fn get<'a>(
        &'a self,
        principal: &'a Principal,
        id: GameId,
    ) -> BoxFuture<'a, Result<Game, GetGameError>>;

    /// Changes a game.
    fn update<'a>(
        &'a self,
        principal: &'a Principal,
        id: GameId,
        changes: GameChanges,
    ) -> BoxFuture<'a, Result<Game, UpdateGameError>>;

    /// Erases a game with its identities and their sessions.
    fn delete<'a>(
        &'a self,
        principal: &'a Principal,
        id: GameId,
    ) -> BoxFuture<'a, Result<(), DeleteGameError>>;
}

impl<D: Database, C: Clock> GameUseCases for Games<D, C>
where
    D::Conn: GameConn,
{
    fn create<'a>(
        &'a self,
        principal: &'a Principal,
        input: CreateGame,
    ) -> BoxFuture<'a, Result<Game, CreateGameError>> {
        Box::pin(self.create_game(principal, input))
    }

    fn list<'a>(
        &'a self,
        principal: &'a Principal,
        query: ListGames,
    ) -> BoxFuture<'a, Result<Listing<Game>, ListGamesError>> {
        Box::pin(self.list_games(principal, query))
    }

    fn get<'a>(
        &'a self,
        principal: &'a Principal,
        id: GameId,
    ) -> BoxFuture<'a, Result<Game, GetGameError>> {
        Box::pin(self.get_game(principal, id))
    }

    fn update<'a>(
        &'a self,
        principal: &'a Principal,
        id: GameId,
        changes: GameChanges,
    ) -> BoxFuture<'a, Result<Game, UpdateGameError>> {
        Box::pin(self.update_game(principal, id, changes))
    }

    fn delete<'a>(
        &'a self,
        principal: &'a Principal,
        id: GameId,
    ) -> BoxFuture<'a, Result<(), DeleteGameError>> {
        Box::pin(self.delete_game(principal, id))
    }
}

#[cfg(test)]
mod tests;
