//! Randomness for secrets.

/// The operating system's random source failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the operating system's random source failed")]
pub struct RandomError;

/// Cryptographically secure random bytes, for secrets.
pub trait Random: Send + Sync + 'static {
    /// Fills `dest` from a CSPRNG.
    ///
    /// MUST return `RandomError` rather than fill `dest` with anything less than secure bytes.
    fn fill(&self, dest: &mut [u8]) -> Result<(), RandomError>;
}
