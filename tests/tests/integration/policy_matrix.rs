//! The authorization matrix: every admin endpoint × every kind of caller × a resource of the
//! caller's account, of another account, or of none, with the exact status of each cell.

use roster_domain::{ApiKeyId, UserId};
use roster_tests::{AdminKey, TestApp, spawn_app};
use serde_json::json;

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Superadmin,
    /// An admin of account A.
    AdminA,
    /// An admin of account B.
    AdminB,
    /// A suspended user of account A.
    Suspended,
    /// A revoked key of an admin of account A.
    Revoked,
    /// No key at all.
    Anonymous,
}

const CALLERS: [Caller; 6] = [
    Caller::Superadmin,
    Caller::AdminA,
    Caller::AdminB,
    Caller::Suspended,
    Caller::Revoked,
    Caller::Anonymous,
];

/// Whose resource the request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    A,
    B,
    Missing,
}

const SCOPES: [Scope; 3] = [Scope::A, Scope::B, Scope::Missing];

const MISSING_ACCOUNT: &str = "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7";
const MISSING_USER: &str = "usr_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7";
const MISSING_KEY: &str = "key_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7";
const MISSING_GAME: &str = "gam_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7";
const MISSING_IDENTITY: &str = "idn_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7";
const MISSING_PLAYER: &str = "ply_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7";
const MISSING_BAN: &str = "ban_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7";
const MISSING_WEBHOOK: &str = "whk_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7";
/// Where the matrix's webhooks deliver: a local port nothing listens on.
const NOWHERE: &str = "http://127.0.0.1:9/hooks";

/// Two accounts, their admins, a plain user with a key in each, and the 401 callers.
struct World {
    account_a: String,
    account_b: String,
    admin_a: AdminKey,
    admin_b: AdminKey,
    suspended: AdminKey,
    revoked: AdminKey,
    /// A plain user and its key in A, then in B.
    targets: [(String, String); 2],
    /// A game and one of its identities in A, then in B.
    games: [(String, String); 2],
    /// In A, then in B: the player of that identity, a ban of it, and another player of the
    /// game (to merge).
    players: [(String, String, String); 2],
    /// A webhook in A, then in B.
    webhooks: [String; 2],
}

fn prefixed_user(key: &AdminKey) -> String {
    UserId::from_uuid(key.user_uuid.parse().unwrap()).to_string()
}

fn prefixed_key(key: &AdminKey) -> String {
    ApiKeyId::from_uuid(key.key_uuid.parse().unwrap()).to_string()
}

impl World {
    async fn new(app: &TestApp) -> Self {
        let a = app.create_account("Account A", None).await;
        let b = app.create_account("Account B", None).await;
        let account_a = a["id"].as_str().unwrap().to_owned();
        let account_b = b["id"].as_str().unwrap().to_owned();
        let admin_a = app.admin_key(&account_a, false).await;
        let admin_b = app.admin_key(&account_b, false).await;
        let suspended = app.admin_key(&account_a, false).await;
        app.sql(&format!(
            "UPDATE users SET status = 'suspended' WHERE id = '{}'",
            suspended.user_uuid
        ))
        .await;
        let revoked = app.admin_key(&account_a, false).await;
        app.sql(&format!(
            "UPDATE api_keys SET status = 'revoked' WHERE id = '{}'",
            revoked.key_uuid
        ))
        .await;
        let target_a = app.admin_key(&account_a, false).await;
        let target_b = app.admin_key(&account_b, false).await;
        let mut games = Vec::new();
        let mut players = Vec::new();
        for account in [&account_a, &account_b] {
            let game = app.create_game(account, "Matrix").await;
            let game_id = game["id"].as_str().unwrap().to_owned();
            let identity = app
                .post(
                    "/v1/identities",
                    app.root(),
                    &json!({"game_id": game_id, "kind": "CUSTOM", "external_key": "player-1"}),
                )
                .await;
            identity.assert_status(201);
            app.put(
                &format!("/v1/games/{game_id}/oidc-providers/acme-id"),
                app.root(),
                &json!({"issuer": "https://id.example.com", "audiences": ["game"],
                        "jwks_uri": "https://id.example.com/jwks"}),
            )
            .await
            .assert_status(201);
            let player = identity.json["player_id"].as_str().unwrap().to_owned();
            let ban = app
                .post(
                    &format!("/v1/players/{player}/bans"),
                    app.root(),
                    &json!({"reason": "matrix"}),
                )
                .await;
            ban.assert_status(201);
            let other = app
                .post(
                    "/v1/identities",
                    app.root(),
                    &json!({"game_id": game_id, "kind": "CUSTOM", "external_key": "player-2"}),
                )
                .await;
            other.assert_status(201);
            players.push((
                player,
                ban.json["id"].as_str().unwrap().to_owned(),
                other.json["player_id"].as_str().unwrap().to_owned(),
            ));
            games.push((game_id, identity.json["id"].as_str().unwrap().to_owned()));
        }
        let mut webhooks = Vec::new();
        for account in [&account_a, &account_b] {
            let created = app
                .post(
                    "/v1/webhooks",
                    app.root(),
                    &json!({"account_id": account, "url": NOWHERE, "events": ["webhook.*"]}),
                )
                .await;
            created.assert_status(201);
            webhooks.push(created.json["id"].as_str().unwrap().to_owned());
        }
        let [game_a, game_b]: [(String, String); 2] = games.try_into().unwrap();
        let [players_a, players_b]: [(String, String, String); 2] = players.try_into().unwrap();
        Self {
            account_a,
            account_b,
            admin_a,
            admin_b,
            suspended,
            revoked,
            targets: [
                (prefixed_user(&target_a), prefixed_key(&target_a)),
                (prefixed_user(&target_b), prefixed_key(&target_b)),
            ],
            games: [game_a, game_b],
            players: [players_a, players_b],
            webhooks: webhooks.try_into().unwrap(),
        }
    }

