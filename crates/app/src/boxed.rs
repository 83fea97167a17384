//! The boxed future the object-safe use-case traits return, and the one macro that declares
//! those traits.

use std::future::Future;
use std::pin::Pin;

/// A heap-allocated, sendable future borrowing for `'a`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Declares the object-safe trait the HTTP adapter drives a group of use cases through, and
/// its implementation for the use-case struct, each method boxing the future of the struct's
/// own `async fn` of the same arguments:
///
/// ```ignore
/// use_case_trait! {
///     /// The game use cases as the HTTP adapter drives them.
///     pub trait GameUseCases for Games<D, C, S> where { D: GameDb, C: Clock, S: Sealer } {
///         /// Reads one game.
///         fn get(principal: &'a Principal, id: GameId) -> Result<Game, LookupError> = get_game;
///     }
/// }
/// ```
///
/// Arguments borrow for `'a`, the lifetime of `&self` and of the future.
macro_rules! use_case_trait {
    (
        $(#[$meta:meta])*
        pub trait $trait:ident for $ty:ident<$($param:ident),*> where { $($bounds:tt)* } {
            $(
                $(#[$method_meta:meta])*
                fn $method:ident($($arg:ident: $arg_ty:ty),* $(,)?) -> $ret:ty = $inner:ident;
            )*
        }
    ) => {
        $(#[$meta])*
        pub trait $trait: Send + Sync + 'static {
            $(
                $(#[$method_meta])*
                fn $method<'a>(&'a self, $($arg: $arg_ty),*) -> $crate::BoxFuture<'a, $ret>;
            )*
        }

        impl<$($param),*> $trait for $ty<$($param),*>
        where
            $($bounds)*
        {
            $(
                fn $method<'a>(&'a self, $($arg: $arg_ty),*) -> $crate::BoxFuture<'a, $ret> {
                    Box::pin(self.$inner($($arg),*))
                }
            )*
        }
    };
}

pub(crate) use use_case_trait;
