//! `roster`: serve the API, migrate the database, bootstrap the first superadmin, or print the
//! OpenAPI document.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use roster_app::bootstrap::{Bootstrap, BootstrapError, BootstrapInput};
use roster_domain::account::AccountName;
use roster_domain::user::{DisplayName, Email};
use roster_persistence::{PgStore, migrate};
use roster_server::adapters::{OsRandom, SystemClock};
use roster_server::config::{Env, LogFormat};
use roster_server::{Application, telemetry};

/// Exit status of `roster bootstrap` when a superadmin exists already.
const EXIT_ALREADY_BOOTSTRAPPED: u8 = 3;

#[derive(Debug, Parser)]
#[command(
    name = "roster",
    version,
    about = "Accounts, users and player identities for game backends"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply pending migrations, then serve the API until SIGTERM or SIGINT.
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Create the first account, its superadmin and an API key; print the key once.
    ///
    /// Refuses (exit status 3) when a superadmin exists.
    Bootstrap {
        /// The superadmin's email.
        #[arg(long)]
        email: String,
        /// The name of the superadmin's account.
        #[arg(long, default_value = "Roster")]
        account_name: String,
        /// The superadmin's display name.
        #[arg(long, default_value = "Superadmin")]
        display_name: String,
    },
    /// Print the OpenAPI document.
    Openapi,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command).await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("roster: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<ExitCode> {
    let env = Env(|name: &str| std::env::var(name).ok());
    match command {
        Command::Openapi => {
            let json = roster_http::openapi::document_json()?;
            std::io::stdout().write_all(json.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let _log = telemetry::init(LogFormat::Pretty);
            let url = env.database_url()?;
            let applied = migrate::run_pending(&url).await?;
            tracing::info!(applied = ?applied, "migrations are up to date");
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve => {
            let config = env.config()?;
            let _log = telemetry::init(config.log_format);
            let applied = migrate::run_pending(&config.pool.database_url).await?;
            tracing::info!(applied = ?applied, "migrations are up to date");
            let application = Application::build(&config, true)?;
            tracing::info!(bind = %config.bind, port = application.port(), "serving");
            application.run_until_stopped().await?;
            tracing::info!("stopped");
            Ok(ExitCode::SUCCESS)
        }
        Command::Bootstrap {
            email,
            account_name,
            display_name,
        } => {
            let _log = telemetry::init(LogFormat::Pretty);
            let input = BootstrapInput {
                email: Email::parse(&email).map_err(|error| anyhow::anyhow!("--email: {error}"))?,
                display_name: DisplayName::parse(&display_name)
                    .map_err(|error| anyhow::anyhow!("--display-name: {error}"))?,
                account_name: AccountName::parse(&account_name)
                    .map_err(|error| anyhow::anyhow!("--account-name: {error}"))?,
            };
            let pool_config = env.pool()?;
            migrate::run_pending(&pool_config.database_url).await?;
            let store = PgStore::connect(&pool_config)?;
            let bootstrap = Bootstrap::new(store, SystemClock, OsRandom);
            match bootstrap.run(input).await {
                Ok(created) => {
                    eprintln!(
                        "Created account {} ({}) and superadmin {} <{}>. The API key below is shown once:",
                        created.account.id,
                        created.account.slug,
                        created.user.id,
                        created.user.email.as_str(),
                    );
                    let mut stdout = std::io::stdout();
                    writeln!(stdout, "{}", created.secret.expose())
                        .context("could not print the API key")?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(BootstrapError::SuperadminExists) => {
                    eprintln!("roster: a superadmin exists already; bootstrap did nothing");
                    Ok(ExitCode::from(EXIT_ALREADY_BOOTSTRAPPED))
                }
                Err(error) => Err(error.into()),
            }
        }
    }
}
