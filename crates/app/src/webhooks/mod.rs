//! Webhooks (DESIGN §11): an account's admins say where its audit events go; each matching
//! event is queued in the transaction that records it and delivered by [`Deliverer`].
//!
//! The signing secret (`whsec_…`) is made here, sealed before it is stored, and shown once, in
//! the answer to the creation. A URL is checked by the transport at creation and at each
//! change of it (no private addresses unless the operator allows them), and again at each
//! delivery, as a name may resolve elsewhere later.

mod deliver;

use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::etag::{IfMatch, PreconditionFailed, Versioned};
use roster_domain::pagination::{CursorCodec, FingerprintBuilder};
use roster_domain::policy::{self, Action, Forbidden, Target};
use roster_domain::principal::Principal;
use roster_domain::web_url::WebUrl;
use roster_domain::webhook::{
    EventPatterns, SECRET_BYTES, Webhook, WebhookChanges, WebhookDescription, WebhookSecret,
    WebhookSortField,
};
use roster_domain::webhook_delivery::{Delivery, DeliverySortField, DeliveryStatus};
use roster_domain::{AccountId, WebhookId};

use crate::audit::{self, Change};
use crate::boxed::use_case_trait;
use crate::lookup::{ChangeError, LookupError, Resource};
use crate::pagination::{self, Fingerprinted, ListError, Listing, PageParams};
use crate::ports::{
    AuditTrail, Clock, Database, DeliveryFilter, ListRows, Random, RandomError, SealError, Sealer,
    StoreError, UrlRefused, WebhookFilter, WebhookInsertError, WebhookRows, WebhookTransport,
};

pub use deliver::{DeliverError, Deliverer};

/// What the webhook use cases need of a connection.
pub trait WebhookConn:
    WebhookRows
    + AuditTrail
    + ListRows<Webhook, WebhookSortField, WebhookFilter>
    + ListRows<Delivery, DeliverySortField, DeliveryFilter>
{
}

impl<T> WebhookConn for T where
    T: WebhookRows
        + AuditTrail
        + ListRows<Webhook, WebhookSortField, WebhookFilter>
        + ListRows<Delivery, DeliverySortField, DeliveryFilter>
{
}

/// A database whose connections offer what the webhook use cases need.
pub trait WebhookDb: Database<Conn: WebhookConn> {}

impl<D: Database<Conn: WebhookConn>> WebhookDb for D {}

/// What a new webhook is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateWebhook {
    /// The account whose events it takes; the principal's own when `None`.
    pub account_id: Option<AccountId>,
    /// Where deliveries go.
    pub url: WebUrl,
    /// Which events.
    pub events: EventPatterns,
    /// What it is for.
    pub description: Option<WebhookDescription>,
}

/// A webhook just created, with its signing secret: shown once, stored only sealed.
#[derive(Debug)]
pub struct CreatedWebhook {
    /// The webhook.
    pub webhook: Webhook,
    /// Its signing secret.
    pub secret: WebhookSecret,
}

