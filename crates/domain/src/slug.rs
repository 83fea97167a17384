//! URL-friendly identifiers: parsing, and generation from a name.

use std::collections::BTreeSet;
use std::fmt;

use crate::text::{self, TextError};

/// Fewest characters in a slug.
pub const SLUG_MIN: usize = 2;
/// Most characters in a slug.
pub const SLUG_MAX: usize = 63;
/// Most characters of a slug generated from a name, leaving room for a `-N` collision suffix.
pub const GENERATED_SLUG_MAX: usize = 50;

/// Why a slug was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    /// Fewer than [`SLUG_MIN`] or more than [`SLUG_MAX`] characters.
    #[error(transparent)]
    Length(#[from] TextError),
    /// Not lowercase letters and digits in groups joined by single hyphens.
    #[error("String should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$'")]
    Pattern,
}

/// A slug: `^[a-z0-9]+(?:-[a-z0-9]+)*$`, 2–63 characters.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    /// Trims surrounding whitespace and validates length and pattern.
    pub fn parse(input: &str) -> Result<Self, SlugError> {
        let trimmed = input.trim();
        // Every valid slug is ASCII, so the byte length is the character length; counting
        // characters keeps the length error right for non-ASCII input too.
        text::within(trimmed, SLUG_MIN, SLUG_MAX)?;
        if !matches_pattern(trimmed) {
            return Err(SlugError::Pattern);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The slug as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The slug as an owned string.
    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl serde::Serialize for Slug {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

fn matches_pattern(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|group| {
            !group.is_empty()
                && group
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The slug generated from a name, before any collision suffix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlugBase(String);

impl SlugBase {
    /// Folds `name` to ASCII, lowercases it, turns every run of other characters into one
    /// hyphen, trims hyphens and keeps at most [`GENERATED_SLUG_MAX`] characters.
    ///
    /// A name with too few letters or digits for a slug (`"!!"`, `"A"`) gets `fallback`
    /// (`"account"`), followed by whatever single character survived (`"account-a"`).
    #[must_use]
    pub fn from_name(name: &str, fallback: &str) -> Self {
        let folded = deunicode::deunicode(name);
        let mut slug = String::with_capacity(folded.len());
        let mut pending_hyphen = false;
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                if pending_hyphen && !slug.is_empty() {
                    slug.push('-');
                }
                pending_hyphen = false;
                slug.push(c.to_ascii_lowercase());
            } else {
                pending_hyphen = true;
            }
        }
        slug.truncate(GENERATED_SLUG_MAX);
        let slug = slug.trim_end_matches('-').to_owned();
        let slug = match slug.len() {
            0 => fallback.to_owned(),
            1 => format!("{fallback}-{slug}"),
            _ => slug,
        };
        Self(slug)
    }

    /// The `n`-th candidate: the base itself for `n <= 1`, then `base-2`, `base-3`, …
    #[must_use]
    pub fn candidate(&self, n: u32) -> Slug {
        if n <= 1 {
            Slug(self.0.clone())
        } else {
            Slug(format!("{}-{n}", self.0))
        }
    }

    /// The first candidate that is not among `taken`.
    ///
    /// `taken` may contain any slugs; only the base and its `-N` forms count.
    #[must_use]
    pub fn first_free<'a>(&self, taken: impl IntoIterator<Item = &'a str>) -> Slug {
        let used: BTreeSet<u32> = taken
            .into_iter()
            .filter_map(|slug| self.suffix_of(slug))
            .collect();
        let mut n = 1;
        while used.contains(&n) {
            n += 1;
        }
        self.candidate(n)
    }

    /// The candidate number `slug` stands for, if it is one of this base's candidates.
    fn suffix_of(&self, slug: &str) -> Option<u32> {
        if slug == self.0 {
            return Some(1);
        }
        let digits = slug.strip_prefix(self.0.as_str())?.strip_prefix('-')?;
        if digits.starts_with('0') {
            return None;
        }
        digits.parse::<u32>().ok().filter(|n| *n >= 2)
    }

    /// The base as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn valid_slugs_parse() {
        for ok in ["ab", "acme", "acme-corp", "a1-b2-c3", "2024"] {
            assert_eq!(Slug::parse(ok).unwrap().as_str(), ok);
        }
        assert_eq!(Slug::parse("  acme  ").unwrap().as_str(), "acme");
    }

    #[test]
    fn invalid_slugs_say_why() {
        assert_eq!(
            Slug::parse("a"),
            Err(SlugError::Length(TextError::TooShort { min: 2 }))
        );
        assert_eq!(
            Slug::parse(&"a".repeat(64)),
            Err(SlugError::Length(TextError::TooLong { max: 63 }))
        );
        for bad in ["Acme", "-acme", "acme-", "ac--me", "ac me", "ac_me", "café"] {
            assert_eq!(Slug::parse(bad), Err(SlugError::Pattern), "{bad}");
        }
    }

    #[test]
    fn generation_folds_to_ascii_and_joins_words_with_hyphens() {
        assert_eq!(
            SlugBase::from_name("Café Board 2024", "account").as_str(),
            "cafe-board-2024"
        );
        assert_eq!(
            SlugBase::from_name("  --Acme   Corp!! ", "account").as_str(),
            "acme-corp"
        );
        assert_eq!(
            SlugBase::from_name("Straße über Ärger", "account").as_str(),
            "strasse-uber-arger"
        );
    }

    #[test]
    fn generation_keeps_at_most_fifty_characters_without_a_trailing_hyphen() {
        let name = format!("{} tail", "a".repeat(49));
        let base = SlugBase::from_name(&name, "account");
        assert_eq!(base.as_str(), "a".repeat(49));
        let long = SlugBase::from_name(&"word ".repeat(30), "account");
        assert!(long.as_str().len() <= GENERATED_SLUG_MAX);
        assert!(!long.as_str().ends_with('-'));
    }

    #[test]
    fn names_without_enough_letters_fall_back() {
        assert_eq!(SlugBase::from_name("!!", "account").as_str(), "account");
        assert_eq!(SlugBase::from_name("A!", "account").as_str(), "account-a");
    }

    #[test]
    fn candidates_append_numeric_suffixes_from_two() {
        let base = SlugBase::from_name("Acme", "account");
        assert_eq!(base.candidate(1).as_str(), "acme");
        assert_eq!(base.candidate(2).as_str(), "acme-2");
        assert_eq!(base.candidate(17).as_str(), "acme-17");
    }

    #[test]
    fn the_first_free_candidate_ignores_unrelated_slugs() {
        let base = SlugBase::from_name("Acme", "account");
        assert_eq!(base.first_free([]).as_str(), "acme");
        assert_eq!(base.first_free(["acme"]).as_str(), "acme-2");
        assert_eq!(
            base.first_free(["acme", "acme-2", "acme-corp", "acme-04", "acme-4"])
                .as_str(),
            "acme-3"
        );
        assert_eq!(base.first_free(["acme-2"]).as_str(), "acme");
    }

    proptest! {
        #[test]
        fn every_generated_candidate_is_a_valid_slug(name in "\\PC{0,80}", n in 1u32..u32::MAX) {
            let base = SlugBase::from_name(&name, "account");
            let candidate = base.candidate(n);
            prop_assert_eq!(Slug::parse(candidate.as_str()), Ok(candidate.clone()));
        }
    }
}
