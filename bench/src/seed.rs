//! Rows written straight into the database: a benchmark of deep pages needs far more users than
//! the API could create in the time the benchmark has.

use anyhow::Context as _;
use roster_domain::AccountId;
use tokio_postgres::NoTls;

/// Inserts `rows` users into `account`, with creation times spread over 1,000 days and display
/// names that do not follow creation order, then vacuums and analyzes the table. Answers
/// the database server's version.
pub async fn users(database_url: &str, account: AccountId, rows: u64) -> anyhow::Result<String> {
    let (client, connection) = tokio_postgres::connect(database_url, NoTls)
        .await
        .context("connecting to ROSTER_DATABASE_URL to seed users")?;
    let connection = tokio::spawn(connection);
    client
        .batch_execute(&format!(
            "INSERT INTO users (id, account_id, email, display_name, status, created_at, updated_at)
             SELECT gen_random_uuid(), '{account}', 'seeded-' || i || '@example.com',
                    'Player ' || md5(i::text), 'active',
                    now() - (random() * interval '1000 days'), now()
             FROM generate_series(1, {rows}) AS i",
            account = account.to_uuid(),
        ))
        .await
        .context("inserting seeded users")?;
    // Vacuumed now rather than by autovacuum in the middle of a measurement.
    client
        .batch_execute("VACUUM (ANALYZE) users")
        .await
        .context("vacuuming the seeded users")?;
    let version: String = client
        .query_one("SHOW server_version", &[])
        .await
        .context("asking the server's version")?
        .try_get(0)?;
    drop(client);
    connection.await??;
    Ok(version)
}
