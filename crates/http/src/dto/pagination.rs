//! Pagination parameters and metadata, shared by every list.

use std::marker::PhantomData;

use roster_app::pagination::{Listing, PageParams};
use roster_domain::pagination::{Limit, Page, Sort, SortField};
use serde::{Deserialize, Serialize};
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::{IntoParams, ToSchema};

use super::schema::{sort_description, sort_pattern};
use crate::error::ApiError;
use crate::validation::Collector;

/// The pagination parameters of every list endpoint (`sort`, whose fields differ per list, is
/// documented by [`SortParam`]).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Pagination cursor for navigating results: a previous page's `next_cursor` or
    /// `prev_cursor`, as the server issued it (signed: any other value is a 400), valid only
    /// with the sort and filters it was issued with. Empty means the first page.
    #[param(pattern = "^[A-Za-z0-9_-]*$", max_length = 2048)]
    cursor: Option<String>,
    /// Number of items per page (1-100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100, default = 20)]
    limit: Option<String>,
    #[param(ignore)]
    sort: Option<String>,
    /// Whether to add `pagination.total`: exact up to 10,000 rows, PostgreSQL's estimate above.
    #[param(value_type = Option<bool>, default = false)]
    include_total: Option<String>,
}

impl PageQuery {
    /// The validated parameters of a list sorted by `F`: values of the wrong type are field
    /// errors (422), a sort the list does not offer a refusal (400 `invalid_sort`), both
    /// recorded in `errors`.
    pub fn parse<F: SortField>(self, errors: &mut Collector) -> Option<PageParams<F>> {
        let limit = match self.limit.as_deref().map(str::trim) {
            None => Some(Limit::DEFAULT),
            Some(raw) => match raw.parse::<i64>() {
                Ok(requested) => errors.check(&["query", "limit"], Limit::new(requested)),
                Err(_) => {
                    errors.push(&["query", "limit"], &Unparsable::Integer);
                    None
                }
            },
        };
        let include_total = match self.include_total.as_deref() {
            None => Some(false),
            Some(raw) => {
                let parsed = parse_bool(raw);
                if parsed.is_none() {
                    errors.push(&["query", "include_total"], &Unparsable::Boolean);
                }
                parsed
            }
        };
        let sort = match Sort::parse_or_default(self.sort.as_deref()) {
            Ok(sort) => Some(sort),
            Err(error) => {
                errors.refuse(ApiError::bad_request("invalid_sort", error.to_string()));
                None
            }
        };
        Some(PageParams {
            limit: limit?,
            sort: sort?,
            cursor: self.cursor.filter(|cursor| !cursor.is_empty()),
            include_total: include_total?,
        })
    }
}

/// The filters of a list endpoint, as its query string gives them: with the pagination
/// parameters, they make the use case's query.
pub trait ListFilters: serde::de::DeserializeOwned + 'static {
    /// The use case's query.
    type Query: 'static;

    /// The use case's query, or the 422 (values of the wrong type) or 400 (an unknown status,
    /// kind or sort field) the parameters deserve.
    fn try_into_domain(self, page: PageQuery) -> Result<Self::Query, ApiError>;
}

/// The `sort` parameter of a list sorted by `F`: its fields, its default, and a pattern that
/// accepts exactly the specifications the server does.
#[derive(Debug)]
pub struct SortParam<F>(PhantomData<F>);

impl<F: SortField> IntoParams for SortParam<F> {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let example = F::ALL.iter().find(|field| **field != F::ID).map_or_else(
            || "id:desc".to_owned(),
            |field| format!("{}:desc", field.name()),
        );
        vec![
            ParameterBuilder::new()
                .name("sort")
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(sort_description::<F>()))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some(sort_pattern::<F>()))
                        .examples([example]),
                ))
                .build(),
        ]
    }
}

/// Booleans as pydantic reads them from text.
pub fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "t" | "yes" | "y" | "on" => Some(true),
        "0" | "false" | "f" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

/// Query text that is not of the parameter's type.
#[derive(Debug, Clone, Copy)]
pub enum Unparsable {
    /// Not an integer.
    Integer,
    /// Not a boolean.
    Boolean,
}

impl crate::validation::Violation for Unparsable {
    fn describe(&self) -> (&'static str, String) {
        match self {
            Self::Integer => (
                "int_parsing",
                "Input should be a valid integer, unable to parse string as an integer".to_owned(),
            ),
            Self::Boolean => (
                "bool_parsing",
                "Input should be a valid boolean, unable to interpret input".to_owned(),
            ),
        }
    }
}

/// Pagination metadata.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaginationMeta {
    /// Cursor for the next page; null exactly when `has_next` is false.
    #[schema(
        required = true,
        pattern = "^[A-Za-z0-9_-]+$",
        example = "AQEAAAAB8v7Lx1c2Vyc18wMUpE"
    )]
    pub next_cursor: Option<String>,
    /// Cursor for the previous page; null exactly when `has_prev` is false.
    #[schema(required = true, pattern = "^[A-Za-z0-9_-]+$", example = json!(null))]
    pub prev_cursor: Option<String>,
    /// Whether there are results after this page.
    #[schema(example = true)]
    pub has_next: bool,
    /// Whether there are results before this page.
    #[schema(example = false)]
    pub has_prev: bool,
    /// Number of items in this page.
    #[schema(example = 20)]
    pub count: usize,
    /// Rows matching the filters (only with `include_total=true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 137)]
    pub total: Option<u64>,
    /// Whether `total` is PostgreSQL's estimate (above 10,000 rows) rather than exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = false)]
    pub total_is_estimate: Option<bool>,
}

/// A page of items with its pagination metadata, as sent. Each list documents its own page
/// type (see [`page_schema`]), so that generated clients see the item type by name.
#[derive(Debug, Serialize)]
pub struct Paginated<T> {
    /// The items of this page.
    pub data: Vec<T>,
    /// Pagination metadata.
    pub pagination: PaginationMeta,
}

/// Declares the documented form of a page of `$item`s, [`Paginated<$item>`] on the wire.
macro_rules! page_schema {
    ($(#[$meta:meta])* $name:ident, $item:ty) => {
        #[derive(Debug, utoipa::ToSchema)]
        $(#[$meta])*
        pub struct $name {
            /// The items of this page.
            pub data: Vec<$item>,
            /// Pagination metadata.
            pub pagination: $crate::dto::pagination::PaginationMeta,
        }
    };
}

pub(crate) use page_schema;

impl<T> Paginated<T> {
    /// `items` as one page holding them all: for lists bounded by design to a handful (a
    /// game's OpenID providers), in the envelope every list answers.
    pub fn whole(items: Vec<T>) -> Self {
        Self {
            pagination: PaginationMeta {
                next_cursor: None,
                prev_cursor: None,
                has_next: false,
                has_prev: false,
                count: items.len(),
                total: None,
                total_is_estimate: None,
            },
            data: items,
        }
    }

    /// The wire form of `listing`, each item converted with `item`.
    pub fn from_listing<D>(listing: Listing<D>, item: impl FnMut(D) -> T) -> Self {
        let Listing { page, total } = listing;
        let Page {
            items,
            has_next,
            has_prev,
            next_cursor,
            prev_cursor,
        } = page;
        let data: Vec<T> = items.into_iter().map(item).collect();
        Self {
            pagination: PaginationMeta {
                next_cursor,
                prev_cursor,
                has_next,
                has_prev,
                count: data.len(),
                total: total.map(|total| total.value),
                total_is_estimate: total.map(|total| total.is_estimate),
            },
            data,
        }
    }
}
