//! Named schemas that carry the domain's rules into the OpenAPI document: prefixed ids, text
//! bounded after trimming, sort specifications.
//!
//! Each is built from the domain's own constants and spelled as a pattern that says exactly
//! what the server accepts, so that a generated client, a validator or a fuzzer reading the
//! document agrees with the server on every input. The patterns use only syntax that ECMA-262,
//! Python's `re` and Rust's `regex` read alike (`\uXXXX` escapes, classes, bounded repeats,
//! a lookahead and a back-reference for sorts); the tests check them against the domain.

use std::borrow::Cow;

use roster_domain::account::AccountName;
use roster_domain::api_key::ApiKeyName;
use roster_domain::audit::{ActorKind, AuditAction, EventRef, TargetKind};
use roster_domain::client_session::Platform;
use roster_domain::game::GameName;
use roster_domain::game_details::{
    BOARD_ID_MAX, DESCRIPTION_MAX, STEAM_APP_ID_MAX_DIGITS, TAG_MAX, TAG_MIN,
};
use roster_domain::identity::{EXTERNAL_KEY_MAX, FINGERPRINT_LEN, IdentityDisplayName};
use roster_domain::oidc::{AUDIENCE_MAX, AUDIENCES_MAX, NONCE_MAX};
use roster_domain::pagination::{Direction, MAX_SORT_FIELDS, SortField};
use roster_domain::search::SEARCH_MAX;
use roster_domain::sign_in::{CUSTOM_AUTH_SECRET_MAX, CUSTOM_AUTH_SECRET_MIN};
use roster_domain::slug::{SLUG_MAX, SLUG_MIN};
use roster_domain::steam::{IDENTITY_MAX, TICKET_MAX_HEX};
use roster_domain::user::DisplayName;
use roster_domain::web_url::URL_MAX;
use roster_domain::webhook::WebhookDescription;
use roster_domain::webhook_delivery::DeliveryStatus;
use roster_domain::{
    AccountId, ApiKeyId, BanId, EventId, GameId, IdentityId, PlayerId, UserId, WebhookId,
};
use serde_json::json;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{KnownFormat, RefOr, SchemaFormat};
use utoipa::{PartialSchema, ToSchema};

/// The end of the text. Python's `$` also matches before a final newline, which the lookahead
/// refuses; ECMA-262's `$` matches only at the end, where the lookahead holds anyway.
const END: &str = r"$(?!\n)";

/// What `str::trim` removes: the characters with the Unicode `White_Space` property.
const BLANK: &str = r"\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// `<prefix>_` and a UUID in hyphenated text, hex in either case, or the bare UUID: what
/// `roster_domain::id` reads (and LEADR's Godot SDK checks game ids against).
#[must_use]
pub fn id_pattern(prefix: &str) -> String {
    let hex = "[0-9a-fA-F]";
    format!("^(?:{prefix}_)?{hex}{{8}}-{hex}{{4}}-{hex}{{4}}-{hex}{{4}}-{hex}{{12}}{END}")
}

/// Text of `min..=max` characters once surrounding whitespace is trimmed, without NUL: the rule
/// of `roster_domain::text::bounded`. `min` 0 admits blank text.
#[must_use]
pub fn trimmed_text_pattern(min: usize, max: usize) -> String {
    let edge = format!("[^{BLANK}\\u0000]");
    let inner = "[^\\u0000]";
    let core = match (min, max) {
        (_, 0) => String::new(),
        (_, 1) => edge.clone(),
        (0 | 1, _) => format!("{edge}(?:{inner}{{0,{}}}{edge})?", max - 2),
        (_, _) => format!("{edge}{inner}{{{},{}}}{edge}", min - 2, max - 2),
    };
    let core = if min == 0 && !core.is_empty() {
        format!("(?:{core})?")
    } else {
        core
    };
    format!("^[{BLANK}]*{core}[{BLANK}]*{END}")
}

/// A slug as `Slug::parse` reads it: 2–63 lowercase letters, digits and single inner hyphens,
/// once surrounding whitespace is trimmed.
#[must_use]
pub fn slug_pattern() -> String {
    format!(
        "^[{BLANK}]*(?=[a-z0-9-]{{{SLUG_MIN},{SLUG_MAX}}}[{BLANK}]*$)[a-z0-9]+(?:-[a-z0-9]+)*[{BLANK}]*{END}"
    )
}

/// A device fingerprint as `DeviceFingerprint::parse` reads it: 64 hexadecimal digits, either
/// case, once surrounding whitespace is trimmed.
#[must_use]
pub fn fingerprint_pattern() -> String {
    format!("^[{BLANK}]*[0-9a-fA-F]{{{FINGERPRINT_LEN}}}[{BLANK}]*{END}")
}

/// A Steam app id as `SteamAppId::parse` reads it: 1–10 ASCII digits, exactly.
#[must_use]
pub fn steam_app_id_pattern() -> String {
    format!("^[0-9]{{1,{STEAM_APP_ID_MAX_DIGITS}}}{END}")
}

