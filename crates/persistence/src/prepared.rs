//! Hand-written statements that each connection prepares once.
//!
//! Diesel's `sql_query` marks its statement unsafe to cache, so diesel-async prepares it again
//! on every run: a Parse round trip, and a plan, before the Bind/Execute one. On the audit
//! log's statement, which every write runs, that doubled the event's round trips and kept
//! user creation under half its rate without the event (bench/AUDIT.md). A [`Prepared`]
//! statement is cached by its SQL text, as the query builder's statements are, so from its
//! second run on a connection it costs one round trip and no planning.

use diesel::QueryResult;
use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::result::Error;
use diesel::sql_types::{SingleValue, SqlType, Untyped};

type Bind<'a> = Box<dyn QueryFragment<Pg> + Send + 'a>;

/// A statement whose text names its parameters `$1`, `$2`, … each once and in that order, and
/// the values bound to them, in the same order. Rows read from it are `QueryableByName`.
pub(crate) struct Prepared<'a> {
    sql: &'static str,
    binds: Vec<Bind<'a>>,
}

impl<'a> Prepared<'a> {
    pub(crate) fn new(sql: &'static str) -> Self {
        Self {
            sql,
            binds: Vec::new(),
        }
    }

    /// Binds the next parameter as the SQL type `ST`.
    pub(crate) fn bind<ST, V>(mut self, value: V) -> Self
    where
        ST: SqlType + SingleValue,
        V: AsExpression<ST>,
        V::Expression: QueryFragment<Pg> + Send + 'a,
    {
        self.binds.push(Box::new(value.as_expression()));
        self
    }
}

/// The text split at its parameters: what precedes each `$n`, its number, and the tail.
fn segments(sql: &str) -> (Vec<(&str, usize)>, &str) {
    let mut parts = Vec::new();
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        let digits = rest[at + 1..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len() - at - 1);
        if digits == 0 {
            // A `$` that names no parameter; not one this project writes, kept as text.
            let (before, after) = rest.split_at(at + 1);
            parts.push((before, 0));
            rest = after;
            continue;
        }
        let number = rest[at + 1..at + 1 + digits].parse().unwrap_or(usize::MAX);
        parts.push((&rest[..at], number));
        rest = &rest[at + 1 + digits..];
    }
    (parts, rest)
}

impl QueryFragment<Pg> for Prepared<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let (parts, tail) = segments(self.sql);
        let mut binds = self.binds.iter();
        let mut next = 1;
        for (text, number) in parts {
            out.push_sql(text);
            if number == 0 {
                continue;
            }
            // Diesel numbers parameters as they are pushed: the text's must be the same.
            let bind = binds.next().filter(|_| number == next).ok_or_else(|| {
                Error::QueryBuilderError(
                    format!("statement parameter ${number} out of order or unbound").into(),
                )
            })?;
            bind.walk_ast(out.reborrow())?;
            next += 1;
        }
        if binds.next().is_some() {
            return Err(Error::QueryBuilderError(
                "more values bound than the statement has parameters".into(),
            ));
        }
        out.push_sql(tail);
        Ok(())
    }
}

/// No static id: the statement cache keys it by its SQL text and parameter types.
impl QueryId for Prepared<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Prepared<'_> {
    type SqlType = Untyped;
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::debug_query;
    use diesel::sql_types::{Integer, Text};

    #[test]
    fn the_text_is_sent_as_written_with_its_parameters_bound_in_order() {
        let sql = "SELECT $1::int, '$' || $2 WHERE $3 = 'a'";
        let query = Prepared::new(sql)
            .bind::<Integer, _>(7)
            .bind::<Text, _>("x")
            .bind::<Text, _>("a");
        let shown = debug_query::<Pg, _>(&query).to_string();
        assert!(shown.starts_with(sql), "{shown}");
        assert!(shown.contains(r#"[7, "x", "a"]"#), "{shown}");
    }

    #[test]
    fn a_statement_is_safe_to_cache() {
        let query = Prepared::new("SELECT $1").bind::<Integer, _>(1);
        assert!(query.is_safe_to_cache_prepared(&Pg).unwrap());
    }

    #[test]
    fn parameters_out_of_order_missing_or_extra_are_refused() {
        let swapped = Prepared::new("SELECT $2, $1")
            .bind::<Integer, _>(1)
            .bind::<Integer, _>(2);
        let missing = Prepared::new("SELECT $1, $2").bind::<Integer, _>(1);
        let extra = Prepared::new("SELECT $1")
            .bind::<Integer, _>(1)
            .bind::<Integer, _>(2);
        for query in [swapped, missing, extra] {
            let mut builder = diesel::pg::PgQueryBuilder::default();
            assert!(query.to_sql(&mut builder, &Pg).is_err());
        }
    }
}
