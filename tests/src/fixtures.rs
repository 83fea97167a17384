//! Records the admin API cannot create yet, written straight to the database.

use roster_app::api_keys::generate_api_key_secret;
use roster_domain::AccountId;
use roster_domain::api_key::ApiKeySecret;
use roster_server::adapters::OsRandom;

use crate::app::TestApp;

/// A user with an API key, created directly in the test database.
#[derive(Debug, Clone)]
pub struct AdminKey {
    /// The user's id (uuid text).
    pub user_uuid: String,
    /// The key's id (uuid text).
    pub key_uuid: String,
    /// The account's id (uuid text).
    pub account_uuid: String,
    /// The secret to send as `leadr-api-key`.
    pub secret: String,
}

impl AdminKey {
    /// The secret, for `key` arguments.
    pub fn key(&self) -> Option<&str> {
        Some(&self.secret)
    }
}

impl TestApp {
    /// An active user of `account_id` (prefixed id) with an active key; superadmin or not.
    pub async fn admin_key(&self, account_id: &str, super_admin: bool) -> AdminKey {
        let account_uuid = AccountId::parse(account_id)
            .expect("a prefixed account id")
            .to_uuid()
            .to_string();
        let secret: ApiKeySecret = generate_api_key_secret(&OsRandom).expect("random bytes");
        let user_uuid = roster_domain::UserId::new().to_uuid().to_string();
        let key_uuid = roster_domain::ApiKeyId::new().to_uuid().to_string();
        let client = self.db().client().await;
        let email = format!("admin-{user_uuid}@example.com");
        client
            .execute(
                "INSERT INTO users (id, account_id, email, display_name, super_admin, status, created_at, updated_at)
                 VALUES ($1::text::uuid, $2::text::uuid, $3, 'Admin', $4, 'active', now(), now())",
                &[&user_uuid, &account_uuid, &email, &super_admin],
            )
            .await
            .expect("insert a user");
        let digest: Vec<u8> = secret.digest().as_bytes().to_vec();
        client
            .execute(
                "INSERT INTO api_keys (id, account_id, user_id, name, key_digest, prefix, status, created_at, updated_at)
                 VALUES ($1::text::uuid, $2::text::uuid, $3::text::uuid, 'test', $4, $5, 'active', now(), now())",
                &[&key_uuid, &account_uuid, &user_uuid, &digest, &secret.prefix()],
            )
            .await
            .expect("insert an API key");
        AdminKey {
            user_uuid,
            key_uuid,
            account_uuid,
            secret: secret.expose().to_owned(),
        }
    }

    /// Runs SQL on the test database (setup and inspection).
    pub async fn sql(&self, statement: &str) {
        self.db()
            .client()
            .await
            .batch_execute(statement)
            .await
            .unwrap_or_else(|error| panic!("{statement}: {error}"));
    }
}
