//! What every sign-in shares once its proof holds: the game must take sessions, the identity of
//! the proven kind and key is found or created, and a session starts for it, all in the
//! caller's transaction.

use roster_domain::audit::{Actor, AuditAction, AuditTarget, Changes, TargetKind};
use roster_domain::ban::Ban;
use roster_domain::client_session::{ClientInfo, ClientSession, SessionGate, admits_sessions};
use roster_domain::game::Game;
use roster_domain::identity::{
    ExternalKey, Identity, IdentityChanges, IdentityDisplayName, IdentityKind,
};
use roster_domain::player::{Player, PlayerChanges};
use roster_domain::slug::Slug;
use roster_domain::steam::SteamStanding;
use roster_domain::{GameId, PlayerId, Timestamp};
use serde_json::json;

use super::ClientConn;
use crate::audit::{self, Change};
use crate::ports::{PlayerRows, StoreError, WriteError};

/// Why a proven identity gets no session, or the store failing.
#[derive(Debug, thiserror::Error)]
pub enum AdmitError {
    /// The identity's player is banned.
    #[error("The player is banned")]
    Banned(Box<Ban>),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `Err(Banned)` when a ban of `player` prevails at `now`.
pub(crate) async fn refuse_banned<C: PlayerRows>(
    tx: &mut C,
    player: PlayerId,
    now: Timestamp,
) -> Result<(), AdmitError> {
    match tx.prevailing_bans(&[player], now).await?.into_iter().next() {
        Some(ban) => Err(AdmitError::Banned(Box::new(ban))),
        None => Ok(()),
    }
}

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

/// The identity `proven` would be if it were new: of a new player of `game`, named as the
/// proof says.
pub(crate) fn candidate(game: &Game, proven: &Proven, now: Timestamp) -> (Player, Identity) {
    let player = Player::new(game, proven.display_name.clone(), now);
    let identity = Identity {
        steam: proven.steam,
        provider: proven.provider.clone(),
        ..Identity::new(
            &player,
            proven.kind,
            proven.key.clone(),
            proven.display_name.clone(),
            now,
        )
    };
    (player, identity)
}

/// Finds the live identity `proven` names in `game` (renaming it and its player when a display
/// name is given, keeping Steam's latest word on it) or creates it with a new player, and
/// starts its session, as of `now`; a banned player gets none.
pub(crate) async fn admit<C: ClientConn>(
    tx: &mut C,
    game: &Game,
    proven: Proven,
    client: ClientInfo,
    now: Timestamp,
) -> Result<(Identity, ClientSession), AdmitError> {
    let (player, candidate) = candidate(game, &proven, now);
    let mut created = false;
    let identity = match tx.insert_identity_unless_live(&candidate).await? {
        // The identity won the key; its player follows (the foreign key is checked at commit).
        Some(inserted) => {
            tx.insert_player(&player).await?;
            created = true;
            inserted
        }
        None => {
            // A rename locks the player, and players are locked before their identities (as
            // linking and merging lock them), or two of those would deadlock: the player is
            // read off the identity as committed, locked, and then the identity.
            let renamed = match &proven.display_name {
                Some(name) => match tx.live_identity(&candidate).await? {
                    Some(seen) => {
                        rename_player(tx, seen.player_id, Some(name.clone()), now).await?;
                        Some(seen.player_id)
                    }
                    None => None,
                },
                None => None,
            };
            let found = tx.lock_live_identity(&candidate).await?.ok_or_else(|| {
                StoreError::Internal("the live identity that refused the insert is gone".into())
            })?;
            refuse_banned(tx, found.player_id, now).await?;
            if let Some(name) = &proven.display_name
                && renamed != Some(found.player_id)
            {
                // A merge moved the identity between the read and the lock: its player now.
                rename_player(tx, found.player_id, Some(name.clone()), now).await?;
            }
            refresh(tx, found, proven.display_name, proven.steam, now).await?
        }
    };
    let session = ClientSession::start(&identity, client, now);
    tx.insert_session(&session).await?;
    let actor = Actor::Identity {
        identity_id: identity.id,
        player_id: identity.player_id,
    };
    let change = Change {
        action: AuditAction::SessionCreated,
        target: AuditTarget::new(TargetKind::Session, session.id),
        account_id: session.account_id,
        changes: Changes::created(&session).with("identity_created", json!(created)),
        at: now,
    };
    audit::by_actor(tx, actor, change).await?;
    Ok((identity, session))
}

/// Gives the player `id` the display name its client gave (`None` clears it), if that
/// changes it: the name a client gives itself is its player's as well as its identity's.
pub(crate) async fn rename_player<C: PlayerRows>(
    tx: &mut C,
    id: PlayerId,
    name: Option<IdentityDisplayName>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let player = tx
        .lock_player(id)
        .await?
        .ok_or_else(|| StoreError::Internal("an identity's player is gone".into()))?;
    let changes = PlayerChanges {
        display_name: Some(name),
    };
    let renamed = player.apply(&changes, now);
    if renamed != player {
        tx.update_player(&renamed).await?;
    }
    Ok(())
}

/// `found` with the display name given at sign-in and Steam's standing, written when either
/// changes. A new standing is Steam's word, not an edit: it leaves `updated_at` alone.
async fn refresh<C: ClientConn>(
    tx: &mut C,
    found: Identity,
    display_name: Option<IdentityDisplayName>,
    steam: Option<SteamStanding>,
    now: Timestamp,
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
