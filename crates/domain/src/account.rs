//! Accounts: the tenants of Roster, usually one per studio.

use crate::change::{self, set};
use crate::etag::{Version, versioned};
use crate::id::AccountId;
use crate::pagination::{KeyValue, sort_fields};
use crate::slug::Slug;
use crate::soft_delete::Gone;
use crate::text::bounded_text;
use crate::timestamp::Timestamp;

/// Fewest characters in an account name.
pub const ACCOUNT_NAME_MIN: usize = 2;
/// Most characters in an account name.
pub const ACCOUNT_NAME_MAX: usize = 100;
/// What a generated slug falls back to when the name has too few letters or digits.
pub const ACCOUNT_SLUG_FALLBACK: &str = "account";

bounded_text!(
    /// An account's name: 2–100 characters after trimming.
    AccountName,
    ACCOUNT_NAME_MIN,
    ACCOUNT_NAME_MAX
);

/// Whether an account may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountStatus {
    /// Its keys and client sessions work.
    Active,
    /// Its keys and client sessions are refused until it is reactivated.
    Suspended,
}

impl AccountStatus {
    /// Every status, in the order the API documents them.
    pub const ALL: [Self; 2] = [Self::Active, Self::Suspended];

    /// The wire and storage form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
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

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Its id.
    pub id: AccountId,
    /// Its name.
    pub name: AccountName,
    /// Its slug, unique among accounts that are not deleted.
    pub slug: Slug,
    /// Whether it may be used.
    pub status: AccountStatus,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// Its stored version: what its entity tag is made of.
    pub version: Version,
    /// When it was soft-deleted, if it is.
    pub deleted_at: Option<Timestamp>,
}

impl Account {
    /// A new, active account.
    #[must_use]
    pub fn new(id: AccountId, name: AccountName, slug: Slug, now: Timestamp) -> Self {
        Self {
            id,
            name,
            slug,
            status: AccountStatus::Active,
            created_at: now,
            updated_at: now,
            version: Version::FIRST,
            deleted_at: None,
        }
    }

    /// Whether its keys and client sessions may work: active and not deleted.
    #[must_use]
    pub fn is_usable(&self) -> bool {
        self.status == AccountStatus::Active && !self.is_deleted()
    }

    /// The account after `changes`, or why they cannot apply.
    ///
    /// A deleted account is gone for every change except the one that restores it. Changing a
    /// field to the value it has is not a change: `updated_at` moves only when something did.
    pub fn apply(&self, changes: &AccountChanges, now: Timestamp) -> Result<Self, Gone> {
        change::apply(self, changes.deleted, now, |next| {
            set(&mut next.name, changes.name.as_ref());
            set(&mut next.slug, changes.slug.as_ref());
            set(&mut next.status, changes.status.as_ref());
            Ok(())
        })
    }
}

change::restorable!(Account);
versioned!(Account);

/// A partial update of an account; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountChanges {
    /// A new name.
    pub name: Option<AccountName>,
    /// A new slug.
    pub slug: Option<Slug>,
    /// A new status (superadmins only).
    pub status: Option<AccountStatus>,
    /// `true` soft-deletes, `false` restores (superadmins only).
    pub deleted: Option<bool>,
}

impl AccountChanges {
    /// Whether the update touches a field only a superadmin may set.
    #[must_use]
    pub fn touches_status(&self) -> bool {
        self.status.is_some()
    }

    /// Whether the update soft-deletes or restores.
    #[must_use]
    pub fn touches_deletion(&self) -> bool {
        self.deleted.is_some()
    }
}

sort_fields! {
    /// The fields accounts can be sorted by.
    pub enum AccountSortField for Account {
        Id;
        Name = "name", Text,
            |account| KeyValue::Text(account.name.as_str().to_owned());
        Slug = "slug", Text,
            |account| KeyValue::Text(account.slug.as_str().to_owned());
        CreatedAt;
        UpdatedAt;
    }
}

/// A new, active account "Acme" (slug `acme`), created at `at(1_000)`: the fixture tests
/// build on.
#[cfg(test)]
pub(crate) fn fixture() -> Account {
    Account::new(
        AccountId::new(),
        AccountName::parse("Acme").unwrap(),
        Slug::parse("acme").unwrap(),
        crate::timestamp::at(1_000),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    fn account() -> Account {
        fixture()
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(AccountName::parse("  Acme ").unwrap().as_str(), "Acme");
        assert!(AccountName::parse(" A ").is_err());
        assert!(AccountName::parse(&"x".repeat(100)).is_ok());
        assert!(AccountName::parse(&"x".repeat(101)).is_err());
    }

    #[test]
    fn statuses_parse_only_their_wire_form() {
        assert_eq!(AccountStatus::parse("active"), Some(AccountStatus::Active));
        assert_eq!(
            AccountStatus::parse("suspended"),
            Some(AccountStatus::Suspended)
        );
        assert_eq!(AccountStatus::parse("ACTIVE"), None);
        assert_eq!(AccountStatus::parse("deleted"), None);
    }

    #[test]
    fn a_new_account_is_active_and_usable() {
        let account = account();
        assert_eq!(account.status, AccountStatus::Active);
        assert!(account.is_usable());
        assert_eq!(account.created_at, account.updated_at);
    }

    #[test]
    fn soft_delete_stamps_the_time_and_restore_clears_it() {
        let account = account();
        let deleted = account
            .apply(
                &AccountChanges {
                    deleted: Some(true),
                    ..AccountChanges::default()
                },
                at(2_000),
            )
            .unwrap();
        assert_eq!(deleted.deleted_at, Some(at(2_000)));
        assert!(!deleted.is_usable());
        let restored = deleted
            .apply(
                &AccountChanges {
                    deleted: Some(false),
                    ..AccountChanges::default()
                },
                at(3_000),
            )
            .unwrap();
        assert_eq!(restored.deleted_at, None);
        assert_eq!(restored.updated_at, at(3_000));
    }

    #[test]
    fn a_deleted_account_accepts_no_change_but_its_restoration() {
        let mut account = account();
        account.deleted_at = Some(at(2_000));
        let rename = AccountChanges {
            name: Some(AccountName::parse("Other").unwrap()),
            ..AccountChanges::default()
        };
        assert_eq!(account.apply(&rename, at(3_000)), Err(Gone));
        let delete_again = AccountChanges {
            deleted: Some(true),
            ..AccountChanges::default()
        };
        assert_eq!(account.apply(&delete_again, at(3_000)), Err(Gone));
        let restore_and_rename = AccountChanges {
            deleted: Some(false),
            ..rename
        };
        let restored = account.apply(&restore_and_rename, at(3_000)).unwrap();
        assert_eq!(restored.name.as_str(), "Other");
        assert!(!restored.is_deleted());
    }

    #[test]
    fn an_update_that_changes_nothing_keeps_updated_at() {
        let account = account();
        let same = AccountChanges {
            name: Some(account.name.clone()),
            status: Some(AccountStatus::Active),
            deleted: Some(false),
            ..AccountChanges::default()
        };
        assert_eq!(account.apply(&same, at(9_000)).unwrap(), account);
    }

    #[test]
    fn a_suspended_account_is_not_usable() {
        let account = account();
        let suspended = account
            .apply(
                &AccountChanges {
                    status: Some(AccountStatus::Suspended),
                    ..AccountChanges::default()
                },
                at(2_000),
            )
            .unwrap();
        assert!(!suspended.is_usable());
        assert_eq!(suspended.updated_at, at(2_000));
    }
}
