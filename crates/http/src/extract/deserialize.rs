//! serde errors as FastAPI-style field errors.

use crate::error::{FieldError, LocPart};

/// Deserializes `value` into `T`; a failure becomes one field error located under `root`.
pub(crate) fn from_value<T: serde::de::DeserializeOwned>(
    root: &str,
    value: serde_json::Value,
) -> Result<T, FieldError> {
    serde_path_to_error::deserialize(value).map_err(|error| field_error(root, &error))
}

fn field_error(root: &str, error: &serde_path_to_error::Error<serde_json::Error>) -> FieldError {
    let mut loc = vec![LocPart::from(root)];
    for segment in error.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => loc.push(LocPart::Index(*index)),
            serde_path_to_error::Segment::Map { key } => loc.push(LocPart::Key(key.clone())),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    let message = error.inner().to_string();
    let (kind, msg) = if let Some(field) = quoted_after(&message, "missing field ") {
        push_unless_last(&mut loc, field);
        ("missing", "Field required".to_owned())
    } else if let Some(field) = quoted_after(&message, "unknown field ") {
        push_unless_last(&mut loc, field);
        (
            "extra_forbidden",
            "Extra inputs are not permitted".to_owned(),
        )
    } else if let Some(expected) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected ").map(|(_, expected)| expected))
    {
        type_error(expected)
    } else {
        ("value_error", message.clone())
    };
    FieldError { loc, msg, kind }
}

/// The name inside backticks after `prefix`: "missing field `name`" → "name".
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split_once('`').map(|(name, _)| name)
}

fn push_unless_last(loc: &mut Vec<LocPart>, field: &str) {
    if loc.last() != Some(&LocPart::Key(field.to_owned())) {
        loc.push(LocPart::Key(field.to_owned()));
    }
}

fn type_error(expected: &str) -> (&'static str, String) {
    let (kind, msg) = if expected.contains("string") {
        ("string_type", "Input should be a valid string")
    } else if expected.contains("bool") {
        ("bool_type", "Input should be a valid boolean")
    } else if expected.contains("integer") || expected.starts_with('i') || expected.starts_with('u')
    {
        ("int_type", "Input should be a valid integer")
    } else if expected.contains("struct") || expected.contains("map") {
        (
            "model_attributes_type",
            "Input should be a valid dictionary or object to extract fields from",
        )
    } else if expected.contains("sequence") {
        ("list_type", "Input should be a valid list")
    } else {
        ("value_error", "Input has the wrong type")
    };
    (kind, msg.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Request {
        #[expect(dead_code, reason = "only deserialized")]
        name: String,
        #[serde(default)]
        #[expect(dead_code, reason = "only deserialized")]
        flag: Option<bool>,
    }

    fn error(value: serde_json::Value) -> FieldError {
        from_value::<Request>("body", value).unwrap_err()
    }

    fn loc(parts: &[&str]) -> Vec<LocPart> {
        parts.iter().map(|part| LocPart::from(*part)).collect()
    }

    #[test]
    fn a_missing_field_is_located_at_the_field() {
        let error = error(json!({}));
        assert_eq!(error.loc, loc(&["body", "name"]));
        assert_eq!(
            (error.kind, error.msg.as_str()),
            ("missing", "Field required")
        );
    }

    #[test]
    fn an_unknown_field_is_forbidden_and_located() {
        let error = error(json!({"name": "x", "colour": "red"}));
        assert_eq!(error.loc, loc(&["body", "colour"]));
        assert_eq!(error.kind, "extra_forbidden");
    }

    #[test]
    fn wrong_types_say_what_was_expected() {
        let number = error(json!({"name": 5}));
        assert_eq!(number.loc, loc(&["body", "name"]));
        assert_eq!(number.kind, "string_type");
        let text = error(json!({"name": "x", "flag": "yes"}));
        assert_eq!(text.kind, "bool_type");
    }
}