    fn key<'a>(&'a self, app: &'a TestApp, caller: Caller) -> Option<&'a str> {
        match caller {
            Caller::Superadmin => app.root(),
            Caller::AdminA => self.admin_a.key(),
            Caller::AdminB => self.admin_b.key(),
            Caller::Suspended => self.suspended.key(),
            Caller::Revoked => self.revoked.key(),
            Caller::Anonymous => None,
        }
    }

    fn account(&self, scope: Scope) -> &str {
        match scope {
            Scope::A => &self.account_a,
            Scope::B => &self.account_b,
            Scope::Missing => MISSING_ACCOUNT,
        }
    }

    fn user(&self, scope: Scope) -> &str {
        match scope {
            Scope::A => &self.targets[0].0,
            Scope::B => &self.targets[1].0,
            Scope::Missing => MISSING_USER,
        }
    }

    fn api_key(&self, scope: Scope) -> &str {
        match scope {
            Scope::A => &self.targets[0].1,
            Scope::B => &self.targets[1].1,
            Scope::Missing => MISSING_KEY,
        }
    }

    fn game(&self, scope: Scope) -> &str {
        match scope {
            Scope::A => &self.games[0].0,
            Scope::B => &self.games[1].0,
            Scope::Missing => MISSING_GAME,
        }
    }

    fn identity(&self, scope: Scope) -> &str {
        match scope {
            Scope::A => &self.games[0].1,
            Scope::B => &self.games[1].1,
            Scope::Missing => MISSING_IDENTITY,
        }
    }

    fn player(&self, scope: Scope) -> &str {
        match scope {
            Scope::A => &self.players[0].0,
            Scope::B => &self.players[1].0,
            Scope::Missing => MISSING_PLAYER,
        }
    }

    fn ban(&self, scope: Scope) -> &str {
        match scope {
            Scope::A => &self.players[0].1,
            Scope::B => &self.players[1].1,
            Scope::Missing => MISSING_BAN,
        }
    }

    fn webhook(&self, scope: Scope) -> &str {
        match scope {
            Scope::A => &self.webhooks[0],
            Scope::B => &self.webhooks[1],
            Scope::Missing => MISSING_WEBHOOK,
        }
    }

    fn other_player(&self, scope: Scope) -> &str {
        match scope {
            Scope::A => &self.players[0].2,
            Scope::B => &self.players[1].2,
            Scope::Missing => MISSING_PLAYER,
        }
    }
}

/// One endpoint: how to call it, whether it changes the world, and the statuses of the
/// superadmin and of the admins of A and B, per scope (A, B, missing). Every other caller gets
/// a 401 everywhere.
struct Endpoint {
    name: &'static str,
    mutates: bool,
    expected: [[u16; 3]; 3],
}

