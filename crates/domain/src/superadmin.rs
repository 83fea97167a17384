//! The system cannot be locked out: some active superadmin in an active account always remains.

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

#[cfg(test)]
mod tests {
    use super::*;

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
