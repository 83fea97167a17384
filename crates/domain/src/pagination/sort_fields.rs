//! One declaration per resource of the fields its lists sort by.

/// Declares a resource's sort-field enum, its [`SortField`] implementation and the
/// [`Keyed`] implementation that reads each field's value from a row.
///
/// ```ignore
/// sort_fields! {
///     /// The fields games can be sorted by.
///     pub enum GameSortField for Game {
///         Id = "id", Id, |game| KeyValue::Id(game.id.to_bytes());
///         Name = "name", Text, |game| KeyValue::Text(game.name.as_str().to_owned());
///         DisplayName = "display_name", Text nullable, |game| …;
///     }
///     default: CreatedAt Desc, Id Asc;
/// }
/// ```
///
/// Fields are listed, in error messages too, in the order declared; the `Id` variant is the
/// tie-breaker. A field marked `nullable` may read as [`KeyValue::Null`].
///
/// [`SortField`]: crate::pagination::SortField
/// [`Keyed`]: crate::pagination::Keyed
/// [`KeyValue::Null`]: crate::pagination::KeyValue::Null
macro_rules! sort_fields {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident for $row_type:ty {
            $(
                $variant:ident = $field:literal, $kind:ident $($nullable:ident)?,
                |$row:ident| $value:expr;
            )+
        }
        default: $($default:ident $direction:ident),+;
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
}
