//! OpenID Connect sign-in (Sign in with Apple, Google, or any issuer a game configures): what a
//! game's provider is, and what the claims of an `id_token` whose signature held must say.
//!
//! A provider is `{issuer, audiences, jwks_uri}` under a name (a slug) of the game's; `apple`
//! and `google` are presets that need only the audiences. The signature is checked by a port
//! against the issuer's keys; here, the claims: `iss` the provider's issuer, `aud` one of its
//! audiences, `exp` not past and `iat` not ahead (each with [`CLOCK_LEEWAY_SECONDS`]), `nonce`
//! the one the client sent when it sent one, and `sub` a valid external key.

use std::fmt;

use url::{Host, Url};

use crate::id::GameId;
use crate::identity::{ExternalKey, IdentityKind};
use crate::slug::Slug;
use crate::timestamp::Timestamp;
use crate::web_url::URL_MAX;

/// Seconds by which the issuer's clock and ours may disagree.
pub const CLOCK_LEEWAY_SECONDS: i64 = 60;
/// Most audiences a provider lists.
pub const AUDIENCES_MAX: usize = 10;
/// Most characters of one audience (a client id).
pub const AUDIENCE_MAX: usize = 255;
/// Most providers a game has: few enough that one page always lists them all.
pub const PROVIDERS_PER_GAME_MAX: usize = 16;

/// Most characters of the nonce a client sends.
pub const NONCE_MAX: usize = 512;

/// A nonce that is not 1–512 visible ASCII characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("String should match pattern '^[!-~]{{1,512}}$' (visible ASCII, no spaces)")]
pub struct NonceError;

/// The nonce a client asked its provider to put in the `id_token`, which the token must then
/// carry exactly: 1–512 visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenNonce(String);

impl TokenNonce {
    /// Checks the characters.
    pub fn parse(input: &str) -> Result<Self, NonceError> {
        let visible =
            (1..=NONCE_MAX).contains(&input.len()) && input.bytes().all(|b| b.is_ascii_graphic());
        if visible {
            Ok(Self(input.to_owned()))
        } else {
            Err(NonceError)
        }
    }

    /// The nonce.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a provider's settings were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The issuer is not an `https` URL of at most 2048 characters.
    #[error("The issuer should be an https URL")]
    Issuer,
    /// The JWKS URI is not an `https` URL (or `http` on a loopback host, for local issuers).
    #[error("jwks_uri should be an https URL (http only on a loopback host)")]
    JwksUri,
    /// No audiences, too many, or one that is not 1–255 visible ASCII characters.
    #[error("audiences should list 1–10 client ids of 1–255 visible ASCII characters")]
    Audiences,
    /// A provider that is not a preset needs its issuer.
    #[error("issuer is required unless the provider is 'apple' or 'google'")]
    IssuerRequired,
    /// A provider that is not a preset needs its JWKS URI.
    #[error("jwks_uri is required unless the provider is 'apple' or 'google'")]
    JwksUriRequired,
}

/// An absolute URL of at most [`URL_MAX`] characters, without credentials, with `scheme`
/// (`http` allowed instead only on a loopback host when `loopback_http`).
fn url(input: &str, loopback_http: bool) -> Option<String> {
    if input.chars().count() > URL_MAX || input.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return None;
    }
    let parsed = Url::parse(input).ok()?;
    let loopback = match parsed.host() {
        Some(Host::Domain(domain)) => domain == "localhost",
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => return None,
    };
    let scheme_ok =
        parsed.scheme() == "https" || (loopback_http && loopback && parsed.scheme() == "http");
    let bare = parsed.username().is_empty() && parsed.password().is_none();
    (scheme_ok && bare).then(|| input.to_owned())
}

/// An issuer: the exact `iss` its tokens carry, an `https` URL.
#[derive(Clone, PartialEq, Eq)]
pub struct Issuer(String);

