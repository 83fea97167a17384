//! The body of linking an identity to the signed-in client's player: one proof, as the
//! sign-in of its kind takes it, without the game (the client's own).

use roster_app::sign_in::LinkProof;
use roster_domain::identity::DeviceFingerprint;
use roster_domain::oidc::TokenNonce;
use roster_domain::slug::Slug;
use roster_domain::steam::{SteamTicket, TicketIdentity};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::schema::{
    DeviceFingerprintSchema, SlugSchema, SteamTicketSchema, TicketIdentitySchema, TokenNonceSchema,
};
use crate::error::ApiError;
use crate::validation::{Collector, NotOneOf, Violation};

const PROOFS: &[&str] = &["device", "steam", "oidc", "custom"];

/// Declares the documented body of one proof: a closed object whose `proof` is its one value.
macro_rules! proof_body {
    (
        $(#[$meta:meta])* $name:ident, $kind:ident, $variant:ident, $value:literal {
            $($(#[$field_meta:meta])* $field:ident: $ty:ty,)*
        }
    ) => {
        #[doc = concat!("`proof` of [`", stringify!($name), "`]: `", $value, "`.")]
        #[derive(Debug, Clone, Copy, Serialize, ToSchema)]
        #[serde(rename_all = "lowercase")]
        pub enum $kind {
            #[doc = concat!("`", $value, "`.")]
            $variant,
        }

        $(#[$meta])*
        #[derive(Debug, Serialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Which proof follows.
            pub proof: $kind,
            $($(#[$field_meta])* pub $field: $ty,)*
        }
    };
}

proof_body! {
    /// Links a device: its fingerprint.
    DeviceLinkBody, DeviceProofKind, Device, "device" {
        /// The device fingerprint (64 hex digits).
        #[schema(value_type = DeviceFingerprintSchema)]
        client_fingerprint: String,
    }
}

proof_body! {
    /// Links a Steam account: a session ticket.
    SteamLinkBody, SteamProofKind, Steam, "steam" {
        /// The ticket from `GetAuthTicketForWebApi`.
        #[schema(value_type = SteamTicketSchema)]
        ticket: String,
        /// The identity string the ticket was made with, if any.
        #[schema(value_type = Option<TicketIdentitySchema>)]
        identity: Option<String>,
    }
}

proof_body! {
    /// Links an OpenID Connect account: an `id_token` of one of the game's providers.
    OidcLinkBody, OidcProofKind, Oidc, "oidc" {
        /// The game's provider that issued the token.
        #[schema(value_type = SlugSchema)]
        provider: String,
        /// The `id_token`, a signed JWT.
        id_token: String,
        /// The nonce the token must carry, if the client asked for one.
        #[schema(value_type = Option<TokenNonceSchema>)]
        nonce: Option<String>,
    }
}

proof_body! {
    /// Links an account of the studio's own: a custom token its backend signed.
    CustomLinkBody, CustomProofKind, Custom, "custom" {
        /// The custom token.
        token: String,
    }
}

/// The body of `POST /v1/client/me/identities` as documented: one closed object per proof,
/// told apart by `proof` (the server reads it as [`LinkIdentityRequest`]).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
#[schema(as = LinkIdentityBody)]
pub enum LinkIdentityBody {
    /// A device.
    Device(DeviceLinkBody),
    /// A Steam account.
    Steam(SteamLinkBody),
    /// An OpenID Connect account.
    Oidc(OidcLinkBody),
    /// A studio's own account.
    Custom(CustomLinkBody),
}

/// A field of another proof than the one named.
#[derive(Debug, Clone, Copy)]
struct Foreign;

impl Violation for Foreign {
    fn describe(&self) -> (&'static str, String) {
        (
            "extra_forbidden",
            "Extra inputs are not permitted".to_owned(),
        )
    }
}

/// A field the proof needs is missing.
#[derive(Debug, Clone, Copy)]
struct Missing;

impl Violation for Missing {
    fn describe(&self) -> (&'static str, String) {
        ("missing", "Field required".to_owned())
    }
}

/// An identity to link, as the server reads it: `proof` says which sign-in's fields follow
/// (documented as [`LinkIdentityBody`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkIdentityRequest {
    /// `device`, `steam`, `oidc` or `custom`.
    pub proof: String,
    /// With `device`: the device fingerprint.
    #[serde(default)]
    pub client_fingerprint: Option<String>,
    /// With `steam`: the ticket from `GetAuthTicketForWebApi`.
    #[serde(default)]
    pub ticket: Option<String>,
    /// With `steam`: the identity string the ticket was made with, if any.
    #[serde(default)]
    pub identity: Option<String>,
    /// With `oidc`: the game's provider that issued the token.
    #[serde(default)]
    pub provider: Option<String>,
    /// With `oidc`: the `id_token`.
    #[serde(default)]
    pub id_token: Option<String>,
    /// With `oidc`: the nonce the token must carry, if the client asked for one.
    #[serde(default)]
    pub nonce: Option<String>,
    /// With `custom`: the custom token.
    #[serde(default)]
    pub token: Option<String>,
}

impl LinkIdentityRequest {
    /// The proof, or a 422 naming every invalid or missing field.
    pub fn try_into_domain(self) -> Result<LinkProof, ApiError> {
        let mut errors = Collector::new();
        let own: &[&str] = match self.proof.as_str() {
            "device" => &["client_fingerprint"],
            "steam" => &["ticket", "identity"],
            "oidc" => &["provider", "id_token", "nonce"],
            "custom" => &["token"],
            _ => &[],
        };
        let given = [
            ("client_fingerprint", self.client_fingerprint.is_some()),
            ("ticket", self.ticket.is_some()),
            ("identity", self.identity.is_some()),
            ("provider", self.provider.is_some()),
            ("id_token", self.id_token.is_some()),
            ("nonce", self.nonce.is_some()),
            ("token", self.token.is_some()),
        ];
        if !own.is_empty() {
            for (name, present) in given {
                if present && !own.contains(&name) {
                    errors.push(&["body", name], &Foreign);
                }
            }
        }
        let required = |errors: &mut Collector, name: &str, value: Option<String>| {
            if value.is_none() {
                errors.push(&["body", name], &Missing);
            }
            value
        };
        let proof = match self.proof.as_str() {
            "device" => {
                let raw = required(&mut errors, "client_fingerprint", self.client_fingerprint);
                raw.and_then(|raw| {
                    errors.check(
                        &["body", "client_fingerprint"],
                        DeviceFingerprint::parse(&raw),
                    )
                })
                .map(LinkProof::Device)
            }
            "steam" => {
                let raw = required(&mut errors, "ticket", self.ticket);
                let ticket =
                    raw.and_then(|raw| errors.check(&["body", "ticket"], SteamTicket::parse(&raw)));
                let identity = errors.optional(
                    &["body", "identity"],
                    self.identity.as_deref(),
                    TicketIdentity::parse,
                );
                ticket
                    .zip(identity)
                    .map(|(ticket, identity)| LinkProof::Steam { ticket, identity })
            }
            "oidc" => {
                let provider = required(&mut errors, "provider", self.provider)
                    .and_then(|raw| errors.check(&["body", "provider"], Slug::parse(&raw)));
                let id_token = required(&mut errors, "id_token", self.id_token);
                let nonce =
                    errors.optional(&["body", "nonce"], self.nonce.as_deref(), TokenNonce::parse);
                match (provider, id_token, nonce) {
                    (Some(provider), Some(id_token), Some(nonce)) => Some(LinkProof::Oidc {
                        provider,
                        id_token,
                        nonce,
                    }),
                    _ => None,
                }
            }
            "custom" => {
                required(&mut errors, "token", self.token).map(|token| LinkProof::Custom { token })
            }
            _ => {
                errors.push(&["body", "proof"], &NotOneOf(PROOFS));
                None
            }
        };
        errors.finish(|| proof)
    }
}
