//! `include_total`: a count that stops at the domain's exact limit, then the planner's estimate.

use diesel::pg::Pg;
use diesel::query_builder::QueryFragment;
use diesel::query_dsl::methods::LimitDsl;
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use roster_app::ports::StoreError;
use roster_domain::pagination::{EXACT_TOTAL_LIMIT, Total};

use crate::error::from_diesel;
use crate::wrapped::Wrapped;

/// Counts the rows of the filtered query `query()` builds (selecting one column) up to
/// [`EXACT_TOTAL_LIMIT`]` + 1`; above the limit, asks the planner about the whole query.
/// `query` builds it afresh for each statement, since boxed queries cannot be cloned.
pub(crate) async fn bounded_total<Q>(
    conn: &mut AsyncPgConnection,
    query: impl Fn() -> Q + Send,
) -> Result<Total, StoreError>
where
    Q: LimitDsl + QueryFragment<Pg> + Send,
    Q::Output: QueryFragment<Pg> + Send,
{
    let limit = i64::try_from(EXACT_TOTAL_LIMIT + 1).unwrap_or(i64::MAX);
    let limited = query().limit(limit);
    let counted: i64 = Wrapped::<_, BigInt>::new("SELECT count(*) FROM (", limited, ") AS bounded")
        .get_result(conn)
        .await
        .map_err(from_diesel)?;
    let counted = u64::try_from(counted).unwrap_or(0);
    if counted <= EXACT_TOTAL_LIMIT {
        return Ok(Total::from_bounded_count(counted, || 0));
    }
    let plan: String = Wrapped::<_, Text>::new("EXPLAIN (FORMAT JSON) ", query(), "")
        .get_result(conn)
        .await
        .map_err(from_diesel)?;
    let estimate = planned_rows(&plan)
        .ok_or_else(|| StoreError::Internal("EXPLAIN (FORMAT JSON) gave no row estimate".into()))?;
    Ok(Total::from_bounded_count(counted, || estimate))
}

/// `[{"Plan": {"Plan Rows": n, …}}]` → n.
fn planned_rows(plan: &str) -> Option<u64> {
    let plan: serde_json::Value = serde_json::from_str(plan).ok()?;
    let rows = plan.get(0)?.get("Plan")?.get("Plan Rows")?;
    rows.as_u64()
        .or_else(|| rows.as_f64().map(|rows| rows.max(0.0).round() as u64))
}

#[cfg(test)]
mod tests {
    use super::planned_rows;

    #[test]
    fn the_row_estimate_is_read_from_the_top_plan_node() {
        let plan = r#"[{"Plan": {"Node Type": "Seq Scan", "Plan Rows": 123456, "Plans": []}}]"#;
        assert_eq!(planned_rows(plan), Some(123_456));
        assert_eq!(planned_rows(r#"[{"Plan": {"Plan Rows": 12.7}}]"#), Some(13));
        assert_eq!(planned_rows("[]"), None);
        assert_eq!(planned_rows("not json"), None);
    }
}
