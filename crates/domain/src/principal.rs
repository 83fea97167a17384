//! Who is acting: the user behind an authenticated API key.

use crate::id::{AccountId, ApiKeyId, UserId};

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