impl Issuer {
    /// Checks the URL, kept exactly as given (it is compared with `iss` as text).
    pub fn parse(input: &str) -> Result<Self, ProviderError> {
        url(input, false).map(Self).ok_or(ProviderError::Issuer)
    }

    /// The issuer.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Where an issuer publishes its signing keys (a JWK Set): `https`, or `http` on a loopback
/// host (an issuer on the same machine, as in tests).
#[derive(Clone, PartialEq, Eq)]
pub struct JwksUri(String);

impl JwksUri {
    /// Checks the URL, kept exactly as given.
    pub fn parse(input: &str) -> Result<Self, ProviderError> {
        url(input, true).map(Self).ok_or(ProviderError::JwksUri)
    }

    /// The URL.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for JwksUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// The client ids a provider's tokens may be for (`aud`): 1–10, each 1–255 visible ASCII
/// characters, kept in the order given without repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audiences(Vec<String>);

impl Audiences {
    /// Checks each audience and the count.
    pub fn parse<S: AsRef<str>>(input: &[S]) -> Result<Self, ProviderError> {
        let mut audiences: Vec<String> = Vec::with_capacity(input.len());
        for audience in input {
            let audience = audience.as_ref();
            let visible = (1..=AUDIENCE_MAX).contains(&audience.len())
                && audience.bytes().all(|b| b.is_ascii_graphic());
            if !visible {
                return Err(ProviderError::Audiences);
            }
            if !audiences.iter().any(|known| known == audience) {
                audiences.push(audience.to_owned());
            }
        }
        if (1..=AUDIENCES_MAX).contains(&audiences.len()) {
            Ok(Self(audiences))
        } else {
            Err(ProviderError::Audiences)
        }
    }

    /// The audiences.
    #[must_use]
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// Whether `audience` is one of them.
    #[must_use]
    pub fn contains(&self, audience: &str) -> bool {
        self.0.iter().any(|known| known == audience)
    }
}

/// A provider Roster knows the issuer and keys of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Sign in with Apple.
    Apple,
    /// Google.
    Google,
}

impl Preset {
    /// The preset a provider's name is, if any.
    #[must_use]
    pub fn named(name: &Slug) -> Option<Self> {
        match name.as_str() {
            "apple" => Some(Self::Apple),
            "google" => Some(Self::Google),
            _ => None,
        }
    }

    /// Its issuer, as its tokens write `iss`.
    #[must_use]
    pub fn issuer(self) -> &'static str {
        match self {
            Self::Apple => "https://appleid.apple.com",
            Self::Google => "https://accounts.google.com",
        }
    }

    /// Where it publishes its keys.
    #[must_use]
    pub fn jwks_uri(self) -> &'static str {
        match self {
            Self::Apple => "https://appleid.apple.com/auth/keys",
            Self::Google => "https://www.googleapis.com/oauth2/v3/certs",
        }
    }

    /// Another `iss` its tokens may carry: Google documents `accounts.google.com` beside
    /// `https://accounts.google.com`.
    #[must_use]
    pub fn alternate_issuer(self) -> Option<&'static str> {
        match self {
            Self::Apple => None,
            Self::Google => Some("accounts.google.com"),
        }
    }
}

/// What an admin sends for a provider: the issuer and keys may be left out for a preset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderSettings {
    /// The issuer, or `None` for the preset's.
    pub issuer: Option<Issuer>,
    /// The audiences.
    pub audiences: Audiences,
    /// The JWKS URI, or `None` for the preset's.
    pub jwks_uri: Option<JwksUri>,
}

/// A game's OpenID Connect provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcProvider {
    /// The game.
    pub game_id: GameId,
    /// Its name within the game, which sign-ins name and identities keep.
    pub name: Slug,
    /// The issuer.
    pub issuer: Issuer,
    /// The client ids its tokens may be for.
    pub audiences: Audiences,
    /// Where its keys are.
    pub jwks_uri: JwksUri,
    /// When it was first configured.
    pub created_at: Timestamp,
    /// When it was last configured.
    pub updated_at: Timestamp,
}

