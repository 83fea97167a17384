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

/// Which sign-in proves the identity.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = LinkProofKind)]
pub enum LinkProofKindDto {
    /// A device's fingerprint (`client_fingerprint`).
    Device,
    /// A Steam session ticket (`ticket`, `identity`).
    Steam,
    /// An OpenID Connect `id_token` (`provider`, `id_token`, `nonce`).
    Oidc,
    /// A custom token (`token`).
    Custom,
}

/// A field the proof needs is missing.
#[derive(Debug, Clone, Copy)]
struct Missing;

impl Violation for Missing {
    fn describe(&self) -> (&'static str, String) {
        ("missing", "Field required".to_owned())
    }
}

/// An identity to link: `proof` says which sign-in's fields follow.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkIdentityRequest {
    /// `device`, `steam`, `oidc` or `custom`.
    #[schema(value_type = LinkProofKindDto)]
    pub proof: String,
    /// With `device`: the device fingerprint.
    #[serde(default)]
    #[schema(value_type = Option<DeviceFingerprintSchema>)]
    pub client_fingerprint: Option<String>,
    /// With `steam`: the ticket from `GetAuthTicketForWebApi`.
    #[serde(default)]
    #[schema(value_type = Option<SteamTicketSchema>)]
    pub ticket: Option<String>,
    /// With `steam`: the identity string the ticket was made with, if any.
    #[serde(default)]
    #[schema(value_type = Option<TicketIdentitySchema>)]
    pub identity: Option<String>,
    /// With `oidc`: the game's provider that issued the token.
    #[serde(default)]
    #[schema(value_type = Option<SlugSchema>)]
    pub provider: Option<String>,
    /// With `oidc`: the `id_token`.
    #[serde(default)]
    pub id_token: Option<String>,
    /// With `oidc`: the nonce the token must carry, if the client asked for one.
    #[serde(default)]
    #[schema(value_type = Option<TokenNonceSchema>)]
    pub nonce: Option<String>,
    /// With `custom`: the custom token.
    #[serde(default)]
    pub token: Option<String>,
}

impl LinkIdentityRequest {
    /// The proof, or a 422 naming every invalid or missing field.
    pub fn try_into_domain(self) -> Result<LinkProof, ApiError> {
        let mut errors = Collector::new();
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
