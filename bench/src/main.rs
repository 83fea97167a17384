//! `roster-bench`: measures a live Roster and prints a Markdown report. `make bench` builds the
//! release server, starts it over a fresh cluster and runs this against it (scripts/bench.sh).
//!
//! Environment: `ROSTER_URL`, `ROSTER_KEY` (a superadmin's API key), `ROSTER_DATABASE_URL` (to
//! seed rows), `ROSTER_SERVER_PID` (to read the server's memory); `BENCH_ROWS` (users seeded in
//! one account, default 100000), `BENCH_ROUNDS` (default 3) and `BENCH_SECONDS` (default 4):
//! every scenario runs that many rounds of that many seconds, the scenarios taking turns, so
//! that a slow spell of a shared machine spreads over all of them rather than spoiling one;
//! `BENCH_CONCURRENCY` (requests in flight, default 16); `BENCH_ONLY` (the scenarios whose
//! names contain one of its `|`-separated parts, for an A/B of a few: all by default).

mod api;
mod load;
mod memory;
mod receiver;
mod report;
mod scenario;
mod seed;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, bail};
use reqwest::{Method, StatusCode};
use roster_domain::AccountId;
use serde_json::json;

use crate::api::{Roster, text};
use crate::load::Measurement;
use crate::report::Report;
use crate::scenario::{Auth, Scenario};

/// What the environment asks for.
#[derive(Debug)]
struct Settings {
    url: String,
    key: String,
    database_url: String,
    server_pid: u32,
    rows: u64,
    rounds: u32,
    window: Duration,
    concurrency: usize,
    only: Option<String>,
}

impl Settings {
    fn from_env() -> anyhow::Result<Self> {
        Ok(Self {
            url: required("ROSTER_URL")?,
            key: required("ROSTER_KEY")?,
            database_url: required("ROSTER_DATABASE_URL")?,
            server_pid: required("ROSTER_SERVER_PID")?
                .parse()
                .context("ROSTER_SERVER_PID")?,
            rows: optional("BENCH_ROWS", 100_000)?,
            rounds: optional("BENCH_ROUNDS", 3)?,
            window: Duration::from_secs(optional("BENCH_SECONDS", 4)?),
            concurrency: optional("BENCH_CONCURRENCY", 16)?,
            only: std::env::var("BENCH_ONLY")
                .ok()
                .filter(|only| !only.is_empty()),
        })
    }
}

fn required(name: &str) -> anyhow::Result<String> {
    std::env::var(name).with_context(|| format!("{name} must be set (scripts/bench.sh sets it)"))
}

