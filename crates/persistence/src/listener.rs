//! Each replica's ear for revocations: a connection of its own that `LISTEN`s on
//! [`crate::revocation::CHANNEL`] and evicts what each notification names from the key cache.
//! It also hears [`crate::webhook_store::CHANNEL`], and wakes the replica's webhook deliverers
//! when a delivery was queued (they poll as well, so a lost notification only delays one).
//!
//! When that connection drops, notifications sent meanwhile are lost, so the replica forgets
//! every cached credential at once, reconnects (backing off from 100 ms to 5 s), listens again,
//! and forgets everything once more: whatever changed before the new `LISTEN` took effect is
//! then looked up afresh. The cache's TTL (at most 5 s) stays the backstop for anything else.

use std::sync::Arc;
use std::time::Duration;

use roster_app::auth::CredentialCache;
use roster_domain::{AccountId, ApiKeyId, UserId};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_postgres::AsyncMessage;

use crate::pool::{KEEPALIVE_IDLE, KEEPALIVE_INTERVAL, KEEPALIVE_RETRIES};
use crate::revocation::{CHANNEL, Revoked};
use crate::webhook_store::CHANNEL as WEBHOOKS;

/// The first pause before reconnecting.
const RETRY_MIN: Duration = Duration::from_millis(100);
/// The longest pause before reconnecting.
const RETRY_MAX: Duration = Duration::from_secs(5);

/// Listens for revocations and applies them to a [`CredentialCache`].
#[derive(Debug)]
pub struct CredentialListener;

impl CredentialListener {
    /// Starts listening on the current Tokio runtime, on a connection to `database_url` of its
    /// own; it runs until the runtime stops.
    #[must_use]
    pub fn start(
        database_url: String,
        cache: Arc<CredentialCache>,
        deliveries: Arc<Notify>,
    ) -> JoinHandle<()> {
        tokio::spawn(async move {
            let mut pause = RETRY_MIN;
            loop {
                match listen(&database_url, &cache, &deliveries).await {
                    // It listened, then lost the connection: try again soon.
                    Ok(()) => pause = RETRY_MIN,
                    Err(error) => {
                        tracing::debug!(error = %error, "revocation listener could not listen");
                    }
                }
                cache.forget_all();
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(RETRY_MAX);
            }
        })
    }
}

/// Connects, listens, and applies notifications until the connection ends (`Ok`) or cannot be
/// set up (`Err`).
async fn listen(
    database_url: &str,
    cache: &CredentialCache,
    deliveries: &Notify,
) -> Result<(), tokio_postgres::Error> {
    let mut config: tokio_postgres::Config = database_url.parse()?;
    config
        .application_name("roster-listener")
        .keepalives(true)
        .keepalives_idle(KEEPALIVE_IDLE)
        .keepalives_interval(KEEPALIVE_INTERVAL)
        .keepalives_retries(KEEPALIVE_RETRIES)
        .connect_timeout(RETRY_MAX);
    let (client, mut connection) = config.connect(tokio_postgres::NoTls).await?;
    // Notifications arrive through the connection, which must be polled while LISTEN runs.
    let (messages_tx, mut messages) = tokio::sync::mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        loop {
            match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                Some(Ok(message)) => {
                    if messages_tx.send(message).is_err() {
                        return;
                    }
                }
                Some(Err(error)) => {
                    tracing::debug!(error = %error, "revocation listener's connection failed");
                    return;
                }
                None => return,
            }
        }
    });
    let listening = client
        .batch_execute(&format!("LISTEN {CHANNEL}; LISTEN {WEBHOOKS}"))
        .await;
    if let Err(error) = listening {
        driver.abort();
        return Err(error);
    }
    // Anything that changed before LISTEN took effect went unheard.
    cache.forget_all();
    deliveries.notify_waiters();
    tracing::debug!("revocation listener: listening");
    while let Some(message) = messages.recv().await {
        if let AsyncMessage::Notification(notification) = message {
            if notification.channel() == WEBHOOKS {
                deliveries.notify_waiters();
            } else {
                apply(cache, notification.payload());
            }
        }
    }
    drop(client);
    tracing::info!("revocation listener lost its connection; every cached key is forgotten");
    Ok(())
}

/// Evicts what `payload` names.
fn apply(cache: &CredentialCache, payload: &str) {
    match Revoked::parse(payload) {
        Some(Revoked::Key(id)) => cache.forget_key(ApiKeyId::from_uuid(id)),
        Some(Revoked::User(id)) => cache.forget_user(UserId::from_uuid(id)),
        Some(Revoked::Account(id)) => cache.forget_account(AccountId::from_uuid(id)),
        // Client sessions, and the bans of their players, are checked against the database on
        // every request: nothing cached. The notifications are sent all the same, for the
        // session cache of a later version (and a replica of it running beside this one).
        Some(Revoked::Identity(_) | Revoked::Session(_) | Revoked::Player(_)) => {}
        // A newer replica's notification: forgetting everything is always safe.
        None => cache.forget_all(),
    }
}
