//! The transaction port: how a use case reaches the database.
//!
//! A use case that changes something opens one transaction with [`Database::transaction`] and
//! calls small store primitives on the connection it is given (`lock_account`,
//! `update_account`, `revoke`, …): it reads, decides with the domain's rules, writes, and
//! records what the change revokes, all in that one transaction, which commits when the work
//! returns `Ok` and rolls back, leaving nothing, when it returns `Err`. Reads run the same
//! primitives on a pooled connection with [`Database::read`]. The primitives are traits that
//! [`Database::Conn`] implements (`AccountRows`, `UserRows`, …), each documenting its error
//! contract; the adapter decides how they reach the database, the use case decides what they
//! mean.

use std::future::Future;

use super::StoreError;

/// An `async` closure called with a connection, whose future is `Send`.
///
/// Rust cannot yet bound the future of an `AsyncFnOnce` directly; every async closure is also
/// an `FnOnce` returning that future, which can be named and bounded. Write
/// `async |conn| { … }` and this holds by itself.
pub trait ConnFn<C, R>: AsyncFnOnce(C) -> R + FnOnce(C) -> <Self as ConnFn<C, R>>::Fut {
    /// The closure's future.
    type Fut: Future<Output = R>;
}

impl<F, C, R, Fut> ConnFn<C, R> for F
where
    F: AsyncFnOnce(C) -> R + FnOnce(C) -> Fut,
    Fut: Future<Output = R>,
{
    type Fut = Fut;
}

/// The work a use case hands [`Database`]: an `async |conn| { … }` closure over a connection
/// of type `C`, whose future is `Send`. Every such closure is one; the trait exists so that
/// the bound can be stated once, outside `Database`'s methods (where the compiler cannot yet
/// see through `Self::Conn` under a `for<'c>` binder).
pub trait Work<C, T, E>: Send {
    /// The future the work is.
    type Fut<'c>: Future<Output = Result<T, E>> + Send
    where
        C: 'c;

    /// Starts the work on `conn`.
    fn call(self, conn: &mut C) -> Self::Fut<'_>;
}

impl<C, T, E, W> Work<C, T, E> for W
where
    W: Send + for<'c> ConnFn<&'c mut C, Result<T, E>, Fut: Send>,
{
    type Fut<'c>
        = <W as ConnFn<&'c mut C, Result<T, E>>>::Fut
    where
        C: 'c;

    fn call(self, conn: &mut C) -> Self::Fut<'_> {
        self(conn)
    }
}

/// The database, as the use cases see it.
pub trait Database: Send + Sync + 'static {
    /// A connection: the store primitives are its methods.
    type Conn: Send;

    /// Runs `work` on a pooled connection, outside any transaction: for reads.
    ///
    /// MUST fail with `StoreError::Unavailable` (converted into `E`) when no connection can be
    /// had in time or the work runs past its deadline.
    fn read<T, E, W>(&self, work: W) -> impl Future<Output = Result<T, E>> + Send
    where
        W: Work<Self::Conn, T, E>,
        T: Send,
        E: From<StoreError> + Send;

    /// Runs `work` in one transaction: committed when it returns `Ok`, rolled back when it
    /// returns `Err`, so that nothing it wrote remains.
    ///
    /// MUST fail as [`Database::read`] does, and with `StoreError` when the commit fails (then
    /// nothing was written, or, when the connection was lost during the commit, it cannot be
    /// known: `Unavailable`).
    fn transaction<T, E, W>(&self, work: W) -> impl Future<Output = Result<T, E>> + Send
    where
        W: Work<Self::Conn, T, E>,
        T: Send,
        E: From<StoreError> + Send;
}
