//! The typed values a position is made of.

use std::cmp::Ordering;

use crate::timestamp::Timestamp;

/// The type of a sortable field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// A prefixed id, stored as a uuid.
    Id,
    /// Text, ordered by the database's collation.
    Text,
    /// A microsecond timestamp.
    Timestamp,
}

/// One sort key's value in a row, as a cursor carries it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KeyValue {
    /// SQL NULL (only for nullable fields).
    Null,
    /// An id's 16 bytes.
    Id([u8; 16]),
    /// Text.
    Text(String),
    /// A timestamp.
    Timestamp(Timestamp),
}

impl KeyValue {
    /// Whether this value can stand for a field of `kind`.
    #[must_use]
    pub fn fits(&self, kind: FieldKind, nullable: bool) -> bool {
        match self {
            Self::Null => nullable,
            Self::Id(_) => kind == FieldKind::Id,
            Self::Text(_) => kind == FieldKind::Text,
            Self::Timestamp(_) => kind == FieldKind::Timestamp,
        }
    }

    /// Ascending order as PostgreSQL sorts with the `C` collation: NULL above every value.
    ///
    /// Values of different kinds never meet in one field; they compare by kind so that the
    /// order stays total.
    #[must_use]
    pub fn compare(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Null, Self::Null) => Ordering::Equal,
            (Self::Null, _) => Ordering::Greater,
            (_, Self::Null) => Ordering::Less,
            (Self::Id(a), Self::Id(b)) => a.cmp(b),
            (Self::Text(a), Self::Text(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Self::Timestamp(a), Self::Timestamp(b)) => a.cmp(b),
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Self::Id(_) => 0,
            Self::Text(_) => 1,
            Self::Timestamp(_) => 2,
            Self::Null => 3,
        }
    }
}

/// An entity that can be paginated by the fields `F`.
pub trait Keyed<F> {
    /// The value of `field` in this row.
    fn key_value(&self, field: F) -> KeyValue;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_sorts_above_every_value() {
        let text = KeyValue::Text("zzz".to_owned());
        assert_eq!(KeyValue::Null.compare(&text), Ordering::Greater);
        assert_eq!(text.compare(&KeyValue::Null), Ordering::Less);
        assert_eq!(KeyValue::Null.compare(&KeyValue::Null), Ordering::Equal);
    }

    #[test]
    fn text_compares_bytewise_like_the_c_collation() {
        let upper = KeyValue::Text("Z".to_owned());
        let lower = KeyValue::Text("a".to_owned());
        assert_eq!(upper.compare(&lower), Ordering::Less);
    }

    #[test]
    fn null_fits_only_nullable_fields_and_values_only_their_kind() {
        assert!(KeyValue::Null.fits(FieldKind::Text, true));
        assert!(!KeyValue::Null.fits(FieldKind::Text, false));
        assert!(KeyValue::Id([0; 16]).fits(FieldKind::Id, false));
        assert!(!KeyValue::Id([0; 16]).fits(FieldKind::Text, false));
        assert!(!KeyValue::Text(String::new()).fits(FieldKind::Timestamp, true));
    }
}
