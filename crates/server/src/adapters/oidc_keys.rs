//! OpenID Connect `id_token` signatures, checked with the keys each issuer publishes (a JWK
//! Set at its `jwks_uri`), fetched over HTTPS and cached.
//!
//! - The algorithm comes from the key: RS256 for an RSA key, ES256 for a P-256 key (a key
//!   that names another `alg` is skipped). A token whose header names any other algorithm
//!   (`none`, HS256 signed with the public key, …) is refused before any key is tried.
//! - Keys are kept as long as the answer's `Cache-Control: max-age` says, between one minute
//!   and a day (an hour when it says nothing). A token whose `kid` is unknown makes fresh keys
//!   be fetched again (a rotation), at most once a minute per JWKS URI: a flood of forged
//!   `kid`s costs the issuer one request a minute. Concurrent checks of one issuer share one
//!   fetch; a failed fetch is tried again after five seconds at the soonest.
//! - When the keys cannot be fetched again, the ones cached keep serving; with none cached the
//!   issuer counts as unavailable.
//! - A JWKS URI is an account admin's setting: unless the operator allows private networks, it
//!   may lead only to public addresses ([`super::egress`]), and redirects are not followed (a
//!   redirect to an IP literal would pass by the resolver).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use reqwest::header::CACHE_CONTROL;
use roster_app::ports::{OidcCheckError, OidcVerifier, TokenFault};
use roster_domain::oidc::{JwksUri, OidcClaims};
use serde::Deserialize;

use super::egress::{configured_client, ip_literal, is_public};
use super::outbound::{ReadError, describe, read_limited};

/// The least time keys are kept, and the least time between two fetches for unknown `kid`s.
const MIN_FRESH: Duration = Duration::from_secs(60);
/// The longest time keys are kept.
const MAX_FRESH: Duration = Duration::from_secs(24 * 3600);
/// How long keys are kept when their answer does not say.
const DEFAULT_FRESH: Duration = Duration::from_secs(3600);
/// The most JWKS URIs whose keys are kept at once.
const MAX_ISSUERS: usize = 1024;
/// The most of a JWK Set read.
const JWKS_LIMIT: usize = 256 * 1024;
/// How long a client is asked to wait when an issuer's keys cannot be had, and the least time
/// between two fetches after one failed.
const RETRY_AFTER: Duration = Duration::from_secs(5);

/// A key a token may be checked with: its `kid`, its one algorithm, the key.
type UsableKey = (String, Algorithm, DecodingKey);

/// One issuer's keys, as last fetched.
#[derive(Debug, Default)]
struct Keys {
    /// The usable keys (RS256 and ES256 ones), with their algorithm.
    keys: Vec<UsableKey>,
    /// When they were fetched, if ever.
    fetched_at: Option<Instant>,
    /// Until when they are fresh.
    fresh_until: Option<Instant>,
    /// Why the last fetch failed, if it did.
    last_error: Option<String>,
    /// When an unknown `kid` last made them be fetched again.
    refetched_for_unknown_at: Option<Instant>,
}

impl Keys {
    fn find(&self, kid: &str) -> Option<(Algorithm, &DecodingKey)> {
        self.keys
            .iter()
            .find(|(id, _, _)| id == kid)
            .map(|(_, algorithm, key)| (*algorithm, key))
    }
}

/// Checks `id_token`s against their issuers' keys.
#[derive(Debug, Clone)]
pub struct JwksVerifier {
    client: reqwest::Client,
    cache: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<Keys>>>>>,
    allow_private: bool,
}

impl JwksVerifier {
    /// A verifier whose fetches each take at most `timeout`, reaching only public addresses
    /// unless `allow_private`.
    ///
    /// # Errors
    ///
    /// When the TLS stack cannot be set up (no crypto provider installed).
    pub fn new(timeout: Duration, allow_private: bool) -> Result<Self, reqwest::Error> {
        Ok(Self {
            client: configured_client(timeout, allow_private)?,
            cache: Arc::default(),
            allow_private,
        })
    }

    /// The keys of `uri`, shared by every check of that issuer.
    fn entry(&self, uri: &str) -> Arc<tokio::sync::Mutex<Keys>> {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !cache.contains_key(uri) && cache.len() >= MAX_ISSUERS {
            // Bounded: an arbitrary issuer's keys go; they are fetched again when needed.
            if let Some(evicted) = cache.keys().next().cloned() {
                cache.remove(&evicted);
            }
        }
        cache.entry(uri.to_owned()).or_default().clone()
    }

