//! Pagination parameters and metadata, shared by every list.

use roster_app::pagination::{Listing, PageParams};
use roster_domain::pagination::{Limit, Page};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::validation::Collector;

/// The pagination parameters of every list endpoint.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Pagination cursor for navigating results: a previous page's `next_cursor` or
    /// `prev_cursor`. Signed; valid only with the sort and filters it was issued with.
    cursor: Option<String>,
    /// Number of items per page (1-100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100, default = 20)]
    limit: Option<String>,
    /// Sort specification: `field:dir[,field:dir…]`, `dir` being `asc` or `desc`, at most four
    /// fields; `id:asc` is appended when `id` is absent. Default `created_at:desc,id:asc`.
    #[param(example = "name:asc,created_at:desc")]
    sort: Option<String>,
    /// Whether to add `pagination.total`: exact up to 10,000 rows, PostgreSQL's estimate above.
    #[param(value_type = Option<bool>, default = false)]
    include_total: Option<String>,
}

impl PageQuery {
    /// The validated parameters; errors go to `errors`.
    pub fn parse(self, errors: &mut Collector) -> Option<PageParams> {
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
        Some(PageParams {
            limit: limit?,
            sort: self.sort,
            cursor: self.cursor.filter(|cursor| !cursor.is_empty()),
            include_total: include_total?,
        })
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
    pub next_cursor: Option<String>,
    /// Cursor for the previous page; null exactly when `has_prev` is false.
    pub prev_cursor: Option<String>,
    /// Whether there are results after this page.
    pub has_next: bool,
    /// Whether there are results before this page.
    pub has_prev: bool,
    /// Number of items in this page.
    pub count: usize,
    /// Rows matching the filters (only with `include_total=true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Whether `total` is PostgreSQL's estimate (above 10,000 rows) rather than exact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_is_estimate: Option<bool>,
}

/// A page of items with its pagination metadata.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paginated<T: ToSchema> {
    /// The items of this page.
    pub data: Vec<T>,
    /// Pagination metadata.
    pub pagination: PaginationMeta,
}

impl<T: ToSchema> Paginated<T> {
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