/// A Steam publisher Web API key as `SteamPublisherKey::parse` reads it: 32 hexadecimal
/// digits, exactly.
#[must_use]
pub fn steam_publisher_key_pattern() -> String {
    format!("^[0-9A-Fa-f]{{32}}{END}")
}

/// A custom-auth secret as `CustomAuthSecret::parse` reads it: 32–512 visible ASCII
/// characters, exactly.
#[must_use]
pub fn custom_auth_secret_pattern() -> String {
    format!("^[!-~]{{{CUSTOM_AUTH_SECRET_MIN},{CUSTOM_AUTH_SECRET_MAX}}}{END}")
}

/// A Steam session ticket as `SteamTicket::parse` reads it: pairs of hexadecimal digits, at
/// most [`TICKET_MAX_HEX`] digits in all.
#[must_use]
pub fn steam_ticket_pattern() -> String {
    format!("^([0-9A-Fa-f]{{2}}){{1,{}}}{END}", TICKET_MAX_HEX / 2)
}

/// A ticket's identity string as `TicketIdentity::parse` reads it: 1–128 visible ASCII
/// characters.
#[must_use]
pub fn ticket_identity_pattern() -> String {
    format!("^[!-~]{{1,{IDENTITY_MAX}}}{END}")
}

/// A leaderboard id as `BoardId::parse` reads it: 1–255 visible ASCII characters, exactly.
#[must_use]
pub fn board_id_pattern() -> String {
    format!("^[!-~]{{1,{BOARD_ID_MAX}}}{END}")
}

/// The shape `WebUrl::parse` asks of a URL, once surrounding whitespace is trimmed: `http://`
/// or `https://` (either case) and then no whitespace or control characters, at most
/// [`URL_MAX`] characters in all. The URL parser decides the rest (a valid host and port, no
/// credentials), which a pattern cannot say.
#[must_use]
pub fn web_url_pattern() -> String {
    format!(
        "^[{BLANK}]*(?=[^{BLANK}]{{1,{URL_MAX}}}[{BLANK}]*$)[hH][tT][tT][pP][sS]?://[^{BLANK}\\u0000-\\u001F\\u007F-\\u009F]+[{BLANK}]*{END}"
    )
}

/// An issuer as `Issuer::parse` reads it: `https://` (either case) and then no whitespace or
/// control characters, at most [`URL_MAX`] characters, kept exactly as given (no trimming: it
/// is compared with `iss` as text). The URL parser decides the rest.
#[must_use]
pub fn issuer_pattern() -> String {
    format!(
        "^(?=[^{BLANK}]{{1,{URL_MAX}}}$)[hH][tT][tT][pP][sS]://[^{BLANK}\\u0000-\\u001F\\u007F-\\u009F]+{END}"
    )
}

/// A JWKS URI as `JwksUri::parse` reads it: an issuer's shape, or `http://` on a loopback host
/// (`localhost`, `127.…`, `[::1]`).
#[must_use]
pub fn jwks_uri_pattern() -> String {
    let rest = format!("[^{BLANK}\\u0000-\\u001F\\u007F-\\u009F]");
    format!(
        "^(?=[^{BLANK}]{{1,{URL_MAX}}}$)(?:[hH][tT][tT][pP][sS]://{rest}+|[hH][tT][tT][pP]://\
         (?:[lL][oO][cC][aA][lL][hH][oO][sS][tT]|127\\.[0-9.]+|\\[::1\\])(?:[:/?#]{rest}*)?){END}"
    )
}

/// An audience (a client id) as `Audiences::parse` reads each: 1–255 visible ASCII characters.
#[must_use]
pub fn audience_pattern() -> String {
    format!("^[!-~]{{1,{AUDIENCE_MAX}}}{END}")
}

/// A sort specification over `F`'s fields, as `Sort::parse_or_default` reads it: empty (the
/// default sort), or `field[:dir][,field[:dir]…]` with at most [`MAX_SORT_FIELDS`] fields, none
/// twice, `dir` `asc` or `desc` in any case.
#[must_use]
pub fn sort_pattern<F: SortField>() -> String {
    let fields = F::ALL
        .iter()
        .map(|field| field.name())
        .collect::<Vec<_>>()
        .join("|");
    let item = format!("(?:{fields})(?::(?:[aA][sS][cC]|[dD][eE][sS][cC]))?");
    // Group 1 is a field that appears again later: the lookahead refuses the whole text.
    let twice = format!("(?!(?:[^,]*,)*({fields})(?::[^,]*)?,(?:[^,]*,)*\\1(?::[^,]*)?(?:,|$))");
    format!(
        "^(?:{twice}{item}(?:,{item}){{0,{}}})?{END}",
        MAX_SORT_FIELDS - 1
    )
}

