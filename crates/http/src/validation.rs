//! Domain validation failures as FastAPI-style field errors (pydantic's types and messages).

use roster_domain::IdParseError;
use roster_domain::game_details::{BoardIdError, SteamAppIdError, TagsError};
use roster_domain::oidc::{NonceError, ProviderError};
use roster_domain::pagination::LimitError;
use roster_domain::sign_in::SecretError;
use roster_domain::slug::SlugError;
use roster_domain::steam::{IdentityStringError, TicketError};
use roster_domain::text::TextError;
use roster_domain::user::EmailError;
use roster_domain::web_url::WebUrlError;

use crate::error::{ApiError, FieldError, LocPart};

/// A domain error that can be shown as a field error.
pub trait Violation {
    /// The pydantic error type and the message.
    fn describe(&self) -> (&'static str, String);
}

impl Violation for TextError {
    fn describe(&self) -> (&'static str, String) {
        let kind = match self {
            Self::TooShort { .. } => "string_too_short",
            Self::TooLong { .. } => "string_too_long",
            Self::Nul => "string_pattern_mismatch",
        };
        (kind, self.to_string())
    }
}

impl Violation for SlugError {
    fn describe(&self) -> (&'static str, String) {
        match self {
            Self::Length(error) => error.describe(),
            Self::Pattern => ("string_pattern_mismatch", self.to_string()),
        }
    }
}

impl Violation for EmailError {
    fn describe(&self) -> (&'static str, String) {
        let kind = match self {
            Self::TooLong { .. } => "string_too_long",
            Self::Syntax => "value_error",
        };
        (kind, self.to_string())
    }
}

impl Violation for ProviderError {
    fn describe(&self) -> (&'static str, String) {
        ("value_error", self.to_string())
    }
}

/// Errors of values whose one rule is a pattern: pydantic's `string_pattern_mismatch`.
macro_rules! pattern_violations {
    ($($error:ty),+ $(,)?) => {$(
        impl Violation for $error {
            fn describe(&self) -> (&'static str, String) {
                ("string_pattern_mismatch", self.to_string())
            }
        }
    )+};
}

pattern_violations!(
    SteamAppIdError,
    SecretError,
    BoardIdError,
    TicketError,
    IdentityStringError,
    NonceError,
);

impl Violation for WebUrlError {
    fn describe(&self) -> (&'static str, String) {
        let kind = match self {
            Self::TooLong { .. } => "url_too_long",
            Self::Scheme => "url_scheme",
            Self::Whitespace | Self::Syntax | Self::Credentials => "url_parsing",
        };
        (kind, self.to_string())
    }
}

impl Violation for TagsError {
    fn describe(&self) -> (&'static str, String) {
        match self {
            Self::TooMany { .. } => ("too_long", self.to_string()),
            Self::Tag { error, .. } => error.describe(),
        }
    }
}

impl Violation for IdParseError {
    fn describe(&self) -> (&'static str, String) {
        ("value_error", self.to_string())
    }
}

impl Violation for LimitError {
    fn describe(&self) -> (&'static str, String) {
        let kind = match self {
            Self::TooSmall { .. } => "greater_than_equal",
            Self::TooLarge { .. } => "less_than_equal",
        };
        (kind, self.to_string())
    }
}

/// A value outside an enumeration, worded as pydantic words it.
#[derive(Debug, Clone, Copy)]
pub struct NotOneOf(pub &'static [&'static str]);

impl Violation for NotOneOf {
    fn describe(&self) -> (&'static str, String) {
        let quoted: Vec<String> = self.0.iter().map(|value| format!("'{value}'")).collect();
        let listed = match quoted.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        ("enum", format!("Input should be {listed}"))
    }
}

/// Collects field errors while a request is turned into domain values.
#[derive(Debug, Default)]
pub struct Collector {
    errors: Vec<FieldError>,
    /// The first refusal that is not a field error (a 400 such as an unknown sort field),
    /// answered when there is no field error.
    refusal: Option<ApiError>,
}