impl OidcProvider {
    /// The provider `name` of `game_id` as `settings` configure it at `now`, a preset's issuer
    /// and keys filling what is left out.
    ///
    /// # Errors
    ///
    /// `IssuerRequired` or `JwksUriRequired` when a provider that is not a preset lacks one.
    pub fn configure(
        game_id: GameId,
        name: Slug,
        settings: ProviderSettings,
        now: Timestamp,
    ) -> Result<Self, ProviderError> {
        let preset = Preset::named(&name);
        let issuer = match (settings.issuer, preset) {
            (Some(issuer), _) => issuer,
            (None, Some(preset)) => Issuer(preset.issuer().to_owned()),
            (None, None) => return Err(ProviderError::IssuerRequired),
        };
        let jwks_uri = match (settings.jwks_uri, preset) {
            (Some(uri), _) => uri,
            (None, Some(preset)) => JwksUri(preset.jwks_uri().to_owned()),
            (None, None) => return Err(ProviderError::JwksUriRequired),
        };
        Ok(Self {
            game_id,
            name,
            issuer,
            audiences: settings.audiences,
            jwks_uri,
            created_at: now,
            updated_at: now,
        })
    }

    /// Whether `iss` names this provider's issuer.
    #[must_use]
    pub fn issued(&self, iss: &str) -> bool {
        iss == self.issuer.as_str()
            || Preset::named(&self.name).is_some_and(|preset| {
                self.issuer.as_str() == preset.issuer() && preset.alternate_issuer() == Some(iss)
            })
    }
}

/// The claims of an `id_token` whose signature held.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OidcClaims {
    /// `iss`.
    pub issuer: Option<String>,
    /// `aud`: one audience or several.
    pub audiences: Vec<String>,
    /// `sub`: the user at the issuer.
    pub subject: Option<String>,
    /// `exp`, in seconds since the Unix epoch.
    pub expires_at: Option<i64>,
    /// `iat`, in seconds since the Unix epoch.
    pub issued_at: Option<i64>,
    /// `nonce`.
    pub nonce: Option<String>,
}

/// Why an `id_token`'s claims sign nobody in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OidcRefusal {
    /// `iss` is not the provider's issuer.
    #[error("The id_token was issued by another issuer")]
    Issuer,
    /// No `aud` is one of the provider's audiences.
    #[error("The id_token is for another audience")]
    Audience,
    /// No `exp`, or past.
    #[error("The id_token has expired")]
    Expired,
    /// No `iat`, or ahead of now.
    #[error("The id_token was issued in the future")]
    IssuedInFuture,
    /// A nonce was sent and the token's is missing or another.
    #[error("The id_token's nonce is not the one sent")]
    Nonce,
    /// No `sub`, or not 1–255 characters.
    #[error("The id_token's subject is not a valid external key")]
    Subject,
}

