//! A webhook receiver on 127.0.0.1 for the write scenario with a subscriber: it answers every
//! delivery 204 at once and counts them, so that the deliveries run during the load, as a
//! healthy receiver's would.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::{App, HttpResponse, HttpServer, web};

/// The running receiver.
#[derive(Debug, Clone)]
pub struct Receiver {
    /// Where deliveries go.
    pub url: String,
    received: Arc<AtomicU64>,
}

async fn receive(received: web::Data<AtomicU64>) -> HttpResponse {
    received.fetch_add(1, Ordering::Relaxed);
    HttpResponse::NoContent().finish()
}

impl Receiver {
    /// Starts it on the current runtime.
    pub fn start() -> anyhow::Result<Self> {
        let received = Arc::new(AtomicU64::new(0));
        let shared = web::Data::from(received.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(shared.clone())
                .route("/hooks", web::post().to(receive))
        })
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", 0))?;
        let port = server
            .addrs()
            .first()
            .map(|addr| addr.port())
            .ok_or_else(|| anyhow::anyhow!("the receiver is bound to no address"))?;
        tokio::spawn(server.run());
        Ok(Self {
            url: format!("http://127.0.0.1:{port}/hooks"),
            received,
        })
    }

    /// Deliveries received so far.
    pub fn received(&self) -> u64 {
        self.received.load(Ordering::Relaxed)
    }
}
