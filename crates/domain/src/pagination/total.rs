//! `include_total`: how many rows a filtered list has, without an unbounded count.

/// Up to this many rows are counted exactly; above it the planner's estimate is reported.
pub const EXACT_TOTAL_LIMIT: u64 = 10_000;

/// The number of rows matching a list's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    /// The count.
    pub value: u64,
    /// Whether `value` is PostgreSQL's estimate rather than an exact count.
    pub is_estimate: bool,
}

impl Total {
    /// The total from a count capped at [`EXACT_TOTAL_LIMIT`]` + 1`, or, when the cap was hit,
    /// from the planner's estimate (never reported below the exact limit it exceeded).
    #[must_use]
    pub fn from_bounded_count(counted: u64, estimate: impl FnOnce() -> u64) -> Self {
        if counted <= EXACT_TOTAL_LIMIT {
            Self {
                value: counted,
                is_estimate: false,
            }
        } else {
            Self {
                value: estimate().max(EXACT_TOTAL_LIMIT + 1),
                is_estimate: true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_up_to_the_limit_are_exact() {
        let total = Total::from_bounded_count(10_000, || unreachable!());
        assert_eq!(
            total,
            Total {
                value: 10_000,
                is_estimate: false
            }
        );
    }

    #[test]
    fn counts_beyond_the_limit_are_estimates_never_below_it() {
        assert_eq!(
            Total::from_bounded_count(10_001, || 250_000),
            Total {
                value: 250_000,
                is_estimate: true
            }
        );
        assert_eq!(
            Total::from_bounded_count(10_001, || 40),
            Total {
                value: 10_001,
                is_estimate: true
            }
        );
    }
}
