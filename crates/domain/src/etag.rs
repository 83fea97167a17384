//! Versions, entity tags and the preconditions that name them (RFC 9110 §8.8.3, §13.1).
//!
//! A stored resource carries a [`Version`]: 1 when it is written first, one more at every
//! change of its row (the store bumps it; a write that changes nothing keeps it). Its strong
//! [`EntityTag`] is made of that version, plus, for a representation that shows more than its
//! row (a player's current ban), what else it shows. So the tag changes exactly when what a
//! client sees could, and never with how the JSON happens to be serialized.
//!
//! `If-Match` guards a change: the change happens only while the resource still has one of
//! the tags the client names ([`IfMatch::permits`], strong comparison); otherwise nothing is
//! written and the answer is 412. `If-None-Match` on a read answers 304 when the client's copy
//! is current ([`IfNoneMatch::matches`], weak comparison).

use std::fmt;

/// How many times a stored row was written: [`Version::FIRST`] when created, bumped by the
/// store at every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(i64);

impl Version {
    /// The version of a row just created.
    pub const FIRST: Self = Self(1);

    /// The version `n`, when it is one a row can have (1 or more).
    #[must_use]
    pub fn new(n: i64) -> Option<Self> {
        (n >= 1).then_some(Self(n))
    }

    /// Its number.
    #[must_use]
    pub const fn get(self) -> i64 {
        self.0
    }

    /// The version after one more change: what the store does when a write changes the row.
    #[must_use]
    pub const fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A resource with a stored version.
pub trait Versioned {
    /// The version it was read (or written) at.
    fn version(&self) -> Version;

    /// It, at the version a write left it at.
    #[must_use]
    fn at_version(self, version: Version) -> Self;

    /// The tag of its representation, when the representation is its row alone.
    fn entity_tag(&self) -> EntityTag {
        EntityTag::of(self.version())
    }
}

/// Implements [`Versioned`] for a record with a `version` field.
macro_rules! versioned {
    ($($record:ty),+ $(,)?) => {$(
        impl $crate::etag::Versioned for $record {
            fn version(&self) -> $crate::etag::Version {
                self.version
            }

            fn at_version(mut self, version: $crate::etag::Version) -> Self {
                self.version = version;
                self
            }
        }
    )+};
}

pub(crate) use versioned;

/// A strong entity tag: the opaque part, without its quotes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EntityTag(String);

impl EntityTag {
    /// The tag of a representation made of one row at `version`.
    #[must_use]
    pub fn of(version: Version) -> Self {
        Self(version.to_string())
    }

    /// The tag of a representation that shows `part` besides what this tag covers, such as
    /// the id of the ban a player's status is derived from. Characters a tag cannot hold
    /// (quotes, spaces, controls) are dropped; callers pass ids and numbers, which have none.
    #[must_use]
    pub fn and(mut self, part: &str) -> Self {
        self.0.push('.');
        self.0.extend(part.chars().filter(|&c| is_etagc(c)));
        self
    }

    /// The opaque part, unquoted.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The field value an `ETag` header carries: the opaque part in double quotes.
    #[must_use]
    pub fn to_header(&self) -> String {
        format!("\"{}\"", self.0)
    }
}

/// `etagc = %x21 / %x23-7E / obs-text`: any visible character but the double quote.
fn is_etagc(c: char) -> bool {
    c == '!' || ('#'..='~').contains(&c) || !c.is_ascii()
}

/// `*` or a comma-separated list of entity tags (`"…"` or `W/"…"`), with the empty list
/// elements RFC 9110 §5.6.1 asks a recipient to accept: exactly what [`IfMatch::parse`] and
/// [`IfNoneMatch::parse`] accept, so that what the OpenAPI document calls valid (and what a
/// fuzzer sends as invalid) is what the server takes.
pub const TAG_LIST_PATTERN: &str = "^[ \\t]*(\\*|[ \\t,]*(W/)?\"[!#-~\\u0080-\\uffff]*\"([ \\t]*,[ \\t,]*(W/)?\"[!#-~\\u0080-\\uffff]*\")*[ \\t,]*)[ \\t]*$";

/// The precondition header is not `*` or a list of entity tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("expected `*` or a comma-separated list of quoted entity tags")]
pub struct MalformedTags;

/// The resource no longer has any of the entity tags the request's `If-Match` named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("The resource has changed since the version named in If-Match")]
pub struct PreconditionFailed;

/// One entity tag as a request names it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NamedTag {
    weak: bool,
    opaque: String,
}