    /// Fetches the keys at `uri` into `keys`, recording the attempt and its failure.
    async fn fetch(&self, uri: &str, keys: &mut Keys) {
        keys.fetched_at = Some(Instant::now());
        match self.fetch_keys(uri).await {
            Ok((fetched, fresh)) => {
                keys.keys = fetched;
                keys.fresh_until = Some(Instant::now() + fresh);
                keys.last_error = None;
            }
            Err(reason) => {
                if !keys.keys.is_empty() {
                    tracing::warn!(jwks_uri = uri, %reason, "an issuer's keys could not be fetched again; the cached ones serve");
                }
                keys.last_error = Some(reason);
            }
        }
    }

    /// The usable keys at `uri` and how long they stay fresh.
    async fn fetch_keys(&self, uri: &str) -> Result<(Vec<UsableKey>, Duration), String> {
        if !self.allow_private {
            // An IP literal is never resolved: check it here.
            let literal = reqwest::Url::parse(uri)
                .ok()
                .and_then(|url| ip_literal(&url));
            if literal.is_some_and(|ip| !is_public(ip)) {
                return Err(
                    "the JWKS URI is not a public address (ROSTER_OIDC_ALLOW_PRIVATE_NETWORKS)"
                        .to_owned(),
                );
            }
        }
        let response = self.client.get(uri).send().await.map_err(describe)?;
        if !response.status().is_success() {
            return Err(format!("the issuer answered {}", response.status()));
        }
        let fresh = freshness(
            response
                .headers()
                .get(CACHE_CONTROL)
                .and_then(|value| value.to_str().ok()),
        );
        let body = read_limited(response, JWKS_LIMIT)
            .await
            .map_err(|error| match error {
                ReadError::TooLong => "the JWK Set is too long".to_owned(),
                ReadError::Failed(reason) => reason,
            })?;
        Ok((usable_keys(&body)?, fresh))
    }
}

/// How long keys may be kept, from a `Cache-Control` value.
fn freshness(cache_control: Option<&str>) -> Duration {
    let max_age = cache_control.and_then(|value| {
        value.split(',').find_map(|directive| {
            let (name, seconds) = directive.trim().split_once('=')?;
            (name.trim().eq_ignore_ascii_case("max-age"))
                .then(|| seconds.trim().trim_matches('"').parse::<u64>().ok())
                .flatten()
        })
    });
    max_age
        .map_or(DEFAULT_FRESH, Duration::from_secs)
        .clamp(MIN_FRESH, MAX_FRESH)
}

/// `{"keys": [...]}`, each key read on its own so that one this verifier cannot use (another
/// key type, an encryption key) leaves the others usable.
#[derive(Debug, Deserialize)]
struct WireSet {
    keys: Vec<serde_json::Value>,
}

/// The signing keys of a JWK Set that have a `kid` and are RS256 or ES256 keys.
fn usable_keys(body: &[u8]) -> Result<Vec<UsableKey>, String> {
    let set: WireSet =
        serde_json::from_slice(body).map_err(|_| "the answer is not a JWK Set".to_owned())?;
    Ok(set
        .keys
        .into_iter()
        .filter_map(|value| serde_json::from_value::<Jwk>(value).ok())
        .filter_map(|jwk| {
            let kid = jwk.common.key_id.clone()?;
            if matches!(jwk.common.public_key_use, Some(ref usage) if *usage != PublicKeyUse::Signature)
            {
                return None;
            }
            let algorithm = algorithm_of(&jwk)?;
            let key = DecodingKey::from_jwk(&jwk).ok()?;
            Some((kid, algorithm, key))
        })
        .collect())
}

/// The one algorithm a key verifies: RS256 for RSA, ES256 for P-256; none when the key names
/// another.
fn algorithm_of(jwk: &Jwk) -> Option<Algorithm> {
    let (algorithm, named) = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => (Algorithm::RS256, KeyAlgorithm::RS256),
        AlgorithmParameters::EllipticCurve(params) if params.curve == EllipticCurve::P256 => {
            (Algorithm::ES256, KeyAlgorithm::ES256)
        }
        _ => return None,
    };
    match jwk.common.key_algorithm {
        None => Some(algorithm),
        Some(given) if given == named => Some(algorithm),
        Some(_) => None,
    }
}

/// The claims read from an `id_token`; any other claim is ignored.
#[derive(Debug, Deserialize)]
struct WireClaims {
    iss: Option<String>,
    #[serde(default)]
    aud: Audience,
    sub: Option<String>,
    exp: Option<i64>,
    iat: Option<i64>,
    nonce: Option<String>,
}

