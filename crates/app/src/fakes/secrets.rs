//! Tokens and randomness in memory: tokens that name the claims they stand for, and bytes
//! that differ on every call.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use roster_domain::client_session::{TokenClaims, TokenType};

use super::now;
use roster_domain::custom_token::CustomClaims;
use roster_domain::sign_in::Sealed;

use crate::ports::{
    CustomTokenVerifier, InvalidToken, Random, RandomError, SealError, Sealer, SigningError,
    TokenCodec, TokenRejection,
};

/// A token codec whose tokens are `token-<n>`, the n-th distinct claims it signed; the same
/// claims give the same token, and verifying checks the type and the expiry against [`now`].
#[derive(Debug, Clone, Default)]
pub(crate) struct FakeTokens {
    signed: Arc<Mutex<Vec<TokenClaims>>>,
}

impl TokenCodec for FakeTokens {
    fn sign(&self, claims: &TokenClaims) -> Result<String, SigningError> {
        let mut signed = self.signed.lock().expect("the tokens");
        let index = match signed.iter().position(|known| known == claims) {
            Some(index) => index,
            None => {
                signed.push(claims.clone());
                signed.len() - 1
            }
        };
        Ok(format!("token-{index}"))
    }

    fn verify(&self, token: &str, expected: TokenType) -> Result<TokenClaims, TokenRejection> {
        let index: usize = token
            .strip_prefix("token-")
            .and_then(|index| index.parse().ok())
            .ok_or(TokenRejection::Invalid)?;
        let signed = self.signed.lock().expect("the tokens");
        let claims = signed.get(index).ok_or(TokenRejection::Invalid)?;
        let unexpired = claims.expires_at > now().as_datetime().unix_timestamp();
        if claims.token_type == expected && unexpired {
            Ok(claims.clone())
        } else {
            Err(TokenRejection::Invalid)
        }
    }
}

/// Bytes from a counter: distinct on every call, and never secret. Clones share the counter.
#[derive(Debug, Clone, Default)]
pub(crate) struct FakeRandom {
    calls: Arc<AtomicU64>,
    /// From this call on (counting from 0), the source fails, as a broken CSPRNG would.
    fails_from: Option<u64>,
}

impl FakeRandom {
    /// A source that serves `calls` calls and then fails.
    pub(crate) fn failing_after(calls: u64) -> Self {
        Self {
            fails_from: Some(calls),
            ..Self::default()
        }
    }
}

impl Random for FakeRandom {
    fn fill(&self, dest: &mut [u8]) -> Result<(), RandomError> {
        let call = self.calls.fetch_add(1, Ordering::Relaxed);
        if self.fails_from.is_some_and(|from| call >= from) {
            return Err(RandomError);
        }
        let call = call.to_be_bytes();
        for (index, byte) in dest.iter_mut().enumerate() {
            *byte = call[index % call.len()].wrapping_add(u8::try_from(index % 251).unwrap_or(0));
        }
        Ok(())
    }
}

/// A sealer that marks rather than encrypts: `sealed:` and the secret. Deterministic, so
/// tests can tell which secret a game holds; never secret.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FakeSealer;

const SEAL_MARK: &[u8] = b"sealed:";

impl Sealer for FakeSealer {
    fn seal(&self, secret: &[u8]) -> Result<Sealed, SealError> {
        Ok(Sealed::from_bytes([SEAL_MARK, secret].concat()))
    }

    fn open(&self, sealed: &Sealed) -> Result<Vec<u8>, SealError> {
        sealed
            .as_bytes()
            .strip_prefix(SEAL_MARK)
            .map(<[u8]>::to_vec)
            .ok_or(SealError::Corrupt)
    }
}

/// Proof checks in memory. Custom tokens: `custom-<n>` stands for the n-th claims signed,
/// with the secret they were signed with; verifying finds them and checks that secret is among
/// those given. Steam tickets: see `fakes::steam`; id_tokens: `fakes::oidc`.
#[derive(Debug, Clone, Default)]
pub(crate) struct FakeProofs {
    signed: Arc<Mutex<Vec<SignedClaims>>>,
    pub(super) steam: Arc<Mutex<super::steam::SteamAnswers>>,
    pub(super) oidc: Arc<Mutex<super::oidc::OidcIssuers>>,
}

/// Claims, with the secret that signed them.
type SignedClaims = (Vec<u8>, CustomClaims);

impl FakeProofs {
    /// A token for `claims`, signed with `secret`.
    pub(crate) fn sign(&self, secret: &[u8], claims: CustomClaims) -> String {
        let mut signed = self.signed.lock().expect("the tokens");
        signed.push((secret.to_vec(), claims));
        format!("custom-{}", signed.len() - 1)
    }
}

impl CustomTokenVerifier for FakeProofs {
    fn verify(&self, token: &str, secrets: &[Vec<u8>]) -> Result<CustomClaims, InvalidToken> {
        let index: usize = token
            .strip_prefix("custom-")
            .and_then(|index| index.parse().ok())
            .ok_or(InvalidToken)?;
        let signed = self.signed.lock().expect("the tokens");
        let (secret, claims) = signed.get(index).ok_or(InvalidToken)?;
        if secrets.contains(secret) {
            Ok(claims.clone())
        } else {
            Err(InvalidToken)
        }
    }
}
