//! A Diesel query wrapped in fixed SQL: `SELECT count(*) FROM (…)`, `EXPLAIN …`.

use std::marker::PhantomData;

use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};

/// `prefix <inner query> suffix`: a query wrapped in fixed SQL, returning `ST`.
///
/// Only for fixed, trusted text around a Diesel-built query whose values stay bound parameters.
#[derive(Debug, Clone)]
pub(crate) struct Wrapped<Q, ST> {
    prefix: &'static str,
    inner: Q,
    suffix: &'static str,
    sql_type: PhantomData<ST>,
}

impl<Q, ST> Wrapped<Q, ST> {
    pub(crate) fn new(prefix: &'static str, inner: Q, suffix: &'static str) -> Self {
        Self {
            prefix,
            inner,
            suffix,
            sql_type: PhantomData,
        }
    }
}

impl<Q: QueryFragment<Pg>, ST> QueryFragment<Pg> for Wrapped<Q, ST> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(self.prefix);
        self.inner.walk_ast(out.reborrow())?;
        out.push_sql(self.suffix);
        Ok(())
    }
}

impl<Q, ST> QueryId for Wrapped<Q, ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q, ST: diesel::sql_types::SqlType + diesel::sql_types::SingleValue> Query for Wrapped<Q, ST> {
    type SqlType = ST;
}
