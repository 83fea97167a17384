//! One declaration per resource of the fields its lists sort by.

/// Declares a resource's sort-field enum, its [`SortField`] implementation and the
/// [`Keyed`] implementation that reads each field's value from a row.
///
/// ```ignore
/// sort_fields! {
///     /// The fields games can be sorted by.
///     pub enum GameSortField for Game {
///         Id;
///         Name = "name", Text, |game| KeyValue::Text(game.name.as_str().to_owned());
///         DisplayName = "display_name", Text nullable, |game| …;
///         CreatedAt;
///         UpdatedAt;
///     }
/// }
/// ```
///
/// `Id;`, `CreatedAt;` and `UpdatedAt;` stand for the fields every resource has, read from its
/// `id`, `created_at` and `updated_at`. Fields are listed, in error messages too, in the order
/// declared; the `Id` variant is the tie-breaker. A field marked `nullable` may read as
/// [`KeyValue::Null`]. The default sort is `created_at:desc` (then `id`) unless a
/// `default: CreatedAt Desc, Id Asc;` line after the fields says otherwise.
///
/// [`SortField`]: crate::pagination::SortField
/// [`Keyed`]: crate::pagination::Keyed
/// [`KeyValue::Null`]: crate::pagination::KeyValue::Null
macro_rules! sort_fields {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident for $row_type:ty { $($items:tt)+ }
        $(default: $($default:ident $direction:ident),+;)?
    ) => {
        $crate::pagination::sort_fields!(
            @fields [$(#[$meta])* $vis enum $name for $row_type]
            [$($($default $direction),+)?] [] $($items)+
        );
    };
    // The shorthands, written out.
    (@fields $head:tt $default:tt [$($done:tt)*] Id; $($rest:tt)*) => {
        $crate::pagination::sort_fields!(@fields $head $default [$($done)*
            Id = "id", Id, |row| $crate::pagination::KeyValue::Id(row.id.to_bytes());
        ] $($rest)*);
    };
    (@fields $head:tt $default:tt [$($done:tt)*] CreatedAt; $($rest:tt)*) => {
        $crate::pagination::sort_fields!(@fields $head $default [$($done)*
            CreatedAt = "created_at", Timestamp,
                |row| $crate::pagination::KeyValue::Timestamp(row.created_at);
        ] $($rest)*);
    };
    (@fields $head:tt $default:tt [$($done:tt)*] UpdatedAt; $($rest:tt)*) => {
        $crate::pagination::sort_fields!(@fields $head $default [$($done)*
            UpdatedAt = "updated_at", Timestamp,
                |row| $crate::pagination::KeyValue::Timestamp(row.updated_at);
        ] $($rest)*);
    };
    (
        @fields $head:tt $default:tt [$($done:tt)*]
        $variant:ident = $field:literal, $kind:ident $($nullable:ident)?, |$row:ident| $value:expr;
        $($rest:tt)*
    ) => {
        $crate::pagination::sort_fields!(@fields $head $default [$($done)*
            $variant = $field, $kind $($nullable)?, |$row| $value;
        ] $($rest)*);
    };
    // Every field written out: the standard default, unless one was given.
    (@fields $head:tt [] $fields:tt) => {
        $crate::pagination::sort_fields!(@declare $head [CreatedAt Desc, Id Asc] $fields);
    };
    (@fields $head:tt [$($default:tt)+] $fields:tt) => {
        $crate::pagination::sort_fields!(@declare $head [$($default)+] $fields);
    };
    (
        @declare
        [$(#[$meta:meta])* $vis:vis enum $name:ident for $row_type:ty]
        [$($default:ident $direction:ident),+]
        [$(
            $variant:ident = $field:literal, $kind:ident $($nullable:ident)?,
            |$row:ident| $value:expr;
        )+]
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $(
                #[doc = concat!("`", $field, "`.")]
                $variant,
            )+
        }

        impl $crate::pagination::SortField for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            const ID: Self = Self::Id;
            const DEFAULT: &'static [(Self, $crate::pagination::Direction)] =
                &[$((Self::$default, $crate::pagination::Direction::$direction)),+];

            fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $field,)+
                }
            }

            fn kind(self) -> $crate::pagination::FieldKind {
                match self {
                    $(Self::$variant => $crate::pagination::FieldKind::$kind,)+
                }
            }

            fn nullable(self) -> bool {
                match self {
                    $(Self::$variant => $crate::pagination::sort_fields!(@nullable $($nullable)?),)+
                }
            }
        }

        impl $crate::pagination::Keyed<$name> for $row_type {
            fn key_value(&self, field: $name) -> $crate::pagination::KeyValue {
                match field {
                    $($name::$variant => {
                        let $row = self;
                        $value
                    })+
                }
            }
        }
    };
    (@nullable) => {
        false
    };
    (@nullable nullable) => {
        true
    };
}

