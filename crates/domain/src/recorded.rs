//! Which fields of each resource an audit event shows.
//!
//! Secrets never appear: an API key shows its prefix, never its digest; a game shows whether a
//! Steam publisher key or a custom-auth secret is set, never the sealed bytes; a session shows
//! its version, never a token. The `created_at`/`updated_at` stamps are left out (the event's
//! `occurred_at` says when).

use serde_json::{Value, json};

use crate::account::Account;
use crate::api_key::ApiKey;
use crate::audit::{Fields, Recorded, text, when};
use crate::ban::Ban;
use crate::client_session::ClientSession;
use crate::game::Game;
use crate::identity::Identity;
use crate::oidc::OidcProvider;
use crate::player::Player;
use crate::user::User;
use crate::webhook::Webhook;

impl Recorded for Account {
    fn recorded(&self) -> Fields {
        vec![
            ("name", json!(self.name.as_str())),
            ("slug", json!(self.slug.as_str())),
            ("status", json!(self.status.as_str())),
            ("deleted_at", when(self.deleted_at)),
        ]
    }
}

impl Recorded for User {
    fn recorded(&self) -> Fields {
        vec![
            ("account_id", json!(self.account_id.to_string())),
            ("email", json!(self.email.as_str())),
            ("display_name", json!(self.display_name.as_str())),
            ("super_admin", json!(self.super_admin)),
            ("status", json!(self.status.as_str())),
            ("deleted_at", when(self.deleted_at)),
        ]
    }
}

impl Recorded for ApiKey {
    fn recorded(&self) -> Fields {
        vec![
            ("account_id", json!(self.account_id.to_string())),
            ("user_id", json!(self.user_id.to_string())),
            ("name", json!(self.name.as_str())),
            ("prefix", json!(self.prefix)),
            ("status", json!(self.status.as_str())),
            ("expires_at", when(self.expires_at)),
            ("deleted_at", when(self.deleted_at)),
        ]
    }
}

impl Recorded for Game {
    fn recorded(&self) -> Fields {
        let details = &self.details;
        vec![
            ("account_id", json!(self.account_id.to_string())),
            ("name", json!(self.name.as_str())),
            ("slug", json!(self.slug.as_str())),
            (
                "steam_app_id",
                text(details.steam_app_id.as_ref().map(|id| id.as_str())),
            ),
            (
                "default_board_id",
                text(details.default_board_id.as_ref().map(|id| id.as_str())),
            ),
            ("anti_cheat_enabled", json!(details.anti_cheat_enabled)),
            (
                "description",
                text(details.description.as_ref().map(|d| d.as_str())),
            ),
            (
                "tags",
                Value::Array(details.tags.iter_str().map(|tag| json!(tag)).collect()),
            ),
            (
                "page_url",
                text(details.page_url.as_ref().map(|url| url.as_str())),
            ),
            (
                "steam_publisher_key_set",
                json!(self.sign_in.steam_publisher_key.is_some()),
            ),
            (
                "steam_reject_publisher_banned",
                json!(self.sign_in.steam_reject_publisher_banned),
            ),
            (
                "custom_auth_secret_set",
                json!(self.sign_in.custom_auth_secret.is_some()),
            ),
            ("deleted_at", when(self.deleted_at)),
        ]
    }
}

impl Recorded for OidcProvider {
    fn recorded(&self) -> Fields {
        vec![
            ("game_id", json!(self.game_id.to_string())),
            ("provider", json!(self.name.as_str())),
            ("issuer", json!(self.issuer.as_str())),
            ("audiences", json!(self.audiences.as_slice())),
            ("jwks_uri", json!(self.jwks_uri.as_str())),
        ]
    }
}

/// A webhook's URL is shown (the receiver's address is no secret to its account's admins);
/// its signing secret never.
impl Recorded for Webhook {
    fn recorded(&self) -> Fields {
        vec![
            ("account_id", json!(self.account_id.to_string())),
            ("url", json!(self.url.as_str())),
            ("events", json!(self.events.as_strings())),
            (
                "description",
                json!(self.description.as_ref().map(|text| text.as_str())),
            ),
        ]
    }
}

impl Recorded for Identity {
    fn recorded(&self) -> Fields {
        vec![
            ("game_id", json!(self.game_id.to_string())),
            ("player_id", json!(self.player_id.to_string())),
            ("kind", json!(self.kind.as_str())),
            ("provider", text(self.provider.as_ref().map(|p| p.as_str()))),
            ("external_key", json!(self.external_key.as_str())),
            (
                "display_name",
                text(self.display_name.as_ref().map(|name| name.as_str())),
            ),
            ("deleted_at", when(self.deleted_at)),
        ]
    }
}

impl Recorded for Player {
    fn recorded(&self) -> Fields {
        vec![
            ("game_id", json!(self.game_id.to_string())),
            (
                "display_name",
                text(self.display_name.as_ref().map(|name| name.as_str())),
            ),
            (
                "merged_into",
                text(self.merged_into.map(|id| id.to_string()).as_deref()),
            ),
            ("deleted_at", when(self.deleted_at)),
        ]
    }
}

impl Recorded for Ban {
    fn recorded(&self) -> Fields {
        vec![
            ("ban_id", json!(self.id.to_string())),
            ("reason", json!(self.reason.as_str())),
            ("expires_at", when(self.expires_at)),
            ("lifted_at", when(self.lifted_at)),
        ]
    }
}

impl Recorded for ClientSession {
    fn recorded(&self) -> Fields {
        vec![
            ("identity_id", json!(self.identity_id.to_string())),
            ("player_id", json!(self.player_id.to_string())),
            ("game_id", json!(self.game_id.to_string())),
            ("version", json!(self.version)),
            (
                "platform",
                text(self.platform.as_ref().map(|platform| platform.as_str())),
            ),
            ("test_mode", json!(self.test_mode)),
            ("refresh_expires_at", when(Some(self.refresh_expires_at))),
            ("revoked_at", when(self.revoked_at)),
        ]
    }
}
