//! Length-bounded text, the rule behind names and display names.

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
}

/// Trims surrounding whitespace and checks the length in characters (Unicode scalar values).
pub fn bounded(input: &str, min: usize, max: usize) -> Result<String, TextError> {
    let trimmed = input.trim();
    let length = trimmed.chars().count();
    if length < min {
        Err(TextError::TooShort { min })
    } else if length > max {
        Err(TextError::TooLong { max })
    } else {
        Ok(trimmed.to_owned())
    }
}

/// Defines a value object holding text of `min..=max` characters after trimming, with
/// `parse`, `as_str` and a `Debug` that shows the text.
macro_rules! bounded_text {
    ($(#[$meta:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
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
    fn length_counts_characters_not_bytes() {
        assert_eq!(bounded("日本", 2, 2), Ok("日本".to_owned()));
        assert_eq!(bounded("ééé", 2, 3), Ok("ééé".to_owned()));
    }
}
