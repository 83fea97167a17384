//! `q`: the case-insensitive prefix search of list endpoints.

use crate::text::TextError;

/// Most characters a search prefix may have.
pub const SEARCH_MAX: usize = 100;

/// A lowercased, trimmed, non-empty prefix to match names (and slugs) against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPrefix(String);

impl SearchPrefix {
    /// `None` for blank input (no search), the lowercased prefix otherwise.
    pub fn parse(input: &str) -> Result<Option<Self>, TextError> {
        let trimmed = crate::text::without_nul(input)?.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        if trimmed.chars().count() > SEARCH_MAX {
            return Err(TextError::TooLong { max: SEARCH_MAX });
        }
        Ok(Some(Self(trimmed.to_lowercase())))
    }

    /// The lowercased prefix.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_input_means_no_search() {
        assert_eq!(SearchPrefix::parse("   "), Ok(None));
    }

    #[test]
    fn prefixes_are_trimmed_and_lowercased() {
        let prefix = SearchPrefix::parse(" AcMe ").unwrap().unwrap();
        assert_eq!(prefix.as_str(), "acme");
    }

    #[test]
    fn nul_is_refused() {
        assert_eq!(SearchPrefix::parse("a\0"), Err(TextError::Nul));
    }

    #[test]
    fn long_prefixes_are_refused() {
        assert!(SearchPrefix::parse(&"q".repeat(101)).is_err());
    }
}