const ENDPOINTS: [Endpoint; 43] = [
    Endpoint {
        name: "POST /v1/accounts",
        mutates: false,
        expected: [[201, 201, 201], [403, 403, 403], [403, 403, 403]],
    },
    Endpoint {
        name: "GET /v1/accounts",
        mutates: false,
        expected: [[200, 200, 200], [200, 403, 403], [403, 200, 403]],
    },
    Endpoint {
        name: "GET /v1/accounts/{id}",
        mutates: false,
        expected: [[200, 200, 404], [200, 403, 403], [403, 200, 403]],
    },
    Endpoint {
        name: "PATCH /v1/accounts/{id}",
        mutates: true,
        expected: [[200, 200, 404], [200, 403, 403], [403, 200, 403]],
    },
    Endpoint {
        name: "DELETE /v1/accounts/{id}",
        mutates: true,
        expected: [[204, 204, 404], [403, 403, 403], [403, 403, 403]],
    },
    Endpoint {
        name: "GET /v1/audit-events",
        mutates: false,
        expected: [[200, 200, 200], [200, 403, 403], [403, 200, 403]],
    },
    Endpoint {
        name: "POST /v1/users",
        mutates: false,
        expected: [[201, 201, 404], [201, 403, 403], [403, 201, 403]],
    },
    Endpoint {
        name: "GET /v1/users",
        mutates: false,
        expected: [[200, 200, 200], [200, 403, 403], [403, 200, 403]],
    },
    Endpoint {
        name: "GET /v1/users/{id}",
        mutates: false,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "PATCH /v1/users/{id}",
        mutates: true,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "DELETE /v1/users/{id}",
        mutates: true,
        expected: [[204, 204, 404], [204, 403, 404], [403, 204, 404]],
    },
    Endpoint {
        name: "POST /v1/api-keys",
        mutates: false,
        expected: [[201, 201, 404], [201, 403, 403], [403, 201, 403]],
    },
    Endpoint {
        name: "GET /v1/api-keys",
        mutates: false,
        expected: [[200, 200, 200], [200, 403, 403], [403, 200, 403]],
    },
    Endpoint {
        name: "GET /v1/api-keys/{id}",
        mutates: false,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "PATCH /v1/api-keys/{id}",
        mutates: true,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "DELETE /v1/api-keys/{id}",
        mutates: true,
        expected: [[204, 204, 404], [204, 403, 404], [403, 204, 404]],
    },
    Endpoint {
        name: "POST /v1/games",
        mutates: false,
        expected: [[201, 201, 404], [201, 403, 403], [403, 201, 403]],
    },
    Endpoint {
        name: "GET /v1/games",
        mutates: false,
        expected: [[200, 200, 200], [200, 403, 403], [403, 200, 403]],
    },
    Endpoint {
        name: "GET /v1/games/{id}",
        mutates: false,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "PATCH /v1/games/{id}",
        mutates: true,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "DELETE /v1/games/{id}",
        mutates: true,
        expected: [[204, 204, 404], [204, 403, 404], [403, 204, 404]],
    },
    Endpoint {
        name: "PUT /v1/games/{id}/oidc-providers/{provider}",
        mutates: false,
        expected: [[201, 201, 404], [201, 403, 404], [403, 201, 404]],
    },
    Endpoint {
        name: "GET /v1/games/{id}/oidc-providers",
        mutates: false,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "DELETE /v1/games/{id}/oidc-providers/{provider}",
        mutates: true,
        expected: [[204, 204, 404], [204, 403, 404], [403, 204, 404]],
    },
    // The game names the account of a new identity: a missing game is 404 for everyone.
    Endpoint {
        name: "POST /v1/identities",
        mutates: false,
        expected: [[201, 201, 404], [201, 403, 404], [403, 201, 404]],
    },
    Endpoint {
        name: "GET /v1/identities",
        mutates: false,
        expected: [[200, 200, 200], [200, 403, 403], [403, 200, 403]],
    },
    Endpoint {
        name: "GET /v1/identities/{id}",
        mutates: false,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "PATCH /v1/identities/{id}",
        mutates: true,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "DELETE /v1/identities/{id}",
        mutates: true,
        expected: [[204, 204, 404], [204, 403, 404], [403, 204, 404]],
    },
    Endpoint {
        name: "GET /v1/players",
        mutates: false,
        expected: [[200, 200, 200], [200, 403, 403], [403, 200, 403]],
    },
    Endpoint {
        name: "GET /v1/players/{id}",
        mutates: false,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "PATCH /v1/players/{id}",
        mutates: true,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "DELETE /v1/players/{id}",
        mutates: true,
        expected: [[204, 204, 404], [204, 403, 404], [403, 204, 404]],
    },
    Endpoint {
        name: "POST /v1/players/{id}/merge",
        mutates: true,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "POST /v1/players/{id}/bans",
        mutates: false,
        expected: [[201, 201, 404], [201, 403, 404], [403, 201, 404]],
    },
    Endpoint {
        name: "GET /v1/players/{id}/bans",
        mutates: false,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "DELETE /v1/players/{id}/bans/{ban_id}",
        mutates: true,
        expected: [[204, 204, 404], [204, 403, 404], [403, 204, 404]],
    },
    // The body names the account: a missing one is 404 to a superadmin, another's to admins.
    Endpoint {
        name: "POST /v1/webhooks",
        mutates: false,
        expected: [[201, 201, 404], [201, 403, 403], [403, 201, 403]],
    },
    Endpoint {
        name: "GET /v1/webhooks",
        mutates: false,
        expected: [[200, 200, 200], [200, 403, 403], [403, 200, 403]],
    },
    Endpoint {
        name: "GET /v1/webhooks/{id}",
        mutates: false,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "PATCH /v1/webhooks/{id}",
        mutates: false,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "GET /v1/webhooks/{id}/deliveries",
        mutates: false,
        expected: [[200, 200, 404], [200, 403, 404], [403, 200, 404]],
    },
    Endpoint {
        name: "DELETE /v1/webhooks/{id}",
        mutates: true,
        expected: [[204, 204, 404], [204, 403, 404], [403, 204, 404]],
    },
];

