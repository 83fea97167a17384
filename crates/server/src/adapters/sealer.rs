//! Secrets at rest: AES-256-GCM under `ROSTER_SECRETS_KEY`.
//!
//! A sealed secret is a fresh 12-byte nonce followed by the ciphertext and its 16-byte tag. The
//! associated data names the format, so bytes sealed for another purpose (or by a later format)
//! never open as a game secret.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use roster_app::ports::{SealError, Sealer};
use roster_domain::sign_in::Sealed;

/// Bytes of a nonce.
const NONCE_LEN: usize = 12;
/// What every sealed game secret is bound to.
const ASSOCIATED_DATA: &[u8] = b"roster game secret v1";

/// Seals and opens secrets with one key.
#[derive(Clone)]
pub struct AesSealer {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for AesSealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AesSealer(AES-256-GCM, …)")
    }
}

impl AesSealer {
    /// A sealer keyed with the 32 bytes of `ROSTER_SECRETS_KEY`.
    #[must_use]
    pub fn new(key: &[u8; 32]) -> Self {
        Self {
            cipher: Aes256Gcm::new(key.into()),
        }
    }
}

impl Sealer for AesSealer {
    fn seal(&self, secret: &[u8]) -> Result<Sealed, SealError> {
        let mut nonce = [0; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|_| SealError::Random)?;
        let payload = Payload {
            msg: secret,
            aad: ASSOCIATED_DATA,
        };
        // Encryption fails only for inputs of gigabytes; a secret is never one.
        let ciphertext = self
            .cipher
            .encrypt(&Nonce::from(nonce), payload)
            .map_err(|_| SealError::Corrupt)?;
        Ok(Sealed::from_bytes([nonce.as_slice(), &ciphertext].concat()))
    }

    fn open(&self, sealed: &Sealed) -> Result<Vec<u8>, SealError> {
        let (nonce, ciphertext) = sealed
            .as_bytes()
            .split_first_chunk::<NONCE_LEN>()
            .ok_or(SealError::Corrupt)?;
        let payload = Payload {
            msg: ciphertext,
            aad: ASSOCIATED_DATA,
        };
        self.cipher
            .decrypt(&Nonce::from(*nonce), payload)
            .map_err(|_| SealError::Corrupt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer(byte: u8) -> AesSealer {
        AesSealer::new(&[byte; 32])
    }

    #[test]
    fn a_sealed_secret_opens_to_itself_and_never_holds_it_in_clear() {
        let secret = b"the studio's custom-auth secret, 32+ bytes";
        let sealed = sealer(1).seal(secret).unwrap();
        assert_eq!(sealed.as_bytes().len(), NONCE_LEN + secret.len() + 16);
        assert!(
            !sealed
                .as_bytes()
                .windows(8)
                .any(|w| secret.windows(8).any(|s| s == w))
        );
        assert_eq!(sealer(1).open(&sealed).unwrap(), secret);
    }

    #[test]
    fn sealing_twice_gives_different_bytes() {
        let (first, second) = (
            sealer(1).seal(b"secret").unwrap(),
            sealer(1).seal(b"secret").unwrap(),
        );
        assert_ne!(first, second);
    }

    #[test]
    fn another_key_an_edit_or_a_truncation_does_not_open() {
        let sealed = sealer(1).seal(b"secret").unwrap();
        assert_eq!(sealer(2).open(&sealed), Err(SealError::Corrupt));
        let bytes = sealed.as_bytes();
        for at in 0..bytes.len() {
            let mut edited = bytes.to_vec();
            edited[at] ^= 1;
            assert_eq!(
                sealer(1).open(&Sealed::from_bytes(edited)),
                Err(SealError::Corrupt),
                "byte {at}"
            );
        }
        for len in 0..bytes.len() {
            assert_eq!(
                sealer(1).open(&Sealed::from_bytes(bytes[..len].to_vec())),
                Err(SealError::Corrupt)
            );
        }
    }
}
