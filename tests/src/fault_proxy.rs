//! A TCP proxy between the server and PostgreSQL that a test can freeze or cut, to see what
//! clients get when the database stops answering or drops its connections.
//!
//! Freezing stops every byte in both directions while the connections stay open: to Roster the
//! database looks exactly like a server stopped with SIGSTOP (the kernel still accepts the
//! bytes, nobody answers), without signalling a cluster that other tests share.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

/// A running proxy; it stops when dropped.
#[derive(Debug)]
pub struct FaultProxy {
    port: u16,
    frozen: watch::Sender<bool>,
    refusing: Arc<std::sync::atomic::AtomicBool>,
    links: Arc<Mutex<JoinSet<()>>>,
    acceptor: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// A proxy in front of the PostgreSQL server of `url`, and `url` pointed at the proxy.
    pub async fn before(url: &str) -> (Self, String) {
        let config: tokio_postgres::Config = url.parse().expect("a PostgreSQL URL");
        let host = match config.get_hosts().first() {
            Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
            _ => panic!("{url} does not name a TCP host"),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let proxy = Self::start(format!("{host}:{port}")).await;
        let proxied = url.replacen(
            &format!("{host}:{port}"),
            &format!("127.0.0.1:{}", proxy.port),
            1,
        );
        assert_ne!(proxied, url, "{url} names the port explicitly");
        (proxy, proxied)
    }

    async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the proxy");
        let port = listener.local_addr().expect("the proxy's address").port();
        let (frozen, frozen_rx) = watch::channel(false);
        let links = Arc::new(Mutex::new(JoinSet::new()));
        let refusing = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let acceptor = tokio::spawn({
            let links = links.clone();
            let refusing = refusing.clone();
            async move {
                while let Ok((client, _)) = listener.accept().await {
                    if refusing.load(std::sync::atomic::Ordering::SeqCst) {
                        drop(client);
                        continue;
                    }
                    let Ok(server) = TcpStream::connect(&upstream).await else {
                        continue;
                    };
                    let frozen = frozen_rx.clone();
                    links
                        .lock()
                        .expect("the links")
                        .spawn(link(client, server, frozen));
                }
            }
        });
        Self {
            port,
            frozen,
            refusing,
            links,
            acceptor,
        }
    }

    /// Stops or resumes every byte, in both directions, on every connection.
    pub fn freeze(&self, frozen: bool) {
        self.frozen.send_replace(frozen);
    }

    /// Closes every connection open through the proxy (new ones are still accepted).
    pub fn cut(&self) {
        self.links.lock().expect("the links").abort_all();
    }

    /// While `true`, every new connection is closed as soon as it is made, and the open ones
    /// are cut: the database is down.
    pub fn refuse(&self, refusing: bool) {
        self.refusing
            .store(refusing, std::sync::atomic::Ordering::SeqCst);
        if refusing {
            self.cut();
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.acceptor.abort();
        if let Ok(mut links) = self.links.lock() {
            links.abort_all();
        }
    }
}

/// Copies both ways until either side closes, holding every byte while frozen.
async fn link(client: TcpStream, server: TcpStream, frozen: watch::Receiver<bool>) {
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    tokio::select! {
        () = pump(client_read, server_write, frozen.clone()) => {}
        () = pump(server_read, client_write, frozen) => {}
    }
}

async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    mut frozen: watch::Receiver<bool>,
) {
    let mut buffer = vec![0; 16 * 1024];
    loop {
        if frozen.wait_for(|frozen| !frozen).await.is_err() {
            return;
        }
        let read = tokio::select! {
            read = from.read(&mut buffer) => read,
            // Freezing stops the read too, so nothing is taken in while frozen.
            _ = frozen.wait_for(|frozen| *frozen) => continue,
        };
        let Ok(read) = read else { return };
        if read == 0 {
            return;
        }
        if frozen.wait_for(|frozen| !frozen).await.is_err() {
            return;
        }
        if to.write_all(&buffer[..read]).await.is_err() {
            return;
        }
    }
}
