//! Client tokens as JWTs: HS256 only, with a fixed issuer and audience.
//!
//! The algorithm is pinned on both sides: a token whose header names another algorithm (`none`
//! included) is refused before its signature is looked at.

use std::collections::HashSet;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use roster_app::ports::{SigningError, TokenCodec, TokenRejection};
use roster_domain::client_session::{TokenClaims, TokenType};
use roster_domain::{AccountId, GameId, IdentityId, PlayerId, SessionId};
use serde::{Deserialize, Serialize};

/// The `iss` of every token.
pub const ISSUER: &str = "roster";
/// The `aud` of every token: game clients.
pub const AUDIENCE: &str = "roster-client";
/// Seconds of clock difference tolerated on `exp` between replicas.
const LEEWAY_SECONDS: u64 = 5;

/// The claims as they travel.
#[derive(Debug, Serialize, Deserialize)]
struct WireClaims {
    iss: String,
    aud: String,
    sub: String,
    /// Absent from tokens issued before players existed (a refresh token lives 30 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    player_id: Option<String>,
    account_id: String,
    game_id: String,
    sid: String,
    ver: u32,
    typ: String,
    test_mode: bool,
    iat: i64,
    exp: i64,
}

/// Signs and verifies client tokens with `ROSTER_JWT_SECRET`.
#[derive(Clone)]
pub struct JwtCodec {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for JwtCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtCodec(HS256, …)")
    }
}

impl JwtCodec {
    /// A codec keyed with `secret` (checked to be at least 32 bytes by the configuration).
    #[must_use]
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_exp = true;
        validation.required_spec_claims = ["exp", "iat", "iss", "aud", "sub"]
            .into_iter()
            .map(str::to_owned)
            .collect::<HashSet<_>>();
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }
}

impl TokenCodec for JwtCodec {
    fn sign(&self, claims: &TokenClaims) -> Result<String, SigningError> {
        let wire = WireClaims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: claims.identity_id.to_string(),
            player_id: claims.player_id.map(|id| id.to_string()),
            account_id: claims.account_id.to_string(),
            game_id: claims.game_id.to_string(),
            sid: claims.session_id.to_string(),
            ver: claims.version,
            typ: claims.token_type.as_str().to_owned(),
            test_mode: claims.test_mode,
            iat: claims.issued_at,
            exp: claims.expires_at,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &wire, &self.encoding)
            .map_err(|error| SigningError(error.to_string()))
    }

    fn verify(&self, token: &str, expected: TokenType) -> Result<TokenClaims, TokenRejection> {
        let wire = jsonwebtoken::decode::<WireClaims>(token, &self.decoding, &self.validation)
            .map_err(|_| TokenRejection::Invalid)?
            .claims;
        let token_type = TokenType::parse(&wire.typ).ok_or(TokenRejection::Invalid)?;
        if token_type != expected {
            return Err(TokenRejection::Invalid);
        }
        let invalid = |_| TokenRejection::Invalid;
        Ok(TokenClaims {
            identity_id: IdentityId::parse(&wire.sub).map_err(invalid)?,
            player_id: wire
                .player_id
                .as_deref()
                .map(PlayerId::parse)
                .transpose()
                .map_err(invalid)?,
            account_id: AccountId::parse(&wire.account_id).map_err(invalid)?,
            game_id: GameId::parse(&wire.game_id).map_err(invalid)?,
            session_id: SessionId::parse(&wire.sid).map_err(invalid)?,
            version: wire.ver,
            token_type,
            test_mode: wire.test_mode,
            issued_at: wire.iat,
            expires_at: wire.exp,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    const SECRET: &[u8] = b"a test secret that is long enough to sign";

    fn claims(token_type: TokenType, expires_at: i64) -> TokenClaims {
        TokenClaims {
            identity_id: IdentityId::new(),
            player_id: Some(PlayerId::new()),
            account_id: AccountId::new(),
            game_id: GameId::new(),
            session_id: SessionId::new(),
            version: 3,
            token_type,
            test_mode: true,
            issued_at: 1_700_000_000,
            expires_at,
        }
    }

    fn future() -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp() + 600
    }

    #[test]
    fn a_signed_token_verifies_to_its_claims_and_is_deterministic() {
        let codec = JwtCodec::new(SECRET);
        let claims = claims(TokenType::Access, future());
        let token = codec.sign(&claims).unwrap();
        assert_eq!(codec.sign(&claims).unwrap(), token);
        assert_eq!(codec.verify(&token, TokenType::Access), Ok(claims));
    }

    #[test]
    fn a_token_from_before_players_verifies_without_a_player() {
        let codec = JwtCodec::new(SECRET);
        let claims = TokenClaims {
            player_id: None,
            ..claims(TokenType::Refresh, future())
        };
        let token = codec.sign(&claims).unwrap();
        let body = token.split('.').nth(1).unwrap();
        let json = String::from_utf8(URL_SAFE_NO_PAD.decode(body).unwrap()).unwrap();
        assert!(!json.contains("player_id"), "{json}");
        assert_eq!(codec.verify(&token, TokenType::Refresh), Ok(claims));
    }

    #[test]
    fn the_wrong_type_key_or_expiry_is_refused() {
        let codec = JwtCodec::new(SECRET);
        let access = codec.sign(&claims(TokenType::Access, future())).unwrap();
        assert!(codec.verify(&access, TokenType::Refresh).is_err());
        let other = JwtCodec::new(b"another secret, just as long as the first");
        assert!(other.verify(&access, TokenType::Access).is_err());
        let expired = codec
            .sign(&claims(TokenType::Access, 1_700_000_100))
            .unwrap();
        assert!(codec.verify(&expired, TokenType::Access).is_err());
    }

    #[test]
    fn an_unsigned_token_is_refused() {
        let codec = JwtCodec::new(SECRET);
        let token = codec.sign(&claims(TokenType::Access, future())).unwrap();
        let payload = token.split('.').nth(1).unwrap();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let none = format!("{header}.{payload}.");
        assert!(codec.verify(&none, TokenType::Access).is_err());
    }
}
