//! One page request: what to fetch, and how the fetched rows become a page.

use std::cmp::Ordering;

use super::cursor::{Cursor, CursorCodec, CursorDirection, CursorError};
use super::fingerprint::QueryFingerprint;
use super::key_value::{KeyValue, Keyed};
use super::limit::Limit;
use super::sort::{Direction, Sort, SortField, SortKey};

/// Why a cursor cannot continue this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PageRequestError {
    /// The cursor itself is not acceptable.
    #[error(transparent)]
    Cursor(#[from] CursorError),
    /// The cursor is authentic but was issued for another sort, filter set or endpoint.
    #[error("Query parameters don't match cursor state. Start a new pagination sequence.")]
    StateMismatch,
}

/// A validated request for one page.
#[derive(Debug, Clone)]
pub struct PageRequest<F> {
    limit: Limit,
    sort: Sort<F>,
    fingerprint: QueryFingerprint,
    cursor: Option<Cursor>,
}

/// Where a scan starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound<'a> {
    /// One value per sort key.
    pub position: &'a [KeyValue],
    /// Whether the row at the position itself is wanted.
    pub inclusive: bool,
}

/// What a store must fetch for a page: the rows after `after` in scan order, at most `fetch`.
///
/// Scan order is the sort's order, or its exact reverse when `backward` (for pages before a
/// position), in which case every key's direction flips and NULLs move to the other end with it.
#[derive(Debug, Clone, Copy)]
pub struct Scan<'a, F> {
    /// The sort keys, most significant first.
    pub keys: &'a [SortKey<F>],
    /// Whether to scan against the sort order.
    pub backward: bool,
    /// The position to start beyond, if any.
    pub after: Option<Bound<'a>>,
    /// How many rows to fetch: the page size plus one, to learn whether there are more.
    pub fetch: usize,
}

impl<F: SortField> Scan<'_, F> {
    /// The direction `key` is scanned in: its own, or the reverse when scanning backward.
    #[must_use]
    pub fn direction_of(&self, key: &SortKey<F>) -> Direction {
        if self.backward {
            key.direction.reversed()
        } else {
            key.direction
        }
    }

    /// What a store must answer for this scan over `rows`: those beyond the bound in scan
    /// order, at most `fetch` of them. The reference the database adapter's keyset queries
    /// agree with, and what an in-memory store does.
    pub fn select<T: Keyed<F>>(&self, rows: impl IntoIterator<Item = T>) -> Vec<T> {
        let position = |row: &T| -> Vec<KeyValue> {
            self.keys
                .iter()
                .map(|key| row.key_value(key.field))
                .collect()
        };
        // Scan order: each key in the direction it is scanned in, NULL above every value.
        let order = |a: &[KeyValue], b: &[KeyValue]| -> Ordering {
            for (key, (x, y)) in self.keys.iter().zip(a.iter().zip(b)) {
                let ordering = match self.direction_of(key) {
                    Direction::Asc => x.compare(y),
                    Direction::Desc => x.compare(y).reverse(),
                };
                if ordering != Ordering::Equal {
                    return ordering;
                }
            }
            Ordering::Equal
        };
        let mut selected: Vec<(Vec<KeyValue>, T)> = rows
            .into_iter()
            .map(|row| (position(&row), row))
            .filter(|(at, _)| match self.after {
                None => true,
                Some(bound) => match order(at, bound.position) {
                    Ordering::Greater => true,
                    Ordering::Equal => bound.inclusive,
                    Ordering::Less => false,
                },
            })
            .collect();
        selected.sort_by(|(a, _), (b, _)| order(a, b));
        selected.truncate(self.fetch);
        selected.into_iter().map(|(_, row)| row).collect()
    }
}

/// A page of items with its navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items, in sort order.
    pub items: Vec<T>,
    /// Whether rows follow this page.
    pub has_next: bool,
    /// Whether rows precede this page.
    pub has_prev: bool,
    /// The cursor to the following page; present exactly when `has_next`.
    pub next_cursor: Option<String>,
    /// The cursor to the preceding page; present exactly when `has_prev`.
    pub prev_cursor: Option<String>,
}

