//! Length-bounded text, the rule behind names and display names.
//!
//! Surrounding whitespace (Unicode `White_Space`, what [`str::trim`] removes) is trimmed and the
//! bounds apply to what remains. NUL (U+0000) is refused anywhere: PostgreSQL cannot store it in
//! text, and no name needs it.

/// Why a piece of text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Fewer characters than allowed, after trimming.
    #[error("String should have at least {min} characters")]
    TooShort {
        /// The minimum, in characters.
        min: usize,
    },
    /// More characters than allowed, after trimming.
    #[error("String should have at most {max} characters")]
    TooLong {
        /// The maximum, in characters.
        max: usize,
    },
    /// A NUL character (U+0000).
    #[error("String should not contain NUL characters")]
    Nul,
}

/// Refuses text holding NUL, which PostgreSQL cannot store.
pub fn without_nul(input: &str) -> Result<&str, TextError> {
    if input.contains('\0') {
        Err(TextError::Nul)
    } else {
        Ok(input)
    }
}

/// Checks that `text` has `min..=max` characters (Unicode scalar values).
pub fn within(text: &str, min: usize, max: usize) -> Result<(), TextError> {
    let length = text.chars().count();
    if length < min {
        Err(TextError::TooShort { min })
    } else if length > max {
        Err(TextError::TooLong { max })
    } else {
        Ok(())
    }
}

/// Trims surrounding whitespace and checks the length in characters (Unicode scalar values).
pub fn bounded(input: &str, min: usize, max: usize) -> Result<String, TextError> {
    let trimmed = without_nul(input)?.trim();
    within(trimmed, min, max)?;
    Ok(trimmed.to_owned())
}

/// Defines a value object holding text of `min..=max` characters after trimming, with
/// `parse`, `as_str` and a `Debug` that shows the text.
macro_rules! bounded_text {
    ($(#[$meta:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// The fewest characters, after trimming.
            pub const MIN_CHARS: usize = $min;
            /// The most characters, after trimming.
            pub const MAX_CHARS: usize = $max;

            /// Trims and validates the length.
            pub fn parse(input: &str) -> Result<Self, $crate::text::TextError> {
                $crate::text::bounded(input, $min, $max).map(Self)
            }

            /// The text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }
    };
}

pub(crate) use bounded_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_apply_after_trimming() {
        assert_eq!(bounded("  ab  ", 2, 3), Ok("ab".to_owned()));
        assert_eq!(bounded("  a  ", 2, 3), Err(TextError::TooShort { min: 2 }));
        assert_eq!(bounded("abcd", 2, 3), Err(TextError::TooLong { max: 3 }));
    }

    #[test]
    fn nul_is_refused_anywhere() {
        assert_eq!(bounded("a\0b", 1, 10), Err(TextError::Nul));
        assert_eq!(bounded("ab\0", 1, 10), Err(TextError::Nul));
        assert_eq!(without_nul("ab"), Ok("ab"));
    }

    #[test]
    fn trimming_removes_unicode_whitespace_only() {
        assert_eq!(bounded("\u{3000}ab\u{a0}\n", 2, 2), Ok("ab".to_owned()));
        // U+001F is a control character, not whitespace: it stays and counts.
        assert_eq!(bounded("\u{1f}a", 2, 2), Ok("\u{1f}a".to_owned()));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(bounded("日本", 2, 2), Ok("日本".to_owned()));
        assert_eq!(bounded("ééé", 2, 3), Ok("ééé".to_owned()));
    }
}
