//! Users: the people of an account who manage it through API keys.

use crate::etag::{Version, versioned};
use std::fmt;

use email_address::{EmailAddress, Options};

use crate::change::{self, set};
use crate::id::{AccountId, UserId};
use crate::pagination::{KeyValue, sort_fields};
use crate::soft_delete::Gone;
use crate::text::bounded_text;
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

bounded_text!(
    /// A user's display name: 2–100 characters after trimming.
    DisplayName,
    DISPLAY_NAME_MIN,
    DISPLAY_NAME_MAX
);

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
    /// Its stored version: what its entity tag is made of.
    pub version: Version,
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
            version: Version::FIRST,
            deleted_at: None,
        }
    }
}

impl User {
    /// Whether it is a superadmin whose keys work, given whether its account is usable.
    #[must_use]
    pub fn is_usable_superadmin(&self, account_usable: bool) -> bool {
        self.super_admin
            && self.status == UserStatus::Active
            && !self.is_deleted()
            && account_usable
    }

    /// The user after `changes`, or why they cannot apply.
    ///
    /// A deleted user is gone for every change except the one that restores it. Changing a
    /// field to the value it has is not a change: `updated_at` moves only when something did.
    pub fn apply(&self, changes: &UserChanges, now: Timestamp) -> Result<Self, Gone> {
        change::apply(self, changes.deleted, now, |next| {
            set(&mut next.email, changes.email.as_ref());
            set(&mut next.display_name, changes.display_name.as_ref());
            set(&mut next.status, changes.status.as_ref());
            set(&mut next.super_admin, changes.super_admin.as_ref());
            Ok(())
        })
    }
}

change::restorable!(User);
versioned!(User);

/// A partial update of a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChanges {
    /// A new email.
    pub email: Option<Email>,
    /// A new display name.
    pub display_name: Option<DisplayName>,
    /// A new status.
    pub status: Option<UserStatus>,
    /// Grant (`true`) or withdraw (`false`) superadmin privileges.
    pub super_admin: Option<bool>,
    /// `true` soft-deletes, `false` restores.
    pub deleted: Option<bool>,
}

sort_fields! {
    /// The fields users can be sorted by.
    pub enum UserSortField for User {
        Id;
        Email = "email", Text,
            |user| KeyValue::Text(user.email.as_str().to_owned());
        DisplayName = "display_name", Text,
            |user| KeyValue::Text(user.display_name.as_str().to_owned());
        CreatedAt;
        UpdatedAt;
    }
}

/// An active user "Ada" (`ada@example.com`) of `account`, created at `at(1_000)`: the
/// fixture tests build on.
#[cfg(test)]
pub(crate) fn fixture(account: AccountId, super_admin: bool) -> User {
    User::new(
        account,
        Email::parse("ada@example.com").unwrap(),
        DisplayName::parse("Ada").unwrap(),
        super_admin,
        UserStatus::Active,
        crate::timestamp::at(1_000),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    fn user(super_admin: bool) -> User {
        fixture(AccountId::new(), super_admin)
    }

    #[test]
    fn only_an_active_live_superadmin_of_a_usable_account_is_a_usable_superadmin() {
        let admin = user(true);
        assert!(admin.is_usable_superadmin(true));
        assert!(!admin.is_usable_superadmin(false));
        assert!(!user(false).is_usable_superadmin(true));
        let mut suspended = admin.clone();
        suspended.status = UserStatus::Suspended;
        assert!(!suspended.is_usable_superadmin(true));
        let mut deleted = admin;
        deleted.deleted_at = Some(at(2_000));
        assert!(!deleted.is_usable_superadmin(true));
    }

    #[test]
    fn changes_apply_and_move_updated_at_only_when_something_changed() {
        let before = user(false);
        let same = before
            .apply(
                &UserChanges {
                    email: Some(before.email.clone()),
                    super_admin: Some(false),
                    ..UserChanges::default()
                },
                at(5_000),
            )
            .unwrap();
        assert_eq!(same, before);
        let promoted = before
            .apply(
                &UserChanges {
                    super_admin: Some(true),
                    status: Some(UserStatus::Suspended),
                    ..UserChanges::default()
                },
                at(5_000),
            )
            .unwrap();
        assert!(promoted.super_admin);
        assert_eq!(promoted.status, UserStatus::Suspended);
        assert_eq!(promoted.updated_at, at(5_000));
    }

    #[test]
    fn a_deleted_user_accepts_no_change_but_its_restoration() {
        let mut deleted = user(false);
        deleted.deleted_at = Some(at(2_000));
        let rename = UserChanges {
            display_name: Some(DisplayName::parse("Other").unwrap()),
            ..UserChanges::default()
        };
        assert_eq!(deleted.apply(&rename, at(3_000)), Err(Gone));
        let restored = deleted
            .apply(
                &UserChanges {
                    deleted: Some(false),
                    ..rename
                },
                at(3_000),
            )
            .unwrap();
        assert!(!restored.is_deleted());
        assert_eq!(restored.display_name.as_str(), "Other");
    }

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
