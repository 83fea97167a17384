//! What every list use case shares: page parameters, their errors, the listing they return,
//! and the one pipeline that makes it ([`list`]).

use roster_domain::pagination::{
    CursorCodec, CursorError, FingerprintBuilder, Keyed, Limit, Page, PageRequest,
    PageRequestError, QueryFingerprint, Sort, SortField, Total,
};

use roster_domain::policy::Forbidden;

use crate::ports::{Database, ListRows, StoreError};

/// The pagination parameters of a list sorted by `F`: the sort parsed (by the adapter that
/// received the request), the cursor still as the caller gave it (it is checked against the
/// whole query, here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageParams<F: SortField> {
    /// The page size.
    pub limit: Limit,
    /// The order.
    pub sort: Sort<F>,
    /// The cursor from a previous page, if continuing.
    pub cursor: Option<String>,
    /// Whether to count the filtered rows.
    pub include_total: bool,
}

impl<F: SortField> Default for PageParams<F> {
    /// The first page, of the default size, in the default order, uncounted.
    fn default() -> Self {
        Self {
            limit: Limit::default(),
            sort: Sort::default_sort(),
            cursor: None,
            include_total: false,
        }
    }
}

/// Why the pagination parameters cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
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

/// Why a list was not read: the same for every list the one pipeline serves.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// The principal named an account that is not theirs.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The sort or the cursor cannot be used.
    #[error(transparent)]
    Page(#[from] PageError),
    /// The resource the list belongs to (a player, for its bans) does not exist.
    #[error("{} not found", .0.name())]
    NotFound(crate::lookup::Resource),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<crate::lookup::LookupError> for ListError {
    /// The parent of a list (a player of its bans, a webhook of its deliveries) not read.
    fn from(error: crate::lookup::LookupError) -> Self {
        match error {
            crate::lookup::LookupError::Forbidden(forbidden) => Self::Forbidden(forbidden),
            crate::lookup::LookupError::NotFound(resource) => Self::NotFound(resource),
            crate::lookup::LookupError::Store(error) => Self::Store(error),
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

/// Verifies the cursor of `params` for a query with `fingerprint`.
fn page_request<F: SortField>(
    params: &PageParams<F>,
    fingerprint: QueryFingerprint,
    codec: &CursorCodec,
) -> Result<PageRequest<F>, PageError> {
    Ok(PageRequest::decode(
        params.limit,
        params.sort.clone(),
        fingerprint,
        params.cursor.as_deref(),
        codec,
    )?)
}

/// A list's filters, as they bind its cursors: a cursor issued under one set of filters is
/// refused under another.
pub trait Fingerprinted {
    /// Adds each filter's value to `builder`.
    fn fingerprint(&self, builder: FingerprintBuilder) -> FingerprintBuilder;
}

/// The one list pipeline: binds the cursor to `endpoint` and `filter`, parses the sort and
/// checks the cursor, reads the page and (when asked) its bounded total on one connection,
/// and assembles the page with its cursors.
pub async fn list<D, R, F, Q, E>(
    db: &D,
    cursors: &CursorCodec,
    endpoint: &str,
    filter: &Q,
    params: &PageParams<F>,
) -> Result<Listing<R>, E>
where
    D: Database,
    D::Conn: ListRows<R, F, Q>,
    F: SortField,
    R: Keyed<F> + Send,
    Q: Fingerprinted + Sync,
    E: From<PageError> + From<StoreError> + Send,
{
    let fingerprint = filter
        .fingerprint(QueryFingerprint::builder(endpoint))
        .finish();
    let request = page_request::<F>(params, fingerprint, cursors)?;
    let include_total = params.include_total;
    let (rows, total) = db
        .read(async |conn: &mut D::Conn| -> Result<_, StoreError> {
            let rows = conn.page(filter, request.scan()).await?;
            let total = match include_total {
                true => Some(conn.total(filter).await?),
                false => None,
            };
            Ok((rows, total))
        })
        .await?;
    Ok(Listing {
        page: request.assemble(rows, cursors),
        total,
    })
}
