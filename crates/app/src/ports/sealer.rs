//! Sealing the secrets a game holds, so that the database keeps them only encrypted.

use roster_domain::sign_in::Sealed;

/// A secret could not be sealed or opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// No secure randomness for the nonce.
    #[error("the random source failed while sealing a secret")]
    Random,
    /// The sealed bytes were altered, or sealed under another key.
    #[error("a sealed secret does not open under the configured key")]
    Corrupt,
}

/// Encrypts and decrypts secrets at rest (AES-256-GCM under `ROSTER_SECRETS_KEY`).
pub trait Sealer: Send + Sync + 'static {
    /// `secret`, encrypted with a fresh nonce: sealing one secret twice gives different bytes.
    ///
    /// MUST fail with `Random` rather than reuse a nonce.
    fn seal(&self, secret: &[u8]) -> Result<Sealed, SealError>;

    /// The secret `sealed` holds.
    ///
    /// MUST fail with `Corrupt` when the bytes were altered or sealed under another key (the
    /// authentication tag decides; no partial plaintext is ever returned).
    fn open(&self, sealed: &Sealed) -> Result<Vec<u8>, SealError>;
}
