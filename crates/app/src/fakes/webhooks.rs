//! The fake webhooks, their outbox, and a transport that answers as a test scripts it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use roster_domain::audit::AuditEvent;
use roster_domain::etag::Version;
use roster_domain::pagination::{Scan, Total};
use roster_domain::sign_in::Sealed;
use roster_domain::web_url::WebUrl;
use roster_domain::webhook::{Webhook, WebhookSortField};
use roster_domain::webhook_delivery::{
    AfterAttempt, Delivery, DeliveryAttempt, DeliverySortField, DeliveryStatus,
};
use roster_domain::{EventId, Timestamp, WebhookId};

use super::{FakeConn, versioned};
use crate::ports::{
    DeliveryFilter, DueDelivery, ListRows, Outbox, PostOutcome, StoreError, UrlRefused,
    WebhookFilter, WebhookInsertError, WebhookPost, WebhookRows, WebhookTransport,
};

/// Queues `event` for every webhook of its account that takes it, as the SQL adapter's
/// insert does in the statement that records the event.
pub(super) fn enqueue(conn: &mut FakeConn, event: &AuditEvent) {
    let Some(account) = event.account_id else {
        return;
    };
    let takers: Vec<WebhookId> = conn
        .tables
        .webhooks
        .values()
        .filter(|(webhook, _)| webhook.account_id == account && webhook.takes(event.action))
        .map(|(webhook, _)| webhook.id)
        .collect();
    for webhook_id in takers {
        conn.tables.deliveries.push(Delivery {
            webhook_id,
            id: event.id,
            action: event.action,
            status: DeliveryStatus::Pending,
            attempts: Vec::new(),
            created_at: event.occurred_at,
            next_attempt_at: Some(event.occurred_at),
            finished_at: None,
        });
    }
}

impl WebhookRows for FakeConn {
    async fn insert_webhook(
        &mut self,
        webhook: &Webhook,
        secret: &Sealed,
    ) -> Result<(), WebhookInsertError> {
        if !self.tables.accounts.contains_key(&webhook.account_id) {
            return Err(WebhookInsertError::AccountMissing);
        }
        self.tables
            .webhooks
            .insert(webhook.id, (webhook.clone(), secret.clone()));
        Ok(())
    }

    async fn webhook(&mut self, id: WebhookId) -> Result<Option<Webhook>, StoreError> {
        Ok(self
            .tables
            .webhooks
            .get(&id)
            .map(|(webhook, _)| webhook.clone()))
    }

    async fn lock_webhook(&mut self, id: WebhookId) -> Result<Option<Webhook>, StoreError> {
        self.webhook(id).await
    }

    async fn update_webhook(&mut self, webhook: &Webhook) -> Result<Version, StoreError> {
        let (stored, _) = self
            .tables
            .webhooks
            .get_mut(&webhook.id)
            .ok_or_else(|| StoreError::Internal("no such webhook to update".into()))?;
        *stored = versioned(Some(stored), webhook);
        Ok(stored.version)
    }

    /// One use case at a time: nothing to wait for.
    async fn lock_webhook_erasures(
        &mut self,
        _account: roster_domain::AccountId,
    ) -> Result<(), StoreError> {
        Ok(())
    }

    async fn delete_webhook(&mut self, id: WebhookId) -> Result<bool, StoreError> {
        self.tables
            .deliveries
            .retain(|queued| queued.webhook_id != id);
        Ok(self.tables.webhooks.remove(&id).is_some())
    }
}

impl FakeConn {
    /// The first pending delivery of each webhook.
    fn heads(&self) -> Vec<&Delivery> {
        let mut heads: Vec<&Delivery> = Vec::new();
        for queued in &self.tables.deliveries {
            let pending = queued.status == DeliveryStatus::Pending;
            let known = heads
                .iter()
                .any(|head| head.webhook_id == queued.webhook_id);
            if pending && !known {
                heads.push(queued);
            }
        }
        heads
    }
}

impl Outbox for FakeConn {
    async fn claim_due(&mut self, now: Timestamp) -> Result<Option<DueDelivery>, StoreError> {
        let due = self
            .heads()
            .into_iter()
            .filter(|head| {
                head.next_attempt_at
                    .is_some_and(|at| at.as_datetime() <= now.as_datetime())
            })
            .min_by_key(|head| head.next_attempt_at.map(|at| at.unix_micros()))
            .cloned();
        Ok(due.and_then(|delivery| {
            let (webhook, secret) = self.tables.webhooks.get(&delivery.webhook_id)?;
            Some(DueDelivery {
                webhook_id: webhook.id,
                url: webhook.url.clone(),
                secret: secret.clone(),
                event_id: delivery.id,
                attempts_made: u32::try_from(delivery.attempts.len()).unwrap_or(u32::MAX),
                queued_at: delivery.created_at,
            })
        }))
    }

