//! The keyset query builder every paginated list goes through.
//!
//! Given a [`Scan`] from the domain, it adds to a resource's (already filtered) boxed query:
//!
//! - the expanded keyset predicate: for keys `k1..kn` at position `x1..xn`,
//!   `(k1 ≻ x1) OR (k1 = x1 AND k2 ≻ x2) OR … OR (k1 = x1 AND … AND kn ≻ xn)`, where `≻` is
//!   "after, in this key's scan direction";
//! - the redundant bound on the leading key (`k1 >= x1`, or `<=` descending), which lets
//!   PostgreSQL start an index range scan at the position instead of filtering from the first
//!   row, so a deep page costs what the first one does;
//! - `ORDER BY` the keys in scan direction and `LIMIT fetch` (the page size plus one).
//!
//! A nullable leading key can make the rows after a position two index ranges; the scan then
//! becomes two queries, run in order (see [`paginate`]).
//!
//! Nullable keys follow PostgreSQL's order, NULL above every value (last ascending, first
//! descending), so "after x" ascending is `k > x OR k IS NULL`, "after NULL" ascending is
//! nothing, and "after NULL" descending is `k IS NOT NULL`.

use std::marker::PhantomData;

use diesel::dsl;
use diesel::expression::{AsExpression, BoxableExpression};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_dsl::methods::{FilterDsl, LimitDsl, ThenOrderDsl};
use diesel::sql_types::{Bool, SqlType};
use roster_app::ports::StoreError;
use roster_domain::pagination::{Bound, Direction, KeyValue, Scan, SortField};
use time::OffsetDateTime;
use uuid::Uuid;

/// A boxed boolean SQL expression over the query source `QS`.
pub type Predicate<QS> = Box<dyn BoxableExpression<QS, Pg, SqlType = Bool>>;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `=`
    Eq,
    /// `>=`
    Ge,
    /// `>`
    Gt,
}

/// The Rust type a key's values bind as.
pub trait KeyBind: Sized {
    /// The value, if `value` is of this type.
    fn from_key(value: &KeyValue) -> Option<Self>;
}

impl KeyBind for String {
    fn from_key(value: &KeyValue) -> Option<Self> {
        match value {
            KeyValue::Text(text) => Some(text.clone()),
            _ => None,
        }
    }
}

impl KeyBind for OffsetDateTime {
    fn from_key(value: &KeyValue) -> Option<Self> {
        match value {
            KeyValue::Timestamp(at) => Some(at.as_datetime()),
            _ => None,
        }
    }
}

impl KeyBind for Uuid {
    fn from_key(value: &KeyValue) -> Option<Self> {
        match value {
            KeyValue::Id(bytes) => Some(Uuid::from_bytes(*bytes)),
            _ => None,
        }
    }
}

/// A sortable column of the query source `QS`, as the builder uses it on queries of type `Q`.
pub trait KeyColumn<QS, Q>: Send + Sync {
    /// `column op value`, or `None` when `value` is not of the column's type.
    fn compare(&self, op: Cmp, value: &KeyValue) -> Option<Predicate<QS>>;
    /// `column IS NULL` when `is_null`, else `column IS NOT NULL`.
    fn null_test(&self, is_null: bool) -> Predicate<QS>;
    /// `query` ordered additionally by the column in `direction`.
    fn order(&self, query: Q, direction: Direction) -> Q;
}

/// A key column: the expression `E` (a column, or `column.assume_not_null()` for a nullable
/// one, so that comparisons are plain booleans) whose values bind as `V`.
#[derive(Debug, Clone, Copy)]
pub struct Key<E, V> {
    expr: E,
    value: PhantomData<fn() -> V>,
}

impl<E, V> Key<E, V> {
    /// The key over `expr`.
    pub const fn new(expr: E) -> Self {
        Self {
            expr,
            value: PhantomData,
        }
    }
}

impl<QS, Q, E, V> KeyColumn<QS, Q> for Key<E, V>
where
    E: ExpressionMethods + Copy + Send + Sync + 'static,
    E::SqlType: SqlType,
    V: KeyBind + AsExpression<E::SqlType> + 'static,
    dsl::Lt<E, V>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
    dsl::LtEq<E, V>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
    dsl::Eq<E, V>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
    dsl::GtEq<E, V>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
    dsl::Gt<E, V>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
    dsl::IsNull<E>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
    dsl::IsNotNull<E>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
    Q: ThenOrderDsl<dsl::Asc<E>, Output = Q> + ThenOrderDsl<dsl::Desc<E>, Output = Q>,
{
    fn compare(&self, op: Cmp, value: &KeyValue) -> Option<Predicate<QS>> {
        let value = V::from_key(value)?;
        let expr = self.expr;
        Some(match op {
            Cmp::Lt => Box::new(expr.lt(value)),
            Cmp::Le => Box::new(expr.le(value)),
            Cmp::Eq => Box::new(expr.eq(value)),
            Cmp::Ge => Box::new(expr.ge(value)),
            Cmp::Gt => Box::new(expr.gt(value)),
        })
    }

    fn null_test(&self, is_null: bool) -> Predicate<QS> {
        if is_null {
            Box::new(self.expr.is_null())
        } else {
            Box::new(self.expr.is_not_null())
        }
    }

    fn order(&self, query: Q, direction: Direction) -> Q {
        match direction {
            Direction::Asc => query.then_order_by(self.expr.asc()),
            Direction::Desc => query.then_order_by(self.expr.desc()),
        }
    }
}