async fn call(app: &TestApp, world: &World, endpoint: &str, caller: Caller, scope: Scope) -> u16 {
    let key = world.key(app, caller);
    let account = world.account(scope);
    let unique = ulid::Ulid::generate().to_string().to_lowercase();
    let response = match endpoint {
        "POST /v1/accounts" => {
            app.post(
                "/v1/accounts",
                key,
                &json!({"name": format!("New {unique}")}),
            )
            .await
        }
        "GET /v1/accounts" => {
            app.get(&format!("/v1/accounts?account_id={account}"), key)
                .await
        }
        "GET /v1/accounts/{id}" => app.get(&format!("/v1/accounts/{account}"), key).await,
        "PATCH /v1/accounts/{id}" => {
            app.patch(
                &format!("/v1/accounts/{account}"),
                key,
                &json!({"name": "Renamed"}),
            )
            .await
        }
        "DELETE /v1/accounts/{id}" => app.delete(&format!("/v1/accounts/{account}"), key).await,
        "POST /v1/users" => {
            let body = json!({
                "account_id": account,
                "email": format!("{unique}@example.com"),
                "display_name": "New User",
            });
            app.post("/v1/users", key, &body).await
        }
        "GET /v1/audit-events" => {
            app.get(&format!("/v1/audit-events?account_id={account}"), key)
                .await
        }
        "GET /v1/users" => {
            app.get(&format!("/v1/users?account_id={account}"), key)
                .await
        }
        "GET /v1/users/{id}" => {
            app.get(&format!("/v1/users/{}", world.user(scope)), key)
                .await
        }
        "PATCH /v1/users/{id}" => {
            app.patch(
                &format!("/v1/users/{}", world.user(scope)),
                key,
                &json!({"display_name": "Renamed"}),
            )
            .await
        }
        "DELETE /v1/users/{id}" => {
            app.delete(&format!("/v1/users/{}", world.user(scope)), key)
                .await
        }
        "POST /v1/api-keys" => {
            let body = json!({"account_id": account, "user_id": world.user(scope), "name": "new"});
            app.post("/v1/api-keys", key, &body).await
        }
        "GET /v1/api-keys" => {
            app.get(&format!("/v1/api-keys?account_id={account}"), key)
                .await
        }
        "GET /v1/api-keys/{id}" => {
            app.get(&format!("/v1/api-keys/{}", world.api_key(scope)), key)
                .await
        }
        "PATCH /v1/api-keys/{id}" => {
            app.patch(
                &format!("/v1/api-keys/{}", world.api_key(scope)),
                key,
                &json!({"name": "renamed"}),
            )
            .await
        }
        "DELETE /v1/api-keys/{id}" => {
            app.delete(&format!("/v1/api-keys/{}", world.api_key(scope)), key)
                .await
        }
        "POST /v1/games" => {
            let body = json!({"account_id": account, "name": format!("Game {unique}")});
            app.post("/v1/games", key, &body).await
        }
        "GET /v1/games" => {
            app.get(&format!("/v1/games?account_id={account}"), key)
                .await
        }
        "GET /v1/games/{id}" => {
            app.get(&format!("/v1/games/{}", world.game(scope)), key)
                .await
        }
        "PATCH /v1/games/{id}" => {
            app.patch(
                &format!("/v1/games/{}", world.game(scope)),
                key,
                &json!({"name": "Renamed"}),
            )
            .await
        }
        "DELETE /v1/games/{id}" => {
            app.delete(&format!("/v1/games/{}", world.game(scope)), key)
                .await
        }
        "PUT /v1/games/{id}/oidc-providers/{provider}" => {
            app.put(
                &format!("/v1/games/{}/oidc-providers/p-{unique}", world.game(scope)),
                key,
                &json!({"audiences": ["game"], "issuer": "https://id.example.com",
                        "jwks_uri": "https://id.example.com/jwks"}),
            )
            .await
        }
        "GET /v1/games/{id}/oidc-providers" => {
            app.get(
                &format!("/v1/games/{}/oidc-providers", world.game(scope)),
                key,
            )
            .await
        }
        "DELETE /v1/games/{id}/oidc-providers/{provider}" => {
            app.delete(
                &format!("/v1/games/{}/oidc-providers/acme-id", world.game(scope)),
                key,
            )
            .await
        }
        "POST /v1/identities" => {
            let body = json!({
                "game_id": world.game(scope),
                "kind": "CUSTOM",
                "external_key": format!("new-{unique}"),
            });
            app.post("/v1/identities", key, &body).await
        }
        "GET /v1/identities" => {
            app.get(&format!("/v1/identities?account_id={account}"), key)
                .await
        }
        "GET /v1/identities/{id}" => {
            app.get(&format!("/v1/identities/{}", world.identity(scope)), key)
                .await
        }
        "PATCH /v1/identities/{id}" => {
            app.patch(
                &format!("/v1/identities/{}", world.identity(scope)),
                key,
                &json!({"display_name": "Renamed"}),
            )
            .await
        }
        "DELETE /v1/identities/{id}" => {
            app.delete(&format!("/v1/identities/{}", world.identity(scope)), key)
                .await
        }
        "POST /v1/webhooks" => {
            let body = json!({"account_id": account, "url": NOWHERE, "events": ["webhook.*"]});
            app.post("/v1/webhooks", key, &body).await
        }
        "GET /v1/webhooks" => {
            app.get(&format!("/v1/webhooks?account_id={account}"), key)
                .await
        }
        "GET /v1/webhooks/{id}" => {
            app.get(&format!("/v1/webhooks/{}", world.webhook(scope)), key)
                .await
        }
        "PATCH /v1/webhooks/{id}" => {
            app.patch(
                &format!("/v1/webhooks/{}", world.webhook(scope)),
                key,
                &json!({"description": "renamed"}),
            )
            .await
        }
        "GET /v1/webhooks/{id}/deliveries" => {
            app.get(
                &format!("/v1/webhooks/{}/deliveries", world.webhook(scope)),
                key,
            )
            .await
        }
        "DELETE /v1/webhooks/{id}" => {
            app.delete(&format!("/v1/webhooks/{}", world.webhook(scope)), key)
                .await
        }
        "GET /v1/players" => {
            app.get(&format!("/v1/players?account_id={account}"), key)
                .await
        }
        "GET /v1/players/{id}" => {
            app.get(&format!("/v1/players/{}", world.player(scope)), key)
                .await
        }
        "PATCH /v1/players/{id}" => {
            app.patch(
                &format!("/v1/players/{}", world.player(scope)),
                key,
                &json!({"display_name": "Renamed"}),
            )
            .await
        }
        "DELETE /v1/players/{id}" => {
            app.delete(&format!("/v1/players/{}", world.player(scope)), key)
                .await
        }
        "POST /v1/players/{id}/merge" => {
            app.post(
                &format!("/v1/players/{}/merge", world.player(scope)),
                key,
                &json!({"from_player_id": world.other_player(scope)}),
            )
            .await
        }
        "POST /v1/players/{id}/bans" => {
            app.post(
                &format!("/v1/players/{}/bans", world.player(scope)),
                key,
                &json!({"reason": format!("ban {unique}")}),
            )
            .await
        }
        "GET /v1/players/{id}/bans" => {
            app.get(&format!("/v1/players/{}/bans", world.player(scope)), key)
                .await
        }
        "DELETE /v1/players/{id}/bans/{ban_id}" => {
            app.delete(
                &format!(
                    "/v1/players/{}/bans/{}",
                    world.player(scope),
                    world.ban(scope)
                ),
                key,
            )
            .await
        }
        other => panic!("no such endpoint in the matrix: {other}"),
    };
    if response.status >= 400 {
        let code = response.json["code"].as_str().unwrap_or_default();
        let expected_code = match response.status {
            401 => "unauthorized",
            403 => "forbidden",
            404 => "not_found",
            _ => code,
        };
        assert_eq!(
            code, expected_code,
            "{endpoint} {caller:?} {scope:?}: {}",
            response.text
        );
    }
    response.status
}

