use std::time::Duration;

use roster_domain::AccountId;
use roster_domain::audit::AuditAction;
use roster_domain::etag::IfMatch;
use roster_domain::pagination::Limit;
use roster_domain::web_url::WebUrl;
use roster_domain::webhook::{EventPatterns, WebhookChanges, WebhookSecret};
use roster_domain::webhook_delivery::DeliveryStatus;

use super::*;
use crate::fakes::{
    FakeDb, FakeRandom, FakeSealer, FakeTransport, ManualClock, admin_of, cursors, superadmin,
};

type Uses = Webhooks<FakeDb, ManualClock, FakeRandom, FakeSealer, FakeTransport>;
type Delivers = Deliverer<FakeDb, ManualClock, FakeRandom, FakeSealer, FakeTransport>;

const RETRY_MIN: Duration = Duration::from_secs(5);

struct World {
    db: FakeDb,
    clock: ManualClock,
    transport: FakeTransport,
    uses: Uses,
    deliverer: Delivers,
}

fn world() -> World {
    let db = FakeDb::default();
    let clock = ManualClock::default();
    let transport = FakeTransport::default();
    let uses = Webhooks::new(
        db.clone(),
        clock.clone(),
        FakeRandom::default(),
        FakeSealer,
        transport.clone(),
        cursors(),
    );
    let deliverer = Deliverer::new(
        db.clone(),
        clock.clone(),
        FakeRandom::default(),
        FakeSealer,
        transport.clone(),
        RETRY_MIN,
    );
    World {
        db,
        clock,
        transport,
        uses,
        deliverer,
    }
}

fn input(account: Option<AccountId>, url: &str, events: &[&str]) -> CreateWebhook {
    CreateWebhook {
        account_id: account,
        url: WebUrl::parse(url).unwrap(),
        events: EventPatterns::parse(events).unwrap(),
        description: None,
    }
}

#[tokio::test]
async fn a_webhooks_secret_is_shown_once_and_stored_only_sealed() {
    let world = world();
    let account = world.db.account("Studio");
    let admin = admin_of(account.id);
    let created = world
        .uses
        .create(&admin, input(None, "https://example.com/hooks", &["*"]))
        .await
        .unwrap();
    assert_eq!(created.webhook.account_id, account.id);
    let tables = world.db.tables();
    let (stored, sealed) = &tables.webhooks[&created.webhook.id];
    assert_eq!(stored, &created.webhook);
    assert_ne!(sealed.as_bytes(), created.secret.key());
    assert_eq!(
        WebhookSecret::from_key(FakeSealer.open(sealed).unwrap()).unwrap(),
        created.secret
    );
    let event = tables.events.last().unwrap();
    assert_eq!(event.action, AuditAction::WebhookCreated);
    let recorded = event.changes.to_json().to_string();
    assert!(!recorded.contains(&created.secret.expose()), "{recorded}");
    assert!(recorded.contains("https://example.com/hooks"), "{recorded}");
}

#[tokio::test]
async fn another_accounts_webhooks_and_refused_urls_change_nothing() {
    let world = world();
    let home = world.db.account("Home");
    let other = world.db.account("Other");
    let admin = admin_of(home.id);
    assert!(matches!(
        world
            .uses
            .create(
                &admin,
                input(Some(other.id), "https://example.com/", &["*"])
            )
            .await,
        Err(CreateWebhookError::Forbidden(_))
    ));
    assert!(matches!(
        world
            .uses
            .create(&admin, input(None, "https://refused.example/", &["*"]))
            .await,
        Err(CreateWebhookError::UrlRefused(_))
    ));
    assert!(matches!(
        world
            .uses
            .create(
                &superadmin(),
                input(Some(AccountId::new()), "https://example.com/", &["*"])
            )
            .await,
        Err(CreateWebhookError::AccountNotFound)
    ));
    let theirs = world
        .uses
        .create(
            &admin_of(other.id),
            input(None, "https://example.com/", &["*"]),
        )
        .await
        .unwrap()
        .webhook;
    let events_before = world.db.tables().events.len();
    assert!(matches!(
        world.uses.get(&admin, theirs.id).await,
        Err(LookupError::Forbidden(_))
    ));
    let changes = WebhookChanges {
        url: Some(WebUrl::parse("https://refused.example/").unwrap()),
        ..WebhookChanges::default()
    };
    assert!(matches!(
        world
            .uses
            .update(&admin_of(other.id), theirs.id, changes, IfMatch::anything())
            .await,
        Err(UpdateWebhookError::UrlRefused(_))
    ));
    assert!(matches!(
        world
            .uses
            .delete(&admin, theirs.id, IfMatch::anything())
            .await,
        Err(ChangeError::Forbidden(_))
    ));
    let tables = world.db.tables();
    assert_eq!(tables.events.len(), events_before);
    assert_eq!(tables.webhooks[&theirs.id].0, theirs);
    let listed = world
        .uses
        .list(&admin, ListWebhooks::default())
        .await
        .unwrap();
    assert!(listed.page.items.is_empty());
}

