//! Sort specifications: `field:dir[,field:dir…]` against a resource's declared fields.

use std::cmp::Ordering;
use std::fmt;
use std::hash::Hash;

use super::key_value::{FieldKind, KeyValue};

/// Most fields a caller may name in one sort (the `id` tie-breaker comes on top).
pub const MAX_SORT_FIELDS: usize = 4;

/// A sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Smallest first; NULL last.
    Asc,
    /// Largest first; NULL first.
    Desc,
}

impl Direction {
    /// The wire form.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }

    /// The other direction.
    #[must_use]
    pub const fn reversed(self) -> Self {
        match self {
            Self::Asc => Self::Desc,
            Self::Desc => Self::Asc,
        }
    }

    fn parse(input: &str) -> Option<Self> {
        if input.eq_ignore_ascii_case("asc") {
            Some(Self::Asc)
        } else if input.eq_ignore_ascii_case("desc") {
            Some(Self::Desc)
        } else {
            None
        }
    }
}

/// The fields a resource can be sorted by. Implemented by one enum per resource.
pub trait SortField: Copy + Eq + Hash + fmt::Debug + Send + Sync + 'static {
    /// Every sortable field, in the order error messages list them.
    const ALL: &'static [Self];
    /// The unique, creation-ordered `id` field, used as the tie-breaker.
    const ID: Self;
    /// The sort used when none is given.
    const DEFAULT: &'static [(Self, Direction)];

    /// The field's name on the wire.
    fn name(self) -> &'static str;
    /// The field's type.
    fn kind(self) -> FieldKind;
    /// Whether the field can be NULL.
    fn nullable(self) -> bool;
}

/// One key of a sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SortKey<F> {
    /// The field.
    pub field: F,
    /// Its direction.
    pub direction: Direction,
}

/// A validated sort: distinct fields, ending with `id`, so that it orders rows totally.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sort<F> {
    keys: Vec<SortKey<F>>,
}

/// Why a sort specification was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SortError {
    /// `a:asc,,b:desc` or a trailing comma.
    #[error("Invalid sort: empty sort field")]
    EmptyField,
    /// A field the resource cannot be sorted by.
    #[error("Invalid sort field '{field}'. Valid fields: {valid}")]
    UnknownField {
        /// What was asked for.
        field: String,
        /// The valid fields, comma-separated.
        valid: String,
    },
    /// A direction other than `asc` or `desc`.
    #[error("Invalid sort direction '{direction}' for field '{field}'. Use 'asc' or 'desc'")]
    InvalidDirection {
        /// The field.
        field: String,
        /// What was asked for.
        direction: String,
    },
    /// A field named twice.
    #[error("Invalid sort: field '{field}' appears more than once")]
    DuplicateField {
        /// The field.
        field: String,
    },
    /// More than [`MAX_SORT_FIELDS`] fields.
    #[error("Invalid sort: at most {max} sort fields are allowed")]
    TooManyFields {
        /// The maximum.
        max: usize,
    },
}

impl<F: SortField> Sort<F> {
    /// Parses `field[:dir][,field[:dir]…]`; a missing direction means `asc`, directions are
    /// case-insensitive, field names are not, and no whitespace is read around them. `None` or
    /// empty gives the resource's default.
    pub fn parse_or_default(spec: Option<&str>) -> Result<Self, SortError> {
        match spec {
            None | Some("") => Ok(Self::default_sort()),
            Some(spec) => Self::parse(spec),
        }
    }

    /// Parses a non-empty specification.
    pub fn parse(spec: &str) -> Result<Self, SortError> {
        let mut keys: Vec<SortKey<F>> = Vec::new();
        for part in spec.split(',') {
            if part.is_empty() {
                return Err(SortError::EmptyField);
            }
            let (name, direction) = match part.split_once(':') {
                Some((name, direction)) => (name, Some(direction)),
                None => (part, None),
            };
            let field = F::ALL
                .iter()
                .copied()
                .find(|field| field.name() == name)
                .ok_or_else(|| SortError::UnknownField {
                    field: name.to_owned(),
                    valid: valid_fields::<F>(),
                })?;
            let direction = match direction {
                None => Direction::Asc,
                Some(raw) => Direction::parse(raw).ok_or_else(|| SortError::InvalidDirection {
                    field: name.to_owned(),
                    direction: raw.to_owned(),
                })?,
            };
            if keys.iter().any(|key| key.field == field) {
                return Err(SortError::DuplicateField {
                    field: name.to_owned(),
                });
            }
            keys.push(SortKey { field, direction });
            if keys.len() > MAX_SORT_FIELDS {
                return Err(SortError::TooManyFields {
                    max: MAX_SORT_FIELDS,
                });
            }
        }
        Ok(Self::completed(keys))
    }

    /// The resource's default sort.
    #[must_use]
    pub fn default_sort() -> Self {
        Self::completed(
            F::DEFAULT
                .iter()
                .map(|&(field, direction)| SortKey { field, direction })
                .collect(),
        )
    }

    /// Keys after `id` never decide an order, so they are dropped; `id:asc` is appended when
    /// `id` is absent, so that the order is total and a position is unambiguous.
    fn completed(mut keys: Vec<SortKey<F>>) -> Self {
        match keys.iter().position(|key| key.field == F::ID) {
            Some(id_at) => keys.truncate(id_at + 1),
            None => keys.push(SortKey {
                field: F::ID,
                direction: Direction::Asc,
            }),
        }
        Self { keys }
    }

