//! Giving a new account or game its slug: the one asked for, or the first free `base`,
//! `base-2`, … generated from its name.
//!
//! Uniqueness is the database's to decide (a unique index); reading the taken slugs only picks a
//! candidate. When a concurrent creation takes the candidate first, the insert is refused, its
//! transaction rolls back, and the next attempt reads again.

use roster_domain::slug::{Slug, SlugBase};

use crate::ports::StoreError;

/// How many times a generated slug is tried when concurrent creations take it first.
const ATTEMPTS: usize = 100;
/// How many existing `base`/`base-N` slugs are read to pick the first free candidate.
pub(crate) const SCAN_LIMIT: usize = 1_000;

/// The slug a new row asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SlugRequest {
    /// This one: when it is taken, the creation fails.
    Given(Slug),
    /// The first free one generated from this base.
    Generated(SlugBase),
}

impl SlugRequest {
    /// The slug given, or one generated from `name` (with `fallback` for names with too few
    /// letters or digits).
    pub(crate) fn new(given: Option<Slug>, name: &str, fallback: &str) -> Self {
        match given {
            Some(slug) => Self::Given(slug),
            None => Self::Generated(SlugBase::from_name(name, fallback)),
        }
    }

    /// The candidate among `taken` (the slugs [`SCAN_LIMIT`] read): the given slug, or the
    /// first free one.
    pub(crate) fn candidate(&self, taken: &[Slug]) -> Slug {
        match self {
            Self::Given(slug) => slug.clone(),
            Self::Generated(base) => base.first_free(taken.iter().map(Slug::as_str)),
        }
    }

    /// The base whose taken slugs decide the candidate, if the slug is generated.
    pub(crate) fn base(&self) -> Option<&SlugBase> {
        match self {
            Self::Given(_) => None,
            Self::Generated(base) => Some(base),
        }
    }
}

/// How one attempt at inserting with a slug ended.
#[derive(Debug)]
pub(crate) enum Attempt<E> {
    /// The slug was taken: try again with a fresh candidate.
    SlugTaken(Slug),
    /// Anything else: the creation fails.
    Failed(E),
}

impl<E: From<StoreError>> From<StoreError> for Attempt<E> {
    fn from(error: StoreError) -> Self {
        Self::Failed(error.into())
    }
}

/// Runs `attempt` (one transaction: read the taken slugs, insert with `request`'s candidate)
/// until it does not find its slug taken. A given slug that is taken fails with `taken(slug)` at once;
/// a generated one is retried, at most [`ATTEMPTS`] times.
///
/// `attempt` is a closure returning a future rather than an async closure: the future of an
/// `AsyncFnMut` borrows the closure, and the compiler cannot then show the caller's future
/// `Send` for every borrow.
pub(crate) async fn insert_with_slug<T, E, A>(
    request: &SlugRequest,
    mut attempt: impl FnMut() -> A,
    taken: impl FnOnce(Slug) -> E,
) -> Result<T, E>
where
    A: std::future::Future<Output = Result<T, Attempt<E>>>,
    E: From<StoreError>,
{
    let mut last = None;
    for _ in 0..ATTEMPTS {
        match attempt().await {
            Ok(created) => return Ok(created),
            Err(Attempt::Failed(error)) => return Err(error),
            Err(Attempt::SlugTaken(slug)) => match request {
                SlugRequest::Given(_) => return Err(taken(slug)),
                SlugRequest::Generated(_) => last = Some(slug),
            },
        }
    }
    Err(StoreError::Internal(
        format!(
            "no free slug after {ATTEMPTS} attempts (last tried: {})",
            last.map_or_else(String::new, |slug| slug.into_string())
        )
        .into(),
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(text: &str) -> Slug {
        Slug::parse(text).unwrap()
    }

    #[test]
    fn a_given_slug_is_the_candidate_and_a_generated_one_the_first_free() {
        let given = SlugRequest::new(Some(slug("mine")), "Whatever", "game");
        assert_eq!(given.candidate(&[slug("mine")]), slug("mine"));
        assert_eq!(given.base(), None);
        let generated = SlugRequest::new(None, "Space Race", "game");
        assert_eq!(
            generated.candidate(&[slug("space-race"), slug("space-race-2")]),
            slug("space-race-3")
        );
    }

    #[derive(Debug, PartialEq, Eq)]
    enum Failure {
        Taken(String),
        Store(String),
    }

    impl From<StoreError> for Failure {
        fn from(error: StoreError) -> Self {
            Self::Store(error.to_string())
        }
    }

    async fn run<T>(
        request: &SlugRequest,
        mut outcomes: Vec<Result<T, Attempt<Failure>>>,
    ) -> (Result<T, Failure>, usize) {
        let mut tries = 0;
        let outcome = insert_with_slug(
            request,
            || {
                tries += 1;
                std::future::ready(outcomes.remove(0))
            },
            |slug| Failure::Taken(slug.into_string()),
        )
        .await;
        (outcome, tries)
    }

    #[tokio::test]
    async fn a_taken_generated_slug_is_retried_and_a_taken_given_one_fails() {
        let generated = SlugRequest::new(None, "Space Race", "game");
        let (outcome, tries) = run(
            &generated,
            vec![
                Err(Attempt::SlugTaken(slug("space-race"))),
                Err(Attempt::SlugTaken(slug("space-race-2"))),
                Ok(3),
            ],
        )
        .await;
        assert_eq!((outcome, tries), (Ok(3), 3));

        let given = SlugRequest::new(Some(slug("mine")), "x", "game");
        let (outcome, tries) = run::<u8>(&given, vec![Err(Attempt::SlugTaken(slug("mine")))]).await;
        assert_eq!(outcome, Err(Failure::Taken("mine".to_owned())));
        assert_eq!(tries, 1);
    }

    #[tokio::test]
    async fn other_failures_end_at_once_and_retries_are_bounded() {
        let generated = SlugRequest::new(None, "Space Race", "game");
        let (outcome, tries) = run::<u8>(
            &generated,
            vec![Err(Attempt::Failed(Failure::Store("down".to_owned())))],
        )
        .await;
        assert_eq!(outcome, Err(Failure::Store("down".to_owned())));
        assert_eq!(tries, 1);
        let always_taken: Vec<_> = (0..ATTEMPTS)
            .map(|_| Err(Attempt::SlugTaken(slug("space-race"))))
            .collect();
        let (outcome, tries) = run::<u8>(&generated, always_taken).await;
        assert!(matches!(outcome, Err(Failure::Store(_))));
        assert_eq!(tries, ATTEMPTS);
    }
}