pub(crate) use sort_fields;

#[cfg(test)]
mod tests {
    use crate::pagination::{Direction, FieldKind, KeyValue, Keyed, Sort, SortField};

    struct Row {
        id: [u8; 16],
        name: Option<String>,
    }

    sort_fields! {
        /// Test fields.
        enum Field for Row {
            Id = "id", Id, |row| KeyValue::Id(row.id);
            Name = "name", Text nullable,
                |row| row.name.clone().map_or(KeyValue::Null, KeyValue::Text);
            CreatedAt = "created_at", Timestamp, |_row| KeyValue::Null;
        }
        default: CreatedAt Desc, Id Asc;
    }

    #[test]
    fn the_declaration_gives_names_kinds_nullability_and_values_in_its_order() {
        assert_eq!(Field::ALL, [Field::Id, Field::Name, Field::CreatedAt]);
        assert_eq!(Field::ID, Field::Id);
        assert_eq!(
            Field::DEFAULT,
            [
                (Field::CreatedAt, Direction::Desc),
                (Field::Id, Direction::Asc)
            ]
        );
        let names: Vec<_> = Field::ALL.iter().map(|field| field.name()).collect();
        assert_eq!(names, ["id", "name", "created_at"]);
        assert_eq!(Field::Name.kind(), FieldKind::Text);
        assert_eq!(Field::CreatedAt.kind(), FieldKind::Timestamp);
        assert!(Field::Name.nullable());
        assert!(!Field::Id.nullable() && !Field::CreatedAt.nullable());

        let named = Row {
            id: [7; 16],
            name: Some("Ada".to_owned()),
        };
        let unnamed = Row {
            id: [8; 16],
            name: None,
        };
        assert_eq!(named.key_value(Field::Id), KeyValue::Id([7; 16]));
        assert_eq!(
            named.key_value(Field::Name),
            KeyValue::Text("Ada".to_owned())
        );
        assert_eq!(unnamed.key_value(Field::Name), KeyValue::Null);
        assert!(Sort::<Field>::parse("name:desc").is_ok());
    }

    struct Record {
        id: crate::AccountId,
        created_at: crate::Timestamp,
        updated_at: crate::Timestamp,
    }

    sort_fields! {
        /// Fields written with the shorthands, under the standard default.
        enum RecordField for Record {
            Id;
            CreatedAt;
            UpdatedAt;
        }
    }

    #[test]
    fn the_shorthands_read_the_common_fields_and_the_default_is_newest_first() {
        let at = |micros| crate::Timestamp::from_unix_micros(micros).unwrap();
        let record = Record {
            id: crate::AccountId::new(),
            created_at: at(1),
            updated_at: at(2),
        };
        let names: Vec<_> = RecordField::ALL.iter().map(|field| field.name()).collect();
        assert_eq!(names, ["id", "created_at", "updated_at"]);
        assert_eq!(RecordField::CreatedAt.kind(), FieldKind::Timestamp);
        assert_eq!(
            record.key_value(RecordField::Id),
            KeyValue::Id(record.id.to_bytes())
        );
        assert_eq!(
            record.key_value(RecordField::CreatedAt),
            KeyValue::Timestamp(at(1))
        );
        assert_eq!(
            record.key_value(RecordField::UpdatedAt),
            KeyValue::Timestamp(at(2))
        );
        assert_eq!(
            RecordField::DEFAULT,
            [
                (RecordField::CreatedAt, Direction::Desc),
                (RecordField::Id, Direction::Asc)
            ]
        );
    }
}
