//! Request logs through the real process: each request's line is written by a thread of its
//! own, off the request path, and none is lost when the server stops right after a burst.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use roster_tests::{ServerProcess, TestDb};
use tokio::task::JoinSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_of_a_burst_is_logged_though_the_server_stops_right_after() {
    let db = TestDb::new().await;
    let mut server = ServerProcess::start(&db.url, &[]);
    let client = roster_tests::http_client();
    let mut burst = JoinSet::new();
    for _ in 0..400 {
        let (client, url) = (client.clone(), server.url("/v1/health/live"));
        burst.spawn(async move {
            let answer = client.get(&url).send().await.expect("an answer");
            assert_eq!(answer.status().as_u16(), 200);
            answer.headers()["x-request-id"]
                .to_str()
                .expect("an ASCII id")
                .to_owned()
        });
    }
    let mut answered = HashSet::new();
    while let Some(id) = burst.join_next().await {
        answered.insert(id.expect("a request"));
    }
    server.terminate();
    assert!(server.wait(Duration::from_secs(20)).success());

    // The test reads the pipe on a thread of its own: wait for the last line to arrive.
    let deadline = Instant::now() + Duration::from_secs(10);
    let logged = loop {
        let log = server.log();
        if log.iter().any(|event| event["message"] == "stopped") || Instant::now() > deadline {
            break log;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let completed: HashSet<String> = logged
        .iter()
        .filter(|event| event["message"] == "request completed")
        .filter_map(|event| event["span"]["request_id"].as_str().map(str::to_owned))
        .collect();
    let missing: Vec<_> = answered.difference(&completed).collect();
    assert!(
        missing.is_empty(),
        "{} of {} answered requests have no log line, e.g. {:?}",
        missing.len(),
        answered.len(),
        missing.first()
    );
    assert!(
        logged.iter().any(|event| event["message"] == "stopped"),
        "the last line, written as the server stops, is there too"
    );
}
