//! Webhooks and their outbox, as stored.

use std::future::Future;

use roster_domain::audit::AuditEvent;
use roster_domain::etag::Version;
use roster_domain::sign_in::Sealed;
use roster_domain::web_url::WebUrl;
use roster_domain::webhook::Webhook;
use roster_domain::webhook_delivery::{AfterAttempt, DeliveryAttempt, DeliveryStatus};
use roster_domain::{AccountId, EventId, Timestamp, WebhookId};

use super::StoreError;

/// Which webhooks a list covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookFilter {
    /// Only this account's webhooks.
    pub account: Option<AccountId>,
}

/// Which deliveries a list covers: one webhook's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryFilter {
    /// The webhook.
    pub webhook: WebhookId,
    /// Only deliveries in this status.
    pub status: Option<DeliveryStatus>,
}

/// Why a webhook could not be inserted.
#[derive(Debug, thiserror::Error)]
pub enum WebhookInsertError {
    /// No account has its `account_id`.
    #[error("the account does not exist")]
    AccountMissing,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The webhook primitives of a connection.
pub trait WebhookRows: Send {
    /// Inserts `webhook` with its sealed signing secret.
    ///
    /// MUST return `AccountMissing`, inserting nothing, when its account does not exist (a
    /// foreign key decides).
    fn insert_webhook(
        &mut self,
        webhook: &Webhook,
        secret: &Sealed,
    ) -> impl Future<Output = Result<(), WebhookInsertError>> + Send;

    /// The webhook with `id`.
    fn webhook(
        &mut self,
        id: WebhookId,
    ) -> impl Future<Output = Result<Option<Webhook>, StoreError>> + Send;

    /// The webhook with `id`, locked until the transaction ends.
    fn lock_webhook(
        &mut self,
        id: WebhookId,
    ) -> impl Future<Output = Result<Option<Webhook>, StoreError>> + Send;

    /// Writes `webhook`'s URL, events, description and `updated_at` over the stored one.
    ///
    /// Returns the version the row is at afterwards: one more than before when any column
    /// changed, the same when the write left the row as it was.
    fn update_webhook(
        &mut self,
        webhook: &Webhook,
    ) -> impl Future<Output = Result<Version, StoreError>> + Send;

    /// Holds, until the transaction ends, the right to erase webhooks of `account`.
    ///
    /// An erasure's own event is queued for the account's other webhooks, which locks them
    /// against erasure: two erasures in one account at once would each wait for the other.
    /// MUST make a second caller for the same account wait until the first one's transaction
    /// ends, and MUST NOT block anything but other such calls.
    fn lock_webhook_erasures(
        &mut self,
        account: AccountId,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Erases the webhook with `id` and its deliveries; whether there was one.
    fn delete_webhook(
        &mut self,
        id: WebhookId,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// A delivery claimed for an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDelivery {
    /// The webhook.
    pub webhook_id: WebhookId,
    /// Where to POST.
    pub url: WebUrl,
    /// The webhook's sealed signing secret.
    pub secret: Sealed,
    /// The event to deliver.
    pub event_id: EventId,
    /// Attempts made before this one.
    pub attempts_made: u32,
    /// When it was queued.
    pub queued_at: Timestamp,
}

/// The outbox the deliverers of every replica share.
pub trait Outbox: Send {
    /// Claims the first pending delivery of one webhook, if it is due at `now`: the webhook's
    /// row stays locked until the transaction ends, so no other deliverer attempts any of that
    /// webhook's deliveries meanwhile (which keeps them in order).
    ///
    /// MUST skip webhooks another transaction holds rather than wait for them (`SKIP LOCKED`),
    /// and MUST NOT take a lock a change's write would wait for: events are recorded, and
    /// their deliveries queued, while an attempt runs.
    fn claim_due(
        &mut self,
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<DueDelivery>, StoreError>> + Send;

    /// The event with `id`, if the retention purge has not removed it.
    fn event(
        &mut self,
        id: EventId,
    ) -> impl Future<Output = Result<Option<AuditEvent>, StoreError>> + Send;

    /// Appends `attempt` to the delivery of `event` to `webhook` and moves it as `after` says.
    fn record_attempt(
        &mut self,
        webhook: WebhookId,
        event: EventId,
        attempt: &DeliveryAttempt,
        after: AfterAttempt,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// When the earliest pending delivery that heads its webhook's queue is due, if any: how
    /// long an idle deliverer may sleep.
    fn next_due(&mut self) -> impl Future<Output = Result<Option<Timestamp>, StoreError>> + Send;
}
