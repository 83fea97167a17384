//! Custom tokens' signatures: HS256 JWTs signed with a game's custom-auth secret.
//!
//! Only the signature is checked here, with the algorithm pinned to HS256 (a header naming
//! `none`, an asymmetric algorithm or anything else is refused before any key is tried); the
//! claims' times and subject are the domain's to judge (`roster_domain::custom_token`).

use std::collections::HashSet;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use roster_app::ports::{CustomTokenVerifier, InvalidToken};
use roster_domain::custom_token::CustomClaims;
use serde::Deserialize;

/// The claims read from a custom token; any other claim is ignored.
#[derive(Debug, Deserialize)]
struct WireClaims {
    sub: Option<String>,
    exp: Option<i64>,
    iat: Option<i64>,
}

/// Checks custom tokens with `jsonwebtoken`.
#[derive(Debug, Clone)]
pub struct JwtCustomTokens {
    validation: Validation,
}

impl Default for JwtCustomTokens {
    fn default() -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        // The domain judges every claim; here only the signature and the algorithm count.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        validation.required_spec_claims = HashSet::new();
        Self { validation }
    }
}

impl CustomTokenVerifier for JwtCustomTokens {
    fn verify(&self, token: &str, secrets: &[Vec<u8>]) -> Result<CustomClaims, InvalidToken> {
        secrets
            .iter()
            .find_map(|secret| {
                jsonwebtoken::decode::<WireClaims>(
                    token,
                    &DecodingKey::from_secret(secret),
                    &self.validation,
                )
                .ok()
            })
            .map(|data| CustomClaims {
                subject: data.claims.sub,
                expires_at: data.claims.exp,
                issued_at: data.claims.iat,
            })
            .ok_or(InvalidToken)
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use jsonwebtoken::{EncodingKey, Header};
    use serde_json::json;

    use super::*;

    const SECRET: &[u8] = b"the studio's custom-auth secret, 32+ bytes";

    fn signed(algorithm: Algorithm, secret: &[u8]) -> String {
        jsonwebtoken::encode(
            &Header::new(algorithm),
            &json!({"sub": "player-42", "exp": 2_000_000_000_i64, "iat": 1_000}),
            &EncodingKey::from_secret(secret),
        )
        .unwrap()
    }

    #[test]
    fn a_token_signed_with_one_of_the_secrets_gives_its_claims() {
        let verifier = JwtCustomTokens::default();
        let token = signed(Algorithm::HS256, SECRET);
        let claims = verifier
            .verify(
                &token,
                &[
                    b"an older secret, also 32 bytes long".to_vec(),
                    SECRET.to_vec(),
                ],
            )
            .unwrap();
        assert_eq!(claims.subject.as_deref(), Some("player-42"));
        assert_eq!(
            (claims.expires_at, claims.issued_at),
            (Some(2_000_000_000), Some(1_000))
        );
    }

    #[test]
    fn another_secret_another_algorithm_or_no_signature_is_refused() {
        let verifier = JwtCustomTokens::default();
        let secrets = [SECRET.to_vec()];
        let wrong = signed(
            Algorithm::HS256,
            b"not the studio's secret at all, 32 bytes",
        );
        let hs384 = signed(Algorithm::HS384, SECRET);
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(br#"{"sub":"player-42","exp":2000000000}"#);
        let unsigned = format!("{header}.{body}.");
        for token in [wrong, hs384, unsigned, "garbage".to_owned(), String::new()] {
            assert_eq!(
                verifier.verify(&token, &secrets),
                Err(InvalidToken),
                "{token}"
            );
        }
        assert_eq!(
            verifier.verify(&signed(Algorithm::HS256, SECRET), &[]),
            Err(InvalidToken)
        );
    }
}
