//! Rate limits: per client address on the sign-in endpoints (behind a trusted proxy, the
//! address `X-Forwarded-For` names), per API key on the admin API; 429 with `Retry-After` and
//! the IETF `RateLimit`/`RateLimit-Policy` fields.

use std::time::Instant;

use roster_http::RateLimitSettings;
use roster_http::client_address::TrustedProxies;
use roster_tests::{TestApp, TestConfig, fingerprint, spawn_app, spawn_app_with};
use serde_json::json;

/// A server whose peer (every test request comes from 127.0.0.1) is a trusted proxy, so each
/// request's `X-Forwarded-For` is its client.
async fn behind_a_proxy(settings: RateLimitSettings) -> TestApp {
    spawn_app_with(TestConfig {
        rate_limits: RateLimitSettings {
            trusted_proxies: TrustedProxies::parse("127.0.0.1").unwrap(),
            ..settings
        },
        ..TestConfig::default()
    })
    .await
}

async fn sign_in_from(
    app: &TestApp,
    forwarded_for: &str,
    game: &str,
    device: u32,
) -> roster_tests::TestResponse {
    app.send(
        app.client
            .post(app.url("/v1/client/sessions"))
            .header("x-forwarded-for", forwarded_for)
            .json(&json!({"game_id": game, "client_fingerprint": fingerprint(device)})),
    )
    .await
}

async fn identities_of(app: &TestApp, game: &str) -> i64 {
    app.db()
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM identities WHERE game_id = $1::text::uuid",
            &[&game.trim_start_matches("gam_")],
        )
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn a_burst_from_one_address_is_refused_while_another_address_is_served() {
    // Three at once, then one every 10 s: the test's requests come well within that.
    let app = behind_a_proxy(RateLimitSettings {
        client_per_minute: 6,
        client_burst: 3,
        ..RateLimitSettings::default()
    })
    .await;
    let (_, game) = app.account_with_game("Studio").await;

    for device in 1..=3 {
        let signed_in = sign_in_from(&app, "198.51.100.1", &game, device).await;
        signed_in.assert_status(201);
        assert_eq!(
            signed_in.header("ratelimit-policy"),
            Some("\"client\";q=3;w=30")
        );
        let left = 3 - device;
        assert!(
            signed_in
                .header("ratelimit")
                .is_some_and(|value| value.starts_with(&format!("\"client\";r={left};t="))),
            "{:?}",
            signed_in.header("ratelimit")
        );
    }
    assert_eq!(identities_of(&app, &game).await, 3);

    let refused = sign_in_from(&app, "198.51.100.1", &game, 4).await;
    refused.assert_problem(429, "rate_limited");
    let retry_after: u64 = refused
        .header("retry-after")
        .and_then(|value| value.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=10).contains(&retry_after), "{retry_after}");
    assert_eq!(
        refused.header("ratelimit"),
        Some(format!("\"client\";r=0;t={retry_after}").as_str())
    );
    assert!(refused.header("x-request-id").is_some());
    // Refused before anything was done: no fourth identity.
    assert_eq!(identities_of(&app, &game).await, 3);

    // A client cannot pick a fresh address by writing one in front: the proxy's entry counts.
    sign_in_from(&app, "203.0.113.50, 198.51.100.1", &game, 5)
        .await
        .assert_problem(429, "rate_limited");
    // A spent budget is refused before the body is even read.
    app.send(
        app.client
            .post(app.url("/v1/client/sessions/custom"))
            .header("x-forwarded-for", "198.51.100.1")
            .json(&json!({"not": "a sign-in"})),
    )
    .await
    .assert_problem(429, "rate_limited");

    // Another address has its own budget.
    sign_in_from(&app, "198.51.100.2", &game, 6)
        .await
        .assert_status(201);
    assert_eq!(identities_of(&app, &game).await, 4);
}