#[tokio::test]
async fn matching_events_are_delivered_in_order_and_a_failure_holds_the_queue() {
    let world = world();
    let account = world.db.account("Studio");
    let admin = admin_of(account.id);
    // Takes webhook events only: its own creation is not one of them, the change below is.
    let webhook = world
        .uses
        .create(
            &admin,
            input(None, "https://example.com/hooks", &["webhook.updated"]),
        )
        .await
        .unwrap()
        .webhook;
    for description in ["first", "second"] {
        let changes = WebhookChanges {
            description: Some(Some(
                roster_domain::webhook::WebhookDescription::parse(description).unwrap(),
            )),
            ..WebhookChanges::default()
        };
        world
            .uses
            .update(&admin, webhook.id, changes, IfMatch::anything())
            .await
            .unwrap();
    }
    let queued: Vec<_> = world
        .db
        .tables()
        .deliveries
        .iter()
        .map(|delivery| delivery.id)
        .collect();
    assert_eq!(queued.len(), 2);

    // The first attempt fails: the second delivery waits behind the first.
    world.transport.answer(&[Some(503)]);
    assert!(world.deliverer.deliver_one().await.unwrap());
    assert!(!world.deliverer.deliver_one().await.unwrap());
    // The retry waits the minimum, less at most a fifth of jitter.
    let wait = world.deliverer.next_due().await.unwrap().unwrap();
    assert!(
        wait <= RETRY_MIN && wait >= RETRY_MIN.mul_f64(0.8),
        "{wait:?}"
    );
    world.clock.advance(5);
    assert!(world.deliverer.deliver_one().await.unwrap());
    assert!(world.deliverer.deliver_one().await.unwrap());
    assert!(!world.deliverer.deliver_one().await.unwrap());
    let posted: Vec<_> = world
        .transport
        .posts()
        .into_iter()
        .map(|(_, event, _)| event)
        .collect();
    assert_eq!(posted, [queued[0], queued[0], queued[1]]);

    let listing = world
        .uses
        .deliveries(&admin, webhook.id, ListDeliveries::default())
        .await
        .unwrap();
    let first = listing
        .page
        .items
        .iter()
        .find(|delivery| delivery.id == queued[0])
        .unwrap();
    assert_eq!(first.status, DeliveryStatus::Delivered);
    assert_eq!(
        first
            .attempts
            .iter()
            .map(|attempt| attempt.status_code)
            .collect::<Vec<_>>(),
        [Some(503), Some(200)]
    );
    assert_eq!(world.deliverer.next_due().await.unwrap(), None);
}

#[tokio::test]
async fn a_delivery_is_signed_with_the_webhooks_secret_and_an_erased_webhook_takes_nothing() {
    let world = world();
    let account = world.db.account("Studio");
    let admin = admin_of(account.id);
    let created = world
        .uses
        .create(&admin, input(None, "https://example.com/hooks", &["*"]))
        .await
        .unwrap();
    assert!(world.deliverer.deliver_one().await.unwrap());
    let (url, event, signature) = world.transport.posts().pop().unwrap();
    assert_eq!(url, "https://example.com/hooks");
    let at = crate::fakes::now().as_datetime().unix_timestamp();
    assert_eq!(
        Ok(signature),
        created
            .secret
            .sign(&event.to_string(), at, event.to_string().as_bytes())
    );
    world
        .uses
        .delete(&admin, created.webhook.id, IfMatch::anything())
        .await
        .unwrap();
    let tables = world.db.tables();
    assert!(tables.webhooks.is_empty());
    assert!(tables.deliveries.is_empty());
    assert_eq!(
        tables.events.last().map(|event| event.action),
        Some(AuditAction::WebhookDeleted)
    );
    let page = PageParams {
        limit: Limit::default(),
        ..PageParams::default()
    };
    assert!(matches!(
        world
            .uses
            .deliveries(
                &admin,
                created.webhook.id,
                ListDeliveries { status: None, page }
            )
            .await,
        Err(ListError::NotFound(Resource::Webhook))
    ));
}
