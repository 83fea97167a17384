//! The system cannot be locked out: some active superadmin in an active account always remains.

use crate::account::Account;
use crate::user::User;

/// The change would leave no usable superadmin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("This change would leave no active superadmin; promote another user first")]
pub struct LastSuperadmin;

/// Refuses a change that takes the number of usable superadmins (active, not deleted, in an
/// active account that is not deleted) to zero.
///
/// `affected_before` and `affected_after` count usable superadmins among what the change
/// touches (one user, or one account's users), before and after it; `others` counts the
/// usable superadmins it does not touch. A change that leaves the count at zero when it already
/// was zero is not refused: it does not make matters worse.
pub fn ensure_one_remains(
    affected_before: u64,
    affected_after: u64,
    others: u64,
) -> Result<(), LastSuperadmin> {
    if affected_before > affected_after && affected_after + others == 0 {
        Err(LastSuperadmin)
    } else {
        Ok(())
    }
}

/// Whether changing (`after` is `Some`) or erasing (`None`) a user can remove a usable
/// superadmin: only when it is one now (active, live, superadmin; its account's state aside)
/// and would not be after. Only such changes need the census, and its lock.
#[must_use]
pub fn may_remove_user(before: &User, after: Option<&User>) -> bool {
    before.is_usable_superadmin(true)
        && !after.is_some_and(|after| after.is_usable_superadmin(true))
}

/// Whether changing (`after` is `Some`) or erasing (`None`) an account can remove usable
/// superadmins: only when it is usable now and would not be after.
#[must_use]
pub fn may_remove_account(before: &Account, after: Option<&Account>) -> bool {
    before.is_usable() && !after.is_some_and(Account::is_usable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{AccountName, AccountStatus};
    use crate::id::AccountId;
    use crate::timestamp::at;
    use crate::user::{DisplayName, UserStatus};

    fn superadmin() -> User {
        crate::user::fixture(AccountId::new(), true)
    }

    #[test]
    fn only_losing_an_active_live_superadmin_may_remove_one() {
        let before = superadmin();
        let mut renamed = before.clone();
        renamed.display_name = DisplayName::parse("Still Root").unwrap();
        assert!(!may_remove_user(&before, Some(&renamed)), "a rename");
        let mut demoted = before.clone();
        demoted.super_admin = false;
        assert!(may_remove_user(&before, Some(&demoted)));
        let mut suspended = before.clone();
        suspended.status = UserStatus::Suspended;
        assert!(may_remove_user(&before, Some(&suspended)));
        let mut deleted = before.clone();
        deleted.deleted_at = Some(at(2));
        assert!(may_remove_user(&before, Some(&deleted)));
        assert!(may_remove_user(&before, None), "an erasure");
        assert!(!may_remove_user(&demoted, None), "not a superadmin");
        assert!(!may_remove_user(&demoted, Some(&before)), "a promotion");
    }

    #[test]
    fn only_an_account_that_stops_being_usable_may_remove_superadmins() {
        let before = crate::account::fixture();
        let mut renamed = before.clone();
        renamed.name = AccountName::parse("Operations").unwrap();
        assert!(!may_remove_account(&before, Some(&renamed)));
        let mut suspended = before.clone();
        suspended.status = AccountStatus::Suspended;
        assert!(may_remove_account(&before, Some(&suspended)));
        assert!(may_remove_account(&before, None));
        assert!(!may_remove_account(&suspended, None), "not usable already");
        assert!(
            !may_remove_account(&suspended, Some(&before)),
            "a reactivation"
        );
    }

    #[test]
    fn the_last_superadmin_cannot_be_removed() {
        assert_eq!(ensure_one_remains(1, 0, 0), Err(LastSuperadmin));
        assert_eq!(ensure_one_remains(3, 0, 0), Err(LastSuperadmin));
    }

    #[test]
    fn a_superadmin_can_go_while_another_remains() {
        assert_eq!(ensure_one_remains(1, 0, 1), Ok(()));
        assert_eq!(ensure_one_remains(2, 1, 0), Ok(()));
    }

    #[test]
    fn changes_that_remove_no_superadmin_pass() {
        assert_eq!(ensure_one_remains(0, 0, 0), Ok(()));
        assert_eq!(ensure_one_remains(1, 1, 0), Ok(()));
        assert_eq!(ensure_one_remains(0, 1, 0), Ok(()));
    }
}
