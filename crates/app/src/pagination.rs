//! What every list use case shares: page parameters, their errors, and the listing they return.

use roster_domain::pagination::{
    CursorCodec, CursorError, Limit, Page, PageRequest, PageRequestError, QueryFingerprint, Sort,
    SortError, SortField, Total,
};

/// The pagination parameters of a list request, as the caller gave them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageParams {
    /// The page size.
    pub limit: Limit,
    /// The sort specification, if given.
    pub sort: Option<String>,
    /// The cursor from a previous page, if continuing.
    pub cursor: Option<String>,
    /// Whether to count the filtered rows.
    pub include_total: bool,
}

/// Why the pagination parameters cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    /// The sort specification is invalid.
    #[error(transparent)]
    InvalidSort(#[from] SortError),
    /// The cursor is malformed, forged or edited.
    #[error(transparent)]
    InvalidCursor(CursorError),
    /// The cursor belongs to another sort, filter set or endpoint.
    #[error("Query parameters don't match cursor state. Start a new pagination sequence.")]
    StateMismatch,
}

impl From<PageRequestError> for PageError {
    fn from(error: PageRequestError) -> Self {
        match error {
            PageRequestError::Cursor(cursor) => Self::InvalidCursor(cursor),
            PageRequestError::StateMismatch => Self::StateMismatch,
        }
    }
}

/// One page of a list, with the total when it was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing<T> {
    /// The page.
    pub page: Page<T>,
    /// The number of rows matching the filters, if asked for.
    pub total: Option<Total>,
}

/// Parses the sort and verifies the cursor of `params` for a query with `fingerprint`.
pub fn page_request<F: SortField>(
    params: &PageParams,
    fingerprint: QueryFingerprint,
    codec: &CursorCodec,
) -> Result<PageRequest<F>, PageError> {
    let sort = Sort::parse_or_default(params.sort.as_deref())?;
    Ok(PageRequest::decode(
        params.limit,
        sort,
        fingerprint,
        params.cursor.as_deref(),
        codec,
    )?)
}
