//! Web addresses a game shows: the page a studio gives it (`page_url`), and the public page
//! Roster builds for it from a deployment-wide template (`url`).

use std::fmt;

use url::Url;

/// Most characters of a URL.
pub const URL_MAX: usize = 2_048;
/// The placeholder a public-page template carries for the game's slug.
pub const SLUG_PLACEHOLDER: &str = "{slug}";

/// Why a URL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WebUrlError {
    /// More than [`URL_MAX`] characters after trimming.
    #[error("URL should have at most {max} characters")]
    TooLong {
        /// The maximum.
        max: usize,
    },
    /// Whitespace or a control character inside it: URLs carry them percent-encoded.
    #[error("URL should not contain whitespace or control characters; percent-encode them")]
    Whitespace,
    /// Not an absolute URL.
    #[error("Input should be a valid URL")]
    Syntax,
    /// A scheme other than `http` or `https`.
    #[error("URL scheme should be 'http' or 'https'")]
    Scheme,
    /// A user name or password in it: the address is shown to anyone.
    #[error("URL should not contain a user name or password")]
    Credentials,
}

/// An absolute `http` or `https` URL of at most [`URL_MAX`] characters, kept as it was given
/// (surrounding whitespace trimmed). It is checked with the WHATWG URL parser browsers use,
/// and refused with whitespace or control characters inside or credentials in it.
#[derive(Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    /// Trims surrounding whitespace and checks what remains.
    pub fn parse(input: &str) -> Result<Self, WebUrlError> {
        let trimmed = input.trim();
        if trimmed.chars().count() > URL_MAX {
            return Err(WebUrlError::TooLong { max: URL_MAX });
        }
        // The WHATWG parser silently drops tabs and newlines and trims controls; refusing them
        // keeps what is stored the address that was meant.
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(WebUrlError::Whitespace);
        }
        let url = Url::parse(trimmed).map_err(|_| WebUrlError::Syntax)?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(WebUrlError::Scheme);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(WebUrlError::Credentials);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The URL as given.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Why a public-page template was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GameUrlTemplateError {
    /// It has no `{slug}` to put the game's slug in.
    #[error("the template must contain {SLUG_PLACEHOLDER}")]
    NoPlaceholder,
    /// With a slug in place it is not a valid URL.
    #[error("with a slug in place the template is not a valid http(s) URL: {0}")]
    Url(WebUrlError),
}

/// The address of a game's public page, with `{slug}` where the game's slug goes (LEADR's
/// boards UI, `https://boards.example.com/{slug}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GameUrlTemplate(String);

/// The slug the template is checked with: as long as a slug gets, so that a template that
/// fits within [`URL_MAX`] with it fits with every slug.
const LONGEST_SLUG: &str = "a123456789-123456789-123456789-123456789-123456789-123456789-12";

impl GameUrlTemplate {
    /// Checks that the template names the slug and makes a valid URL with any slug in it.
    pub fn parse(input: &str) -> Result<Self, GameUrlTemplateError> {
        let template = input.trim();
        if !template.contains(SLUG_PLACEHOLDER) {
            return Err(GameUrlTemplateError::NoPlaceholder);
        }
        WebUrl::parse(&template.replace(SLUG_PLACEHOLDER, LONGEST_SLUG))
            .map_err(GameUrlTemplateError::Url)?;
        Ok(Self(template.to_owned()))
    }

    /// The page of the game with `slug` (slugs are `[a-z0-9-]`, which a URL carries as they
    /// are).
    #[must_use]
    pub fn for_slug(&self, slug: &crate::slug::Slug) -> String {
        self.0.replace(SLUG_PLACEHOLDER, slug.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slug::{SLUG_MAX, Slug};

    #[test]
    fn http_and_https_urls_are_kept_as_given() {
        for ok in [
            "https://example.com",
            "http://example.com/games/space-race?ref=roster#top",
            "HTTPS://Example.COM/Path",
            "https://127.0.0.1:8080/",
            "https://[::1]/x",
            "https://b\u{fc}cher.example/stra\u{df}e",
            "https://example.com/a%20b",
        ] {
            assert_eq!(WebUrl::parse(ok).unwrap().as_str(), ok);
        }
        assert_eq!(
            WebUrl::parse("  https://example.com/  ").unwrap().as_str(),
            "https://example.com/"
        );
    }

    #[test]
    fn other_text_says_why_it_is_no_url() {
        for (bad, why) in [
            ("", WebUrlError::Syntax),
            ("example.com", WebUrlError::Syntax),
            ("/relative/path", WebUrlError::Syntax),
            ("https://", WebUrlError::Syntax),
            ("https://exa mple.com", WebUrlError::Whitespace),
            ("https://example.com/a\tb", WebUrlError::Whitespace),
            ("https://example.com/\u{0}", WebUrlError::Whitespace),
            ("https://example.com:99999/", WebUrlError::Syntax),
            ("ftp://example.com/", WebUrlError::Scheme),
            ("javascript:alert(1)", WebUrlError::Scheme),
            ("mailto:a@example.com", WebUrlError::Scheme),
            ("https://user:pw@example.com/", WebUrlError::Credentials),
            ("https://user@example.com/", WebUrlError::Credentials),
        ] {
            assert_eq!(WebUrl::parse(bad), Err(why), "{bad:?}");
        }
        let long = format!("https://example.com/{}", "a".repeat(URL_MAX));
        assert_eq!(
            WebUrl::parse(&long),
            Err(WebUrlError::TooLong { max: URL_MAX })
        );
    }

    #[test]
    fn a_template_puts_the_slug_where_it_says() {
        let template = GameUrlTemplate::parse("https://boards.example.com/{slug}").unwrap();
        let slug = Slug::parse("space-race").unwrap();
        assert_eq!(
            template.for_slug(&slug),
            "https://boards.example.com/space-race"
        );
        let host = GameUrlTemplate::parse("https://{slug}.example.com/").unwrap();
        assert_eq!(host.for_slug(&slug), "https://space-race.example.com/");
    }

    #[test]
    fn a_template_without_the_slug_or_not_a_url_is_refused() {
        assert_eq!(
            GameUrlTemplate::parse("https://boards.example.com/"),
            Err(GameUrlTemplateError::NoPlaceholder)
        );
        assert_eq!(
            GameUrlTemplate::parse("boards/{slug}"),
            Err(GameUrlTemplateError::Url(WebUrlError::Syntax))
        );
        let too_long = format!("https://example.com/{}/{{slug}}", "a".repeat(URL_MAX - 40));
        assert!(matches!(
            GameUrlTemplate::parse(&too_long),
            Err(GameUrlTemplateError::Url(WebUrlError::TooLong { .. }))
        ));
    }

    #[test]
    fn the_check_slug_is_as_long_as_a_slug_gets() {
        assert_eq!(LONGEST_SLUG.len(), SLUG_MAX);
        assert!(Slug::parse(LONGEST_SLUG).is_ok());
    }
}
