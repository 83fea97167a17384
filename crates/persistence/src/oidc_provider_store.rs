//! Games' OpenID Connect providers in PostgreSQL.

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;
use roster_app::ports::{OidcProviderRows, PutProvider, StoreError};
use roster_domain::GameId;
use roster_domain::Timestamp;
use roster_domain::oidc::{Audiences, Issuer, JwksUri, OidcProvider};
use roster_domain::slug::Slug;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::error::{corrupt, from_diesel};
use crate::rows::decoded;
use crate::schema::oidc_providers;
use crate::store::PgConn;

/// An `oidc_providers` row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oidc_providers, check_for_backend(diesel::pg::Pg))]
pub(crate) struct OidcProviderRow {
    pub game_id: Uuid,
    pub name: String,
    pub issuer: String,
    pub audiences: Vec<String>,
    pub jwks_uri: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

impl From<&OidcProvider> for OidcProviderRow {
    fn from(provider: &OidcProvider) -> Self {
        Self {
            game_id: provider.game_id.to_uuid(),
            name: provider.name.as_str().to_owned(),
            issuer: provider.issuer.as_str().to_owned(),
            audiences: provider.audiences.as_slice().to_vec(),
            jwks_uri: provider.jwks_uri.as_str().to_owned(),
            created_at: provider.created_at.as_datetime(),
            updated_at: provider.updated_at.as_datetime(),
        }
    }
}

impl TryFrom<OidcProviderRow> for OidcProvider {
    type Error = StoreError;

    fn try_from(row: OidcProviderRow) -> Result<Self, Self::Error> {
        Ok(Self {
            game_id: GameId::from_uuid(row.game_id),
            name: Slug::parse(&row.name).map_err(|_| corrupt("oidc provider name"))?,
            issuer: Issuer::parse(&row.issuer).map_err(|_| corrupt("oidc provider issuer"))?,
            audiences: Audiences::parse(&row.audiences)
                .map_err(|_| corrupt("oidc provider audiences"))?,
            jwks_uri: JwksUri::parse(&row.jwks_uri)
                .map_err(|_| corrupt("oidc provider jwks_uri"))?,
            created_at: Timestamp::from_datetime(row.created_at),
            updated_at: Timestamp::from_datetime(row.updated_at),
        })
    }
}

impl OidcProviderRows for PgConn {
    async fn put_oidc_provider(
        &mut self,
        provider: &OidcProvider,
    ) -> Result<PutProvider, StoreError> {
        // One statement: the primary key decides between insert and replace, and `xmax = 0`
        // says which happened (a replaced row carries the updating transaction's id).
        let (row, created): (OidcProviderRow, bool) = diesel::insert_into(oidc_providers::table)
            .values(OidcProviderRow::from(provider))
            .on_conflict((oidc_providers::game_id, oidc_providers::name))
            .do_update()
            .set((
                oidc_providers::issuer.eq(excluded(oidc_providers::issuer)),
                oidc_providers::audiences.eq(excluded(oidc_providers::audiences)),
                oidc_providers::jwks_uri.eq(excluded(oidc_providers::jwks_uri)),
                oidc_providers::updated_at.eq(excluded(oidc_providers::updated_at)),
            ))
            .returning((OidcProviderRow::as_returning(), sql::<Bool>("xmax = 0")))
            .get_result(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(PutProvider {
            provider: OidcProvider::try_from(row)?,
            created,
        })
    }

    async fn oidc_providers(&mut self, game: GameId) -> Result<Vec<OidcProvider>, StoreError> {
        oidc_providers::table
            .filter(oidc_providers::game_id.eq(game.to_uuid()))
            .order(oidc_providers::name.asc())
            .select(OidcProviderRow::as_select())
            .load(self.pg())
            .await
            .map_err(from_diesel)?
            .into_iter()
            .map(OidcProvider::try_from)
            .collect()
    }

    async fn oidc_provider(
        &mut self,
        game: GameId,
        name: &Slug,
    ) -> Result<Option<OidcProvider>, StoreError> {
        let found = oidc_providers::table
            .find((game.to_uuid(), name.as_str()))
            .select(OidcProviderRow::as_select())
            .first(self.pg())
            .await
            .optional();
        decoded(found)
    }

    async fn delete_oidc_provider(
        &mut self,
        game: GameId,
        name: &Slug,
    ) -> Result<bool, StoreError> {
        let deleted = diesel::delete(oidc_providers::table.find((game.to_uuid(), name.as_str())))
            .execute(self.pg())
            .await
            .map_err(from_diesel)?;
        Ok(deleted > 0)
    }
}
