//! Request handlers: they translate HTTP to use-case calls and back, nothing more.

pub mod accounts;
pub mod fallback;
pub mod health;
pub mod openapi;