/// Why a webhook was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateWebhookError {
    /// The account is not the principal's.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such account.
    #[error("Account not found")]
    AccountNotFound,
    /// The URL may not receive deliveries.
    #[error(transparent)]
    UrlRefused(#[from] UrlRefused),
    /// No secure randomness for the secret.
    #[error(transparent)]
    Random(#[from] RandomError),
    /// The secret could not be sealed.
    #[error(transparent)]
    Seal(#[from] SealError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a webhook was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateWebhookError {
    /// Another account's webhook.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such webhook.
    #[error("Webhook not found")]
    NotFound,
    /// The new URL may not receive deliveries.
    #[error(transparent)]
    UrlRefused(#[from] UrlRefused),
    /// The webhook changed since the version the request's `If-Match` named.
    #[error(transparent)]
    PreconditionFailed(#[from] PreconditionFailed),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A request to list webhooks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListWebhooks {
    /// Only this account's (superadmins may name any; others only their own).
    pub account_id: Option<AccountId>,
    /// The page wanted.
    pub page: PageParams<WebhookSortField>,
}

/// A request to list a webhook's deliveries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListDeliveries {
    /// Only deliveries in this status.
    pub status: Option<DeliveryStatus>,
    /// The page wanted.
    pub page: PageParams<DeliverySortField>,
}

impl Fingerprinted for WebhookFilter {
    fn fingerprint(&self, builder: FingerprintBuilder) -> FingerprintBuilder {
        builder.filter("scope", self.account.map(|id| id.to_string()).as_deref())
    }
}

impl Fingerprinted for DeliveryFilter {
    fn fingerprint(&self, builder: FingerprintBuilder) -> FingerprintBuilder {
        builder
            .filter("webhook_id", Some(self.webhook.to_string().as_str()))
            .filter("status", self.status.map(DeliveryStatus::as_str))
    }
}

/// The webhook use cases.
#[derive(Debug)]
pub struct Webhooks<D, C, R, S, T> {
    db: D,
    clock: C,
    random: R,
    sealer: S,
    transport: T,
    cursors: CursorCodec,
}

impl<D: WebhookDb, C: Clock, R: Random, S: Sealer, T: WebhookTransport> Webhooks<D, C, R, S, T> {
    /// The use cases over `db`, with `clock`, secrets from `random` sealed by `sealer`, URLs
    /// checked by `transport`, cursors signed with `cursors`.
    pub fn new(db: D, clock: C, random: R, sealer: S, transport: T, cursors: CursorCodec) -> Self {
        Self {
            db,
            clock,
            random,
            sealer,
            transport,
            cursors,
        }
    }
}

/// The webhook `id`, if `principal` may take `action` on it.
async fn authorized<Conn: WebhookRows>(
    conn: &mut Conn,
    principal: &Principal,
    action: Action,
    id: WebhookId,
    lock: bool,
) -> Result<Webhook, LookupError> {
    let webhook = if lock {
        conn.lock_webhook(id).await?
    } else {
        conn.webhook(id).await?
    };
    let webhook = webhook.ok_or(LookupError::NotFound(Resource::Webhook))?;
    policy::authorize(principal, action, Target::Account(webhook.account_id))?;
    Ok(webhook)
}

fn target(webhook: &Webhook) -> AuditTarget {
    AuditTarget::new(TargetKind::Webhook, webhook.id)
}

impl<D: WebhookDb, C: Clock, R: Random, S: Sealer, T: WebhookTransport> Webhooks<D, C, R, S, T> {
    async fn create_webhook(
        &self,
        principal: &Principal,
        input: CreateWebhook,
    ) -> Result<CreatedWebhook, CreateWebhookError> {
        let account_id = input.account_id.unwrap_or(principal.account_id);
        policy::authorize(
            principal,
            Action::CreateWebhook,
            Target::Account(account_id),
        )?;
        self.transport.admit(&input.url).await?;
        let mut key = [0; SECRET_BYTES];
        self.random.fill(&mut key)?;
        let secret = WebhookSecret::from_random(key);
        let sealed = self.sealer.seal(secret.key())?;
        let now = self.clock.now();
        let webhook = Webhook::new(account_id, input.url, input.events, input.description, now);
        self.db
            .transaction(async |tx: &mut D::Conn| -> Result<_, CreateWebhookError> {
                tx.insert_webhook(&webhook, &sealed)
                    .await
                    .map_err(|error| match error {
                        WebhookInsertError::AccountMissing => CreateWebhookError::AccountNotFound,
                        WebhookInsertError::Store(error) => CreateWebhookError::Store(error),
                    })?;
                let change = Change {
                    action: AuditAction::WebhookCreated,
                    target: target(&webhook),
                    account_id,
                    changes: Changes::created(&webhook),
                    at: now,
                };
                audit::by_admin(tx, principal, change).await?;
                Ok(())
            })
            .await?;
        Ok(CreatedWebhook { webhook, secret })
    }

    async fn list_webhooks(
        &self,
        principal: &Principal,
        query: ListWebhooks,
    ) -> Result<Listing<Webhook>, ListError> {
        let scope = policy::list_scope(principal, query.account_id)?;
        let filter = WebhookFilter {
            account: scope.account(),
        };
        pagination::list(
            &self.db,
            &self.cursors,
            "GET /v1/webhooks",
            &filter,
            &query.page,
        )
        .await
    }

    async fn get_webhook(
        &self,
        principal: &Principal,
        id: WebhookId,
    ) -> Result<Webhook, LookupError> {
        self.db
            .read(async |conn: &mut D::Conn| {
                authorized(conn, principal, Action::ReadWebhook, id, false).await
            })
            .await
    }

    async fn update_webhook(
        &self,
        principal: &Principal,
        id: WebhookId,
        changes: WebhookChanges,
        if_match: IfMatch,
    ) -> Result<Webhook, UpdateWebhookError> {
        if let Some(url) = &changes.url {
            // Before the transaction: a slow resolver must not hold the webhook's lock.
            self.transport.admit(url).await?;
        }
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| -> Result<_, UpdateWebhookError> {
                let before = authorized(tx, principal, Action::UpdateWebhook, id, true)
                    .await
                    .map_err(|error| match error {
                        LookupError::Forbidden(forbidden) => forbidden.into(),
                        LookupError::NotFound(_) => UpdateWebhookError::NotFound,
                        LookupError::Store(error) => error.into(),
                    })?;
                if_match.check(&before.entity_tag())?;
                let after = before.changed(changes, now);
                let version = tx.update_webhook(&after).await?;
                let change = Change {
                    action: AuditAction::WebhookUpdated,
                    target: target(&after),
                    account_id: after.account_id,
                    changes: Changes::updated(&before, &after),
                    at: now,
                };
                audit::by_admin(tx, principal, change).await?;
                Ok(after.at_version(version))
            })
            .await
    }

    async fn delete_webhook(
        &self,
        principal: &Principal,
        id: WebhookId,
        if_match: IfMatch,
    ) -> Result<(), ChangeError> {
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| {
                let seen = authorized(tx, principal, Action::DeleteWebhook, id, false).await?;
                tx.lock_webhook_erasures(seen.account_id).await?;
                let webhook = authorized(tx, principal, Action::DeleteWebhook, id, true).await?;
                if_match.check(&webhook.entity_tag())?;
                if !tx.delete_webhook(id).await? {
                    return Err(ChangeError::NotFound(Resource::Webhook));
                }
                let change = Change {
                    action: AuditAction::WebhookDeleted,
                    target: target(&webhook),
                    account_id: webhook.account_id,
                    changes: Changes::erased(&webhook),
                    at: now,
                };
                audit::by_admin(tx, principal, change).await?;
                Ok(())
            })
            .await
    }

    async fn list_deliveries(
        &self,
        principal: &Principal,
        id: WebhookId,
        query: ListDeliveries,
    ) -> Result<Listing<Delivery>, ListError> {
        self.db
            .read(async |conn: &mut D::Conn| {
                authorized(conn, principal, Action::ReadWebhook, id, false)
                    .await
                    .map_err(ListError::from)
            })
            .await?;
        let filter = DeliveryFilter {
            webhook: id,
            status: query.status,
        };
        let endpoint = "GET /v1/webhooks/{webhook_id}/deliveries";
        pagination::list(&self.db, &self.cursors, endpoint, &filter, &query.page).await
    }
}

use_case_trait! {
    /// The webhook use cases as the HTTP adapter drives them.
    pub trait WebhookUseCases for Webhooks<D, C, R, S, T>
    where { D: WebhookDb, C: Clock, R: Random, S: Sealer, T: WebhookTransport } {
        /// Creates a webhook; its secret is in the result, and nowhere else in the clear.
        fn create(principal: &'a Principal, input: CreateWebhook)
            -> Result<CreatedWebhook, CreateWebhookError> = create_webhook;
        /// Lists the webhooks the principal may see.
        fn list(principal: &'a Principal, query: ListWebhooks)
            -> Result<Listing<Webhook>, ListError> = list_webhooks;
        /// Reads one webhook.
        fn get(principal: &'a Principal, id: WebhookId) -> Result<Webhook, LookupError>
            = get_webhook;
        /// Changes a webhook's URL, events or description, if it still has a tag `if_match`
        /// names.
        fn update(principal: &'a Principal, id: WebhookId, changes: WebhookChanges,
            if_match: IfMatch) -> Result<Webhook, UpdateWebhookError> = update_webhook;
        /// Erases a webhook and its deliveries, if it still has a tag `if_match` names.
        fn delete(principal: &'a Principal, id: WebhookId, if_match: IfMatch)
            -> Result<(), ChangeError> = delete_webhook;
        /// Lists a webhook's deliveries and their attempts.
        fn deliveries(principal: &'a Principal, id: WebhookId, query: ListDeliveries)
            -> Result<Listing<Delivery>, ListError> = list_deliveries;
    }
}

#[cfg(test)]
mod tests;
