//! A local stand-in for Steam's Web API, on 127.0.0.1: `GET
//! /ISteamUserAuth/AuthenticateUserTicket/v1/?key=&appid=&ticket=&identity=` answered as Steam
//! answers it, so that no test reaches Steam.
//!
//! - A wrong `key`: `403 Forbidden` with Steam's HTML page.
//! - A missing parameter: `400` with Steam's HTML page.
//! - A ticket that is not hex: `{"response":{"error":{"errorcode":3,"errordesc":"Invalid parameter"}}}`.
//! - A ticket it never issued, or sent with an identity string other than the one it was made
//!   with: `{"response":{"error":{"errorcode":101,"errordesc":"Invalid ticket"}}}`.
//! - A ticket of another app: errorcode 102, "Ticket for other app".
//! - An expired ticket: errorcode 27 (`EResult` Expired); a single-use ticket used again:
//!   errorcode 29 (`EResult` DuplicateRequest).
//! - Otherwise `{"response":{"params":{"result":"OK","steamid":…,"ownersteamid":…,
//!   "vacbanned":…,"publisherbanned":…}}}`.
//!
//! It can be made slow (every answer waits) and counts the calls it answered.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpResponse, HttpServer, web};
use serde_json::json;

/// The publisher key the stub takes.
pub const STUB_PUBLISHER_KEY: &str = "5A1E5A1E5A1E5A1E5A1E5A1E5A1E5A1E";

/// A ticket the stub issued, and what Steam says of its player.
#[derive(Debug, Clone)]
pub struct StubTicket {
    /// The app it was made for.
    pub app_id: String,
    /// The identity string it was made with.
    pub identity: Option<String>,
    /// The player.
    pub steam_id: String,
    /// The owner of the game (family sharing when not the player).
    pub owner_steam_id: String,
    /// A VAC ban on record.
    pub vac_banned: bool,
    /// A publisher ban on record.
    pub publisher_banned: bool,
    /// Whether it has expired.
    pub expired: bool,
    /// Whether it is good for one check only.
    pub single_use: bool,
}

impl StubTicket {
    /// A ticket of `app_id` for `steam_id`, who owns the game and is banned nowhere.
    pub fn new(app_id: &str, steam_id: &str) -> Self {
        Self {
            app_id: app_id.to_owned(),
            identity: None,
            steam_id: steam_id.to_owned(),
            owner_steam_id: steam_id.to_owned(),
            vac_banned: false,
            publisher_banned: false,
            expired: false,
            single_use: false,
        }
    }
}

#[derive(Debug, Default)]
struct State {
    tickets: Mutex<HashMap<String, StubTicket>>,
    used: Mutex<HashMap<String, usize>>,
    calls: AtomicUsize,
    delay_ms: AtomicU64,
    last_query: Mutex<Option<HashMap<String, String>>>,
}

/// The running stub.
#[derive(Debug, Clone)]
pub struct SteamStub {
    /// `http://127.0.0.1:<port>`: what `ROSTER_STEAM_API_URL` is set to.
    pub url: String,
    state: Arc<State>,
    issued: Arc<AtomicU64>,
}

impl SteamStub {
    /// Starts the stub on a free port.
    pub async fn start() -> Self {
        let state = Arc::new(State::default());
        let shared = web::Data::from(state.clone());
        let server = HttpServer::new(move || {
            App::new().app_data(shared.clone()).route(
                "/ISteamUserAuth/AuthenticateUserTicket/v1/",
                web::get().to(authenticate),
            )
        })
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", 0))
        .expect("bind the Steam stub");
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        Self {
            url: format!("http://127.0.0.1:{port}"),
            state,
            issued: Arc::new(AtomicU64::new(1)),
        }
    }

    /// Issues `ticket`, returning its hex digits.
    pub fn issue(&self, ticket: StubTicket) -> String {
        let n = self.issued.fetch_add(1, Ordering::Relaxed);
        let hex = format!(
            "14000000{n:016x}{:08x}",
            n.wrapping_mul(2_654_435_761) as u32
        );
        self.state
            .tickets
            .lock()
            .expect("the tickets")
            .insert(hex.clone(), ticket);
        hex
    }

    /// Every answer waits `delay` from now on.
    pub fn slow_down(&self, delay: Duration) {
        self.state
            .delay_ms
            .store(delay.as_millis() as u64, Ordering::Relaxed);
    }

    /// How many calls it answered (or began to).
    pub fn calls(&self) -> usize {
        self.state.calls.load(Ordering::Relaxed)
    }

    /// The query of the last call.
    pub fn last_query(&self) -> Option<HashMap<String, String>> {
        self.state.last_query.lock().expect("the query").clone()
    }
}

fn error(code: i64, description: &str) -> HttpResponse {
    HttpResponse::Ok()
        .json(json!({"response": {"error": {"errorcode": code, "errordesc": description}}}))
}

async fn authenticate(
    state: web::Data<State>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    state.calls.fetch_add(1, Ordering::Relaxed);
    *state.last_query.lock().expect("the query") = Some(query.0.clone());
    let delay = state.delay_ms.load(Ordering::Relaxed);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let (Some(key), Some(app_id), Some(ticket)) =
        (query.get("key"), query.get("appid"), query.get("ticket"))
    else {
        return HttpResponse::BadRequest().content_type("text/html").body(
            "<html><head><title>Bad Request</title></head><body><h1>Bad Request</h1>Required \
             parameter is missing</body></html>",
        );
    };
    if key != STUB_PUBLISHER_KEY {
        return HttpResponse::Forbidden().content_type("text/html").body(
            "<html><head><title>Forbidden</title></head><body><h1>Forbidden</h1>Access is \
             denied. Retrying will not help. Please verify your <pre>key=</pre> parameter.\
             </body></html>",
        );
    }
    if ticket.is_empty()
        || !ticket.len().is_multiple_of(2)
        || !ticket.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return error(3, "Invalid parameter");
    }
    let Some(issued) = state
        .tickets
        .lock()
        .expect("the tickets")
        .get(&ticket.to_ascii_lowercase())
        .cloned()
    else {
        return error(101, "Invalid ticket");
    };
    if issued.identity.as_deref() != query.get("identity").map(String::as_str) {
        return error(101, "Invalid ticket");
    }
    if &issued.app_id != app_id {
        return error(102, "Ticket for other app");
    }
    if issued.expired {
        return error(27, "Expired");
    }
    if issued.single_use {
        let mut used = state.used.lock().expect("the uses");
        let uses = used.entry(ticket.to_ascii_lowercase()).or_default();
        *uses += 1;
        if *uses > 1 {
            return error(29, "Duplicate request");
        }
    }
    HttpResponse::Ok().json(json!({"response": {"params": {
        "result": "OK",
        "steamid": issued.steam_id,
        "ownersteamid": issued.owner_steam_id,
        "vacbanned": issued.vac_banned,
        "publisherbanned": issued.publisher_banned,
    }}}))
}