/// `aud`: one audience, or several.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum Audience {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

fn decode(token: &str, algorithm: Algorithm, key: &DecodingKey) -> Result<OidcClaims, TokenFault> {
    let mut validation = Validation::new(algorithm);
    // The domain judges every claim; here only the signature and the algorithm count.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims = std::collections::HashSet::new();
    let data = jsonwebtoken::decode::<WireClaims>(token, key, &validation)
        .map_err(|_| TokenFault::Signature)?;
    let claims = data.claims;
    Ok(OidcClaims {
        issuer: claims.iss,
        audiences: match claims.aud {
            Audience::None => Vec::new(),
            Audience::One(one) => vec![one],
            Audience::Many(many) => many,
        },
        subject: claims.sub,
        expires_at: claims.exp,
        issued_at: claims.iat,
        nonce: claims.nonce,
    })
}

impl OidcVerifier for JwksVerifier {
    async fn verify_id_token(
        &self,
        id_token: &str,
        jwks_uri: &JwksUri,
    ) -> Result<OidcClaims, OidcCheckError> {
        let header = jsonwebtoken::decode_header(id_token).map_err(|_| TokenFault::Malformed)?;
        if !matches!(header.alg, Algorithm::RS256 | Algorithm::ES256) {
            return Err(TokenFault::Algorithm.into());
        }
        let kid = header.kid.ok_or(TokenFault::Malformed)?;

        let entry = self.entry(jwks_uri.as_str());
        let mut keys = entry.lock().await;
        let stale = keys.fresh_until.is_none_or(|until| Instant::now() >= until);
        // A failed fetch is tried again after a few seconds: the issuer may be back.
        let backing_off = keys.last_error.is_some()
            && keys.fetched_at.is_some_and(|at| at.elapsed() < RETRY_AFTER);
        let unknown = keys.find(&kid).is_none();
        let may_chase_unknown = keys
            .refetched_for_unknown_at
            .is_none_or(|at| at.elapsed() >= MIN_FRESH);
        if !backing_off {
            if stale {
                self.fetch(jwks_uri.as_str(), &mut keys).await;
            } else if unknown && may_chase_unknown {
                keys.refetched_for_unknown_at = Some(Instant::now());
                self.fetch(jwks_uri.as_str(), &mut keys).await;
            }
        }
        if keys.keys.is_empty()
            && let Some(reason) = &keys.last_error
        {
            return Err(OidcCheckError::Unavailable {
                reason: reason.clone(),
                retry_after: RETRY_AFTER,
            });
        }
        let (algorithm, key) = keys.find(&kid).ok_or(TokenFault::UnknownKey)?;
        if algorithm != header.alg {
            return Err(TokenFault::Algorithm.into());
        }
        Ok(decode(id_token, algorithm, key)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_kept_as_cache_control_says_within_a_minute_and_a_day() {
        assert_eq!(
            freshness(Some("public, max-age=7200")),
            Duration::from_secs(7200)
        );
        assert_eq!(freshness(Some("max-age=5")), MIN_FRESH);
        assert_eq!(freshness(Some("max-age=999999999")), MAX_FRESH);
        assert_eq!(freshness(Some("no-cache")), DEFAULT_FRESH);
        assert_eq!(freshness(None), DEFAULT_FRESH);
        assert_eq!(freshness(Some("MAX-AGE = 120")), Duration::from_secs(120));
    }

    #[test]
    fn only_signing_keys_of_rs256_and_es256_with_a_kid_are_used() {
        let set = br#"{"keys": [
            {"kty": "RSA", "kid": "rsa", "use": "sig", "n": "sXch", "e": "AQAB"},
            {"kty": "RSA", "kid": "rsa-enc", "use": "enc", "n": "sXch", "e": "AQAB"},
            {"kty": "RSA", "kid": "rsa-384", "alg": "RS384", "n": "sXch", "e": "AQAB"},
            {"kty": "RSA", "n": "sXch", "e": "AQAB"},
            {"kty": "OKP", "kid": "ed", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
            {"kty": "oct", "kid": "secret", "k": "c2VjcmV0"},
            {"kty": "weird", "kid": "unknown"}
        ]}"#;
        let keys = usable_keys(set).unwrap();
        let kids: Vec<&str> = keys.iter().map(|(kid, _, _)| kid.as_str()).collect();
        assert_eq!(kids, ["rsa"]);
        assert!(usable_keys(b"<html>").is_err());
    }
}