#[tokio::test]
async fn without_a_trusted_proxy_the_forwarded_address_is_ignored() {
    let app = spawn_app_with(TestConfig {
        rate_limits: RateLimitSettings {
            client_per_minute: 6,
            client_burst: 2,
            ..RateLimitSettings::default()
        },
        ..TestConfig::default()
    })
    .await;
    let (_, game) = app.account_with_game("Studio").await;
    // Each request claims another address; all come from 127.0.0.1, and that is what counts.
    let statuses = [
        sign_in_from(&app, "198.51.100.1", &game, 1).await.status,
        sign_in_from(&app, "198.51.100.2", &game, 2).await.status,
        sign_in_from(&app, "198.51.100.3", &game, 3).await.status,
    ];
    assert_eq!(statuses, [201, 201, 429]);
}

#[tokio::test]
async fn an_api_key_spends_its_own_budget_and_a_wrong_key_spends_none() {
    let app = spawn_app_with(TestConfig {
        rate_limits: RateLimitSettings {
            admin_per_second: 2,
            ..RateLimitSettings::default()
        },
        ..TestConfig::default()
    })
    .await;
    let path = format!("/v1/accounts/{}", app.superadmin_account);
    let other = app.admin_key(&app.superadmin_account, false).await;

    // Wrong keys are answered 401 and take nothing from anyone's budget.
    for _ in 0..5 {
        app.get(&path, Some("ldr_not-a-real-key"))
            .await
            .assert_status(401);
    }

    // Two a second, two at once: of twelve requests sent as fast as they go, at most the
    // burst plus what the elapsed time refilled are served, and the rest are 429s.
    let started = Instant::now();
    let mut served = 0_u64;
    let mut refused = 0_u64;
    for _ in 0..12 {
        let answer = app.get(&path, app.root()).await;
        match answer.status {
            200 => {
                served += 1;
                assert_eq!(answer.header("ratelimit-policy"), Some("\"admin\";q=2;w=1"));
            }
            429 => {
                refused += 1;
                assert_eq!(answer.json["code"], "rate_limited", "{:?}", answer.json);
                assert!(answer.header("retry-after").is_some());
            }
            other => panic!("unexpected {other}: {:?}", answer.json),
        }
    }
    let refilled = (started.elapsed().as_secs_f64() * 2.0).ceil() as u64;
    assert!(served >= 2, "served {served}");
    assert!(
        served <= 2 + refilled,
        "served {served}, refilled {refilled}"
    );
    assert_eq!(served + refused, 12);
    assert!(
        refused > 0 || refilled >= 10,
        "none refused in {refilled} refills"
    );

    // The other key of the same account still has its budget.
    app.get(&path, other.key()).await.assert_status(200);
}

#[tokio::test]
async fn limits_off_let_everything_through_without_the_fields() {
    let app = spawn_app().await;
    let (_, game) = app.account_with_game("Studio").await;
    for device in 1..=40 {
        let signed_in = sign_in_from(&app, "198.51.100.1", &game, device).await;
        signed_in.assert_status(201);
        assert_eq!(signed_in.header("ratelimit"), None);
    }
}

#[tokio::test]
async fn a_sign_in_with_an_idempotency_key_is_counted_once_and_refused_before_it_is_kept() {
    let app = behind_a_proxy(RateLimitSettings {
        client_per_minute: 6,
        client_burst: 3,
        ..RateLimitSettings::default()
    })
    .await;
    let (_, game) = app.account_with_game("Studio").await;
    let sign_in = |device: u32, key: &str| {
        app.client
            .post(app.url("/v1/client/sessions"))
            .header("x-forwarded-for", "198.51.100.7")
            .header("idempotency-key", key)
            .json(&json!({"game_id": game, "client_fingerprint": fingerprint(device)}))
    };
    // Three, each with its key, fit the burst of three: each counted once, not twice.
    for device in 1..=3 {
        app.send(sign_in(device, &format!("boot-{device}")))
            .await
            .assert_status(201);
    }
    app.send(sign_in(4, "boot-4"))
        .await
        .assert_problem(429, "rate_limited");
    let kept: i64 = app
        .db()
        .client()
        .await
        .query_one(
            "SELECT count(*) FROM idempotency_keys WHERE key LIKE 'boot-%'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(kept, 3, "the refused sign-in's key was stored");
}
