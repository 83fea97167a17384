//! Games and game clients, for the tests of the client API.

use serde_json::{Value, json};

use crate::app::TestApp;
use crate::response::TestResponse;

/// A distinct, valid device fingerprint (64 hex characters) for each `n`.
pub fn fingerprint(n: u32) -> String {
    format!("{n:064x}")
}

impl TestApp {
    /// An account with a game, created as the superadmin; returns (account id, game id).
    pub async fn account_with_game(&self, name: &str) -> (String, String) {
        let account = self.create_account(name, None).await;
        let account_id = account["id"].as_str().expect("an account id").to_owned();
        let game = self.create_game(&account_id, &format!("{name} Game")).await;
        (
            account_id,
            game["id"].as_str().expect("a game id").to_owned(),
        )
    }

    /// Creates a game as the superadmin; returns its JSON.
    pub async fn create_game(&self, account_id: &str, name: &str) -> Value {
        let response = self
            .post(
                "/v1/games",
                self.root(),
                &json!({"account_id": account_id, "name": name}),
            )
            .await;
        response.assert_status(201);
        response.json
    }

    /// `POST /v1/client/sessions` for `fingerprint` in `game_id`.
    pub async fn start_session(&self, game_id: &str, fingerprint: &str) -> TestResponse {
        self.post(
            "/v1/client/sessions",
            None,
            &json!({"game_id": game_id, "client_fingerprint": fingerprint}),
        )
        .await
    }

    /// A started session's JSON (asserting the 201).
    pub async fn session(&self, game_id: &str, fingerprint: &str) -> Value {
        let response = self.start_session(game_id, fingerprint).await;
        response.assert_status(201);
        response.json
    }

    /// `GET path` with a bearer token.
    pub async fn get_as_client(&self, path: &str, token: &str) -> TestResponse {
        self.send(self.client.get(self.url(path)).bearer_auth(token))
            .await
    }

    /// `PATCH /v1/client/me` with a bearer token, a nonce (if any) and a body.
    pub async fn patch_me(&self, token: &str, nonce: Option<&str>, body: &Value) -> TestResponse {
        let mut request = self
            .client
            .patch(self.url("/v1/client/me"))
            .bearer_auth(token)
            .json(body);
        if let Some(nonce) = nonce {
            request = request.header("leadr-client-nonce", nonce);
        }
        self.send(request).await
    }

    /// A fresh nonce for the client of `token`.
    pub async fn nonce(&self, token: &str) -> String {
        let response = self.get_as_client("/v1/client/nonce", token).await;
        response.assert_status(200);
        response.json["nonce_value"]
            .as_str()
            .expect("a nonce value")
            .to_owned()
    }

    /// `POST /v1/client/sessions/refresh`.
    pub async fn refresh(&self, refresh_token: &str) -> TestResponse {
        self.post(
            "/v1/client/sessions/refresh",
            None,
            &json!({"refresh_token": refresh_token}),
        )
        .await
    }
}
