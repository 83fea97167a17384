//! A webhook receiver on 127.0.0.1: it keeps every delivery it is sent (headers and body),
//! answers with the status a test sets (or holds the request open), and counts how many
//! deliveries it is handling at once. [`verify`] checks a delivery's signature as the
//! Standard Webhooks specification says a receiver must, written from the spec.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value;
use sha2::Sha256;

/// One delivery as received.
#[derive(Debug, Clone)]
pub struct Received {
    /// `webhook-id`.
    pub id: String,
    /// `webhook-timestamp`.
    pub timestamp: String,
    /// `webhook-signature`.
    pub signature: String,
    /// The raw body.
    pub body: Vec<u8>,
}

impl Received {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

#[derive(Debug)]
struct State {
    received: Mutex<Vec<Received>>,
    status: Mutex<u16>,
    hold: Mutex<Option<Duration>>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

/// The receiver.
#[derive(Debug, Clone)]
pub struct WebhookReceiver {
    /// `http://127.0.0.1:<port>/hooks`.
    pub url: String,
    state: Arc<State>,
}

async fn receive(request: HttpRequest, body: web::Bytes, state: web::Data<State>) -> HttpResponse {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state.most_in_flight.fetch_max(now, Ordering::SeqCst);
    state.received.lock().unwrap().push(Received {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        body: body.to_vec(),
    });
    let hold = *state.hold.lock().unwrap();
    if let Some(hold) = hold {
        tokio::time::sleep(hold).await;
    }
    let status = *state.status.lock().unwrap();
    state.in_flight.fetch_sub(1, Ordering::SeqCst);
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).finish()
}

impl WebhookReceiver {
    /// Starts a receiver that answers 204.
    pub async fn start() -> Self {
        let state = Arc::new(State {
            received: Mutex::default(),
            status: Mutex::new(204),
            hold: Mutex::default(),
            in_flight: AtomicUsize::new(0),
            most_in_flight: AtomicUsize::new(0),
        });
        let shared = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .route("/hooks", web::post().to(receive))
        })
        .workers(2)
        .disable_signals()
        .bind(("127.0.0.1", 0))
        .expect("bind the webhook receiver");
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        Self {
            url: format!("http://127.0.0.1:{port}/hooks"),
            state,
        }
    }

    /// Answers every delivery from now on with `status`.
    pub fn answer(&self, status: u16) {
        *self.state.status.lock().unwrap() = status;
    }

    /// Holds every delivery from now on this long before answering (`None`: at once).
    pub fn hold(&self, hold: Option<Duration>) {
        *self.state.hold.lock().unwrap() = hold;
    }

    /// Every delivery received, in order of arrival.
    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }

    /// The most deliveries it handled at once.
    pub fn most_in_flight(&self) -> usize {
        self.state.most_in_flight.load(Ordering::SeqCst)
    }

    /// Waits (up to `within`) until `count` deliveries have arrived, and returns them all.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let received = self.received();
            if received.len() >= count || tokio::time::Instant::now() >= deadline {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

/// Why a delivery does not verify.
#[derive(Debug, PartialEq, Eq)]
pub enum Unverified {
    /// The secret is not `whsec_<base64>`.
    Secret,
    /// The timestamp is not Unix seconds within five minutes of now.
    Timestamp,
    /// No `v1` signature matches.
    Signature,
}

/// Verifies `delivery` with `secret` as the Standard Webhooks specification says: the key is
/// the base64 after `whsec_`; the signed content is `<id>.<timestamp>.<body>`; the header is a
/// space-separated list of `<version>,<base64 signature>`, any `v1` match counting; the
/// timestamp must be within a tolerance (five minutes) of now.
pub fn verify(secret: &str, delivery: &Received) -> Result<(), Unverified> {
    let key = secret
        .strip_prefix("whsec_")
        .and_then(|encoded| STANDARD.decode(encoded).ok())
        .ok_or(Unverified::Secret)?;
    let timestamp: i64 = delivery
        .timestamp
        .parse()
        .map_err(|_| Unverified::Timestamp)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    if (now - timestamp).abs() > 300 {
        return Err(Unverified::Timestamp);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| Unverified::Secret)?;
    mac.update(format!("{}.{}.", delivery.id, delivery.timestamp).as_bytes());
    mac.update(&delivery.body);
    let expected = mac.finalize().into_bytes();
    let matches = delivery.signature.split(' ').any(|signature| {
        signature
            .strip_prefix("v1,")
            .and_then(|encoded| STANDARD.decode(encoded).ok())
            .is_some_and(|given| given.as_slice() == expected.as_slice())
    });
    if matches {
        Ok(())
    } else {
        Err(Unverified::Signature)
    }
}