/// How a scan over a nullable leading key is cut into index ranges.
///
/// With NULL above every value, the rows after a position can be two ranges of the index:
/// ascending from a value, the values after it and then every NULL; descending from NULL, the
/// NULLs after it and then every value. One OR-ed predicate over both would make PostgreSQL
/// filter from the start of the index, so each range becomes a query of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    /// One range: the whole expanded predicate.
    Whole,
    /// Only the leading key's non-NULL values after the position.
    ValuesAfter,
    /// Only the rows that tie on a NULL leading key and follow on later keys.
    NullsAfter,
}

/// The keyset queries of `scan`, to run in order until `scan.fetch` rows are read.
///
/// Each is `base()` with the keyset predicate, the order and the limit of `scan`: usually one;
/// two when a nullable leading key makes the rows after the position two index ranges (the
/// second then holds the NULLs, or the values, that follow the first). `column` maps each sort
/// field to its key column. Fails only when the position holds a value of the wrong type for
/// its key, which a validated cursor never does.
pub fn paginate<F, QS, Q>(
    base: impl Fn() -> Q,
    scan: &Scan<'_, F>,
    column: impl Fn(F) -> Box<dyn KeyColumn<QS, Q>>,
) -> Result<Vec<Q>, StoreError>
where
    F: SortField,
    QS: 'static,
    Q: FilterDsl<Predicate<QS>, Output = Q> + LimitDsl<Output = Q>,
    dsl::And<Predicate<QS>, Predicate<QS>>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
    dsl::Or<Predicate<QS>, Predicate<QS>>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
{
    let columns: Vec<_> = scan.keys.iter().map(|key| column(key.field)).collect();
    let finish = |query: Q| -> Q {
        let mut query = query;
        for (key, column) in scan.keys.iter().zip(&columns) {
            query = column.order(query, scan.direction_of(key));
        }
        query.limit(i64::try_from(scan.fetch).unwrap_or(i64::MAX))
    };
    let Some(bound) = scan.after else {
        return Ok(vec![finish(base())]);
    };
    if bound.position.len() != scan.keys.len() {
        return Err(mismatch());
    }
    let (Some(leading), Some(leading_value), Some(leading_column)) =
        (scan.keys.first(), bound.position.first(), columns.first())
    else {
        return Err(mismatch());
    };
    let split = match (
        leading.field.nullable(),
        leading_value,
        scan.direction_of(leading),
    ) {
        (true, KeyValue::Null, Direction::Desc) => Some(Lead::NullsAfter),
        (true, KeyValue::Null, Direction::Asc) => None,
        (true, _, Direction::Asc) => Some(Lead::ValuesAfter),
        _ => None,
    };
    match split {
        None => Ok(vec![finish(base().filter(predicate(
            scan,
            bound,
            &columns,
            Lead::Whole,
        )?))]),
        Some(lead) => {
            let first = base().filter(predicate(scan, bound, &columns, lead)?);
            // The second range is all of the other side of NULL.
            let rest = leading_column.null_test(lead == Lead::ValuesAfter);
            Ok(vec![finish(first), finish(base().filter(rest))])
        }
    }
}