/// The sort specification's description: the fields and the default.
#[must_use]
pub fn sort_description<F: SortField>() -> String {
    let fields = F::ALL
        .iter()
        .map(|field| format!("`{}`", field.name()))
        .collect::<Vec<_>>()
        .join(", ");
    let default = F::DEFAULT
        .iter()
        .map(|(field, direction)| {
            let direction = match direction {
                Direction::Asc => "asc",
                Direction::Desc => "desc",
            };
            format!("{}:{direction}", field.name())
        })
        .collect::<Vec<_>>()
        .join(",");
    format!(
        "Sort specification: `field[:dir][,field[:dir]…]` over {fields}; `dir` is `asc` (the \
         default) or `desc`; at most {MAX_SORT_FIELDS} fields, none twice; `id:asc` is appended \
         when `id` is absent. Default `{default}`."
    )
}

fn string_schema(description: &str, pattern: String, example: serde_json::Value) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .pattern(Some(pattern))
        .examples([example])
        .into()
}

/// Declares a named schema for a prefixed id.
macro_rules! id_schema {
    ($(#[$meta:meta])* $name:ident, $id:ty, $example:literal, $description:literal) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                string_schema($description, id_pattern(<$id>::PREFIX), json!($example))
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($id))
            }
        }
    };
}

id_schema!(
    /// `EventId` in the document.
    EventIdSchema,
    EventId,
    "evt_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
    "An audit event's id: `evt_` and a UUID, in the order events were recorded. It is also each webhook delivery's `webhook-id`."
);
id_schema!(
    /// `AccountId` in the document.
    AccountIdSchema,
    AccountId,
    "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
    "An account's id: `acc_` and a UUID. Answers show it in lowercase; requests may use hex in either case, or the bare UUID."
);
id_schema!(
    /// `UserId` in the document.
    UserIdSchema,
    UserId,
    "usr_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
    "A user's id: `usr_` and a UUID. Answers show it in lowercase; requests may use hex in either case, or the bare UUID."
);
id_schema!(
    /// `ApiKeyId` in the document.
    ApiKeyIdSchema,
    ApiKeyId,
    "key_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
    "An API key's id: `key_` and a UUID. Answers show it in lowercase; requests may use hex in either case, or the bare UUID."
);
id_schema!(
    /// `GameId` in the document.
    GameIdSchema,
    GameId,
    "gam_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
    "A game's id: `gam_` and a UUID. Answers show it in lowercase; requests may use hex in either case, or the bare UUID."
);
id_schema!(
    /// `IdentityId` in the document.
    IdentityIdSchema,
    IdentityId,
    "idn_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
    "An identity's id: `idn_` and a UUID. Answers show it in lowercase; requests may use hex in either case, or the bare UUID."
);

id_schema!(
    /// `PlayerId` in the document.
    PlayerIdSchema,
    PlayerId,
    "ply_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
    "A player's id: `ply_` and a UUID. Answers show it in lowercase; requests may use hex in either case, or the bare UUID."
);
id_schema!(
    /// `WebhookId` in the document.
    WebhookIdSchema,
    WebhookId,
    "whk_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
    "Unique identifier for the webhook: `whk_` and a UUID."
);

id_schema!(
    /// `BanId` in the document.
    BanIdSchema,
    BanId,
    "ban_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
    "A ban's id: `ban_` and a UUID. Answers show it in lowercase; requests may use hex in either case, or the bare UUID."
);
id_schema!(
    /// `UserId` of an acting user in the document (the history keeps users that are gone).
    ActorIdSchema,
    UserId,
    "usr_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
    "The id of the user who acted: `usr_` and a UUID; the user may have been deleted since."
);

/// Declares a named schema for text bounded after trimming.
macro_rules! text_schema {
    ($(#[$meta:meta])* $name:ident, $schema:literal, $min:expr, $max:expr, $example:literal, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                let description = format!(
                    "{}: {}–{} characters once surrounding whitespace is trimmed (it is), no NUL.",
                    $what, $min, $max
                );
                string_schema(&description, trimmed_text_pattern($min, $max), json!($example))
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($schema)
            }
        }
    };
}

text_schema!(
    /// `EventRef` in the document.
    EventRefSchema,
    "EventRef",
    EventRef::MIN_CHARS,
    EventRef::MAX_CHARS,
    "usr_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7",
    "An actor's or a target's id as events name it"
);

text_schema!(
    /// `WebhookDescription` in the document.
    WebhookDescriptionSchema,
    "WebhookDescription",
    WebhookDescription::MIN_CHARS,
    WebhookDescription::MAX_CHARS,
    "Sends bans to the support desk",
    "What a webhook is for"
);