/// `*` or a list of tags: what both precondition headers hold.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TagList {
    Any,
    OneOf(Vec<NamedTag>),
}

impl TagList {
    /// Parses `"*" / #entity-tag`. Empty list elements are skipped, as RFC 9110 §5.6.1 asks of
    /// a recipient; a field with no tag at all is malformed.
    fn parse(field: &str) -> Result<Self, MalformedTags> {
        let field = field.trim_matches([' ', '\t']);
        if field == "*" {
            return Ok(Self::Any);
        }
        let mut tags = Vec::new();
        let mut rest = field;
        loop {
            rest = rest.trim_start_matches([' ', '\t', ',']);
            if rest.is_empty() {
                break;
            }
            let (weak, quoted) = match rest.strip_prefix("W/") {
                Some(after) => (true, after),
                None => (false, rest),
            };
            let inner = quoted.strip_prefix('"').ok_or(MalformedTags)?;
            let end = inner.find('"').ok_or(MalformedTags)?;
            let opaque = &inner[..end];
            if !opaque.chars().all(is_etagc) {
                return Err(MalformedTags);
            }
            tags.push(NamedTag {
                weak,
                opaque: opaque.to_owned(),
            });
            rest = inner[end + 1..].trim_start_matches([' ', '\t']);
            if !rest.is_empty() && !rest.starts_with(',') {
                return Err(MalformedTags);
            }
        }
        if tags.is_empty() {
            return Err(MalformedTags);
        }
        Ok(Self::OneOf(tags))
    }
}

/// What a change's `If-Match` asks: that the resource still has one of these tags.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IfMatch(Option<TagList>);

impl IfMatch {
    /// No condition: the change applies to whatever version there is (as does `*`, since a
    /// change is only ever checked against a resource that exists).
    #[must_use]
    pub fn anything() -> Self {
        Self(None)
    }

    /// Parses the field's value (several fields joined with commas).
    ///
    /// # Errors
    ///
    /// `MalformedTags` when it is neither `*` nor a list of entity tags.
    pub fn parse(field: &str) -> Result<Self, MalformedTags> {
        TagList::parse(field).map(|list| Self(Some(list)))
    }

    /// Whether it names tags (rather than nothing or `*`): only then does a change need the
    /// current tag, which for some resources costs a read.
    #[must_use]
    pub fn names_tags(&self) -> bool {
        matches!(self.0, Some(TagList::OneOf(_)))
    }

    /// Whether the change may go ahead on a resource tagged `current`: yes with no condition
    /// or `*`, otherwise only when a strong tag the request named equals it (a weak tag never
    /// matches for a change, RFC 9110 §13.1.1).
    #[must_use]
    pub fn permits(&self, current: &EntityTag) -> bool {
        match &self.0 {
            None | Some(TagList::Any) => true,
            Some(TagList::OneOf(tags)) => tags
                .iter()
                .any(|tag| !tag.weak && tag.opaque == current.as_str()),
        }
    }

    /// `Ok` when [`permits`](Self::permits) does.
    ///
    /// # Errors
    ///
    /// `PreconditionFailed` when the resource changed since the request's tags.
    pub fn check(&self, current: &EntityTag) -> Result<(), PreconditionFailed> {
        if self.permits(current) {
            Ok(())
        } else {
            Err(PreconditionFailed)
        }
    }
}

/// What a read's `If-None-Match` says: the client holds a copy with one of these tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IfNoneMatch(TagList);

impl IfNoneMatch {
    /// Parses the field's value (several fields joined with commas).
    ///
    /// # Errors
    ///
    /// `MalformedTags` when it is neither `*` nor a list of entity tags.
    pub fn parse(field: &str) -> Result<Self, MalformedTags> {
        TagList::parse(field).map(Self)
    }

