//! The keyset query builder every paginated list goes through.
//!
//! Given a [`Scan`] from the domain, it turns a resource's (already filtered) boxed query into
//! the queries of one page: for keys `k1..kn` at position `x1..xn`, the rows "after" the
//! position (in each key's scan direction) are
//! `(k1 ≻ x1) OR (k1 = x1 AND k2 ≻ x2) OR … OR (k1 = x1 AND … AND kn ≻ xn)`. Rather than one
//! statement with that predicate and the redundant bound `k1 >= x1`, [`paginate`] runs its
//! first disjunct apart from the rest: the rest of the tie on `k1`, then `k1 ≻ x1`. Each is then
//! an index range with both ends in the index condition, so a page reads about `limit` rows
//! even inside a long run of equal leading values. Each query has `ORDER BY` the keys in scan
//! direction and `LIMIT fetch` (the page size plus one).
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

/// The keyset queries of `scan`, to run in order until `scan.fetch` rows are read (none when
/// nothing can follow the position).
///
/// The rows after a position are cut into index ranges on the leading key, each a query of its
/// own, in scan order:
///
/// 1. the rest of the position's tie: `k1 = x1` (or `k1 IS NULL`) and the expanded predicate
///    over the later keys;
/// 2. the leading key's values strictly after `x1`;
/// 3. ascending from a value of a nullable key, every NULL (NULL sorts above every value).
///
/// Each is a range an index on `(k1, id)` serves with both ends in its index condition, so a
/// page reads about `fetch` rows however long the run of equal leading values it starts in
/// (a low-cardinality `kind`, a common display name): one OR-ed predicate over all of them
/// would bound the scan only by `k1 >= x1` and filter the tie row by row. The price is a second
/// statement when the tie holds fewer than `fetch` rows. A sort on `id` alone is one range.
///
/// `column` maps each sort field to its key column. Fails only when the position holds a value
/// of the wrong type for its key, which a validated cursor never does.
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
    let (Some(leading), Some(value), Some(column)) =
        (scan.keys.first(), bound.position.first(), columns.first())
    else {
        return Err(mismatch());
    };
    let column = column.as_ref();
    let mut ranges: Vec<Predicate<QS>> = Vec::with_capacity(3);
    match tail(scan, bound, &columns)? {
        Tail::Nothing => {}
        Tail::All => ranges.push(equal_to(column, value)?),
        Tail::Where(rest) => ranges.push(and(equal_to(column, value)?, rest)),
    }
    match (value, scan.direction_of(leading)) {
        // NULL is the largest value: nothing follows it ascending; every value follows it
        // descending.
        (KeyValue::Null, Direction::Asc) => {}
        (KeyValue::Null, Direction::Desc) => ranges.push(column.null_test(false)),
        (value, Direction::Asc) => {
            ranges.push(column.compare(Cmp::Gt, value).ok_or_else(mismatch)?);
            if leading.field.nullable() {
                ranges.push(column.null_test(true));
            }
        }
        (value, Direction::Desc) => {
            ranges.push(column.compare(Cmp::Lt, value).ok_or_else(mismatch)?);
        }
    }
    Ok(ranges
        .into_iter()
        .map(|range| finish(base().filter(range)))
        .collect())
}

/// What of the position's tie on the leading key comes after it.
enum Tail<QS> {
    /// None of it.
    Nothing,
    /// All of it (an inclusive bound on a sort of one key).
    All,
    /// The rows the predicate admits.
    Where(Predicate<QS>),
}

/// The expanded keyset predicate over the keys after the leading one:
/// `(k2 ≻ x2) OR (k2 = x2 AND k3 ≻ x3) OR …`, the last key admitting equality when the bound
/// is inclusive.
fn tail<F, QS, Q>(
    scan: &Scan<'_, F>,
    bound: Bound<'_>,
    columns: &[Box<dyn KeyColumn<QS, Q>>],
) -> Result<Tail<QS>, StoreError>
where
    F: SortField,
    QS: 'static,
    dsl::And<Predicate<QS>, Predicate<QS>>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
    dsl::Or<Predicate<QS>, Predicate<QS>>: BoxableExpression<QS, Pg, SqlType = Bool> + 'static,
{
    if scan.keys.len() <= 1 {
        return Ok(if bound.inclusive {
            Tail::All
        } else {
            Tail::Nothing
        });
    }
    let last = scan.keys.len() - 1;
    let mut disjuncts: Vec<Predicate<QS>> = Vec::with_capacity(last);
    for (i, ((key, value), column)) in scan
        .keys
        .iter()
        .zip(bound.position)
        .zip(columns)
        .enumerate()
        .skip(1)
    {
        let column = column.as_ref();
        let after = after(column, value, scan.direction_of(key), key.field.nullable())?;
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
        // Boxed predicates cannot be cloned, so each disjunct builds its own equality prefix
        // (over the keys between the leading one and this one).
        let mut conjunct: Option<Predicate<QS>> = None;
        for (earlier, value) in columns.iter().zip(bound.position).take(i).skip(1) {
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
    Ok(match disjuncts.into_iter().reduce(or) {
        Some(predicate) => Tail::Where(predicate),
        None => Tail::Nothing,
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