text_schema!(
    /// `AccountName` in the document.
    AccountNameSchema,
    "AccountName",
    AccountName::MIN_CHARS,
    AccountName::MAX_CHARS,
    "Acme Games",
    "An account's name"
);
text_schema!(
    /// `UserDisplayName` in the document.
    UserDisplayNameSchema,
    "UserDisplayName",
    DisplayName::MIN_CHARS,
    DisplayName::MAX_CHARS,
    "Ada Lovelace",
    "A user's display name"
);
text_schema!(
    /// `ApiKeyName` in the document.
    ApiKeyNameSchema,
    "ApiKeyName",
    ApiKeyName::MIN_CHARS,
    ApiKeyName::MAX_CHARS,
    "Production server",
    "An API key's name"
);
text_schema!(
    /// `GameName` in the document.
    GameNameSchema,
    "GameName",
    GameName::MIN_CHARS,
    GameName::MAX_CHARS,
    "Space Race",
    "A game's name"
);
text_schema!(
    /// `PlayerDisplayName` in the document.
    PlayerDisplayNameSchema,
    "PlayerDisplayName",
    IdentityDisplayName::MIN_CHARS,
    IdentityDisplayName::MAX_CHARS,
    "Ada",
    "A player's display name"
);
text_schema!(
    /// `BanReason` in the document.
    BanReasonSchema,
    "BanReason",
    roster_domain::ban::BanReason::MIN_CHARS,
    roster_domain::ban::BanReason::MAX_CHARS,
    "Cheating: speed hack detected",
    "Why a player is banned, shown to the player"
);
text_schema!(
    /// `Platform` in the document.
    PlatformSchema,
    "Platform",
    Platform::MIN_CHARS,
    Platform::MAX_CHARS,
    "ios",
    "The platform a client reports"
);
text_schema!(
    /// `ExternalKey` in the document (a DEVICE identity's must be a fingerprint as well).
    ExternalKeySchema,
    "ExternalKey",
    1,
    EXTERNAL_KEY_MAX,
    "76561197960287930",
    "An identity's key within its game and kind"
);
text_schema!(
    /// `GameDescription` in the document.
    GameDescriptionSchema,
    "GameDescription",
    0,
    DESCRIPTION_MAX,
    "A racing game set in orbit.",
    "A game's description"
);
text_schema!(
    /// `GameTag` in the document.
    GameTagSchema,
    "GameTag",
    TAG_MIN,
    TAG_MAX,
    "racing",
    "A tag of a game"
);
text_schema!(
    /// `SearchText` in the document: blank means no search.
    SearchTextSchema,
    "SearchText",
    0,
    SEARCH_MAX,
    "acme",
    "A case-insensitive prefix; blank searches nothing"
);

/// `SteamAppId` in the document.
#[derive(Debug)]
pub struct SteamAppIdSchema;

impl PartialSchema for SteamAppIdSchema {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "A Steam app id: 1–10 digits, read exactly as sent.",
            steam_app_id_pattern(),
            json!("480"),
        )
    }
}

impl ToSchema for SteamAppIdSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("SteamAppId")
    }
}

/// `SteamPublisherKey` in the document.
#[derive(Debug)]
pub struct SteamPublisherKeySchema;

impl PartialSchema for SteamPublisherKeySchema {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "A Steam publisher Web API key: 32 hexadecimal digits. Write-only.",
            steam_publisher_key_pattern(),
            json!("0123456789ABCDEF0123456789ABCDEF"),
        )
    }
}

impl ToSchema for SteamPublisherKeySchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("SteamPublisherKey")
    }
}

/// `SteamTicket` in the document.
#[derive(Debug)]
pub struct SteamTicketSchema;

impl PartialSchema for SteamTicketSchema {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "The session ticket `ISteamUser::GetAuthTicketForWebApi` gave the client, as \
             hexadecimal digits (an even number of them, at most 10240).",
            steam_ticket_pattern(),
            json!("140000006a7f3c2b9e1d"),
        )
    }
}

impl ToSchema for SteamTicketSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("SteamTicket")
    }
}

/// `SteamTicketIdentity` in the document.
#[derive(Debug)]
pub struct TicketIdentitySchema;

impl PartialSchema for TicketIdentitySchema {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "The identity string the client passed to `GetAuthTicketForWebApi`: 1–128 visible \
             ASCII characters.",
            ticket_identity_pattern(),
            json!("roster"),
        )
    }
}

impl ToSchema for TicketIdentitySchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("SteamTicketIdentity")
    }
}

/// `OidcIssuer` in the document.
#[derive(Debug)]
pub struct IssuerSchema;

impl PartialSchema for IssuerSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::Custom("uri".to_owned())))
            .description(Some(format!(
                "An OpenID issuer, exactly as its id_tokens write `iss`: an absolute `https` URL \
                 of at most {URL_MAX} characters with a valid host, no user name or password \
                 and no whitespace. Kept as given."
            )))
            .pattern(Some(issuer_pattern()))
            .examples([json!("https://id.example.com")])
            .into()
    }
}

impl ToSchema for IssuerSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("OidcIssuer")
    }
}

/// `JwksUri` in the document.
#[derive(Debug)]
pub struct JwksUriSchema;

impl PartialSchema for JwksUriSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::Custom("uri".to_owned())))
            .description(Some(format!(
                "Where an issuer publishes its signing keys (a JWK Set): an absolute `https` URL, \
                 or `http` on a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`), of at most \
                 {URL_MAX} characters with a valid host, no user name or password and no \
                 whitespace."
            )))
            .pattern(Some(jwks_uri_pattern()))
            .examples([json!("https://id.example.com/.well-known/jwks.json")])
            .into()
    }
}

impl ToSchema for JwksUriSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("JwksUri")
    }
}