    async fn event(&mut self, id: EventId) -> Result<Option<AuditEvent>, StoreError> {
        Ok(self
            .tables
            .events
            .iter()
            .find(|event| event.id == id)
            .cloned())
    }

    async fn record_attempt(
        &mut self,
        webhook: WebhookId,
        event: EventId,
        attempt: &DeliveryAttempt,
        after: AfterAttempt,
    ) -> Result<(), StoreError> {
        let found = self
            .tables
            .deliveries
            .iter_mut()
            .find(|queued| queued.webhook_id == webhook && queued.id == event);
        if let Some(queued) = found {
            let delivery = queued;
            delivery.attempts.push(attempt.clone());
            delivery.status = after.status();
            delivery.next_attempt_at = match after {
                AfterAttempt::RetryAt(at) => Some(at),
                AfterAttempt::Delivered | AfterAttempt::Failed => None,
            };
            delivery.finished_at = match after {
                AfterAttempt::RetryAt(_) => None,
                AfterAttempt::Delivered | AfterAttempt::Failed => Some(attempt.at),
            };
        }
        Ok(())
    }

    async fn next_due(&mut self) -> Result<Option<Timestamp>, StoreError> {
        Ok(self
            .heads()
            .into_iter()
            .filter_map(|head| head.next_attempt_at)
            .min_by_key(Timestamp::unix_micros))
    }
}

impl ListRows<Webhook, WebhookSortField, WebhookFilter> for FakeConn {
    async fn page(
        &mut self,
        filter: &WebhookFilter,
        scan: Scan<'_, WebhookSortField>,
    ) -> Result<Vec<Webhook>, StoreError> {
        let rows = self
            .tables
            .webhooks
            .values()
            .map(|(webhook, _)| webhook)
            .filter(|webhook| filter.account.is_none_or(|id| webhook.account_id == id));
        Ok(scan.select(rows.cloned()))
    }

    async fn total(&mut self, filter: &WebhookFilter) -> Result<Total, StoreError> {
        let count = self
            .tables
            .webhooks
            .values()
            .filter(|(webhook, _)| filter.account.is_none_or(|id| webhook.account_id == id))
            .count() as u64;
        Ok(Total::from_bounded_count(count, || count))
    }
}

impl ListRows<Delivery, DeliverySortField, DeliveryFilter> for FakeConn {
    async fn page(
        &mut self,
        filter: &DeliveryFilter,
        scan: Scan<'_, DeliverySortField>,
    ) -> Result<Vec<Delivery>, StoreError> {
        let rows = self
            .tables
            .deliveries
            .iter()
            .filter(|delivery| delivery.webhook_id == filter.webhook)
            .filter(|delivery| filter.status.is_none_or(|status| delivery.status == status));
        Ok(scan.select(rows.cloned()))
    }

    async fn total(&mut self, filter: &DeliveryFilter) -> Result<Total, StoreError> {
        let count = self
            .tables
            .deliveries
            .iter()
            .filter(|queued| queued.webhook_id == filter.webhook)
            .count() as u64;
        Ok(Total::from_bounded_count(count, || count))
    }
}

/// A transport that refuses URLs on `refused.example`, and answers each POST with the next
/// scripted status (200 once the script runs out), keeping every POST it was given.
#[derive(Debug, Clone, Default)]
pub(crate) struct FakeTransport {
    script: Arc<Mutex<VecDeque<Option<u16>>>>,
    posts: Arc<Mutex<Vec<(String, EventId, String)>>>,
}

impl FakeTransport {
    /// The next POSTs are answered with these statuses (`None`: no answer).
    pub(crate) fn answer(&self, statuses: &[Option<u16>]) {
        self.script
            .lock()
            .expect("the script")
            .extend(statuses.iter().copied());
    }

    /// Every POST made: the URL, the event, and the signature sent.
    pub(crate) fn posts(&self) -> Vec<(String, EventId, String)> {
        self.posts.lock().expect("the posts").clone()
    }
}

impl WebhookTransport for FakeTransport {
    async fn admit(&self, url: &WebUrl) -> Result<(), UrlRefused> {
        if url.as_str().contains("refused.example") {
            Err(UrlRefused(
                "the URL resolves to a private address".to_owned(),
            ))
        } else {
            Ok(())
        }
    }

    async fn post(&self, post: WebhookPost<'_>) -> PostOutcome {
        let body = post.event.id.to_string();
        let signature = post
            .secret
            .sign(
                &post.event.id.to_string(),
                post.at.as_datetime().unix_timestamp(),
                body.as_bytes(),
            )
            .unwrap_or_default();
        self.posts.lock().expect("the posts").push((
            post.url.as_str().to_owned(),
            post.event.id,
            signature,
        ));
        let status = self
            .script
            .lock()
            .expect("the script")
            .pop_front()
            .unwrap_or(Some(200));
        PostOutcome {
            status_code: status,
            error: status.is_none().then(|| "could not connect".to_owned()),
            took: Duration::from_millis(3),
        }
    }
}
