//! Audit events: the record of one change that succeeded, written in the change's transaction.
//!
//! An event says who acted ([`Actor`]), what they did ([`AuditAction`]), to what
//! ([`AuditTarget`]), in which account, and what changed: the before and after of each field
//! that differs, from each resource's [`Recorded`] fields, which leave secrets, digests and
//! tokens out by construction (a field not listed there can never reach an event).

use std::fmt;

use serde_json::{Map, Value};

use crate::client_session::ClientPrincipal;
use crate::id::{AccountId, ApiKeyId, EventId, IdentityId, PlayerId, UserId};
use crate::pagination::{KeyValue, sort_fields};
use crate::principal::Principal;
use crate::text::bounded_text;
use crate::timestamp::Timestamp;

/// Who made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A user of the admin API, through one of its keys.
    User {
        /// The user.
        user_id: UserId,
        /// The key the request carried.
        api_key_id: ApiKeyId,
    },
    /// A game client, signed in as this identity.
    Identity {
        /// The identity.
        identity_id: IdentityId,
        /// Its player.
        player_id: PlayerId,
    },
    /// Roster itself: the operator at the command line (`roster bootstrap`).
    System,
}

/// The kinds of [`Actor`], as stored and answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    /// [`Actor::User`].
    User,
    /// [`Actor::Identity`].
    Identity,
    /// [`Actor::System`].
    System,
}

impl ActorKind {
    /// Every kind, in the order the API documents them.
    pub const ALL: [Self; 3] = [Self::User, Self::Identity, Self::System];

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Identity => "identity",
            Self::System => "system",
        }
    }

    /// Parses the wire form, exactly.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == input)
    }
}

/// The id a system actor is answered with.
pub const SYSTEM_ACTOR_ID: &str = "roster";

impl Actor {
    /// The admin caller: its user and key, or the system for the command-line operator.
    #[must_use]
    pub fn admin(principal: &Principal) -> Self {
        if *principal == Principal::operator() {
            Self::System
        } else {
            Self::User {
                user_id: principal.user_id,
                api_key_id: principal.api_key_id,
            }
        }
    }

    /// The signed-in game client.
    #[must_use]
    pub const fn client(principal: &ClientPrincipal) -> Self {
        Self::Identity {
            identity_id: principal.identity_id,
            player_id: principal.player_id,
        }
    }

    /// Its kind.
    #[must_use]
    pub const fn kind(&self) -> ActorKind {
        match self {
            Self::User { .. } => ActorKind::User,
            Self::Identity { .. } => ActorKind::Identity,
            Self::System => ActorKind::System,
        }
    }

    /// Its id, prefixed (`usr_…`, `idn_…`), or [`SYSTEM_ACTOR_ID`].
    #[must_use]
    pub fn id(&self) -> String {
        match self {
            Self::User { user_id, .. } => user_id.to_string(),
            Self::Identity { identity_id, .. } => identity_id.to_string(),
            Self::System => SYSTEM_ACTOR_ID.to_owned(),
        }
    }
}

