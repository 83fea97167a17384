//! Running the keyset queries of one page.

/// Runs the queries of one page in order until `fetch` rows of type `$row` are read; evaluates
/// to `QueryResult<Vec<$row>>` with at most `fetch` rows.
///
/// A macro rather than a generic function: the boxed queries' load futures do not satisfy the
/// lifetime bounds a generic async helper would need to state.
macro_rules! load_in_order {
    ($conn:expr, $queries:expr, $fetch:expr, $row:ty) => {{
        let fetch: usize = $fetch;
        let mut rows: Vec<$row> = Vec::with_capacity(fetch);
        let mut outcome: diesel::QueryResult<()> = Ok(());
        for query in $queries {
            if rows.len() >= fetch {
                break;
            }
            match diesel_async::RunQueryDsl::load::<$row>(query, $conn).await {
                Ok(batch) => rows.extend(batch),
                Err(error) => {
                    outcome = Err(error);
                    break;
                }
            }
        }
        rows.truncate(fetch);
        outcome.map(|()| rows)
    }};
}

pub(crate) use load_in_order;
