//! How a partial update applies to a stored record, the same for every restorable resource:
//! a deleted record accepts only the change that restores it, fields not given stay as they
//! are, the deletion is stamped or cleared, and `updated_at` moves only when something did
//! (sending a field's current value is no change).

use crate::soft_delete::{self, Gone};
use crate::timestamp::Timestamp;

/// A record that can be soft-deleted and restored, and that stamps when it last changed.
pub trait Restorable: Clone + PartialEq {
    /// Its deletion time and its last-change time, to be set.
    fn stamps(&mut self) -> (&mut Option<Timestamp>, &mut Timestamp);
}

/// Makes `$record` (a struct with `deleted_at: Option<Timestamp>` and `updated_at: Timestamp`)
/// [`Restorable`], and gives it `is_deleted`.
macro_rules! restorable {
    ($record:ty) => {
        impl $record {
            /// Whether it is soft-deleted.
            #[must_use]
            pub fn is_deleted(&self) -> bool {
                self.deleted_at.is_some()
            }
        }

        impl $crate::change::Restorable for $record {
            fn stamps(
                &mut self,
            ) -> (
                &mut Option<$crate::timestamp::Timestamp>,
                &mut $crate::timestamp::Timestamp,
            ) {
                (&mut self.deleted_at, &mut self.updated_at)
            }
        }
    };
}

pub(crate) use restorable;

/// `record` after a change made by `edit` (which sets the fields the change gives, or refuses
/// it) and asking for `deleted` (`true` soft-deletes, `false` restores), at `now`.
///
/// # Errors
///
/// `Gone` (as `E`) when the record is deleted and the change does not restore it; whatever
/// `edit` refuses the change with.
pub fn apply<T, E>(
    record: &T,
    deleted: Option<bool>,
    now: Timestamp,
    edit: impl FnOnce(&mut T) -> Result<(), E>,
) -> Result<T, E>
where
    T: Restorable,
    E: From<Gone>,
{
    let mut next = record.clone();
    let (deleted_at, _) = next.stamps();
    soft_delete::accepts(*deleted_at, deleted)?;
    edit(&mut next)?;
    let (deleted_at, _) = next.stamps();
    *deleted_at = soft_delete::deleted_at_after(*deleted_at, deleted, now);
    if next != *record {
        *next.stamps().1 = now;
    }
    Ok(next)
}

/// Sets `field` to the value a change gives for it, if it gives one.
pub fn set<T: Clone>(field: &mut T, given: Option<&T>) {
    if let Some(value) = given {
        field.clone_from(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamp::at;

    #[derive(Debug, Clone, PartialEq)]
    struct Note {
        text: String,
        updated_at: Timestamp,
        deleted_at: Option<Timestamp>,
    }

    restorable!(Note);

    fn note() -> Note {
        Note {
            text: "a".to_owned(),
            updated_at: at(1),
            deleted_at: None,
        }
    }

    fn write(text: &str) -> impl FnOnce(&mut Note) -> Result<(), Gone> + '_ {
        move |next| {
            set(&mut next.text, Some(&text.to_owned()));
            Ok(())
        }
    }

    #[test]
    fn a_change_moves_updated_at_and_its_current_value_does_not() {
        let changed = apply(&note(), None, at(5), write("b")).unwrap();
        assert_eq!((changed.text.as_str(), changed.updated_at), ("b", at(5)));
        let same = apply(&note(), None, at(5), write("a")).unwrap();
        assert_eq!(same, note());
    }

    #[test]
    fn a_deleted_record_takes_only_its_restoration() {
        let deleted = apply(&note(), Some(true), at(5), |_| Ok::<_, Gone>(())).unwrap();
        assert!(deleted.is_deleted() && !note().is_deleted());
        assert_eq!(
            (deleted.deleted_at, deleted.updated_at),
            (Some(at(5)), at(5))
        );
        assert_eq!(apply(&deleted, None, at(6), write("b")), Err(Gone));
        assert_eq!(apply(&deleted, Some(true), at(6), write("b")), Err(Gone));
        let restored = apply(&deleted, Some(false), at(7), write("b")).unwrap();
        assert_eq!(
            (
                restored.deleted_at,
                restored.text.as_str(),
                restored.updated_at
            ),
            (None, "b", at(7))
        );
    }

    #[test]
    fn a_refused_edit_refuses_the_change() {
        let refused: Result<Note, Gone> = apply(&note(), None, at(5), |_| Err(Gone));
        assert_eq!(refused, Err(Gone));
    }

    #[test]
    fn a_field_not_given_stays() {
        let mut text = "a".to_owned();
        set(&mut text, None);
        assert_eq!(text, "a");
        set(&mut text, Some(&"b".to_owned()));
        assert_eq!(text, "b");
    }
}
