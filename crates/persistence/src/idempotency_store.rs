//! Idempotency records in PostgreSQL: a claim is one `INSERT … ON CONFLICT`, so of two
//! requests racing for a key exactly one inserts (or replaces an expired record).

use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;
use roster_app::ports::{IdempotencyRecords, StoreError};
use roster_domain::Timestamp;
use roster_domain::idempotency::{
    IdempotencyKey, KeyScope, Recorded, RequestFingerprint, StoredResponse,
};
use serde_json::Value;
use time::OffsetDateTime;

use crate::error::{corrupt, from_diesel};
use crate::schema::idempotency_keys;
use crate::store::PgConn;

type Row = (
    Vec<u8>,
    OffsetDateTime,
    Option<i16>,
    Option<Value>,
    Option<Vec<u8>>,
);

fn decode(row: Row) -> Result<Recorded, StoreError> {
    let (fingerprint, started_at, status, headers, body) = row;
    let fingerprint = RequestFingerprint::from_bytes(
        fingerprint
            .try_into()
            .map_err(|_| corrupt("idempotency fingerprint"))?,
    );
    let started_at = Timestamp::from_datetime(started_at);
    match (status, headers, body) {
        (None, _, _) => Ok(Recorded::Running {
            fingerprint,
            started_at,
        }),
        (Some(status), Some(headers), Some(body)) => {
            let headers: Vec<(String, String)> = serde_json::from_value(headers)
                .map_err(|_| corrupt("idempotency response headers"))?;
            Ok(Recorded::Finished {
                fingerprint,
                response: StoredResponse {
                    status: u16::try_from(status).map_err(|_| corrupt("idempotency status"))?,
                    headers,
                    body,
                },
            })
        }
        _ => Err(corrupt("idempotency answer")),
    }
}

impl IdempotencyRecords for PgConn {
    async fn claim(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        fingerprint: RequestFingerprint,
        now: Timestamp,
        expired_before: Timestamp,
    ) -> Result<bool, StoreError> {
        // `ON CONFLICT DO UPDATE … WHERE`: the upsert's filter is this trait's.
        use diesel::query_dsl::methods::FilterDsl as _;
        let claimed = diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::scope.eq(scope.as_str()),
                idempotency_keys::key.eq(key.as_str()),
                idempotency_keys::fingerprint.eq(fingerprint.as_bytes().as_slice()),
                idempotency_keys::started_at.eq(now.as_datetime()),
            ))
            .on_conflict((idempotency_keys::scope, idempotency_keys::key))
            .do_update()
            .set((
                idempotency_keys::fingerprint.eq(excluded(idempotency_keys::fingerprint)),
                idempotency_keys::started_at.eq(excluded(idempotency_keys::started_at)),
                idempotency_keys::status.eq(None::<i16>),
                idempotency_keys::response_headers.eq(None::<Value>),
                idempotency_keys::response_body.eq(None::<Vec<u8>>),
            ))
            // Only a record past the retention is replaced; any other stays as it is.
            .filter(idempotency_keys::started_at.le(expired_before.as_datetime()))
            .execute(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(claimed == 1)
    }

    async fn recorded(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
    ) -> Result<Option<Recorded>, StoreError> {
        let row: Option<Row> = idempotency_keys::table
            .filter(idempotency_keys::scope.eq(scope.as_str()))
            .filter(idempotency_keys::key.eq(key.as_str()))
            .select((
                idempotency_keys::fingerprint,
                idempotency_keys::started_at,
                idempotency_keys::status,
                idempotency_keys::response_headers,
                idempotency_keys::response_body,
            ))
            .first(self.pg())
            .await
            .optional()
            .map_err(from_diesel)?;
        row.map(decode).transpose()
    }

    async fn take_over(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        started_at: Timestamp,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let taken = diesel::update(idempotency_keys::table)
            .filter(idempotency_keys::scope.eq(scope.as_str()))
            .filter(idempotency_keys::key.eq(key.as_str()))
            .filter(idempotency_keys::status.is_null())
            .filter(idempotency_keys::started_at.eq(started_at.as_datetime()))
            .set(idempotency_keys::started_at.eq(now.as_datetime()))
            .execute(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(taken == 1)
    }

    async fn finish(
        &mut self,
        scope: &KeyScope,
        key: &IdempotencyKey,
        response: &StoredResponse,
    ) -> Result<(), StoreError> {
        let headers = serde_json::to_value(&response.headers)
            .map_err(|error| StoreError::Internal(Box::new(error)))?;
        diesel::update(idempotency_keys::table)
            .filter(idempotency_keys::scope.eq(scope.as_str()))
            .filter(idempotency_keys::key.eq(key.as_str()))
            .filter(idempotency_keys::status.is_null())
            .set((
                idempotency_keys::status.eq(i16::try_from(response.status).unwrap_or(500)),
                idempotency_keys::response_headers.eq(headers),
                idempotency_keys::response_body.eq(response.body.as_slice()),
            ))
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }

    async fn release(&mut self, scope: &KeyScope, key: &IdempotencyKey) -> Result<(), StoreError> {
        diesel::delete(idempotency_keys::table)
            .filter(idempotency_keys::scope.eq(scope.as_str()))
            .filter(idempotency_keys::key.eq(key.as_str()))
            .filter(idempotency_keys::status.is_null())
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }
}
