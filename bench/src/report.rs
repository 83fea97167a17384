//! The Markdown report `make bench` writes to `bench/RESULTS.md`.

use std::io::Write as _;
use std::time::Duration;

use crate::load::Measurement;
use crate::memory::Memory;

/// Every scenario's measurement and the server's memory.
#[derive(Debug)]
pub struct Report {
    postgres: String,
    rows: u64,
    concurrency: usize,
    rounds: u32,
    window: Duration,
    measurements: Vec<(String, Measurement)>,
    memory: Option<(Memory, Memory)>,
    deliveries: Option<u64>,
}

impl Report {
    pub fn new(
        postgres: String,
        rows: u64,
        concurrency: usize,
        rounds: u32,
        window: Duration,
    ) -> Self {
        Self {
            postgres,
            rows,
            concurrency,
            rounds,
            window,
            measurements: Vec::new(),
            memory: None,
            deliveries: None,
        }
    }

    pub fn add(&mut self, name: String, measurement: Measurement) {
        self.measurements.push((name, measurement));
    }

    /// The server's memory before the first scenario and after the last.
    pub fn memory(&mut self, before: Memory, after: Memory) {
        self.memory = Some((before, after));
    }

    /// Webhook deliveries the bench's receiver got by the end.
    pub fn deliveries(&mut self, received: u64) {
        self.deliveries = Some(received);
    }

    /// Requests that were not answered as expected, over every scenario.
    pub fn failures(&self) -> u64 {
        self.measurements.iter().map(|(_, m)| m.failures).sum()
    }

    /// Writes the report to standard output.
    pub fn print(&self) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(self.render().as_bytes())?;
        out.flush()
    }

    fn render(&self) -> String {
        let mut text = format!(
            "PostgreSQL {}. One account holds {} users. Each scenario ran {} rounds of {} s, the \
             scenarios taking turns, each round after a 1 s warm-up, with {} requests in flight \
             (closed loop: each client sends its next request when the previous one is \
             answered). Latencies are in milliseconds.\n\n",
            self.postgres,
            self.rows,
            self.rounds,
            self.window.as_secs(),
            self.concurrency,
        );
        text.push_str("| scenario | requests | req/s | p50 | p90 | p99 | max | failed |\n");
        text.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (name, m) in &self.measurements {
            text.push_str(&format!(
                "| {name} | {} | {:.0} | {} | {} | {} | {} | {} |\n",
                m.requests,
                m.throughput(),
                millis(m.percentile(50.0)),
                millis(m.percentile(90.0)),
                millis(m.percentile(99.0)),
                millis(m.max()),
                m.failures,
            ));
        }
        if let Some((before, after)) = self.memory {
            text.push_str(&format!(
                "\nServer memory (resident): {} before the first scenario, {} after the last, \
                 {} at its peak.\n",
                mib(before.resident_kib),
                mib(after.resident_kib),
                mib(after.peak_kib),
            ));
        }
        if let Some(received) = self.deliveries {
            text.push_str(&format!(
                "\nThe webhook's receiver (on 127.0.0.1, answering 204 at once) had {received} \
                 deliveries when the last scenario ended: one per user created in its account, \
                 warm-ups included, less those still queued.\n",
            ));
        }
        text
    }
}

fn millis(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64() * 1000.0)
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_milliseconds_and_mebibytes() {
        assert_eq!(millis(Duration::from_micros(1_250)), "1.25");
        assert_eq!(mib(1536), "1.5 MiB");
    }

    #[test]
    fn the_table_has_a_row_per_scenario_and_counts_failures() {
        let mut report = Report::new("15.0".to_owned(), 10, 2, 3, Duration::from_secs(1));
        assert_eq!(report.failures(), 0);
        report.memory(
            Memory {
                resident_kib: 1024,
                peak_kib: 1024,
            },
            Memory {
                resident_kib: 2048,
                peak_kib: 4096,
            },
        );
        let text = report.render();
        assert!(text.contains("| scenario |"));
        assert!(text.contains(
            "1.0 MiB before the first scenario, 2.0 MiB after the last, 4.0 MiB at its peak"
        ));
    }
}