/// Defines [`AuditAction`] from `Variant => "wire.form"` pairs.
macro_rules! actions {
    ($($(#[$meta:meta])* $variant:ident => $wire:literal,)+) => {
        /// What a change did, named `<resource>.<verb>`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditAction {
            $($(#[$meta])* $variant,)+
        }

        impl AuditAction {
            /// Every action, in the order the API documents them.
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            /// The wire and storage form.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)+
                }
            }
        }
    };
}

actions! {
    /// An account was created.
    AccountCreated => "account.created",
    /// An account was changed (restored included).
    AccountUpdated => "account.updated",
    /// An account was erased (a soft delete is an update).
    AccountDeleted => "account.deleted",
    /// A user was created.
    UserCreated => "user.created",
    /// A user was changed (restored included).
    UserUpdated => "user.updated",
    /// A user was erased (a soft delete is an update).
    UserDeleted => "user.deleted",
    /// An API key was created.
    ApiKeyCreated => "api_key.created",
    /// An API key was changed (restored included), other than revoked.
    ApiKeyUpdated => "api_key.updated",
    /// An API key's status was set to revoked.
    ApiKeyRevoked => "api_key.revoked",
    /// An API key was erased.
    ApiKeyDeleted => "api_key.deleted",
    /// A game was created.
    GameCreated => "game.created",
    /// A game was changed (restored included).
    GameUpdated => "game.updated",
    /// A game was erased (a soft delete is an update).
    GameDeleted => "game.deleted",
    /// A game's OpenID provider was configured for the first time.
    OidcProviderCreated => "oidc_provider.created",
    /// A game's OpenID provider was configured again.
    OidcProviderUpdated => "oidc_provider.updated",
    /// A game's OpenID provider was removed.
    OidcProviderDeleted => "oidc_provider.deleted",
    /// An identity was created by an admin.
    IdentityCreated => "identity.created",
    /// An identity was changed (restored included).
    IdentityUpdated => "identity.updated",
    /// An identity was erased by an admin (a soft delete is an update).
    IdentityDeleted => "identity.deleted",
    /// A client linked another identity to its player.
    IdentityLinked => "identity.linked",
    /// A client unlinked one of its player's identities.
    IdentityUnlinked => "identity.unlinked",
    /// A session was started: a sign-in, or minted by an admin.
    SessionCreated => "session.created",
    /// A session's tokens were refreshed.
    SessionRefreshed => "session.refreshed",
    /// A session was ended because a spent refresh token was presented again (stolen).
    SessionRevoked => "session.revoked",
    /// A player was changed.
    PlayerUpdated => "player.updated",
    /// A player was erased.
    PlayerDeleted => "player.deleted",
    /// Another player was merged into this one.
    PlayerMerged => "player.merged",
    /// A player was banned.
    PlayerBanned => "player.banned",
    /// A player's ban was lifted.
    PlayerUnbanned => "player.unbanned",
    /// A webhook was created.
    WebhookCreated => "webhook.created",
    /// A webhook was changed.
    WebhookUpdated => "webhook.updated",
    /// A webhook was erased, with its deliveries.
    WebhookDeleted => "webhook.deleted",
}

impl AuditAction {
    /// The resource it acts on: the part before the dot (`player` of `player.banned`).
    #[must_use]
    pub fn resource(self) -> &'static str {
        self.as_str()
            .split_once('.')
            .map_or(self.as_str(), |(resource, _)| resource)
    }

    /// Parses the wire form, exactly.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|action| action.as_str() == input)
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of thing a change is made to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// An account.
    Account,
    /// A user.
    User,
    /// An API key.
    ApiKey,
    /// A game.
    Game,
    /// A game's OpenID provider (id `gam_…/<name>`).
    OidcProvider,
    /// An identity.
    Identity,
    /// A client session.
    Session,
    /// A player.
    Player,
    /// A webhook.
    Webhook,
}

impl TargetKind {
    /// Every kind, in the order the API documents them.
    pub const ALL: [Self; 9] = [
        Self::Account,
        Self::User,
        Self::ApiKey,
        Self::Game,
        Self::OidcProvider,
        Self::Identity,
        Self::Session,
        Self::Player,
        Self::Webhook,
    ];

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::User => "user",
            Self::ApiKey => "api_key",
            Self::Game => "game",
            Self::OidcProvider => "oidc_provider",
            Self::Identity => "identity",
            Self::Session => "session",
            Self::Player => "player",
            Self::Webhook => "webhook",
        }
    }

    /// Parses the wire form, exactly.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == input)
    }
}

/// What a change was made to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditTarget {
    /// Its kind.
    pub kind: TargetKind,
    /// Its id as the API names it (`acc_…`, `usr_…`, `gam_…/<provider>`).
    pub id: String,
}

