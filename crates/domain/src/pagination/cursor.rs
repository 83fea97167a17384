//! Signed cursors.
//!
//! A cursor is `base64url(payload ‖ HMAC-SHA256(key, payload))`. The payload carries a format
//! version, the direction, whether the position itself is included, the query fingerprint, the
//! canonical sort, and one typed value per sort key. Decoding checks the signature before it
//! reads a single field, so an edited, truncated or forged cursor is refused as a whole.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::fingerprint::QueryFingerprint;
use super::key_value::KeyValue;
use crate::timestamp::Timestamp;

/// The payload format this code writes and reads.
const FORMAT_VERSION: u8 = 1;
/// Bytes of the HMAC-SHA256 tag.
const TAG_LEN: usize = 32;
/// Fewest bytes of key material for the HMAC.
pub const MIN_CURSOR_KEY_LEN: usize = 32;

const FLAG_PREV: u8 = 0b01;
const FLAG_INCLUSIVE: u8 = 0b10;

const VALUE_NULL: u8 = 0;
const VALUE_ID: u8 = 1;
const VALUE_TEXT: u8 = 2;
const VALUE_TIMESTAMP: u8 = 3;

/// Which way a cursor leads from its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CursorDirection {
    /// To the rows after the position.
    Next,
    /// To the rows before the position.
    Prev,
}

/// A decoded, authentic cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Which way it leads.
    pub direction: CursorDirection,
    /// Whether the row at the position itself belongs to the page it leads to.
    pub inclusive: bool,
    /// The query it was issued for.
    pub fingerprint: QueryFingerprint,
    /// The canonical sort it was issued for.
    pub sort: String,
    /// One value per sort key.
    pub position: Vec<KeyValue>,
}

/// Why a cursor was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CursorError {
    /// Not base64url, or too short to hold a signature.
    #[error("Invalid cursor: malformed")]
    Malformed,
    /// The signature does not match: edited, truncated or forged.
    #[error("Invalid cursor: signature mismatch")]
    BadSignature,
    /// Signed by us, but in a format this version does not read.
    #[error("Invalid cursor: unsupported format")]
    UnsupportedVersion,
}

/// The cursor secret is too short to sign with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the cursor secret must be at least {MIN_CURSOR_KEY_LEN} bytes")]
pub struct CursorKeyError;

/// Signs and verifies cursors with one secret.
#[derive(Clone)]
pub struct CursorCodec {
    mac: Hmac<Sha256>,
}

impl fmt::Debug for CursorCodec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CursorCodec(…)")
    }
}

impl CursorCodec {
    /// A codec keyed with `secret`, which must be at least [`MIN_CURSOR_KEY_LEN`] bytes.
    pub fn new(secret: &[u8]) -> Result<Self, CursorKeyError> {
        if secret.len() < MIN_CURSOR_KEY_LEN {
            return Err(CursorKeyError);
        }
        let mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| CursorKeyError)?;
        Ok(Self { mac })
    }

    /// The opaque, signed text form of `cursor`.
    #[must_use]
    pub fn encode(&self, cursor: &Cursor) -> String {
        let mut bytes = payload(cursor);
        let mut mac = self.mac.clone();
        mac.update(&bytes);
        bytes.extend_from_slice(&mac.finalize().into_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Verifies and reads a cursor.
    pub fn decode(&self, text: &str) -> Result<Cursor, CursorError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(text.as_bytes())
            .map_err(|_| CursorError::Malformed)?;
        let split = bytes
            .len()
            .checked_sub(TAG_LEN)
            .ok_or(CursorError::Malformed)?;
        let (payload, tag) = bytes.split_at(split);
        let mut mac = self.mac.clone();
        mac.update(payload);
        mac.verify_slice(tag)
            .map_err(|_| CursorError::BadSignature)?;
        read_payload(payload)
    }
}

fn payload(cursor: &Cursor) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.push(FORMAT_VERSION);
    let mut flags = 0;
    if cursor.direction == CursorDirection::Prev {
        flags |= FLAG_PREV;
    }
    if cursor.inclusive {
        flags |= FLAG_INCLUSIVE;
    }
    out.push(flags);
    out.extend_from_slice(cursor.fingerprint.as_bytes());
    write_bytes(&mut out, cursor.sort.as_bytes());
    write_len(&mut out, cursor.position.len());
    for value in &cursor.position {
        match value {
            KeyValue::Null => out.push(VALUE_NULL),
            KeyValue::Id(bytes) => {
                out.push(VALUE_ID);
                out.extend_from_slice(bytes);
            }
            KeyValue::Text(text) => {
                out.push(VALUE_TEXT);
                write_bytes(&mut out, text.as_bytes());
            }
            KeyValue::Timestamp(at) => {
                out.push(VALUE_TIMESTAMP);
                out.extend_from_slice(&at.unix_micros().to_be_bytes());
            }
        }
    }
    out
}

