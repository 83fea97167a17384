//! UTC timestamps with microsecond precision.
//!
//! PostgreSQL's `timestamptz` keeps microseconds. Truncating every value to microseconds before
//! it is stored means the value a cursor carries is exactly the value in the row, so keyset
//! comparisons never skip or repeat a row because of lost nanoseconds.

use std::fmt;

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// RFC 3339 in UTC with exactly six fractional digits: `2024-05-01T12:00:00.123456Z`.
const RFC3339_MICROS: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// A UTC instant truncated to whole microseconds.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// Converts to UTC and drops everything below a microsecond.
    #[must_use]
    pub fn from_datetime(datetime: OffsetDateTime) -> Self {
        let utc = datetime.to_offset(UtcOffset::UTC);
        let micros_only = utc.nanosecond() / 1_000 * 1_000;
        // `replace_nanosecond` only fails above 999_999_999, which `micros_only` never is.
        Self(utc.replace_nanosecond(micros_only).unwrap_or(utc))
    }

    /// The instant `micros` microseconds after the Unix epoch, if representable.
    #[must_use]
    pub fn from_unix_micros(micros: i64) -> Option<Self> {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
            .ok()
            .map(Self)
    }

    /// Microseconds since the Unix epoch.
    #[must_use]
    pub fn unix_micros(&self) -> i64 {
        // Every representable `OffsetDateTime` fits: its range is ±9999 years.
        i64::try_from(self.0.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
    }

    /// The instant as a `time` value.
    #[must_use]
    pub fn as_datetime(&self) -> OffsetDateTime {
        self.0
    }

    /// RFC 3339 in UTC with microseconds, as the API shows timestamps.
    #[must_use]
    pub fn to_rfc3339(&self) -> String {
        self.0
            .format(RFC3339_MICROS)
            .unwrap_or_else(|_| self.0.unix_timestamp().to_string())
    }

    /// This instant moved by `duration` (saturating at the representable range).
    #[must_use]
    pub fn plus(&self, duration: time::Duration) -> Self {
        Self::from_datetime(self.0.saturating_add(duration))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

/// The instant `micros` microseconds after the Unix epoch: the tests' way of naming times.
#[cfg(test)]
pub(crate) fn at(micros: i64) -> Timestamp {
    Timestamp::from_unix_micros(micros).unwrap_or_else(|| panic!("{micros} is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    #[test]
    fn nanoseconds_are_truncated_and_the_offset_becomes_utc() {
        let ts = Timestamp::from_datetime(datetime!(2024-05-01 14:00:00.123456789 +02:00));
        assert_eq!(ts.to_rfc3339(), "2024-05-01T12:00:00.123456Z");
    }

    #[test]
    fn whole_seconds_still_show_six_digits() {
        let ts = Timestamp::from_datetime(datetime!(2024-05-01 12:00:00 UTC));
        assert_eq!(ts.to_string(), "2024-05-01T12:00:00.000000Z");
    }

    proptest! {
        #[test]
        fn unix_micros_round_trip(micros in -62_135_596_800_000_000i64..253_402_300_799_999_999i64) {
            let ts = Timestamp::from_unix_micros(micros).unwrap();
            prop_assert_eq!(ts.unix_micros(), micros);
            prop_assert_eq!(Timestamp::from_datetime(ts.as_datetime()), ts);
        }
    }
}