impl AuditTarget {
    /// The target of `kind` named `id`.
    #[must_use]
    pub fn new(kind: TargetKind, id: impl fmt::Display) -> Self {
        Self {
            kind,
            id: id.to_string(),
        }
    }
}

/// The fields of a resource an event may show, in a fixed order: what [`Recorded`] gives.
pub type Fields = Vec<(&'static str, Value)>;

/// A resource whose changes are recorded.
///
/// Implementations list the fields an admin may read, leaving out every secret, digest and
/// token, and the `created_at`/`updated_at` stamps (the event's `occurred_at` says when).
pub trait Recorded {
    /// The fields, in the order the API documents them.
    fn recorded(&self) -> Fields;
}

/// A timestamp as events show it (RFC 3339), or null.
#[must_use]
pub fn when(at: Option<crate::timestamp::Timestamp>) -> Value {
    at.map_or(Value::Null, |at| Value::String(at.to_rfc3339()))
}

/// A text as events show it, or null.
#[must_use]
pub fn text(value: Option<&str>) -> Value {
    value.map_or(Value::Null, |value| Value::String(value.to_owned()))
}

/// The before and after of each field that differs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes(Vec<(String, Value, Value)>);

impl Changes {
    /// No change recorded field by field (a refresh, a merge, whose event says enough).
    #[must_use]
    pub const fn none() -> Self {
        Self(Vec::new())
    }

    /// The fields that differ between `before` and `after` (absent on one side reads null).
    #[must_use]
    pub fn between(before: &Fields, after: &Fields) -> Self {
        let mut changes = Vec::new();
        let find = |fields: &Fields, name: &str| {
            fields
                .iter()
                .find(|(field, _)| *field == name)
                .map_or(Value::Null, |(_, value)| value.clone())
        };
        for (name, _) in after.iter().chain(before.iter()) {
            if changes.iter().any(|(seen, _, _)| seen == name) {
                continue;
            }
            let (was, is) = (find(before, name), find(after, name));
            if was != is {
                changes.push(((*name).to_owned(), was, is));
            }
        }
        Self(changes)
    }

    /// A resource that did not exist before.
    #[must_use]
    pub fn created(after: &impl Recorded) -> Self {
        Self::between(&Vec::new(), &after.recorded())
    }

    /// A resource changed.
    #[must_use]
    pub fn updated<T: Recorded>(before: &T, after: &T) -> Self {
        Self::between(&before.recorded(), &after.recorded())
    }

    /// A resource gone for good.
    #[must_use]
    pub fn erased(before: &impl Recorded) -> Self {
        Self::between(&before.recorded(), &Vec::new())
    }

    /// These changes and one more field, set from nothing to `value` (context an event
    /// carries beside its target's fields, such as the player an identity was linked to).
    #[must_use]
    pub fn with(mut self, name: &str, value: Value) -> Self {
        self.0.push((name.to_owned(), Value::Null, value));
        self
    }

    /// Whether no field changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// As stored and answered: `{"<field>": {"before": …, "after": …}, …}`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        for (name, before, after) in &self.0 {
            let mut change = Map::new();
            change.insert("before".to_owned(), before.clone());
            change.insert("after".to_owned(), after.clone());
            object.insert(name.clone(), Value::Object(change));
        }
        Value::Object(object)
    }

    /// Back from [`Changes::to_json`]; `None` for anything else.
    #[must_use]
    pub fn from_json(value: &Value) -> Option<Self> {
        let object = value.as_object()?;
        let mut changes = Vec::with_capacity(object.len());
        for (name, change) in object {
            let change = change.as_object()?;
            changes.push((
                name.clone(),
                change.get("before")?.clone(),
                change.get("after")?.clone(),
            ));
        }
        Some(Self(changes))
    }
}

bounded_text!(
    /// An actor's or a target's id as a filter names it: 1–200 characters after trimming.
    EventRef,
    1,
    200
);