fn optional<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(value) => value
            .parse()
            .map_err(|_| anyhow::anyhow!("{name} must be a positive number, not {value:?}")),
        Err(_) => Ok(default),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    let roster = Roster::new(settings.url.clone(), settings.key.clone())?;
    // Distinguishes this run's emails and devices from any earlier run's on the same database.
    let run = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();

    let account = text(
        &Roster::json(
            roster
                .admin(Method::POST, "/v1/accounts")
                .json(&json!({"name": "Bench Studio"})),
            StatusCode::CREATED,
        )
        .await?,
        "/id",
    )?;
    let postgres = seed::users(
        &settings.database_url,
        AccountId::parse(&account).context("the account id the server answered")?,
        settings.rows,
    )
    .await?;
    let game = text(
        &Roster::json(
            roster
                .admin(Method::POST, "/v1/games")
                .json(&json!({"account_id": account, "name": "Bench Game"})),
            StatusCode::CREATED,
        )
        .await?,
        "/id",
    )?;
    // Custom tokens for the sign-in scenario, signed as a studio's backend signs them.
    let custom_secret = format!("bench-custom-auth-secret-{run}-0123456789abcdef");
    Roster::json(
        roster
            .admin(Method::PATCH, &format!("/v1/games/{game}"))
            .json(&json!({"custom_auth_secret": custom_secret})),
        StatusCode::OK,
    )
    .await?;
    let player = Roster::json(
        roster
            .http
            .post(format!("{}/v1/client/sessions", roster.url))
            .json(&json!({"game_id": game, "client_fingerprint": scenario::fingerprint(run, u64::MAX)})),
        StatusCode::CREATED,
    )
    .await?;
    let access_token = text(&player, "/access_token")?;

    // A second account whose user events go to a webhook: the same write, with its delivery
    // queued in the transaction and then made while the load runs.
    let hooked = text(
        &Roster::json(
            roster
                .admin(Method::POST, "/v1/accounts")
                .json(&json!({"name": "Hooked Studio"})),
            StatusCode::CREATED,
        )
        .await?,
        "/id",
    )?;
    let receiver = receiver::Receiver::start()?;
    Roster::json(
        roster
            .admin(Method::POST, "/v1/webhooks")
            .json(&json!({"account_id": hooked, "url": receiver.url, "events": ["user.*"]})),
        StatusCode::CREATED,
    )
    .await?;

    let users = format!("/v1/users?account_id={account}&limit=50");
    let middle = settings.rows / 2;
    // A shallow cursor beside the deep one: what a cursor costs apart from its depth.
    let shallow = scenario::cursor_at(&roster, &account, "created_at:desc", 1_000).await?;
    let deep = scenario::cursor_at(&roster, &account, "created_at:desc", middle).await?;
    let deep_by_name = scenario::cursor_at(&roster, &account, "display_name:asc", middle).await?;

    let scenarios = [
        Scenario::get(
            "GET /v1/health/live (no auth, no database)",
            "/v1/health/live".to_owned(),
            Auth::None,
        ),
        Scenario::get(
            "GET /v1/accounts/{id} (API key, cached)",
            format!("/v1/accounts/{account}"),
            Auth::Key,
        ),
        Scenario::get(
            "GET /v1/users, first page of 50",
            format!("{users}&sort=created_at:desc"),
            Auth::Key,
        ),
        Scenario::get(
            "GET /v1/users, page of 50 at row 1000 (created_at:desc)",
            format!("{users}&sort=created_at:desc&cursor={shallow}"),
            Auth::Key,
        ),
        Scenario::get(
            &format!("GET /v1/users, page of 50 at row {middle} (created_at:desc)"),
            format!("{users}&sort=created_at:desc&cursor={deep}"),
            Auth::Key,
        ),
        Scenario::get(
            &format!("GET /v1/users, page of 50 at row {middle} (display_name:asc)"),
            format!("{users}&sort=display_name:asc&cursor={deep_by_name}"),
            Auth::Key,
        ),
        Scenario::get(
            "GET /v1/users, first page of 50 with include_total",
            format!("{users}&include_total=true"),
            Auth::Key,
        ),
        Scenario::post(
            "POST /v1/users (a new user)",
            "/v1/users".to_owned(),
            Auth::Key,
            StatusCode::CREATED,
            {
                let account = account.clone();
                move |n| {
                    json!({
                        "account_id": account,
                        "email": format!("bench-{run}-{n}@example.com"),
                        "display_name": "Bench User",
                    })
                }
            },
        ),
        Scenario::post(
            "POST /v1/users in an account with a webhook (each event queued and delivered)",
            "/v1/users".to_owned(),
            Auth::Key,
            StatusCode::CREATED,
            {
                let hooked = hooked.clone();
                move |n| {
                    json!({
                        "account_id": hooked,
                        "email": format!("hooked-{run}-{n}@example.com"),
                        "display_name": "Bench User",
                    })
                }
            },
        ),
        Scenario::post(
            "POST /v1/client/sessions (a new device: identity, session, tokens)",
            "/v1/client/sessions".to_owned(),
            Auth::None,
            StatusCode::CREATED,
            {
                let game = game.clone();
                move |n| json!({"game_id": game, "client_fingerprint": scenario::fingerprint(run, n)})
            },
        ),
        Scenario::post(
            "POST /v1/client/sessions/custom (a new player: secret unsealed, HS256 checked)",
            "/v1/client/sessions/custom".to_owned(),
            Auth::None,
            StatusCode::CREATED,
            {
                let game = game.clone();
                move |n| json!({"game_id": game, "token": scenario::custom_token(&custom_secret, run, n)})
            },
        ),
        Scenario::get(
            "GET /v1/client/me (bearer token, session re-checked)",
            "/v1/client/me".to_owned(),
            Auth::Bearer(access_token),
        ),
    ];

    let scenarios: Vec<Scenario> = scenarios
        .into_iter()
        .filter(|scenario| {
            settings.only.as_ref().is_none_or(|only| {
                only.split('|')
                    .any(|part| scenario.name.contains(part.trim()))
            })
        })
        .collect();
    let idle = memory::of_process(settings.server_pid)?;
    let mut measured: Vec<Option<Measurement>> = scenarios.iter().map(|_| None).collect();
    for _ in 0..settings.rounds {
        for (scenario, total) in scenarios.iter().zip(measured.iter_mut()) {
            let round = scenario
                .run(
                    &roster,
                    settings.concurrency,
                    Duration::from_secs(1),
                    settings.window,
                )
                .await?;
            *total = Some(match total.take() {
                Some(earlier) => earlier.merge(round),
                None => round,
            });
        }
    }
    let mut report = Report::new(
        postgres,
        settings.rows,
        settings.concurrency,
        settings.rounds,
        settings.window,
    );
    for (scenario, measurement) in scenarios.iter().zip(measured) {
        if let Some(measurement) = measurement {
            report.add(scenario.name.clone(), measurement);
        }
    }
    let after = memory::of_process(settings.server_pid)?;
    report.memory(idle, after);
    report.deliveries(receiver.received());

    report.print()?;
    let failures = report.failures();
    if failures > 0 {
        bail!("{failures} requests were not answered as expected: the numbers above are not valid");
    }
    Ok(())
}
