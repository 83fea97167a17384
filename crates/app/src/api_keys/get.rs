//! Reading one API key.

use crate::lookup::{LookupError, Resource};
use roster_domain::ApiKeyId;
use roster_domain::policy::{self, Action};
use roster_domain::principal::Principal;

use super::{ApiKeyDb, ApiKeyView, ApiKeys, target};
use crate::ports::{ApiKeyRows, Clock, Random};

impl<D: ApiKeyDb, C: Clock, R: Random> ApiKeys<D, C, R> {
    pub(super) async fn get_key(
        &self,
        principal: &Principal,
        id: ApiKeyId,
    ) -> Result<ApiKeyView, LookupError> {
        let (key, target) = self
            .db
            .read(async |conn: &mut D::Conn| -> Result<_, LookupError> {
                let key = conn
                    .key(id)
                    .await?
                    .ok_or(LookupError::NotFound(Resource::ApiKey))?;
                let target = target(conn, &key).await?;
                Ok((key, target))
            })
            .await?;
        policy::authorize(principal, Action::ReadApiKey, target)?;
        if key.is_deleted() {
            return Err(LookupError::NotFound(Resource::ApiKey));
        }
        Ok(ApiKeyView::at(key, self.clock.now()))
    }
}
