//! Cursor pagination: the rules every list of the API follows.
//!
//! - [`Sort`]: `field:dir[,field:dir…]` parsed against a resource's declared [`SortField`]s, with
//!   `id:asc` appended as the tie-breaker that makes every order total.
//! - [`Cursor`] and [`CursorCodec`]: an opaque, HMAC-SHA256-signed position, bound to the sort,
//!   the filters and the endpoint it was issued for (a [`QueryFingerprint`]).
//! - [`PageRequest`]: one validated request; it tells the store what to fetch ([`Scan`]) and turns
//!   the rows fetched into a [`Page`] with its flags and cursors.
//!
//! Stores implement the scan as a keyset query: rows strictly beyond the position in scan order,
//! ordered by the sort keys, `limit + 1` of them. Nullable keys follow PostgreSQL's order, where
//! NULL sorts above every value ([`KeyValue::compare`]).

mod cursor;
mod fingerprint;
mod key_value;
mod limit;
mod page;
mod sort;
mod sort_fields;
mod total;

pub use cursor::{Cursor, CursorCodec, CursorDirection, CursorError, CursorKeyError};
pub use fingerprint::{FingerprintBuilder, QueryFingerprint};
pub use key_value::{FieldKind, KeyValue, Keyed};
pub use limit::{Limit, LimitError};
pub use page::{Bound, Page, PageRequest, PageRequestError, Scan};
pub use sort::{Direction, MAX_SORT_FIELDS, Sort, SortError, SortField, SortKey};
pub use total::{EXACT_TOTAL_LIMIT, Total};

pub(crate) use sort_fields::sort_fields;

#[cfg(test)]
pub(crate) mod test_support;
