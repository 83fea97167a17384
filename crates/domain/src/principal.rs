//! Who is acting: the user behind an authenticated API key.

use crate::id::{AccountId, ApiKeyId, UserId};
use uuid::Uuid;

/// The authenticated caller of the admin API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Principal {
    /// The key that authenticated the request.
    pub api_key_id: ApiKeyId,
    /// The key's user.
    pub user_id: UserId,
    /// The user's account.
    pub account_id: AccountId,
    /// Whether the user may act on every account.
    pub super_admin: bool,
}

impl Principal {
    /// The operator at the command line (`roster bootstrap`): a superadmin that is no user and
    /// holds no key. Its ids are nil, so it is never mistaken for a real user.
    #[must_use]
    pub fn operator() -> Self {
        Self {
            api_key_id: ApiKeyId::from_uuid(Uuid::nil()),
            user_id: UserId::from_uuid(Uuid::nil()),
            account_id: AccountId::from_uuid(Uuid::nil()),
            super_admin: true,
        }
    }
}
