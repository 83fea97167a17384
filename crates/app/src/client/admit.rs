//! What every sign-in shares once its proof holds: the game must take sessions, the identity of
//! the proven kind and key is found or created, and a session starts for it, all in the
//! caller's transaction.

use roster_domain::GameId;
use roster_domain::client_session::{ClientInfo, ClientSession, SessionGate, admits_sessions};
use roster_domain::game::Game;
use roster_domain::identity::{
    ExternalKey, Identity, IdentityChanges, IdentityDisplayName, IdentityKind,
};
use roster_domain::slug::Slug;
use roster_domain::steam::SteamStanding;

use super::ClientConn;
use crate::ports::{StoreError, WriteError};

/// Why a game takes no sign-in, or the store failing.
#[derive(Debug, thiserror::Error)]
pub enum GameRefusal {
    /// The game, or its account, is missing or deleted; or its account is suspended.
    #[error(transparent)]
    Gate(#[from] SessionGate),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The game `id` when it takes new sessions.
pub(crate) async fn open_game<C: ClientConn>(tx: &mut C, id: GameId) -> Result<Game, GameRefusal> {
    let game = tx.game(id).await?.ok_or(SessionGate::GameGone)?;
    let account = tx
        .account(game.account_id)
        .await?
        .ok_or(SessionGate::GameGone)?;
    admits_sessions(&game, &account)?;
    Ok(game)
}

/// Who a proof signs in: the identity's kind and key, and a display name to give it.
#[derive(Debug, Clone)]
pub(crate) struct Proven {
    /// The identity's kind.
    pub kind: IdentityKind,
    /// Its external key.
    pub key: ExternalKey,
    /// A display name given at sign-in, which renames the player.
    pub display_name: Option<IdentityDisplayName>,
    /// What Steam said of a `STEAM` player, kept on the identity.
    pub steam: Option<SteamStanding>,
    /// The OpenID provider that vouched for a `CUSTOM` player, if one did.
    pub provider: Option<Slug>,
}

/// Finds the live identity `proven` names in `game` (renaming it when a display name is given,
/// keeping Steam's latest word on it) or creates it, and starts its session, as of `now`.
pub(crate) async fn admit<C: ClientConn>(
    tx: &mut C,
    game: &Game,
    proven: Proven,
    client: ClientInfo,
    now: roster_domain::Timestamp,
) -> Result<(Identity, ClientSession), StoreError> {
    let candidate = Identity {
        steam: proven.steam,
        provider: proven.provider,
        ..Identity::new(
            game,
            proven.kind,
            proven.key,
            proven.display_name.clone(),
            now,
        )
    };
    let identity = match tx.insert_identity_unless_live(&candidate).await? {
        Some(inserted) => inserted,
        None => {
            let found = tx.lock_live_identity(&candidate).await?.ok_or_else(|| {
                StoreError::Internal("the live identity that refused the insert is gone".into())
            })?;
            refresh(tx, found, proven.display_name, proven.steam, now).await?
        }
    };
    let session = ClientSession::start(&identity, client, now);
    tx.insert_session(&session).await?;
    Ok((identity, session))
}

/// `found` with the display name given at sign-in and Steam's standing, written when either
/// changes. A new standing is Steam's word, not an edit: it leaves `updated_at` alone.
async fn refresh<C: ClientConn>(
    tx: &mut C,
    found: Identity,
    display_name: Option<IdentityDisplayName>,
    steam: Option<SteamStanding>,
    now: roster_domain::Timestamp,
) -> Result<Identity, StoreError> {
    let mut next = match display_name {
        None => found.clone(),
        Some(name) => {
            let changes = IdentityChanges {
                display_name: Some(Some(name)),
                deleted: None,
            };
            found
                .apply(&changes, now)
                .map_err(|_| StoreError::Internal("a live identity refused a rename".into()))?
        }
    };
    if steam.is_some() {
        next.steam = steam;
    }
    if next != found {
        tx.update_identity(&next)
            .await
            .map_err(|error| match error {
                WriteError::Conflict => {
                    StoreError::Internal("a refresh collided with another identity".into())
                }
                WriteError::Store(error) => error,
            })?;
    }
    Ok(next)
}
