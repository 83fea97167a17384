//! A small resource for the pagination tests: a nullable field included.

use super::key_value::{FieldKind, KeyValue, Keyed};
use super::sort::{Direction, SortField};
use crate::timestamp::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Field {
    Id,
    Name,
    CreatedAt,
    Nickname,
}

impl SortField for Field {
    const ALL: &'static [Self] = &[Self::Id, Self::Name, Self::CreatedAt, Self::Nickname];
    const ID: Self = Self::Id;
    const DEFAULT: &'static [(Self, Direction)] = &[
        (Self::CreatedAt, Direction::Desc),
        (Self::Id, Direction::Asc),
    ];

    fn name(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Name => "name",
            Self::CreatedAt => "created_at",
            Self::Nickname => "nickname",
        }
    }

    fn kind(self) -> FieldKind {
        match self {
            Self::Id => FieldKind::Id,
            Self::Name | Self::Nickname => FieldKind::Text,
            Self::CreatedAt => FieldKind::Timestamp,
        }
    }

    fn nullable(self) -> bool {
        self == Self::Nickname
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub id: [u8; 16],
    pub name: String,
    pub created_at: Timestamp,
    pub nickname: Option<String>,
}

impl Keyed<Field> for Row {
    fn key_value(&self, field: Field) -> KeyValue {
        match field {
            Field::Id => KeyValue::Id(self.id),
            Field::Name => KeyValue::Text(self.name.clone()),
            Field::CreatedAt => KeyValue::Timestamp(self.created_at),
            Field::Nickname => self.nickname.clone().map_or(KeyValue::Null, KeyValue::Text),
        }
    }
}
