//! The boxed future the object-safe use-case traits return.

use std::future::Future;
use std::pin::Pin;

/// A heap-allocated, sendable future borrowing for `'a`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