/// The expanded keyset predicate with its leading-key bound, for one range (see [`Lead`]).
fn predicate<F, QS, Q>(
    scan: &Scan<'_, F>,
    bound: Bound<'_>,
    columns: &[Box<dyn KeyColumn<QS, Q>>],
    lead: Lead,
) -> Result<Predicate<QS>, StoreError>
where
    F: SortField,
    QS: 'static,
    dsl::And<Predicate<QS>, Predicate<QS>>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
    dsl::Or<Predicate<QS>, Predicate<QS>>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
{
    let last = scan.keys.len().saturating_sub(1);
    let mut disjuncts: Vec<Predicate<QS>> = Vec::with_capacity(scan.keys.len());
    for (i, ((key, value), column)) in scan
        .keys
        .iter()
        .zip(bound.position)
        .zip(columns)
        .enumerate()
    {
        let column = column.as_ref();
        let after = match (i, lead) {
            (0, Lead::NullsAfter) => None,
            (0, Lead::ValuesAfter) => Some(column.compare(Cmp::Gt, value).ok_or_else(mismatch)?),
            _ => after(column, value, scan.direction_of(key), key.field.nullable())?,
        };
        let beyond = if i == last && bound.inclusive {
            let equal = equal_to(column, value)?;
            Some(match after {
                Some(after) => or(after, equal),
                None => equal,
            })
        } else {
            after
        };
        // A key with nothing after its value contributes no disjunct.
        let Some(beyond) = beyond else { continue };
        // Boxed predicates cannot be cloned, so each disjunct builds its own equality prefix.
        let mut conjunct: Option<Predicate<QS>> = None;
        for (earlier, value) in columns.iter().zip(bound.position).take(i) {
            let equal = equal_to(earlier.as_ref(), value)?;
            conjunct = Some(match conjunct {
                Some(prefix) => and(prefix, equal),
                None => equal,
            });
        }
        disjuncts.push(match conjunct {
            Some(prefix) => and(prefix, beyond),
            None => beyond,
        });
    }
    let predicate = disjuncts.into_iter().reduce(or).ok_or_else(mismatch)?;
    Ok(match leading_bound(scan, bound.position, columns, lead)? {
        Some(bound) => and(bound, predicate),
        None => predicate,
    })
}

/// "After `value` in `direction`" for one key; `None` when nothing can be after it.
fn after<QS, Q>(
    column: &dyn KeyColumn<QS, Q>,
    value: &KeyValue,
    direction: Direction,
    nullable: bool,
) -> Result<Option<Predicate<QS>>, StoreError>
where
    QS: 'static,
    dsl::Or<Predicate<QS>, Predicate<QS>>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
{
    Ok(match (value, direction) {
        // NULL is the largest value: nothing follows it ascending; every value follows it
        // descending.
        (KeyValue::Null, Direction::Asc) => None,
        (KeyValue::Null, Direction::Desc) => Some(column.null_test(false)),
        (value, Direction::Asc) => {
            let greater = column.compare(Cmp::Gt, value).ok_or_else(mismatch)?;
            Some(if nullable {
                or(greater, column.null_test(true))
            } else {
                greater
            })
        }
        (value, Direction::Desc) => Some(column.compare(Cmp::Lt, value).ok_or_else(mismatch)?),
    })
}

/// `column = value`, or `column IS NULL` for a NULL value.
fn equal_to<QS, Q>(
    column: &dyn KeyColumn<QS, Q>,
    value: &KeyValue,
) -> Result<Predicate<QS>, StoreError> {
    match value {
        KeyValue::Null => Ok(column.null_test(true)),
        value => column.compare(Cmp::Eq, value).ok_or_else(mismatch),
    }
}

/// The redundant bound on the leading key that makes the position an index range start.
///
/// It must not exclude any row the predicate admits: on a nullable key it exists only where
/// the range holds no NULLs after values, or only NULLs.
fn leading_bound<F, QS, Q>(
    scan: &Scan<'_, F>,
    position: &[KeyValue],
    columns: &[Box<dyn KeyColumn<QS, Q>>],
    lead: Lead,
) -> Result<Option<Predicate<QS>>, StoreError>
where
    F: SortField,
{
    let (Some(key), Some(value), Some(column)) =
        (scan.keys.first(), position.first(), columns.first())
    else {
        return Ok(None);
    };
    let direction = scan.direction_of(key);
    Ok(match (value, direction, lead) {
        (KeyValue::Null, _, _) => Some(column.null_test(true)),
        (_, Direction::Asc, Lead::Whole) if key.field.nullable() => None,
        (value, Direction::Asc, _) => Some(column.compare(Cmp::Ge, value).ok_or_else(mismatch)?),
        (value, Direction::Desc, _) => Some(column.compare(Cmp::Le, value).ok_or_else(mismatch)?),
    })
}

fn and<QS>(a: Predicate<QS>, b: Predicate<QS>) -> Predicate<QS>
where
    QS: 'static,
    dsl::And<Predicate<QS>, Predicate<QS>>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
{
    Box::new(a.and(b))
}

fn or<QS>(a: Predicate<QS>, b: Predicate<QS>) -> Predicate<QS>
where
    QS: 'static,
    dsl::Or<Predicate<QS>, Predicate<QS>>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
{
    Box::new(a.or(b))
}

fn mismatch() -> StoreError {
    StoreError::Internal("a cursor position does not fit its sort keys".into())
}