impl<T> Page<T> {
    /// The same page with each item converted by `f`.
    #[must_use]
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            has_next: self.has_next,
            has_prev: self.has_prev,
            next_cursor: self.next_cursor,
            prev_cursor: self.prev_cursor,
        }
    }

    /// A page holding `items` and nothing around them.
    #[must_use]
    pub fn single(items: Vec<T>) -> Self {
        Self {
            items,
            has_next: false,
            has_prev: false,
            next_cursor: None,
            prev_cursor: None,
        }
    }
}

impl<F: SortField> PageRequest<F> {
    /// Validates `cursor` (if any) against this request's sort and fingerprint.
    ///
    /// The cursor must have been issued for the same canonical sort and fingerprint, and carry
    /// one value of the right type per sort key. `limit` may differ from the one it was issued with.
    pub fn new(
        limit: Limit,
        sort: Sort<F>,
        fingerprint: QueryFingerprint,
        cursor: Option<Cursor>,
    ) -> Result<Self, PageRequestError> {
        if let Some(cursor) = &cursor {
            if cursor.sort != sort.canonical() || cursor.fingerprint != fingerprint {
                return Err(PageRequestError::StateMismatch);
            }
            let fits = cursor.position.len() == sort.keys().len()
                && sort
                    .keys()
                    .iter()
                    .zip(&cursor.position)
                    .all(|(key, value)| value.fits(key.field.kind(), key.field.nullable()));
            if !fits {
                return Err(PageRequestError::Cursor(CursorError::Malformed));
            }
        }
        Ok(Self {
            limit,
            sort,
            fingerprint,
            cursor,
        })
    }

    /// Decodes `cursor` text with `codec`, then validates as [`PageRequest::new`] does.
    pub fn decode(
        limit: Limit,
        sort: Sort<F>,
        fingerprint: QueryFingerprint,
        cursor: Option<&str>,
        codec: &CursorCodec,
    ) -> Result<Self, PageRequestError> {
        let cursor = cursor.map(|text| codec.decode(text)).transpose()?;
        Self::new(limit, sort, fingerprint, cursor)
    }

    /// The sort.
    #[must_use]
    pub fn sort(&self) -> &Sort<F> {
        &self.sort
    }

    /// The page size.
    #[must_use]
    pub fn limit(&self) -> Limit {
        self.limit
    }