/// `OidcAudiences` in the document.
#[derive(Debug)]
pub struct AudiencesSchema;

impl PartialSchema for AudiencesSchema {
    fn schema() -> RefOr<Schema> {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(string_schema(
                "A client id: 1–255 visible ASCII characters.",
                audience_pattern(),
                json!("com.example.game"),
            ))
            .min_items(Some(1))
            .max_items(Some(AUDIENCES_MAX))
            .description(Some(
                "The client ids (`aud`) id_tokens may be for; repeats count once.".to_owned(),
            ))
            .into()
    }
}

impl ToSchema for AudiencesSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("OidcAudiences")
    }
}

/// `OidcNonce` in the document.
#[derive(Debug)]
pub struct TokenNonceSchema;

impl PartialSchema for TokenNonceSchema {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "The nonce the client asked its provider to put in the id_token: 1–512 visible \
             ASCII characters.",
            format!("^[!-~]{{1,{NONCE_MAX}}}{END}"),
            json!("n-0S6_WzA2Mj"),
        )
    }
}

impl ToSchema for TokenNonceSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("OidcNonce")
    }
}

/// `CustomAuthSecret` in the document.
#[derive(Debug)]
pub struct CustomAuthSecretSchema;

impl PartialSchema for CustomAuthSecretSchema {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "The HMAC key (HS256) custom tokens are signed with: 32–512 visible ASCII \
             characters, used exactly as sent. Write-only.",
            custom_auth_secret_pattern(),
            json!("c2VjcmV0LWtleS1vZi10aGUtc3R1ZGlvLWJhY2tlbmQ"),
        )
    }
}

impl ToSchema for CustomAuthSecretSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("CustomAuthSecret")
    }
}

/// `BoardId` in the document.
#[derive(Debug)]
pub struct BoardIdSchema;

impl PartialSchema for BoardIdSchema {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "The id of a leaderboard, opaque to Roster (which keeps no leaderboards): 1–255 \
             visible ASCII characters, no spaces, read exactly as sent.",
            board_id_pattern(),
            json!("brd_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7"),
        )
    }
}

impl ToSchema for BoardIdSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("BoardId")
    }
}

/// `WebUrl` in the document.
#[derive(Debug)]
pub struct WebUrlSchema;

impl PartialSchema for WebUrlSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::Custom("uri".to_owned())))
            .description(Some(format!(
                "An absolute `http` or `https` URL of at most {URL_MAX} characters once \
                 surrounding whitespace is trimmed (it is), with a valid host, no user name or \
                 password, and no whitespace or control characters inside (percent-encode \
                 them). Kept as given."
            )))
            .pattern(Some(web_url_pattern()))
            .examples([json!("https://example.com/games/space-race")])
            .into()
    }
}

impl ToSchema for WebUrlSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("WebUrl")
    }
}

/// `DeviceFingerprint` in the document.
#[derive(Debug)]
pub struct DeviceFingerprintSchema;

impl PartialSchema for DeviceFingerprintSchema {
    fn schema() -> RefOr<Schema> {
        string_schema(
            "A device fingerprint: the SHA-256 of something stable on the device, as 64 \
             hexadecimal digits (either case; stored lowercased).",
            fingerprint_pattern(),
            json!("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        )
    }
}

impl ToSchema for DeviceFingerprintSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("DeviceFingerprint")
    }
}

/// `Slug` in the document.
#[derive(Debug)]
pub struct SlugSchema;

impl PartialSchema for SlugSchema {
    fn schema() -> RefOr<Schema> {
        string_schema(
            &format!(
                "A URL-friendly name: {SLUG_MIN}–{SLUG_MAX} lowercase ASCII letters, digits and \
                 single inner hyphens (surrounding whitespace is trimmed)."
            ),
            slug_pattern(),
            json!("acme-games"),
        )
    }
}

impl ToSchema for SlugSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Slug")
    }
}

/// `SessionMetadata` in the document.
#[derive(Debug)]
pub struct SessionMetadataSchema;

impl PartialSchema for SessionMetadataSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(format!(
                "Device metadata: any JSON object of at most {} bytes as compact JSON, without \
                 NUL in its keys or strings.",
                roster_domain::client_session::METADATA_MAX_BYTES
            )))
            .examples([json!({"os": "iOS 18.1", "device": "iPhone15,2"})])
            .into()
    }
}

impl ToSchema for SessionMetadataSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("SessionMetadata")
    }
}

/// `Timestamp` in the document.
#[derive(Debug)]
pub struct TimestampSchema;

impl PartialSchema for TimestampSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .description(Some(
                "An instant, RFC 3339. The server answers in UTC with microseconds; it reads any \
                 offset.",
            ))
            .examples([json!("2026-11-22T09:41:00.123456Z")])
            .into()
    }
}

impl ToSchema for TimestampSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Timestamp")
    }
}

#[cfg(test)]
mod tests {
    use fancy_regex::Regex;
    use roster_domain::account::AccountSortField;
    use roster_domain::identity::IdentitySortField;
    use roster_domain::pagination::Sort;
    use roster_domain::text::bounded;

