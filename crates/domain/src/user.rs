//! Users: the people of an account who manage it through API keys.

use std::fmt;

use email_address::{EmailAddress, Options};

use crate::id::{AccountId, UserId};
use crate::text::{self, TextError};
use crate::timestamp::Timestamp;

/// Most characters in an email address (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;
/// Fewest characters in a user's display name.
pub const DISPLAY_NAME_MIN: usize = 2;
/// Most characters in a user's display name.
pub const DISPLAY_NAME_MAX: usize = 100;

/// Why an email address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Longer than [`EMAIL_MAX`].
    #[error("String should have at most {max} characters")]
    TooLong {
        /// The maximum.
        max: usize,
    },
    /// Not an address of the form `local@domain.tld`.
    #[error("value is not a valid email address")]
    Syntax,
}

/// An email address: plain `local@domain.tld`, no display text, no domain literal.
///
/// Kept as given (trimmed); uniqueness and lookups compare it case-insensitively.
#[derive(Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Trims and validates.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let trimmed = input.trim();
        if trimmed.chars().count() > EMAIL_MAX {
            return Err(EmailError::TooLong { max: EMAIL_MAX });
        }
        let options = Options::default()
            .without_display_text()
            .without_domain_literal()
            .with_required_tld();
        EmailAddress::parse_with_options(trimmed, options)
            .map(|_| Self(trimmed.to_owned()))
            .map_err(|_| EmailError::Syntax)
    }

    /// The address as given.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// A user's display name: 2–100 characters after trimming.
#[derive(Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Trims and validates the length.
    pub fn parse(input: &str) -> Result<Self, TextError> {
        text::bounded(input, DISPLAY_NAME_MIN, DISPLAY_NAME_MAX).map(Self)
    }

    /// The name as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Where a user stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UserStatus {
    /// Created but not yet active; cannot authenticate.
    Invited,
    /// May authenticate.
    Active,
    /// May not authenticate until reactivated.
    Suspended,
}

impl UserStatus {
    /// Every status, in the order the API documents them.
    pub const ALL: [Self; 3] = [Self::Invited, Self::Active, Self::Suspended];

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Active => "active",
            Self::Suspended => "suspended",
        }
    }

    /// Parses the wire form, exactly.
    #[must_use]
    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == input)
    }
}

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// The account it belongs to.
    pub account_id: AccountId,
    /// Its email address, unique (case-insensitively) per account among users not deleted.
    pub email: Email,
    /// Its display name.
    pub display_name: DisplayName,
    /// Whether it may act on every account.
    pub super_admin: bool,
    /// Where it stands.
    pub status: UserStatus,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// When it was soft-deleted, if it is.
    pub deleted_at: Option<Timestamp>,
}

impl User {
    /// A new user of `account_id` with the given status.
    #[must_use]
    pub fn new(
        account_id: AccountId,
        email: Email,
        display_name: DisplayName,
        super_admin: bool,
        status: UserStatus,
        now: Timestamp,
    ) -> Self {
        Self {
            id: UserId::new(),
            account_id,
            email,
            display_name,
            super_admin,
            status,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_addresses_with_a_domain_and_tld_are_valid() {
        assert_eq!(
            Email::parse("  Ada@Example.com ").unwrap().as_str(),
            "Ada@Example.com"
        );
        assert!(Email::parse("first.last+tag@sub.example.co.uk").is_ok());
    }

    #[test]
    fn other_forms_are_invalid() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@localhost",
            "Ada <ada@example.com>",
            "ada@[127.0.0.1]",
            "ada@@example.com",
            "ada example@example.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Syntax), "{bad:?}");
        }
    }

    #[test]
    fn addresses_over_254_characters_are_too_long() {
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong { max: 254 }));
    }

    #[test]
    fn display_names_are_bounded() {
        assert!(DisplayName::parse("Al").is_ok());
        assert!(DisplayName::parse("A").is_err());
        assert!(DisplayName::parse(&"n".repeat(101)).is_err());
    }

    #[test]
    fn user_statuses_parse_only_their_wire_form() {
        for status in UserStatus::ALL {
            assert_eq!(UserStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(UserStatus::parse("Active"), None);
    }
}