/// How many audit events are recorded.
async fn audit_events(client: &tokio_postgres::Client) -> i64 {
    client
        .query_one("SELECT count(*) FROM audit_events", &[])
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn every_admin_endpoint_answers_every_caller_exactly_as_the_policy_says() {
    let app = spawn_app().await;
    let shared = World::new(&app).await;
    let events = app.db().client().await;
    let mut mismatches: Vec<String> = Vec::new();
    let mut cells = 0;
    for endpoint in &ENDPOINTS {
        for caller in CALLERS {
            for (column, scope) in SCOPES.into_iter().enumerate() {
                let expected = match caller {
                    Caller::Superadmin => endpoint.expected[0][column],
                    Caller::AdminA => endpoint.expected[1][column],
                    Caller::AdminB => endpoint.expected[2][column],
                    Caller::Suspended | Caller::Revoked | Caller::Anonymous => 401,
                };
                let fresh;
                let world: &World = if endpoint.mutates {
                    fresh = World::new(&app).await;
                    &fresh
                } else {
                    &shared
                };
                let before = audit_events(&events).await;
                let actual = call(&app, world, endpoint.name, caller, scope).await;
                cells += 1;
                // Every change that succeeds records exactly one event; a refusal, none; a
                // read, none.
                let recorded = audit_events(&events).await - before;
                let writes = !endpoint.name.starts_with("GET ");
                let expected_events = i64::from(writes && (200..300).contains(&actual));
                if recorded != expected_events {
                    mismatches.push(format!(
                        "{} as {caller:?} on {scope:?} ({actual}): {recorded} audit events, \
                         expected {expected_events}",
                        endpoint.name
                    ));
                }
                if actual != expected {
                    mismatches.push(format!(
                        "{} as {caller:?} on {scope:?}: expected {expected}, got {actual}",
                        endpoint.name
                    ));
                }
            }
        }
    }
    assert_eq!(cells, ENDPOINTS.len() * CALLERS.len() * SCOPES.len());
    assert!(
        mismatches.is_empty(),
        "{} cells differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[tokio::test]
async fn naming_another_account_in_a_body_or_query_is_403_for_non_superadmins() {
    let app = spawn_app().await;
    let world = World::new(&app).await;
    let key = world.admin_a.key();
    let other = &world.account_b;
    for response in [
        app.get(&format!("/v1/accounts?account_id={other}"), key)
            .await,
        app.get(&format!("/v1/users?account_id={other}"), key).await,
        app.get(&format!("/v1/api-keys?account_id={other}"), key)
            .await,
        app.post(
            "/v1/users",
            key,
            &json!({"account_id": other, "email": "x@example.com", "display_name": "Xavier"}),
        )
        .await,
        app.post(
            "/v1/api-keys",
            key,
            &json!({"account_id": other, "user_id": world.targets[1].0, "name": "x"}),
        )
        .await,
        app.get(&format!("/v1/games?account_id={other}"), key).await,
        app.get(&format!("/v1/identities?account_id={other}"), key)
            .await,
        app.post(
            "/v1/games",
            key,
            &json!({"account_id": other, "name": "Theirs"}),
        )
        .await,
        app.post(
            "/v1/identities",
            key,
            &json!({"game_id": world.games[1].0, "kind": "CUSTOM", "external_key": "x"}),
        )
        .await,
    ] {
        response.assert_problem(403, "forbidden");
    }
    app.get(&format!("/v1/users?account_id={}", world.account_a), key)
        .await
        .assert_status(200);
    // `game_id` only narrows the caller's own identities: another account's game matches none,
    // and says nothing about whether it exists.
    let foreign_game = app
        .get(&format!("/v1/identities?game_id={}", world.games[1].0), key)
        .await;
    foreign_game.assert_status(200);
    assert_eq!(foreign_game.json["data"], json!([]));
}