    use super::*;

    fn matches(pattern: &str, input: &str) -> bool {
        Regex::new(pattern)
            .unwrap_or_else(|error| panic!("{pattern}: {error}"))
            .is_match(input)
            .unwrap()
    }

    #[test]
    fn the_id_pattern_accepts_exactly_what_the_id_parser_does() {
        let pattern = id_pattern(AccountId::PREFIX);
        let uuid = "0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7";
        for input in [
            format!("acc_{uuid}"),
            format!("acc_{}", uuid.to_uppercase()),
            uuid.to_owned(),
            uuid.to_uppercase(),
            format!("acc_{}", &uuid[1..]),
            format!("acc_{uuid}7"),
            format!("acc_{}", uuid.replace('-', "")),
            format!("acc_{{{uuid}}}"),
            format!("urn:uuid:{uuid}"),
            format!("acc_{}", uuid.replacen('7', "g", 1)),
            format!("acc_{}", uuid.replacen('-', "_", 1)),
            format!("usr_{uuid}"),
            format!("ACC_{uuid}"),
            format!("_{uuid}"),
            format!(" acc_{uuid}"),
            format!("acc_{uuid}\n"),
            format!("{uuid}\n"),
            format!("acc{uuid}"),
            "acc_01JD3M7ZQ4W8X5Y6Z7A8B9C0DE".to_owned(),
            String::new(),
        ] {
            assert_eq!(
                matches(&pattern, &input),
                AccountId::parse(&input).is_ok(),
                "{input:?}"
            );
        }
    }

    #[test]
    fn text_patterns_accept_exactly_what_trimming_and_bounds_do() {
        let mut samples: Vec<String> = [
            "",
            " ",
            "a",
            " a ",
            "ab",
            "\u{3000}ab\u{a0}",
            "a b",
            "a\u{0}b",
            "\u{0}",
            "\u{1f}",
            "\u{1f}a",
            "a\u{85}",
            "\u{feff}a",
            "\t\n\u{b}\u{c}\r",
            "日本",
            "ab\n",
            "\nab",
        ]
        .map(str::to_owned)
        .to_vec();
        for length in [63, 64, 65, 99, 100, 101] {
            samples.push("x".repeat(length));
            samples.push(format!(" {} ", "y".repeat(length)));
            samples.push(format!("a{}b", " ".repeat(length - 2)));
        }
        for (min, max) in [(1, 64), (1, 2), (1, 1), (2, 100), (2, 3), (1, 255)] {
            let pattern = trimmed_text_pattern(min, max);
            for input in &samples {
                assert_eq!(
                    matches(&pattern, input),
                    bounded(input, min, max).is_ok(),
                    "{min}..={max} {input:?} against {pattern}"
                );
            }
        }
        // Search text: blank means no search, and the bound applies to what is left.
        let pattern = trimmed_text_pattern(0, SEARCH_MAX);
        for input in &samples {
            assert_eq!(
                matches(&pattern, input),
                roster_domain::search::SearchPrefix::parse(input).is_ok(),
                "search {input:?}"
            );
        }
    }

    #[test]
    fn the_slug_pattern_accepts_exactly_what_the_slug_parser_does() {
        let pattern = slug_pattern();
        for input in [
            "ab",
            "a",
            " ab ",
            "a-b",
            "a--b",
            "-ab",
            "ab-",
            "AB",
            "a_b",
            "a b",
            "ab\n",
            "\u{3000}ab",
            &"a".repeat(63),
            &"a".repeat(64),
            &format!(" {} ", "a".repeat(63)),
            "a1-2b",
            "",
        ] {
            assert_eq!(
                matches(&pattern, input),
                roster_domain::slug::Slug::parse(input).is_ok(),
                "{input:?}"
            );
        }
    }

    #[test]
    fn the_fingerprint_pattern_accepts_exactly_what_the_fingerprint_parser_does() {
        let pattern = fingerprint_pattern();
        let hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        for input in [
            hex.to_owned(),
            hex.to_uppercase(),
            format!(" {hex}\n"),
            hex[1..].to_owned(),
            format!("{hex}0"),
            hex.replace('9', "g"),
            format!("{}\u{0}", &hex[1..]),
        ] {
            assert_eq!(
                matches(&pattern, &input),
                roster_domain::identity::DeviceFingerprint::parse(&input).is_ok(),
                "{input:?}"
            );
        }
    }

    #[test]
    fn the_secret_patterns_accept_exactly_what_their_parsers_do() {
        use roster_domain::sign_in::{CustomAuthSecret, SteamPublisherKey};
        let key = "0123456789ABCDEF0123456789abcdef";
        let samples = [
            key.to_owned(),
            key[1..].to_owned(),
            format!("{key}0"),
            format!(" {}", &key[1..]),
            format!("{key}\n"),
            key.replace('A', "g"),
            "s".repeat(31),
            "s".repeat(32),
            "s".repeat(512),
            "s".repeat(513),
            format!("{} ", "s".repeat(32)),
            format!("{}é", "s".repeat(32)),
            format!("{}\n", "s".repeat(32)),
            String::new(),
        ];
        for input in samples {
            assert_eq!(
                matches(&steam_publisher_key_pattern(), &input),
                SteamPublisherKey::parse(&input).is_ok(),
                "steam key {input:?}"
            );
            assert_eq!(
                matches(&custom_auth_secret_pattern(), &input),
                CustomAuthSecret::parse(&input).is_ok(),
                "custom-auth secret {input:?}"
            );
        }
    }