/// The `CUSTOM` external key `claims` of `provider` sign in at `now`, checking `nonce` when
/// the client sent one.
///
/// # Errors
///
/// The first rule the claims break, in the order: issuer, audience, expiry, issue time, nonce,
/// subject.
pub fn admit(
    claims: &OidcClaims,
    provider: &OidcProvider,
    nonce: Option<&TokenNonce>,
    now: Timestamp,
) -> Result<ExternalKey, OidcRefusal> {
    let now = now.as_datetime().unix_timestamp();
    if !claims
        .issuer
        .as_deref()
        .is_some_and(|iss| provider.issued(iss))
    {
        return Err(OidcRefusal::Issuer);
    }
    if !claims
        .audiences
        .iter()
        .any(|aud| provider.audiences.contains(aud))
    {
        return Err(OidcRefusal::Audience);
    }
    if claims
        .expires_at
        .is_none_or(|exp| exp + CLOCK_LEEWAY_SECONDS <= now)
    {
        return Err(OidcRefusal::Expired);
    }
    if claims
        .issued_at
        .is_none_or(|iat| iat > now + CLOCK_LEEWAY_SECONDS)
    {
        return Err(OidcRefusal::IssuedInFuture);
    }
    if let Some(sent) = nonce
        && claims.nonce.as_deref() != Some(sent.as_str())
    {
        return Err(OidcRefusal::Nonce);
    }
    let subject = claims.subject.as_deref().ok_or(OidcRefusal::Subject)?;
    ExternalKey::parse(IdentityKind::Custom, subject).map_err(|_| OidcRefusal::Subject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    const NOW: i64 = 1_800_000_000;

    fn now() -> Timestamp {
        at(NOW * 1_000_000)
    }

    fn slug(name: &str) -> Slug {
        Slug::parse(name).unwrap()
    }

    fn settings(issuer: Option<&str>, jwks: Option<&str>) -> ProviderSettings {
        ProviderSettings {
            issuer: issuer.map(|issuer| Issuer::parse(issuer).unwrap()),
            audiences: Audiences::parse(&["com.example.game"]).unwrap(),
            jwks_uri: jwks.map(|uri| JwksUri::parse(uri).unwrap()),
        }
    }

    fn provider(name: &str) -> OidcProvider {
        OidcProvider::configure(
            GameId::new(),
            slug(name),
            settings(
                Some("https://id.example.com"),
                Some("https://id.example.com/jwks"),
            ),
            now(),
        )
        .unwrap()
    }

    fn claims() -> OidcClaims {
        OidcClaims {
            issuer: Some("https://id.example.com".into()),
            audiences: vec!["other".into(), "com.example.game".into()],
            subject: Some("000123.abc".into()),
            expires_at: Some(NOW + 600),
            issued_at: Some(NOW - 5),
            nonce: Some("n-0S6_WzA2Mj".into()),
        }
    }

    #[test]
    fn presets_fill_the_issuer_and_keys_and_others_must_give_them() {
        let apple =
            OidcProvider::configure(GameId::new(), slug("apple"), settings(None, None), now())
                .unwrap();
        assert_eq!(apple.issuer.as_str(), "https://appleid.apple.com");
        assert_eq!(
            apple.jwks_uri.as_str(),
            "https://appleid.apple.com/auth/keys"
        );
        let google =
            OidcProvider::configure(GameId::new(), slug("google"), settings(None, None), now())
                .unwrap();
        assert_eq!(
            google.jwks_uri.as_str(),
            "https://www.googleapis.com/oauth2/v3/certs"
        );
        for (issuer, jwks, error) in [
            (
                None,
                Some("https://id.example.com/jwks"),
                ProviderError::IssuerRequired,
            ),
            (
                Some("https://id.example.com"),
                None,
                ProviderError::JwksUriRequired,
            ),
        ] {
            assert_eq!(
                OidcProvider::configure(
                    GameId::new(),
                    slug("acme-id"),
                    settings(issuer, jwks),
                    now()
                ),
                Err(error)
            );
        }
    }

    #[test]
    fn issuers_are_https_and_keys_https_or_loopback_http() {
        assert!(Issuer::parse("https://id.example.com").is_ok());
        assert_eq!(
            Issuer::parse("http://id.example.com"),
            Err(ProviderError::Issuer)
        );
        assert_eq!(
            Issuer::parse("http://127.0.0.1:9"),
            Err(ProviderError::Issuer)
        );
        assert_eq!(
            Issuer::parse("https://u:p@id.example.com"),
            Err(ProviderError::Issuer)
        );
        assert_eq!(Issuer::parse("id.example.com"), Err(ProviderError::Issuer));
        assert!(JwksUri::parse("https://id.example.com/jwks").is_ok());
        assert!(JwksUri::parse("http://127.0.0.1:4000/jwks").is_ok());
        assert!(JwksUri::parse("http://localhost:4000/jwks").is_ok());
        assert!(JwksUri::parse("http://[::1]:4000/jwks").is_ok());
        assert_eq!(
            JwksUri::parse("http://id.example.com/jwks"),
            Err(ProviderError::JwksUri)
        );
        assert_eq!(
            JwksUri::parse("https://id.example.com/ jwks"),
            Err(ProviderError::JwksUri)
        );
    }

    #[test]
    fn audiences_are_one_to_ten_visible_client_ids_without_repeats() {
        assert_eq!(
            Audiences::parse(&["a", "b", "a"]).unwrap().as_slice(),
            ["a".to_owned(), "b".to_owned()]
        );
        let none: [&str; 0] = [];
        assert_eq!(Audiences::parse(&none), Err(ProviderError::Audiences));
        assert_eq!(Audiences::parse(&["a b"]), Err(ProviderError::Audiences));
        assert_eq!(Audiences::parse(&[""]), Err(ProviderError::Audiences));
        let eleven: Vec<String> = (0..11).map(|n| format!("client-{n}")).collect();
        assert_eq!(Audiences::parse(&eleven), Err(ProviderError::Audiences));
    }

    #[test]
    fn good_claims_sign_in_their_subject() {
        let nonce = TokenNonce::parse("n-0S6_WzA2Mj").unwrap();
        let key = admit(&claims(), &provider("acme-id"), Some(&nonce), now()).unwrap();
        assert_eq!(key.as_str(), "000123.abc");
        assert!(
            admit(&claims(), &provider("acme-id"), None, now()).is_ok(),
            "no nonce sent"
        );
    }

    #[test]
    fn each_broken_rule_is_named() {
        let provider = provider("acme-id");
        let nonce = TokenNonce::parse("n-0S6_WzA2Mj").unwrap();
        type Breaking = fn(&mut OidcClaims);
        let cases: [(Breaking, OidcRefusal); 8] = [
            (
                |c| c.issuer = Some("https://evil.example.com".into()),
                OidcRefusal::Issuer,
            ),
            (|c| c.issuer = None, OidcRefusal::Issuer),
            (
                |c| c.audiences = vec!["other".into()],
                OidcRefusal::Audience,
            ),
            (|c| c.expires_at = Some(NOW - 61), OidcRefusal::Expired),
            (
                |c| c.issued_at = Some(NOW + 61),
                OidcRefusal::IssuedInFuture,
            ),
            (|c| c.nonce = Some("replayed".into()), OidcRefusal::Nonce),
            (|c| c.nonce = None, OidcRefusal::Nonce),
            (|c| c.subject = None, OidcRefusal::Subject),
        ];
        for (break_rule, refusal) in cases {
            let mut broken = claims();
            break_rule(&mut broken);
            assert_eq!(
                admit(&broken, &provider, Some(&nonce), now()),
                Err(refusal),
                "{broken:?}"
            );
        }
    }

    #[test]
    fn nonces_are_visible_ascii() {
        assert!(TokenNonce::parse("n-0S6_WzA2Mj").is_ok());
        assert_eq!(TokenNonce::parse(""), Err(NonceError));
        assert_eq!(TokenNonce::parse("a b"), Err(NonceError));
        assert_eq!(
            TokenNonce::parse(&"n".repeat(NONCE_MAX + 1)),
            Err(NonceError)
        );
    }

    #[test]
    fn the_clocks_may_disagree_by_a_minute() {
        let mut skewed = claims();
        skewed.expires_at = Some(NOW - 59);
        skewed.issued_at = Some(NOW + 59);
        assert!(admit(&skewed, &provider("acme-id"), None, now()).is_ok());
    }

    #[test]
    fn googles_bare_issuer_counts_for_the_google_preset_only() {
        let google =
            OidcProvider::configure(GameId::new(), slug("google"), settings(None, None), now())
                .unwrap();
        assert!(google.issued("https://accounts.google.com"));
        assert!(google.issued("accounts.google.com"));
        assert!(!provider("acme-id").issued("accounts.google.com"));
    }
}