/// Lengths are written as u32; nothing a cursor carries comes near that.
fn write_len(out: &mut Vec<u8>, len: usize) {
    let len = u32::try_from(len).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
}

fn write_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_len(out, bytes.len());
    out.extend_from_slice(bytes);
}

fn read_payload(payload: &[u8]) -> Result<Cursor, CursorError> {
    let mut reader = Reader(payload);
    if reader.byte()? != FORMAT_VERSION {
        return Err(CursorError::UnsupportedVersion);
    }
    let flags = reader.byte()?;
    // A flag this version does not know belongs to a format it does not read.
    if flags & !(FLAG_PREV | FLAG_INCLUSIVE) != 0 {
        return Err(CursorError::UnsupportedVersion);
    }
    let direction = if flags & FLAG_PREV == 0 {
        CursorDirection::Next
    } else {
        CursorDirection::Prev
    };
    let inclusive = flags & FLAG_INCLUSIVE != 0;
    let fingerprint = QueryFingerprint::from_bytes(reader.array()?);
    let sort = reader.text()?;
    let count = reader.len()?;
    let mut position = Vec::new();
    for _ in 0..count {
        let value = match reader.byte()? {
            VALUE_NULL => KeyValue::Null,
            VALUE_ID => KeyValue::Id(reader.array()?),
            VALUE_TEXT => KeyValue::Text(reader.text()?),
            VALUE_TIMESTAMP => {
                let micros = i64::from_be_bytes(reader.array()?);
                KeyValue::Timestamp(
                    Timestamp::from_unix_micros(micros).ok_or(CursorError::Malformed)?,
                )
            }
            _ => return Err(CursorError::Malformed),
        };
        position.push(value);
    }
    if !reader.0.is_empty() {
        return Err(CursorError::Malformed);
    }
    Ok(Cursor {
        direction,
        inclusive,
        fingerprint,
        sort,
        position,
    })
}