    #[test]
    fn the_issuer_and_jwks_uri_patterns_accept_what_their_parsers_do() {
        use roster_domain::oidc::{Issuer, JwksUri};
        let samples = [
            "https://id.example.com",
            "HTTPS://id.example.com/tenant",
            "http://id.example.com",
            "http://127.0.0.1:4000/jwks",
            "http://127.1/jwks",
            "http://localhost:9/jwks",
            "http://LOCALHOST/jwks",
            "http://[::1]:9/jwks",
            "http://localhost.example.com/jwks",
            " https://id.example.com",
            "https://id.example.com/\n",
            "https://id.example.com/a b",
            "id.example.com",
            "",
        ];
        for input in samples {
            assert_eq!(
                matches(&issuer_pattern(), input),
                Issuer::parse(input).is_ok(),
                "issuer {input:?}"
            );
            assert_eq!(
                matches(&jwks_uri_pattern(), input),
                JwksUri::parse(input).is_ok(),
                "jwks_uri {input:?}"
            );
        }
    }

    #[test]
    fn the_steam_ticket_and_identity_patterns_accept_exactly_what_their_parsers_do() {
        use roster_domain::steam::{SteamTicket, TicketIdentity};
        let samples = [
            String::new(),
            "0a".to_owned(),
            "0A1b".to_owned(),
            "abc".to_owned(),
            "0g".to_owned(),
            "ab\n".to_owned(),
            " ab".to_owned(),
            "ab".repeat(TICKET_MAX_HEX / 2),
            "ab".repeat(TICKET_MAX_HEX / 2 + 1),
            "roster".to_owned(),
            "a b".to_owned(),
            "é".to_owned(),
            "x".repeat(IDENTITY_MAX),
            "x".repeat(IDENTITY_MAX + 1),
        ];
        for input in samples {
            assert_eq!(
                matches(&steam_ticket_pattern(), &input),
                SteamTicket::parse(&input).is_ok(),
                "ticket {input:?}"
            );
            assert_eq!(
                matches(&ticket_identity_pattern(), &input),
                TicketIdentity::parse(&input).is_ok(),
                "identity {input:?}"
            );
        }
    }

    #[test]
    fn the_steam_app_id_and_board_id_patterns_accept_exactly_what_their_parsers_do() {
        use roster_domain::game_details::{BoardId, SteamAppId};
        let samples = [
            "480".to_owned(),
            "0".to_owned(),
            "1234567890".to_owned(),
            "12345678901".to_owned(),
            " 480".to_owned(),
            "480\n".to_owned(),
            "4a0".to_owned(),
            String::new(),
            "brd_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7".to_owned(),
            "a b".to_owned(),
            "caf\u{e9}".to_owned(),
            "x\u{7f}".to_owned(),
            "~!".to_owned(),
            "b".repeat(255),
            "b".repeat(256),
        ];
        for input in &samples {
            assert_eq!(
                matches(&steam_app_id_pattern(), input),
                SteamAppId::parse(input).is_ok(),
                "steam {input:?}"
            );
            assert_eq!(
                matches(&board_id_pattern(), input),
                BoardId::parse(input).is_ok(),
                "board {input:?}"
            );
        }
    }

    #[test]
    fn the_url_pattern_matches_every_url_the_parser_accepts_and_refuses_what_it_can_see() {
        use roster_domain::web_url::WebUrl;
        let accepted = [
            "https://example.com".to_owned(),
            "HTTP://Example.COM/Path?q=1#f".to_owned(),
            " https://example.com/ \n".to_owned(),
            "https://b\u{fc}cher.example/stra\u{df}e".to_owned(),
            "https://[::1]:8080/".to_owned(),
            format!("https://example.com/{}", "a".repeat(URL_MAX - 20)),
        ];
        for input in &accepted {
            assert!(WebUrl::parse(input).is_ok(), "{input:?}");
            assert!(matches(&web_url_pattern(), input), "{input:?}");
        }
        // What the pattern refuses the parser refuses too: the shape a pattern can state.
        let refused = [
            String::new(),
            "example.com".to_owned(),
            "ftp://example.com/".to_owned(),
            "https://".to_owned(),
            "https://exa mple.com".to_owned(),
            "https://example.com/a\tb".to_owned(),
            "https://example.com/\u{0}".to_owned(),
            "https://example.com/\u{85}x".to_owned(),
            format!("https://example.com/{}", "a".repeat(URL_MAX)),
        ];
        for input in &refused {
            assert!(WebUrl::parse(input).is_err(), "{input:?}");
            assert!(!matches(&web_url_pattern(), input), "{input:?}");
        }
    }