    /// What the store must fetch.
    #[must_use]
    pub fn scan(&self) -> Scan<'_, F> {
        Scan {
            keys: self.sort.keys(),
            backward: self
                .cursor
                .as_ref()
                .is_some_and(|cursor| cursor.direction == CursorDirection::Prev),
            after: self.cursor.as_ref().map(|cursor| Bound {
                position: &cursor.position,
                inclusive: cursor.inclusive,
            }),
            fetch: self.limit.get() + 1,
        }
    }

    /// Turns the rows fetched for [`PageRequest::scan`] (in scan order) into a page.
    ///
    /// Forward: the extra row means there is a next page; there is a previous one exactly when
    /// the request came from a cursor. Backward: the rows are put back in sort order, the extra
    /// row means there is a previous page, and there is always a next one (the page the cursor
    /// came from). Cursors point past the page's first and last items. A page left empty by
    /// deletions gets a cursor back over its own position, inclusive, so nothing is skipped.
    pub fn assemble<T: Keyed<F>>(&self, mut rows: Vec<T>, codec: &CursorCodec) -> Page<T> {
        let more = rows.len() > self.limit.get();
        rows.truncate(self.limit.get());
        let (has_next, has_prev) = match &self.cursor {
            None => (more, false),
            Some(cursor) if cursor.direction == CursorDirection::Next => (more, true),
            Some(_) => {
                rows.reverse();
                (true, more)
            }
        };
        let next_cursor = has_next
            .then(|| self.cursor_past(rows.last(), CursorDirection::Next))
            .flatten()
            .map(|cursor| codec.encode(&cursor));
        let prev_cursor = has_prev
            .then(|| self.cursor_past(rows.first(), CursorDirection::Prev))
            .flatten()
            .map(|cursor| codec.encode(&cursor));
        Page {
            has_next: next_cursor.is_some(),
            has_prev: prev_cursor.is_some(),
            items: rows,
            next_cursor,
            prev_cursor,
        }
    }

    fn cursor_past<T: Keyed<F>>(
        &self,
        edge: Option<&T>,
        direction: CursorDirection,
    ) -> Option<Cursor> {
        let (position, inclusive) = match edge {
            Some(row) => (self.position_of(row), false),
            // Only a request that came with a cursor can have an empty page with a flag set.
            None => {
                let from = self.cursor.as_ref()?;
                (from.position.clone(), !from.inclusive)
            }
        };
        Some(Cursor {
            direction,
            inclusive,
            fingerprint: self.fingerprint,
            sort: self.sort.canonical(),
            position,
        })
    }

    fn position_of<T: Keyed<F>>(&self, row: &T) -> Vec<KeyValue> {
        self.sort
            .keys()
            .iter()
            .map(|key| row.key_value(key.field))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pagination::test_support::{Field, Row};
    use crate::timestamp::Timestamp;
    use proptest::prelude::*;

    fn codec() -> CursorCodec {
        CursorCodec::new(b"an example cursor secret of 32 bytes").unwrap()
    }

    fn fingerprint() -> QueryFingerprint {
        QueryFingerprint::builder("GET /test").finish()
    }

    fn row(n: u8, name: &str, nickname: Option<&str>) -> Row {
        Row {
            id: [n; 16],
            name: name.to_owned(),
            created_at: Timestamp::from_unix_micros(i64::from(n) * 1_000).unwrap(),
            nickname: nickname.map(str::to_owned),
        }
    }

    fn page(
        rows: &[Row],
        sort: &Sort<Field>,
        limit: u8,
        cursor: Option<&str>,
    ) -> Result<Page<Row>, PageRequestError> {
        let request = PageRequest::decode(
            Limit::new(limit.into()).unwrap(),
            sort.clone(),
            fingerprint(),
            cursor,
            &codec(),
        )?;
        let fetched = request.scan().select(rows.iter().cloned());
        Ok(request.assemble(fetched, &codec()))
    }

    fn assert_consistent(page: &Page<Row>) {
        assert_eq!(page.has_next, page.next_cursor.is_some());
        assert_eq!(page.has_prev, page.prev_cursor.is_some());
    }

    #[test]
    fn the_first_page_has_no_previous_page() {
        let rows: Vec<Row> = (1..=5).map(|n| row(n, "x", None)).collect();
        let sort = Sort::parse("created_at:asc").unwrap();
        let first = page(&rows, &sort, 2, None).unwrap();
        assert_eq!(first.items, rows[..2]);
        assert!(first.has_next && !first.has_prev);
        assert_consistent(&first);
    }

    #[test]
    fn a_single_page_has_no_cursors() {
        let rows: Vec<Row> = (1..=3).map(|n| row(n, "x", None)).collect();
        let only = page(&rows, &Sort::default_sort(), 3, None).unwrap();
        assert_eq!(only.items.len(), 3);
        assert_eq!((only.next_cursor, only.prev_cursor), (None, None));
    }

    #[test]
    fn a_cursor_for_another_sort_or_fingerprint_is_a_state_mismatch() {
        let rows: Vec<Row> = (1..=5).map(|n| row(n, "x", None)).collect();
        let by_name = Sort::parse("name:asc").unwrap();
        let first = page(&rows, &by_name, 2, None).unwrap();
        let cursor = first.next_cursor.unwrap();
        let other_sort = Sort::parse("name:desc").unwrap();
        assert_eq!(
            page(&rows, &other_sort, 2, Some(&cursor)).unwrap_err(),
            PageRequestError::StateMismatch
        );
        let elsewhere = PageRequest::decode(
            Limit::DEFAULT,
            by_name.clone(),
            QueryFingerprint::builder("GET /elsewhere").finish(),
            Some(&cursor),
            &codec(),
        );
        assert_eq!(elsewhere.unwrap_err(), PageRequestError::StateMismatch);
        assert!(
            page(&rows, &by_name, 5, Some(&cursor)).is_ok(),
            "limit may change"
        );
    }

    #[test]
    fn a_signed_cursor_whose_position_does_not_fit_the_sort_is_refused() {
        let sort = Sort::<Field>::parse("name:asc").unwrap();
        let wrong = Cursor {
            direction: CursorDirection::Next,
            inclusive: false,
            fingerprint: fingerprint(),
            sort: sort.canonical(),
            position: vec![KeyValue::Null, KeyValue::Id([0; 16])],
        };
        let result = PageRequest::new(Limit::DEFAULT, sort, fingerprint(), Some(wrong));
        assert_eq!(
            result.unwrap_err(),
            PageRequestError::Cursor(CursorError::Malformed)
        );
    }

    #[test]
    fn an_empty_page_after_deletions_leads_back_without_skipping() {
        let mut rows: Vec<Row> = (1..=4).map(|n| row(n, "x", None)).collect();
        let sort = Sort::parse("created_at:asc").unwrap();
        let first = page(&rows, &sort, 2, None).unwrap();
        rows.truncate(2);
        let second = page(&rows, &sort, 2, first.next_cursor.as_deref()).unwrap();
        assert!(second.items.is_empty());
        assert!(!second.has_next && second.has_prev);
        let back = page(&rows, &sort, 2, second.prev_cursor.as_deref()).unwrap();
        assert_eq!(
            back.items, rows,
            "the previous page again, last row included"
        );
    }

    fn walk_forward(rows: &[Row], sort: &Sort<Field>, limit: u8) -> Vec<Page<Row>> {
        let mut pages = vec![page(rows, sort, limit, None).unwrap()];
        while let Some(next) = pages.last().and_then(|p| p.next_cursor.clone()) {
            pages.push(page(rows, sort, limit, Some(&next)).unwrap());
            assert!(pages.len() <= rows.len() + 2, "the walk does not end");
        }
        pages
    }

    fn arbitrary_rows() -> impl Strategy<Value = Vec<Row>> {
        proptest::collection::vec((0u8..4, 0u8..3, proptest::option::of(0u8..3)), 0..25).prop_map(
            |specs| {
                specs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (name, created, nickname))| Row {
                        id: [u8::try_from(i).unwrap(); 16],
                        name: format!("n{name}"),
                        created_at: Timestamp::from_unix_micros(i64::from(created)).unwrap(),
                        nickname: nickname.map(|n| format!("k{n}")),
                    })
                    .collect()
            },
        )
    }

    fn arbitrary_sort() -> impl Strategy<Value = Sort<Field>> {
        prop::sample::select(vec![
            "created_at:desc",
            "name:asc",
            "name:desc",
            "nickname:asc",
            "nickname:desc",
            "nickname:desc,name:asc",
            "name:asc,nickname:desc,created_at:asc",
            "id:desc",
        ])
        .prop_map(|spec| Sort::parse(spec).unwrap())
    }

    proptest! {
        #[test]
        fn walking_forward_then_back_visits_every_row_once_in_order(
            rows in arbitrary_rows(),
            sort in arbitrary_sort(),
            limit in 1u8..6,
        ) {
            let mut expected = rows.clone();
            expected.sort_by(|a, b| {
                let pa: Vec<KeyValue> = sort.keys().iter().map(|k| a.key_value(k.field)).collect();
                let pb: Vec<KeyValue> = sort.keys().iter().map(|k| b.key_value(k.field)).collect();
                sort.compare(&pa, &pb)
            });

            let forward = walk_forward(&rows, &sort, limit);
            let visited: Vec<Row> = forward.iter().flat_map(|p| p.items.clone()).collect();
            prop_assert_eq!(&visited, &expected);
            for (i, p) in forward.iter().enumerate() {
                assert_consistent(p);
                prop_assert_eq!(p.has_prev, i > 0);
            }

            let mut backward = vec![forward.last().unwrap().clone()];
            while let Some(prev) = backward.last().and_then(|p| p.prev_cursor.clone()) {
                let earlier = page(&rows, &sort, limit, Some(&prev)).unwrap();
                assert_consistent(&earlier);
                prop_assert!(earlier.has_next);
                backward.push(earlier);
                prop_assert!(backward.len() <= rows.len() + 2);
            }
            let revisited: Vec<Row> = backward.iter().rev().flat_map(|p| p.items.clone()).collect();
            prop_assert_eq!(revisited, expected);
        }
    }
}
