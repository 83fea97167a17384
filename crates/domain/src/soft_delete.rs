//! Soft deletion, the same for every restorable resource: `deleted: true` stamps the time,
//! `deleted: false` restores, and a deleted row accepts no other change.

use crate::timestamp::Timestamp;

/// The row is soft-deleted and the change does not restore it: to the caller, it is not there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not found: deleted, and the change does not restore it")]
pub struct Gone;

/// Whether a change may touch a row deleted at `deleted_at`: a deleted row accepts only the
/// change that restores it.
pub fn accepts(deleted_at: Option<Timestamp>, requested: Option<bool>) -> Result<(), Gone> {
    if deleted_at.is_none() || requested == Some(false) {
        Ok(())
    } else {
        Err(Gone)
    }
}

/// The deletion time after a change asking for `requested`: soft-deleting keeps the first
/// deletion time, restoring clears it, anything else leaves it as it is.
#[must_use]
pub fn deleted_at_after(
    deleted_at: Option<Timestamp>,
    requested: Option<bool>,
    now: Timestamp,
) -> Option<Timestamp> {
    match requested {
        Some(true) => deleted_at.or(Some(now)),
        Some(false) => None,
        None => deleted_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    #[test]
    fn a_live_row_accepts_every_change_and_a_deleted_one_only_its_restoration() {
        for requested in [None, Some(true), Some(false)] {
            assert_eq!(accepts(None, requested), Ok(()));
        }
        assert_eq!(accepts(Some(at(1)), Some(false)), Ok(()));
        assert_eq!(accepts(Some(at(1)), Some(true)), Err(Gone));
        assert_eq!(accepts(Some(at(1)), None), Err(Gone));
    }

    #[test]
    fn deleting_stamps_once_and_restoring_clears() {
        assert_eq!(deleted_at_after(None, Some(true), at(5)), Some(at(5)));
        assert_eq!(
            deleted_at_after(Some(at(1)), Some(true), at(5)),
            Some(at(1))
        );
        assert_eq!(deleted_at_after(Some(at(1)), Some(false), at(5)), None);
        assert_eq!(deleted_at_after(Some(at(1)), None, at(5)), Some(at(1)));
        assert_eq!(deleted_at_after(None, None, at(5)), None);
    }
}