    #[test]
    fn sort_patterns_accept_exactly_what_the_sort_parser_does() {
        for input in [
            "name",
            "name:asc",
            "name:DESC",
            "name:Desc,created_at:asc",
            "created_at:desc,id:asc",
            "id,name",
            "name,slug,created_at,updated_at",
            "name,slug,created_at,updated_at,id",
            "name,name",
            "name:asc,name:desc",
            "slug,name,slug",
            "name:up",
            "Name",
            " name",
            "name,",
            ",name",
            "",
            "kind",
            "display_name",
            "created_at:desc,created_at:asc",
            " name",
            "name :desc",
            "name,\tname",
            "   ",
            "name\n",
            "slug,name:desc,slug:asc",
            "slug,name:desc,id",
        ] {
            assert_eq!(
                matches(&sort_pattern::<AccountSortField>(), input),
                Sort::<AccountSortField>::parse_or_default(Some(input)).is_ok(),
                "accounts {input:?}"
            );
            assert_eq!(
                matches(&sort_pattern::<IdentitySortField>(), input),
                Sort::<IdentitySortField>::parse_or_default(Some(input)).is_ok(),
                "identities {input:?}"
            );
        }
    }
}

/// A closed list of strings as a named schema.
fn one_of_schema(description: &str, values: &[&'static str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values.iter().copied()))
        .into()
}

/// `AuditAction` in the document.
#[derive(Debug)]
pub struct AuditActionSchema;

impl PartialSchema for AuditActionSchema {
    fn schema() -> RefOr<Schema> {
        let actions: Vec<&'static str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        one_of_schema("What a change did: `<resource>.<verb>`.", &actions)
    }
}

impl ToSchema for AuditActionSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("AuditAction")
    }
}

/// `AuditActorType` in the document.
#[derive(Debug)]
pub struct AuditActorTypeSchema;

impl PartialSchema for AuditActorTypeSchema {
    fn schema() -> RefOr<Schema> {
        let kinds: Vec<&'static str> = ActorKind::ALL.iter().map(|k| k.as_str()).collect();
        one_of_schema(
            "Who acted: a `user` (through an API key), a game client's `identity`, or the `system` (the command line).",
            &kinds,
        )
    }
}

impl ToSchema for AuditActorTypeSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("AuditActorType")
    }
}

/// `AuditTargetType` in the document.
#[derive(Debug)]
pub struct AuditTargetTypeSchema;

impl PartialSchema for AuditTargetTypeSchema {
    fn schema() -> RefOr<Schema> {
        let kinds: Vec<&'static str> = TargetKind::ALL.iter().map(|k| k.as_str()).collect();
        one_of_schema("The kind of thing a change was made to.", &kinds)
    }
}

impl ToSchema for AuditTargetTypeSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("AuditTargetType")
    }
}

/// `EventPattern` in the document: a closed list, so that every value a client may send is
/// one the server takes.
#[derive(Debug)]
pub struct EventPatternSchema;

impl PartialSchema for EventPatternSchema {
    fn schema() -> RefOr<Schema> {
        let mut patterns: Vec<&'static str> = vec!["*"];
        patterns.extend(RESOURCE_PATTERNS);
        patterns.extend(AuditAction::ALL.iter().map(|action| action.as_str()));
        one_of_schema(
            "Which events a webhook takes: `*` (all), `<resource>.*` (all of one resource), or one action.",
            &patterns,
        )
    }
}

/// `<resource>.*` for each resource an action names, as `'static` text for the schema.
const RESOURCE_PATTERNS: &[&str] = &[
    "account.*",
    "user.*",
    "api_key.*",
    "game.*",
    "oidc_provider.*",
    "identity.*",
    "session.*",
    "player.*",
    "webhook.*",
];

impl ToSchema for EventPatternSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("EventPattern")
    }
}

/// `DeliveryStatus` in the document.
#[derive(Debug)]
pub struct DeliveryStatusSchema;

impl PartialSchema for DeliveryStatusSchema {
    fn schema() -> RefOr<Schema> {
        let statuses: Vec<&'static str> = DeliveryStatus::ALL.iter().map(|s| s.as_str()).collect();
        one_of_schema(
            "Where a delivery stands: `pending` (waiting for its next attempt), `delivered` (a 2xx answered), `failed` (no 2xx within 24 hours).",
            &statuses,
        )
    }
}

impl ToSchema for DeliveryStatusSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("DeliveryStatus")
    }
}

#[cfg(test)]
mod webhook_schema_tests {
    use roster_domain::webhook::EventPattern;

    use super::*;

    #[test]
    fn every_resource_pattern_listed_is_one_the_domain_takes_and_none_is_missing() {
        for pattern in RESOURCE_PATTERNS {
            assert!(EventPattern::parse(pattern).is_ok(), "{pattern}");
        }
        for action in AuditAction::ALL {
            let wanted = format!("{}.*", action.resource());
            assert!(RESOURCE_PATTERNS.contains(&wanted.as_str()), "{wanted}");
        }
    }
}
