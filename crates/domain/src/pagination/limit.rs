//! The page size.

/// How many items a page holds: 1–100, 20 when not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(u8);

/// A page size outside 1–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    /// Below [`Limit::MIN`].
    #[error("Input should be greater than or equal to {min}")]
    TooSmall {
        /// The minimum.
        min: u8,
    },
    /// Above [`Limit::MAX`].
    #[error("Input should be less than or equal to {max}")]
    TooLarge {
        /// The maximum.
        max: u8,
    },
}

impl Limit {
    /// The smallest page.
    pub const MIN: u8 = 1;
    /// The largest page.
    pub const MAX: u8 = 100;
    /// The page size when none is asked for.
    pub const DEFAULT: Self = Self(20);

    /// Validates a requested page size.
    pub fn new(requested: i64) -> Result<Self, LimitError> {
        if requested < i64::from(Self::MIN) {
            return Err(LimitError::TooSmall { min: Self::MIN });
        }
        match u8::try_from(requested) {
            Ok(size) if size <= Self::MAX => Ok(Self(size)),
            _ => Err(LimitError::TooLarge { max: Self::MAX }),
        }
    }

    /// The page size.
    #[must_use]
    pub fn get(self) -> usize {
        usize::from(self.0)
    }
}

impl Default for Limit {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_from_one_to_a_hundred_are_accepted() {
        assert_eq!(Limit::new(1).unwrap().get(), 1);
        assert_eq!(Limit::new(100).unwrap().get(), 100);
        assert_eq!(Limit::default().get(), 20);
    }

    #[test]
    fn limits_outside_say_which_bound() {
        assert_eq!(Limit::new(0), Err(LimitError::TooSmall { min: 1 }));
        assert_eq!(Limit::new(-5), Err(LimitError::TooSmall { min: 1 }));
        assert_eq!(Limit::new(101), Err(LimitError::TooLarge { max: 100 }));
        assert_eq!(Limit::new(i64::MAX), Err(LimitError::TooLarge { max: 100 }));
    }
}
