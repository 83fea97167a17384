//! What a cursor is bound to besides its sort: the endpoint and the filters of its query.

use sha2::{Digest as _, Sha256};

/// A digest of an endpoint and its filter values. A cursor issued under one fingerprint is
/// refused under any other, so a cursor cannot be replayed against another filter set, scope
/// or endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QueryFingerprint([u8; 16]);

impl QueryFingerprint {
    /// Starts a fingerprint for `endpoint` (for example `"GET /v1/accounts"`).
    #[must_use]
    pub fn builder(endpoint: &str) -> FingerprintBuilder {
        let mut hasher = Sha256::new();
        hasher.update(b"roster-query-fingerprint-v1\0");
        write_part(&mut hasher, endpoint.as_bytes());
        FingerprintBuilder { hasher }
    }

    /// The fingerprint from its bytes, as a cursor carries them.
    #[must_use]
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    /// The bytes a cursor carries.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

/// Feeds filters into a [`QueryFingerprint`]; the order of calls matters and is fixed per endpoint.
#[derive(Debug, Clone)]
pub struct FingerprintBuilder {
    hasher: Sha256,
}

impl FingerprintBuilder {
    /// Adds a filter; `None` (not given) differs from every given value, the empty one included.
    #[must_use]
    pub fn filter(mut self, name: &str, value: Option<&str>) -> Self {
        write_part(&mut self.hasher, name.as_bytes());
        match value {
            None => self.hasher.update([0]),
            Some(value) => {
                self.hasher.update([1]);
                write_part(&mut self.hasher, value.as_bytes());
            }
        }
        self
    }

    /// The fingerprint.
    #[must_use]
    pub fn finish(self) -> QueryFingerprint {
        let digest = self.hasher.finalize();
        let mut bytes = [0; 16];
        for (byte, digested) in bytes.iter_mut().zip(digest.iter()) {
            *byte = *digested;
        }
        QueryFingerprint(bytes)
    }
}

/// Length-prefixes each part so that `("ab", "c")` and `("a", "bc")` hash differently.
fn write_part(hasher: &mut Sha256, part: &[u8]) {
    hasher.update((part.len() as u64).to_be_bytes());
    hasher.update(part);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprint(endpoint: &str, filters: &[(&str, Option<&str>)]) -> QueryFingerprint {
        filters
            .iter()
            .fold(
                QueryFingerprint::builder(endpoint),
                |builder, (name, value)| builder.filter(name, *value),
            )
            .finish()
    }

    #[test]
    fn the_same_query_gives_the_same_fingerprint() {
        let filters = [("status", Some("active")), ("q", None)];
        assert_eq!(
            fingerprint("GET /v1/accounts", &filters),
            fingerprint("GET /v1/accounts", &filters)
        );
    }

    #[test]
    fn any_difference_changes_the_fingerprint() {
        let base = fingerprint(
            "GET /v1/accounts",
            &[("status", Some("active")), ("q", None)],
        );
        for other in [
            fingerprint("GET /v1/users", &[("status", Some("active")), ("q", None)]),
            fingerprint(
                "GET /v1/accounts",
                &[("status", Some("suspended")), ("q", None)],
            ),
            fingerprint("GET /v1/accounts", &[("status", None), ("q", None)]),
            fingerprint(
                "GET /v1/accounts",
                &[("status", Some("active")), ("q", Some(""))],
            ),
            fingerprint(
                "GET /v1/accounts",
                &[("status", Some("act")), ("q", Some("ive"))],
            ),
        ] {
            assert_ne!(base, other);
        }
    }
}
