//! Client sessions and nonces in PostgreSQL.

use diesel::dsl::exists;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use roster_app::ports::{PlayerRows, Revocation, Revocations, SessionRows, StoreError};
use roster_domain::account::AccountStatus;
use roster_domain::client_session::{ClientCredential, ClientSession};
use roster_domain::nonce::Nonce;
use roster_domain::{IdentityId, PlayerId, SessionId, Timestamp};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{corrupt, from_diesel};
use crate::revocation::{self, Revoked};
use crate::rows::{NonceRow, SessionRow, decoded};
use crate::schema::{accounts, client_nonces, client_sessions, games, identities, player_bans};
use crate::store::PgConn;

impl SessionRows for PgConn {
    async fn insert_session(&mut self, session: &ClientSession) -> Result<(), StoreError> {
        diesel::insert_into(client_sessions::table)
            .values(SessionRow::try_from(session)?)
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }

    async fn lock_session(&mut self, id: SessionId) -> Result<Option<ClientSession>, StoreError> {
        let found = client_sessions::table
            .find(id.to_uuid())
            .for_update()
            .first::<SessionRow>(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn update_session(&mut self, session: &ClientSession) -> Result<(), StoreError> {
        diesel::update(client_sessions::table.find(session.id.to_uuid()))
            .set(SessionRow::try_from(session)?)
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }

    async fn revoke_sessions_of_identity(
        &mut self,
        identity: IdentityId,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        let at = at.as_datetime();
        let revoked = diesel::update(
            client_sessions::table
                .filter(client_sessions::identity_id.eq(identity.to_uuid()))
                .filter(client_sessions::revoked_at.is_null()),
        )
        .set((
            client_sessions::revoked_at.eq(at),
            client_sessions::updated_at.eq(at),
        ))
        .execute(self.pg())
        .await
        .map_err(from_diesel)?;
        Ok(u64::try_from(revoked).unwrap_or(0))
    }

    async fn revoke_sessions_of_player(
        &mut self,
        player: PlayerId,
        at: Timestamp,
    ) -> Result<u64, StoreError> {
        let at = at.as_datetime();
        let revoked = diesel::update(
            client_sessions::table
                .filter(client_sessions::player_id.eq(player.to_uuid()))
                .filter(client_sessions::revoked_at.is_null()),
        )
        .set((
            client_sessions::revoked_at.eq(at),
            client_sessions::updated_at.eq(at),
        ))
        .execute(self.pg())
        .await
        .map_err(from_diesel)?;
        Ok(u64::try_from(revoked).unwrap_or(0))
    }

    async fn session_credential(
        &mut self,
        id: SessionId,
        at: Timestamp,
    ) -> Result<Option<ClientCredential>, StoreError> {
        type Row = (
            SessionRow,
            Option<OffsetDateTime>,
            Option<OffsetDateTime>,
            String,
            Option<OffsetDateTime>,
            bool,
        );
        // Whether a ban applies rides along as one EXISTS, so an unbanned player's request
        // stays one statement; the ban itself is read only when there is one.
        let banned = exists(
            player_bans::table
                .filter(player_bans::player_id.eq(client_sessions::player_id))
                .filter(player_bans::lifted_at.is_null())
                .filter(
                    player_bans::expires_at
                        .is_null()
                        .or(player_bans::expires_at.gt(at.as_datetime())),
                ),
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
                banned,
            ))
            .first(self.pg())
            .await
            .optional()
            .map_err(from_diesel)?;
        let Some((
            session,
            identity_deleted,
            game_deleted,
            account_status,
            account_deleted,
            banned,
        )) = row
        else {
            return Ok(None);
        };
        let session = ClientSession::try_from(session)?;
        let ban = if banned {
            self.prevailing_bans(&[session.player_id], at)
                .await?
                .into_iter()
                .next()
        } else {
            None
        };
        Ok(Some(ClientCredential {
            session,
            ban,
            identity_deleted: identity_deleted.is_some(),
            game_deleted: game_deleted.is_some(),
            account_status: AccountStatus::parse(&account_status)
                .ok_or_else(|| corrupt("account status"))?,
            account_deleted: account_deleted.is_some(),
        }))
    }

    async fn insert_nonce(&mut self, nonce: &Nonce) -> Result<(), StoreError> {
        diesel::insert_into(client_nonces::table)
            .values(NonceRow::from(nonce))
            .execute(self.pg())
            .await
            .map(drop)
            .map_err(from_diesel)
    }

    async fn use_nonce(
        &mut self,
        value: Uuid,
        identity: IdentityId,
        now: Timestamp,
    ) -> Result<Result<(), Option<Nonce>>, StoreError> {
        let at = now.as_datetime();
        let used = diesel::update(
            client_nonces::table
                .filter(client_nonces::value.eq(value))
                .filter(client_nonces::identity_id.eq(identity.to_uuid()))
                .filter(client_nonces::used_at.is_null())
                .filter(client_nonces::expires_at.gt(at)),
        )
        .set(client_nonces::used_at.eq(at))
        .execute(self.pg())
        .await
        .map_err(from_diesel)?;
        if used == 1 {
            return Ok(Ok(()));
        }
        let stored: Option<NonceRow> = client_nonces::table
            .find(value)
            .first(self.pg())
            .await
            .optional()
            .map_err(from_diesel)?;
        Ok(Err(stored.map(Nonce::from)))
    }
}

impl Revocations for PgConn {
    async fn announce(&mut self, revocation: Revocation) -> Result<(), StoreError> {
        let revoked = match revocation {
            Revocation::Key(id) => Revoked::Key(id.to_uuid()),
            Revocation::User(id) => Revoked::User(id.to_uuid()),
            Revocation::Account(id) => Revoked::Account(id.to_uuid()),
            Revocation::Identity(id) => Revoked::Identity(id.to_uuid()),
            Revocation::Session(id) => Revoked::Session(id.to_uuid()),
            Revocation::Player(id) => Revoked::Player(id.to_uuid()),
        };
        revocation::announce(self.pg(), revoked)
            .await
            .map_err(from_diesel)
    }
}
