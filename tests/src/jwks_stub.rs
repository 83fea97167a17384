//! A local OpenID issuer's key endpoint, on 127.0.0.1: `GET /jwks` answers a JWK Set of keys
//! the test generated (RS256 and ES256), with a `Cache-Control`, and counts the fetches; keys
//! can be published later (rotation). Tokens are signed with [`SigningKey`]s.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpResponse, HttpServer, web};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::EncodePrivateKey;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};

/// A key a test signs `id_token`s with, and its public JWK.
#[derive(Clone)]
pub struct SigningKey {
    /// Its `kid`.
    pub kid: String,
    /// Its algorithm.
    pub algorithm: Algorithm,
    encoding: EncodingKey,
    /// The public key as a JWK.
    pub jwk: Value,
    /// The public key's bytes (the RSA modulus, or the EC point), for forging HS256 tokens
    /// "signed with the public key".
    pub public_bytes: Vec<u8>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish()
    }
}

impl SigningKey {
    /// A fresh 2048-bit RSA key (RS256).
    pub fn rsa(kid: &str) -> Self {
        let private =
            rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("an RSA key");
        let der = private.to_pkcs1_der().expect("PKCS#1 DER");
        let public = private.to_public_key();
        let n = public.n().to_bytes_be();
        let e = public.e().to_bytes_be();
        Self {
            kid: kid.to_owned(),
            algorithm: Algorithm::RS256,
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            jwk: json!({
                "kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
                "n": URL_SAFE_NO_PAD.encode(&n), "e": URL_SAFE_NO_PAD.encode(&e),
            }),
            public_bytes: n,
        }
    }

    /// A fresh P-256 key (ES256).
    pub fn ec(kid: &str) -> Self {
        let secret = p256::SecretKey::random(&mut rsa::rand_core::OsRng);
        let der = secret.to_pkcs8_der().expect("PKCS#8 DER");
        let point = secret.public_key().to_encoded_point(false);
        Self {
            kid: kid.to_owned(),
            algorithm: Algorithm::ES256,
            encoding: EncodingKey::from_ec_der(der.as_bytes()),
            jwk: json!({
                "kty": "EC", "kid": kid, "use": "sig", "crv": "P-256",
                "x": URL_SAFE_NO_PAD.encode(point.x().expect("x")),
                "y": URL_SAFE_NO_PAD.encode(point.y().expect("y")),
            }),
            public_bytes: point.as_bytes().to_vec(),
        }
    }

    /// `claims`, signed with this key (its `kid` in the header).
    pub fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(self.algorithm);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("a signed id_token")
    }
}

#[derive(Debug, Default)]
struct State {
    keys: Mutex<Vec<Value>>,
    fetches: AtomicUsize,
}

/// The running key endpoint.
#[derive(Debug, Clone)]
pub struct JwksStub {
    /// `http://127.0.0.1:<port>/jwks`: the provider's `jwks_uri`.
    pub jwks_uri: String,
    state: Arc<State>,
}

impl JwksStub {
    /// Starts the endpoint, publishing `keys`.
    pub async fn start(keys: &[&SigningKey]) -> Self {
        let state = Arc::new(State::default());
        let shared = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .route("/jwks", web::get().to(jwks))
        })
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", 0))
        .expect("bind the JWKS stub");
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        let stub = Self {
            jwks_uri: format!("http://127.0.0.1:{port}/jwks"),
            state,
        };
        for key in keys {
            stub.publish(key);
        }
        stub
    }

    /// Publishes `key` beside the others (a rotation).
    pub fn publish(&self, key: &SigningKey) {
        self.state
            .keys
            .lock()
            .expect("the keys")
            .push(key.jwk.clone());
    }

    /// How many times the keys were fetched.
    pub fn fetches(&self) -> usize {
        self.state.fetches.load(Ordering::Relaxed)
    }
}

async fn jwks(state: web::Data<State>) -> HttpResponse {
    state.fetches.fetch_add(1, Ordering::Relaxed);
    let keys = state.keys.lock().expect("the keys").clone();
    HttpResponse::Ok()
        .insert_header(("cache-control", "public, max-age=3600"))
        .json(json!({ "keys": keys }))
}