impl Collector {
    /// An empty collector.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The value, or `None` with the error recorded at `loc`.
    pub fn check<T, E: Violation>(&mut self, loc: &[&str], result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(loc, &error);
                None
            }
        }
    }

    /// `Some(None)` when `raw` is absent, `Some(Some(value))` when it parses, `None` (with the
    /// error recorded at `loc`) when it does not.
    pub fn optional<T, E: Violation>(
        &mut self,
        loc: &[&str],
        raw: Option<&str>,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        match raw {
            None => Some(None),
            Some(raw) => self.check(loc, parse(raw)).map(Some),
        }
    }

    /// A nullable field that may be set, cleared (`null`) or left (absent): `Some(None)` when
    /// absent, `Some(Some(None))` when null, `Some(Some(Some(value)))` when it parses, `None`
    /// (with the error recorded at `loc`) when it does not.
    pub fn nullable<T, E: Violation>(
        &mut self,
        loc: &[&str],
        raw: Option<Option<&str>>,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<Option<T>>> {
        match raw {
            None => Some(None),
            Some(None) => Some(Some(None)),
            Some(Some(raw)) => self.check(loc, parse(raw)).map(|value| Some(Some(value))),
        }
    }

    /// Records `error` at `loc`.
    pub fn push(&mut self, loc: &[&str], error: &dyn Violation) {
        let (kind, msg) = error.describe();
        self.errors.push(FieldError::new(loc, kind, msg));
    }

    /// Records `error` at the item `index` of the list at `loc` (`["body", "tags", 3]`).
    pub fn push_item(&mut self, loc: &[&str], index: usize, error: &dyn Violation) {
        let (kind, msg) = error.describe();
        let mut at = FieldError::new(loc, kind, msg);
        at.loc.push(LocPart::Index(index));
        self.errors.push(at);
    }

    /// Records a refusal that is not a field error; the first one is answered, after the
    /// field errors.
    pub fn refuse(&mut self, refusal: ApiError) {
        self.refusal.get_or_insert(refusal);
    }

    /// `Ok(value())` when nothing was recorded, else the 422 with every field error, else the
    /// first refusal.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, ApiError> {
        if !self.errors.is_empty() {
            return Err(ApiError::Validation(self.errors));
        }
        if let Some(refusal) = self.refusal {
            return Err(refusal);
        }
        // Every `None` passed through `check`, which recorded an error; reaching here with one
        // would be a bug in a caller, reported rather than panicking.
        value().ok_or_else(|| {
            ApiError::Validation(vec![FieldError::new(&[], "value_error", "Invalid request")])
        })
    }
}

/// An enumeration-valued query filter: absent or blank is no filter; an unknown value is a 400
/// `invalid_filter` naming the valid ones.
pub fn enum_filter<T>(
    name: &str,
    raw: Option<&str>,
    valid: &[&str],
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>, ApiError> {
    match raw {
        None => Ok(None),
        Some(raw) => parse(raw).map(Some).ok_or_else(|| {
            ApiError::bad_request(
                "invalid_filter",
                format!("Invalid {name} '{raw}'. Valid values: {}", valid.join(", ")),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations_are_listed_as_pydantic_lists_them() {
        assert_eq!(NotOneOf(&["a"]).describe().1, "Input should be 'a'");
        assert_eq!(
            NotOneOf(&["a", "b"]).describe().1,
            "Input should be 'a' or 'b'"
        );
        assert_eq!(
            NotOneOf(&["a", "b", "c"]).describe().1,
            "Input should be 'a', 'b' or 'c'"
        );
    }

    #[test]
    fn a_collector_reports_every_error_it_saw() {
        let mut collector = Collector::new();
        let first: Option<()> =
            collector.check(&["body", "name"], Err(TextError::TooShort { min: 2 }));
        let second: Option<()> = collector.check(&["body", "slug"], Err(SlugError::Pattern));
        assert!(first.is_none() && second.is_none());
        let Err(ApiError::Validation(errors)) = collector.finish(|| Some(())) else {
            panic!("expected a validation error");
        };
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].kind, "string_too_short");
        assert_eq!(errors[1].kind, "string_pattern_mismatch");
    }
}
