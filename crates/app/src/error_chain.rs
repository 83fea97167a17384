//! Showing an error with every cause behind it, the way logs need it.

use std::fmt;

/// Displays an error with its sources: `outer: inner: innermost`.
#[derive(Debug, Clone, Copy)]
pub struct ErrorChain<'a>(pub &'a dyn std::error::Error);

impl fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("inner")]
    struct Inner;

    #[test]
    fn every_cause_is_shown_in_order() {
        assert_eq!(ErrorChain(&Outer(Inner)).to_string(), "outer: inner");
        assert_eq!(ErrorChain(&Inner).to_string(), "inner");
    }
}
