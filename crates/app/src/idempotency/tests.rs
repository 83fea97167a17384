use roster_domain::idempotency::{
    IdempotencyKey, KeyScope, LEASE, RETENTION, RequestFingerprint, StoredResponse,
};

use super::{Begun, Idempotency, IdempotencyUseCases};
use crate::fakes::{FakeDb, ManualClock};

fn key() -> IdempotencyKey {
    IdempotencyKey::parse("order-42").unwrap()
}

fn request(body: &[u8]) -> RequestFingerprint {
    RequestFingerprint::of("POST", "/v1/users", body)
}

fn answer(status: u16) -> StoredResponse {
    StoredResponse {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: b"{\"id\":\"usr_1\"}".to_vec(),
    }
}

fn use_cases() -> (Idempotency<FakeDb, ManualClock>, ManualClock) {
    let clock = ManualClock::default();
    (Idempotency::new(FakeDb::default(), clock.clone()), clock)
}

#[tokio::test]
async fn the_first_request_runs_and_its_retry_replays_the_answer() {
    let (idempotency, _) = use_cases();
    let scope = KeyScope::api_key("ldr_a");
    assert_eq!(
        idempotency
            .begin(&scope, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::Run
    );
    idempotency
        .finish(&scope, &key(), &answer(201))
        .await
        .unwrap();
    assert_eq!(
        idempotency
            .begin(&scope, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::Replay(answer(201))
    );
    // Another body under the same key is refused, and the first answer stays.
    assert_eq!(
        idempotency
            .begin(&scope, &key(), request(b"{\"x\":1}"))
            .await
            .unwrap(),
        Begun::OtherRequest
    );
    assert_eq!(
        idempotency
            .begin(&scope, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::Replay(answer(201))
    );
}

#[tokio::test]
async fn a_retry_while_the_first_runs_is_told_to_wait() {
    let (idempotency, clock) = use_cases();
    let scope = KeyScope::api_key("ldr_a");
    assert_eq!(
        idempotency
            .begin(&scope, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::Run
    );
    assert_eq!(
        idempotency
            .begin(&scope, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::StillRunning
    );
    // Past the lease the first run is taken as abandoned: exactly one retry takes it over.
    clock.advance(LEASE.whole_seconds());
    assert_eq!(
        idempotency
            .begin(&scope, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::Run
    );
    assert_eq!(
        idempotency
            .begin(&scope, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::StillRunning
    );
}

#[tokio::test]
async fn a_server_error_frees_the_key_for_the_retry() {
    let (idempotency, _) = use_cases();
    let scope = KeyScope::api_key("ldr_a");
    assert_eq!(
        idempotency
            .begin(&scope, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::Run
    );
    idempotency
        .finish(&scope, &key(), &answer(503))
        .await
        .unwrap();
    assert_eq!(
        idempotency
            .begin(&scope, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::Run
    );
}

#[tokio::test]
async fn keys_of_other_callers_never_meet_and_answers_expire() {
    let (idempotency, clock) = use_cases();
    let first = KeyScope::api_key("ldr_a");
    let second = KeyScope::api_key("ldr_b");
    assert_eq!(
        idempotency
            .begin(&first, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::Run
    );
    idempotency
        .finish(&first, &key(), &answer(201))
        .await
        .unwrap();
    assert_eq!(
        idempotency
            .begin(&second, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::Run
    );

    clock.advance(RETENTION.whole_seconds());
    assert_eq!(
        idempotency
            .begin(&first, &key(), request(b"{}"))
            .await
            .unwrap(),
        Begun::Run
    );
}