/// Whose events a filter asks for: an API key's id (`key_…`) names the events made with that
/// key; anything else names an actor by its id (`usr_…`, `idn_…`, `roster`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorFilter {
    /// The events made with this key.
    Key(ApiKeyId),
    /// The events of the actor with this id.
    Actor(String),
}

impl ActorFilter {
    /// The filter `id` asks for.
    #[must_use]
    pub fn of(id: &EventRef) -> Self {
        let text = id.as_str();
        match ApiKeyId::parse(text) {
            Ok(key) if text.starts_with(ApiKeyId::PREFIX) => Self::Key(key),
            _ => Self::Actor(text.to_owned()),
        }
    }

    /// Whether `actor` is one the filter names.
    #[must_use]
    pub fn covers(&self, actor: &Actor) -> bool {
        match (self, actor) {
            (Self::Key(key), Actor::User { api_key_id, .. }) => key == api_key_id,
            (Self::Key(_), _) => false,
            (Self::Actor(id), actor) => *id == actor.id(),
        }
    }
}

/// Longest request id kept (and echoed in `x-request-id`).
pub const REQUEST_ID_MAX: usize = 128;

/// The id of the request that made a change: the caller's `x-request-id` or one Roster made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    /// 1–128 visible ASCII characters, or `None`.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        let acceptable = !input.is_empty()
            && input.len() <= REQUEST_ID_MAX
            && input.bytes().all(|b| b.is_ascii_graphic());
        acceptable.then(|| Self(input.to_owned()))
    }

    /// A new id: a ULID, for a request that brought none.
    #[must_use]
    pub fn fresh() -> Self {
        Self(ulid::Ulid::generate().to_string())
    }

    /// The id.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One change, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Its id, in the order events were recorded.
    pub id: EventId,
    /// When the change was made.
    pub occurred_at: Timestamp,
    /// Who made it.
    pub actor: Actor,
    /// What it did.
    pub action: AuditAction,
    /// To what.
    pub target: AuditTarget,
    /// The account the target belongs to; `None` only for what belongs to none.
    pub account_id: Option<AccountId>,
    /// What changed.
    pub changes: Changes,
    /// The request that made it; `None` at the command line.
    pub request_id: Option<RequestId>,
}

impl AuditEvent {
    /// A new event with a fresh id.
    #[must_use]
    pub fn new(
        actor: Actor,
        action: AuditAction,
        target: AuditTarget,
        account_id: Option<AccountId>,
        changes: Changes,
        occurred_at: Timestamp,
    ) -> Self {
        Self {
            id: EventId::new(),
            occurred_at,
            actor,
            action,
            target,
            account_id,
            changes,
            request_id: None,
        }
    }

    /// The event, made by the request `request_id`.
    #[must_use]
    pub fn during(self, request_id: Option<RequestId>) -> Self {
        Self { request_id, ..self }
    }
}