    /// The keys, most significant first; the last is always `id`.
    #[must_use]
    pub fn keys(&self) -> &[SortKey<F>] {
        &self.keys
    }

    /// The canonical text form, `name:asc,id:asc`, as cursors record it.
    #[must_use]
    pub fn canonical(&self) -> String {
        self.keys
            .iter()
            .map(|key| format!("{}:{}", key.field.name(), key.direction.as_str()))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Orders two positions (one value per key) as this sort does, NULL above every value.
    #[must_use]
    pub fn compare(&self, a: &[KeyValue], b: &[KeyValue]) -> Ordering {
        for (key, (x, y)) in self.keys.iter().zip(a.iter().zip(b)) {
            let ascending = x.compare(y);
            let ordering = match key.direction {
                Direction::Asc => ascending,
                Direction::Desc => ascending.reverse(),
            };
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
        Ordering::Equal
    }
}

fn valid_fields<F: SortField>() -> String {
    F::ALL
        .iter()
        .map(|field| field.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pagination::test_support::Field;
    use proptest::prelude::*;

    fn canonical(spec: &str) -> Result<String, SortError> {
        Sort::<Field>::parse(spec).map(|sort| sort.canonical())
    }

    #[test]
    fn the_default_sort_is_newest_first_then_id() {
        assert_eq!(
            Sort::<Field>::parse_or_default(None).unwrap().canonical(),
            "created_at:desc,id:asc"
        );
        assert_eq!(
            Sort::<Field>::parse_or_default(Some("")).unwrap(),
            Sort::default_sort()
        );
    }

    #[test]
    fn id_asc_is_appended_when_absent() {
        assert_eq!(canonical("name:desc").unwrap(), "name:desc,id:asc");
        assert_eq!(
            canonical("name:asc,created_at:desc").unwrap(),
            "name:asc,created_at:desc,id:asc"
        );
    }

    #[test]
    fn an_explicit_id_keeps_its_direction_and_ends_the_sort() {
        assert_eq!(canonical("id:desc").unwrap(), "id:desc");
        assert_eq!(
            canonical("name:asc,id:desc,created_at:asc").unwrap(),
            "name:asc,id:desc"
        );
    }

    #[test]
    fn directions_are_case_insensitive_and_default_to_asc() {
        assert_eq!(
            canonical("name:DESC,nickname").unwrap(),
            "name:desc,nickname:asc,id:asc"
        );
        assert_eq!(canonical("name:Asc").unwrap(), "name:asc,id:asc");
    }

    #[test]
    fn whitespace_is_not_part_of_the_grammar() {
        for spec in [" name", "name ", "name: desc", "name,  nickname", "  "] {
            assert!(
                Sort::<Field>::parse_or_default(Some(spec)).is_err(),
                "{spec:?}"
            );
        }
    }

    #[test]
    fn an_unknown_field_names_the_valid_ones() {
        let err = Sort::<Field>::parse("score:desc").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid sort field 'score'. Valid fields: id, name, created_at, nickname"
        );
        assert!(
            Sort::<Field>::parse("Name:asc").is_err(),
            "field names are case-sensitive"
        );
    }

    #[test]
    fn malformed_specifications_are_refused() {
        assert_eq!(
            Sort::<Field>::parse("name:asc,"),
            Err(SortError::EmptyField)
        );
        assert!(matches!(
            Sort::<Field>::parse("name:up"),
            Err(SortError::InvalidDirection { .. })
        ));
        assert!(matches!(
            Sort::<Field>::parse("name:asc:desc"),
            Err(SortError::InvalidDirection { .. })
        ));
        assert_eq!(
            Sort::<Field>::parse("name:asc,name:desc"),
            Err(SortError::DuplicateField {
                field: "name".to_owned()
            })
        );
    }

    #[test]
    fn at_most_four_fields_may_be_named() {
        assert!(Sort::<Field>::parse("name,created_at,nickname,id").is_ok());
        let five = "name,created_at,nickname,id,name";
        assert!(Sort::<Field>::parse(five).is_err());
    }

    #[test]
    fn positions_compare_per_key_direction_with_null_highest() {
        let sort = Sort::<Field>::parse("nickname:asc").unwrap();
        let null_row = [KeyValue::Null, KeyValue::Id([1; 16])];
        let text_row = [KeyValue::Text("a".to_owned()), KeyValue::Id([0; 16])];
        assert_eq!(sort.compare(&text_row, &null_row), Ordering::Less);
        let sort = Sort::<Field>::parse("nickname:desc").unwrap();
        assert_eq!(sort.compare(&text_row, &null_row), Ordering::Greater);
    }

    proptest! {
        #[test]
        fn parsing_any_text_never_panics(spec in "\\PC{0,64}") {
            let _ = Sort::<Field>::parse_or_default(Some(&spec));
        }

        #[test]
        fn parsing_field_like_text_never_panics(
            spec in "((id|name|created_at|nickname|x)(:(asc|DESC|up))?,?){0,7}"
        ) {
            if let Ok(sort) = Sort::<Field>::parse_or_default(Some(&spec)) {
                prop_assert_eq!(sort.keys().last().map(|key| key.field), Some(Field::Id));
                let reparsed = Sort::<Field>::parse(&sort.canonical()).unwrap();
                prop_assert_eq!(reparsed, sort);
            }
        }
    }
}