/// Reads a payload front to back; every read is checked, none can panic.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CursorError> {
        if n > self.0.len() {
            return Err(CursorError::Malformed);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, CursorError> {
        let [byte] = self.array::<1>()?;
        Ok(byte)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CursorError> {
        self.take(N)?.try_into().map_err(|_| CursorError::Malformed)
    }

    fn len(&mut self) -> Result<usize, CursorError> {
        let len = u32::from_be_bytes(self.array()?);
        usize::try_from(len).map_err(|_| CursorError::Malformed)
    }

    fn text(&mut self) -> Result<String, CursorError> {
        let len = self.len()?;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| CursorError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn codec() -> CursorCodec {
        CursorCodec::new(&[42; 32]).unwrap()
    }

    fn sample() -> Cursor {
        Cursor {
            direction: CursorDirection::Next,
            inclusive: false,
            fingerprint: QueryFingerprint::builder("GET /v1/accounts").finish(),
            sort: "name:desc,id:asc".to_owned(),
            position: vec![KeyValue::Text("Acme".to_owned()), KeyValue::Id([7; 16])],
        }
    }

    fn key_value() -> impl Strategy<Value = KeyValue> {
        prop_oneof![
            Just(KeyValue::Null),
            any::<[u8; 16]>().prop_map(KeyValue::Id),
            "\\PC{0,40}".prop_map(KeyValue::Text),
            (-62_135_596_800_000_000i64..253_402_300_799_999_999i64).prop_map(|micros| {
                KeyValue::Timestamp(Timestamp::from_unix_micros(micros).unwrap())
            }),
        ]
    }

    fn cursor() -> impl Strategy<Value = Cursor> {
        (
            any::<bool>(),
            any::<bool>(),
            any::<[u8; 16]>(),
            "[a-z_:,]{0,40}",
            proptest::collection::vec(key_value(), 0..6),
        )
            .prop_map(|(prev, inclusive, fingerprint, sort, position)| Cursor {
                direction: if prev {
                    CursorDirection::Prev
                } else {
                    CursorDirection::Next
                },
                inclusive,
                fingerprint: QueryFingerprint::from_bytes(fingerprint),
                sort,
                position,
            })
    }

    #[test]
    fn a_short_secret_is_refused() {
        assert_eq!(CursorCodec::new(&[1; 31]).unwrap_err(), CursorKeyError);
    }

    #[test]
    fn a_cursor_is_url_safe_text() {
        let text = codec().encode(&sample());
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn a_cursor_signed_with_another_secret_is_refused() {
        let foreign = CursorCodec::new(&[43; 32]).unwrap().encode(&sample());
        assert_eq!(codec().decode(&foreign), Err(CursorError::BadSignature));
    }

    #[test]
    fn garbage_is_malformed() {
        assert_eq!(codec().decode("not base64!"), Err(CursorError::Malformed));
        assert_eq!(codec().decode(""), Err(CursorError::Malformed));
        assert_eq!(codec().decode("AAAA"), Err(CursorError::Malformed));
    }

    #[test]
    fn a_truncated_cursor_is_refused() {
        let text = codec().encode(&sample());
        for cut in 1..text.len() {
            assert!(
                codec().decode(&text[..text.len() - cut]).is_err(),
                "cut {cut}"
            );
        }
    }

    /// `payload` signed with the test codec's key, as the server would sign it: what reaches
    /// the payload reader once the signature holds.
    fn signed(payload: &[u8]) -> String {
        let mut bytes = payload.to_vec();
        let mut mac = codec().mac.clone();
        mac.update(&bytes);
        bytes.extend_from_slice(&mac.finalize().into_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// What a signed payload must come to: refused, or read as exactly the cursor whose
    /// encoding it is (the reader accepts nothing but the writer's output).
    fn read_exactly_or_refused(payload: &[u8]) -> Result<(), TestCaseError> {
        let text = signed(payload);
        if let Ok(cursor) = codec().decode(&text) {
            prop_assert_eq!(codec().encode(&cursor), text);
        }
        Ok(())
    }

    #[test]
    fn a_signed_cursor_of_an_unknown_version_is_refused_as_such() {
        let mut bytes = payload(&sample());
        bytes[0] = 99;
        assert_eq!(
            codec().decode(&signed(&bytes)),
            Err(CursorError::UnsupportedVersion)
        );
    }

    #[test]
    fn a_signed_payload_claiming_more_than_it_holds_is_malformed() {
        let mut bytes = payload(&sample());
        // The sort's length, just after the version, the flags and the fingerprint.
        let at = 2 + 32;
        bytes[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(codec().decode(&signed(&bytes)), Err(CursorError::Malformed));
    }

    proptest! {
        #[test]
        fn every_cursor_round_trips(cursor in cursor()) {
            let codec = codec();
            prop_assert_eq!(codec.decode(&codec.encode(&cursor)), Ok(cursor));
        }

        #[test]
        fn any_change_to_a_cursor_is_refused(
            cursor in cursor(),
            index in any::<prop::sample::Index>(),
            flip in 1u8..=255,
        ) {
            let codec = codec();
            let mut bytes = URL_SAFE_NO_PAD.decode(codec.encode(&cursor)).unwrap();
            let at = index.index(bytes.len());
            bytes[at] ^= flip;
            let edited = URL_SAFE_NO_PAD.encode(&bytes);
            prop_assert!(codec.decode(&edited).is_err());
        }

        #[test]
        fn any_edit_to_the_text_is_refused(
            cursor in cursor(),
            index in any::<prop::sample::Index>(),
            replacement in "[A-Za-z0-9_-]",
        ) {
            let codec = codec();
            let text = codec.encode(&cursor);
            let at = index.index(text.len());
            let mut edited = text.clone();
            edited.replace_range(at..=at, &replacement);
            prop_assume!(edited != text);
            // Changing the last character may only touch the unused low bits of the final
            // base64 symbol; a strict decoder refuses those too.
            prop_assert!(codec.decode(&edited).is_err());
        }

        #[test]
        fn decoding_arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let _ = codec().decode(&text);
        }

        /// The reader itself, past the signature: random payloads, most of them starting as
        /// a real one does.
        #[test]
        fn a_signed_random_payload_is_read_exactly_or_refused(
            versioned in any::<bool>(),
            bytes in prop::collection::vec(any::<u8>(), 0..200),
        ) {
            let mut payload = bytes;
            if versioned {
                payload.insert(0, FORMAT_VERSION);
            }
            read_exactly_or_refused(&payload)?;
        }

        /// Real payloads edited (a byte changed, some cut off, some inserted) and signed
        /// again: every length, tag and value boundary of the reader is met.
        #[test]
        fn an_edited_payload_signed_again_is_read_exactly_or_refused(
            cursor in cursor(),
            at in any::<prop::sample::Index>(),
            edit in 0u8..3,
            byte in any::<u8>(),
            inserted in prop::collection::vec(any::<u8>(), 1..12),
        ) {
            let mut payload = payload(&cursor);
            let at = at.index(payload.len());
            match edit {
                0 => payload[at] = byte,
                1 => payload.truncate(at),
                _ => {
                    payload.splice(at..at, inserted);
                }
            }
            read_exactly_or_refused(&payload)?;
        }
    }
}