sort_fields! {
    /// The fields the audit log can be sorted by (newest first by default).
    pub enum AuditSortField for AuditEvent {
        Id;
        OccurredAt = "occurred_at", Timestamp,
            |event| KeyValue::Timestamp(event.occurred_at);
    }
    default: OccurredAt Desc, Id Asc;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Thing {
        name: &'static str,
        secret: &'static str,
        gone: bool,
    }

    impl Recorded for Thing {
        fn recorded(&self) -> Fields {
            // The secret is deliberately not listed.
            let _ = self.secret;
            vec![("name", json!(self.name)), ("gone", json!(self.gone))]
        }
    }

    #[test]
    fn changes_hold_only_fields_that_differ_and_never_unlisted_ones() {
        let before = Thing {
            name: "a",
            secret: "s1",
            gone: false,
        };
        let after = Thing {
            name: "b",
            secret: "s2",
            gone: false,
        };
        let changes = Changes::updated(&before, &after);
        assert_eq!(
            changes.to_json(),
            json!({"name": {"before": "a", "after": "b"}})
        );
        assert!(!changes.to_json().to_string().contains("s2"));
        assert!(Changes::updated(&before, &before).is_empty());
    }

    #[test]
    fn a_creation_and_an_erasure_show_every_field_from_and_to_null() {
        let thing = Thing {
            name: "a",
            secret: "s",
            gone: true,
        };
        assert_eq!(
            Changes::created(&thing).to_json(),
            json!({"name": {"before": null, "after": "a"}, "gone": {"before": null, "after": true}})
        );
        assert_eq!(
            Changes::erased(&thing).to_json(),
            json!({"name": {"before": "a", "after": null}, "gone": {"before": true, "after": null}})
        );
    }

    #[test]
    fn changes_read_back_as_they_were_written() {
        let changes = Changes::created(&Thing {
            name: "a",
            secret: "s",
            gone: false,
        })
        .with("player_id", json!("ply_x"));
        assert_eq!(Changes::from_json(&changes.to_json()), Some(changes));
        assert_eq!(Changes::from_json(&json!({"name": 1})), None);
        assert_eq!(Changes::from_json(&json!([])), None);
    }

    #[test]
    fn every_action_reads_back_from_its_wire_form_and_names_its_resource() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(*action));
            let (resource, verb) = action.as_str().split_once('.').unwrap();
            assert!(!resource.is_empty() && !verb.is_empty());
            assert_eq!(action.resource(), resource);
        }
        assert_eq!(AuditAction::parse("Account.Created"), None);
        for kind in TargetKind::ALL {
            assert_eq!(TargetKind::parse(kind.as_str()), Some(kind));
        }
        for kind in ActorKind::ALL {
            assert_eq!(ActorKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn the_command_line_operator_acts_as_the_system_and_a_key_as_its_user() {
        assert_eq!(Actor::admin(&Principal::operator()), Actor::System);
        assert_eq!(Actor::System.id(), SYSTEM_ACTOR_ID);
        let principal = Principal {
            api_key_id: ApiKeyId::new(),
            user_id: UserId::new(),
            account_id: AccountId::new(),
            super_admin: false,
        };
        let actor = Actor::admin(&principal);
        assert_eq!(actor.kind(), ActorKind::User);
        assert_eq!(actor.id(), principal.user_id.to_string());
    }

    #[test]
    fn a_key_id_names_the_events_made_with_it_and_any_other_id_an_actor() {
        let (user_id, api_key_id) = (UserId::new(), ApiKeyId::new());
        let actor = Actor::User {
            user_id,
            api_key_id,
        };
        let filter = |text: &str| ActorFilter::of(&EventRef::parse(text).unwrap());
        assert_eq!(
            filter(&api_key_id.to_string()),
            ActorFilter::Key(api_key_id)
        );
        assert!(filter(&api_key_id.to_string()).covers(&actor));
        assert!(filter(&user_id.to_string()).covers(&actor));
        assert!(!filter(&ApiKeyId::new().to_string()).covers(&actor));
        assert!(!filter(&api_key_id.to_string()).covers(&Actor::System));
        assert!(filter(SYSTEM_ACTOR_ID).covers(&Actor::System));
        // A bare UUID is no key's id here: ids are named with their prefix.
        let bare = api_key_id.to_uuid().to_string();
        assert_eq!(filter(&bare), ActorFilter::Actor(bare));
    }

    #[test]
    fn a_request_id_is_short_visible_ascii() {
        assert!(RequestId::parse("req-123_ABC").is_some());
        assert!(RequestId::parse("").is_none());
        assert!(RequestId::parse("has space").is_none());
        assert!(RequestId::parse(&"x".repeat(129)).is_none());
        assert!(RequestId::parse("caf\u{e9}").is_none());
        let fresh = RequestId::fresh();
        assert_eq!(RequestId::parse(fresh.as_str()), Some(fresh));
    }
}