    /// Whether the client's copy is current, so a read answers 304: `*`, or a tag the request
    /// named equals `current` by weak comparison (`W/` ignored, RFC 9110 §13.1.2).
    #[must_use]
    pub fn matches(&self, current: &EntityTag) -> bool {
        match &self.0 {
            TagList::Any => true,
            TagList::OneOf(tags) => tags.iter().any(|tag| tag.opaque == current.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(n: i64) -> EntityTag {
        EntityTag::of(Version::new(n).unwrap())
    }

    #[test]
    fn a_version_is_one_or_more() {
        assert_eq!(Version::new(0), None);
        assert_eq!(Version::new(-3), None);
        assert_eq!(Version::new(1), Some(Version::FIRST));
    }

    #[test]
    fn a_tag_is_the_version_quoted_and_parts_are_joined_with_dots() {
        assert_eq!(tag(7).to_header(), "\"7\"");
        assert_eq!(tag(7).and("ban_01").to_header(), "\"7.ban_01\"");
        assert_eq!(tag(7).and("a \"b\"").as_str(), "7.ab");
    }

    #[test]
    fn no_condition_and_star_permit_any_version() {
        assert!(IfMatch::anything().permits(&tag(3)));
        assert!(IfMatch::parse("*").unwrap().permits(&tag(3)));
        assert!(IfMatch::parse(" * ").unwrap().permits(&tag(3)));
        assert!(!IfMatch::anything().names_tags());
        assert!(!IfMatch::parse("*").unwrap().names_tags());
        assert!(IfMatch::parse("\"3\"").unwrap().names_tags());
    }

    #[test]
    fn if_match_permits_only_a_strong_tag_equal_to_the_current_one() {
        assert!(IfMatch::parse("\"3\"").unwrap().permits(&tag(3)));
        assert!(!IfMatch::parse("\"2\"").unwrap().permits(&tag(3)));
        assert!(!IfMatch::parse("W/\"3\"").unwrap().permits(&tag(3)));
        assert!(IfMatch::parse("\"1\", \"3\"").unwrap().permits(&tag(3)));
        assert!(IfMatch::parse("\"1\",,\t\"3\" ,").unwrap().permits(&tag(3)));
        assert_eq!(
            IfMatch::parse("\"2\"").unwrap().check(&tag(3)),
            Err(PreconditionFailed)
        );
        assert_eq!(IfMatch::parse("\"3\"").unwrap().check(&tag(3)), Ok(()));
    }

    #[test]
    fn if_none_match_compares_weakly() {
        assert!(IfNoneMatch::parse("W/\"3\"").unwrap().matches(&tag(3)));
        assert!(IfNoneMatch::parse("\"3\"").unwrap().matches(&tag(3)));
        assert!(IfNoneMatch::parse("*").unwrap().matches(&tag(3)));
        assert!(
            !IfNoneMatch::parse("\"2\", W/\"4\"")
                .unwrap()
                .matches(&tag(3))
        );
    }

    #[test]
    fn what_is_not_star_or_a_list_of_quoted_tags_is_malformed() {
        for field in [
            "",
            " ",
            ",",
            "3",
            "\"3",
            "\"3\" \"4\"",
            "\"3\"x",
            "w/\"3\"",
            "W/3",
            "**",
            "*, \"3\"",
            "\"a b\"",
            "\"\u{1}\"",
        ] {
            assert_eq!(IfMatch::parse(field), Err(MalformedTags), "{field:?}");
            assert_eq!(IfNoneMatch::parse(field), Err(MalformedTags), "{field:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_documented_pattern_accepts_exactly_what_parses(
            field in proptest::prop_oneof![
                "[ \t,*W/\"a3!~\u{e9}\u{1} ]{0,12}",
                "[ \t,]{0,2}((W/)?\"[a3!~\u{e9}\u{1} ]{0,3}\"[ \t,]{0,3}){1,3}",
            ]
        ) {
            let pattern = fancy_regex::Regex::new(TAG_LIST_PATTERN).unwrap();
            proptest::prop_assert_eq!(
                pattern.is_match(&field).unwrap(),
                IfMatch::parse(&field).is_ok(),
                "{:?}", field
            );
        }
    }

    #[test]
    fn an_empty_tag_and_obs_text_are_tags() {
        assert!(IfMatch::parse("\"\"").is_ok());
        assert!(IfMatch::parse("\"caf\u{e9}\"").is_ok());
    }
}
