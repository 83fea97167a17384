//! Client sessions and nonces in PostgreSQL.

use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use roster_app::ports::{ChangeError, SessionStore, StoreError};
use roster_domain::account::AccountStatus;
use roster_domain::client_session::{ClientCredential, ClientSession};
use roster_domain::nonce::Nonce;
use roster_domain::{IdentityId, SessionId, Timestamp};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{corrupt, from_diesel};
use crate::revocation::{self, Revoked};
use crate::rows::{NonceRow, SessionRow};
use crate::schema::{accounts, client_nonces, client_sessions, games, identities};
use crate::store::PgStore;
use crate::tx::Tx;

impl SessionStore for PgStore {
    async fn insert_session(&self, session: &ClientSession) -> Result<(), StoreError> {
        let row = SessionRow::try_from(session)?;
        self.run(async |conn| {
            diesel::insert_into(client_sessions::table)
                .values(row)
                .execute(conn)
                .await
                .map(drop)
                .map_err(from_diesel)
        })
        .await
    }

    async fn update_session<E, F>(
        &self,
        id: SessionId,
        change: F,
    ) -> Result<ClientSession, ChangeError<E>>
    where
        F: FnOnce(ClientSession) -> Result<ClientSession, E> + Send + 'static,
        E: Send + 'static,
    {
        self.run(async |conn| {
            let key = id.to_uuid();
            conn.transaction(async move |conn| {
                let row: Option<SessionRow> = client_sessions::table
                    .find(key)
                    .for_update()
                    .first(conn)
                    .await
                    .optional()?;
                let current = ClientSession::try_from(row.ok_or(Tx::NotFound)?)?;
                let revoking = current.revoked_at.is_none();
                let next = change(current).map_err(Tx::Rejected)?;
                diesel::update(client_sessions::table.find(key))
                    .set(SessionRow::try_from(&next)?)
                    .execute(conn)
                    .await?;
                // A rotation changes nothing a replica holds; a revocation ends the session.
                if revoking && next.revoked_at.is_some() {
                    revocation::announce(conn, Revoked::Session(key)).await?;
                }
                Ok(next)
            })
            .await
            .map_err(|error: Tx<E>| error.into_change(""))
        })
        .await
    }

    async fn credential(&self, id: SessionId) -> Result<Option<ClientCredential>, StoreError> {
        self.run(async |conn| {
            type Row = (
                SessionRow,
                Option<OffsetDateTime>,
                Option<OffsetDateTime>,
                String,
                Option<OffsetDateTime>,
            );
            let row: Option<Row> = client_sessions::table
                .inner_join(identities::table)
                .inner_join(games::table.on(games::id.eq(client_sessions::game_id)))
                .inner_join(accounts::table.on(accounts::id.eq(client_sessions::account_id)))
                .filter(client_sessions::id.eq(id.to_uuid()))
                .select((
                    SessionRow::as_select(),
                    identities::deleted_at,
                    games::deleted_at,
                    accounts::status,
                    accounts::deleted_at,
                ))
                .first(conn)
                .await
                .optional()
                .map_err(from_diesel)?;
            let Some((session, identity_deleted, game_deleted, account_status, account_deleted)) =
                row
            else {
                return Ok(None);
            };
            Ok(Some(ClientCredential {
                session: ClientSession::try_from(session)?,
                identity_deleted: identity_deleted.is_some(),
                game_deleted: game_deleted.is_some(),
                account_status: AccountStatus::parse(&account_status)
                    .ok_or_else(|| corrupt("account status"))?,
                account_deleted: account_deleted.is_some(),
            }))
        })
        .await
    }

    async fn insert_nonce(&self, nonce: &Nonce) -> Result<(), StoreError> {
        self.run(async |conn| {
            diesel::insert_into(client_nonces::table)
                .values(NonceRow::from(nonce))
                .execute(conn)
                .await
                .map(drop)
                .map_err(from_diesel)
        })
        .await
    }

    async fn use_nonce(
        &self,
        value: Uuid,
        identity: IdentityId,
        now: Timestamp,
    ) -> Result<Result<(), Option<Nonce>>, StoreError> {
        self.run(async |conn| {
            let at = now.as_datetime();
            let used = diesel::update(
                client_nonces::table
                    .filter(client_nonces::value.eq(value))
                    .filter(client_nonces::identity_id.eq(identity.to_uuid()))
                    .filter(client_nonces::used_at.is_null())
                    .filter(client_nonces::expires_at.gt(at)),
            )
            .set(client_nonces::used_at.eq(at))
            .execute(conn)
            .await
            .map_err(from_diesel)?;
            if used == 1 {
                return Ok(Ok(()));
            }
            let stored: Option<NonceRow> = client_nonces::table
                .find(value)
                .first(conn)
                .await
                .optional()
                .map_err(from_diesel)?;
            Ok(Err(stored.map(Nonce::from)))
        })
        .await
    }
}
