//! Linking another identity to a signed-in client's player: the client proves the identity as
//! a sign-in would (a device, a Steam ticket, an `id_token`, a custom token), and it joins the
//! player instead of signing in.

use roster_domain::PlayerId;
use roster_domain::audit::{AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::client_session::{ClientInfo, ClientPrincipal};
use roster_domain::identity::{DeviceFingerprint, Identity, IdentityKind};
use roster_domain::nonce::{NonceRefusal, presented, refusal};
use roster_domain::oidc::TokenNonce;
use roster_domain::player::{self, Link};
use roster_domain::slug::Slug;
use roster_domain::steam::{SteamTicket, TicketIdentity};

use super::{
    CustomSignInError, OidcSignIn, OidcSignInError, Proofs, SignInDb, SignIns, SteamSignIn,
    SteamSignInError, game_open, oidc_proven, steam_proven,
};
use crate::audit::{self, Change};
use crate::client::{Proven, candidate};
use crate::ports::{Clock, IdentityRows, PlayerRows, Sealer, SessionRows, StoreError, TokenCodec};

/// The proof of the identity to link: a sign-in's, without the game (the client's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProof {
    /// A device's fingerprint.
    Device(DeviceFingerprint),
    /// A Steam session ticket.
    Steam {
        /// The ticket.
        ticket: SteamTicket,
        /// The identity string the ticket was made with, if any.
        identity: Option<TicketIdentity>,
    },
    /// An OpenID Connect `id_token` of one of the game's providers.
    Oidc {
        /// The provider.
        provider: Slug,
        /// The token.
        id_token: String,
        /// The nonce the client asked for, if it did.
        nonce: Option<TokenNonce>,
    },
    /// A custom token the studio's backend signed.
    Custom {
        /// The token.
        token: String,
    },
}

/// A linked identity, and whether this request linked it (`false`: it was the player's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// The identity.
    pub identity: Identity,
    /// Whether it is new.
    pub created: bool,
}

/// Why nothing was linked.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The nonce does not make the request acceptable.
    #[error(transparent)]
    Nonce(#[from] NonceRefusal),
    /// The identity belongs to another player.
    #[error("The identity is linked to another player")]
    LinkedElsewhere(PlayerId),
    /// The client's player is gone (merged away or erased since the token was checked).
    #[error("Player not found")]
    PlayerGone,
    /// A custom token proved nothing.
    #[error(transparent)]
    Custom(#[from] CustomSignInError),
    /// A Steam ticket proved nothing.
    #[error(transparent)]
    Steam(#[from] SteamSignInError),
    /// An `id_token` proved nothing.
    #[error(transparent)]
    Oidc(#[from] OidcSignInError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a proof came to before the transaction: outside services are asked with none open.
enum Checked {
    Ready(Proven),
    Custom(String),
    Steam(roster_domain::steam::SteamVerdict),
    Oidc(OidcSignIn, roster_domain::oidc::OidcClaims),
}

impl<D: SignInDb, C: Clock, T: TokenCodec, S: Sealer, P: Proofs> SignIns<D, C, T, S, P> {
    /// Checks the proof, then in one transaction spends the nonce, locks the client's player
    /// and inserts the identity for it unless a live one has the key: the unique index decides
    /// between racing links, so of many links of one identity exactly one creates it and the
    /// others find it (the player's own: `created: false`; another's: `LinkedElsewhere`).
    pub(super) async fn link_identity(
        &self,
        client: &ClientPrincipal,
        nonce: Option<&str>,
        proof: LinkProof,
    ) -> Result<Linked, LinkError> {
        let value = presented(nonce)?;
        let game_id = client.game_id;
        let checked = match proof {
            LinkProof::Device(fingerprint) => Checked::Ready(Proven {
                kind: IdentityKind::Device,
                key: fingerprint.into_key(),
                display_name: None,
                steam: None,
                provider: None,
            }),
            LinkProof::Custom { token } => Checked::Custom(token),
            LinkProof::Steam { ticket, identity } => {
                let input = SteamSignIn {
                    game_id,
                    ticket,
                    identity,
                    client: ClientInfo::default(),
                };
                Checked::Steam(self.steam_verdict(&input).await?)
            }
            LinkProof::Oidc {
                provider,
                id_token,
                nonce,
            } => {
                let input = OidcSignIn {
                    game_id,
                    provider,
                    id_token,
                    nonce,
                    client: ClientInfo::default(),
                };
                let claims = self.oidc_claims(&input).await?;
                Checked::Oidc(input, claims)
            }
        };
        let now = self.clock.now();
        self.db
            .transaction(async |tx: &mut D::Conn| -> Result<Linked, LinkError> {
                if let Err(stored) = tx.use_nonce(value, client.identity_id, now).await? {
                    return Err(refusal(stored.as_ref(), client.identity_id, now).into());
                }
                let game = game_open::<_, CustomSignInError>(tx, game_id).await?;
                let proven = match &checked {
                    Checked::Ready(proven) => proven.clone(),
                    Checked::Custom(token) => self.custom_proven(&game, token, now)?,
                    Checked::Steam(verdict) => steam_proven(&game, verdict, now)?,
                    Checked::Oidc(input, claims) => oidc_proven(tx, input, claims, now).await?,
                };
                let player = tx
                    .lock_player(client.player_id)
                    .await?
                    .filter(|player| !player.is_deleted())
                    .ok_or(LinkError::PlayerGone)?;
                let (_, mut identity) = candidate(&game, &proven, now);
                identity.player_id = player.id;
                let linked = match tx.insert_identity_unless_live(&identity).await? {
                    Some(inserted) => Linked {
                        identity: inserted,
                        created: true,
                    },
                    None => {
                        let found = tx.lock_live_identity(&identity).await?.ok_or_else(|| {
                            StoreError::Internal(
                                "the live identity that refused the link is gone".into(),
                            )
                        })?;
                        match player::link(player.id, Some(&found)) {
                            Link::Elsewhere(other) => {
                                return Err(LinkError::LinkedElsewhere(other));
                            }
                            Link::AlreadyLinked(_) | Link::New => Linked {
                                identity: found,
                                created: false,
                            },
                        }
                    }
                };
                // Linking one the player has already changes nothing, and says so.
                let changes = if linked.created {
                    Changes::created(&linked.identity)
                } else {
                    Changes::none()
                };
                let change = Change {
                    action: AuditAction::IdentityLinked,
                    target: AuditTarget::new(TargetKind::Identity, linked.identity.id),
                    account_id: linked.identity.account_id,
                    changes,
                    at: now,
                };
                audit::by_client(tx, client, change).await?;
                Ok(linked)
            })
            .await
    }
}
