//! The errors of the use cases that read, or change and erase, one resource by its id: one
//! contract each, the same for every resource.

use roster_domain::etag::PreconditionFailed;
use roster_domain::policy::Forbidden;

use crate::ports::StoreError;

/// The kind of resource a lookup was for, as its not-found message names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// An account.
    Account,
    /// A user.
    User,
    /// An API key.
    ApiKey,
    /// A game.
    Game,
    /// A player identity.
    Identity,
    /// A player.
    Player,
    /// A ban of a player.
    Ban,
    /// A webhook.
    Webhook,
}

impl Resource {
    /// Its name in messages: `Account`, `User`, `API key`, `Game`, `Identity`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Account => "Account",
            Self::User => "User",
            Self::ApiKey => "API key",
            Self::Game => "Game",
            Self::Identity => "Identity",
            Self::Player => "Player",
            Self::Ban => "Ban",
            Self::Webhook => "Webhook",
        }
    }
}

/// Why one resource was not read or erased.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    /// It belongs to another account than the principal's, or is beyond the principal.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// There is no such resource (or, for a read, it is soft-deleted).
    #[error("{} not found", .0.name())]
    NotFound(Resource),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why one resource was not changed or erased: a lookup's reasons, or the request's
/// `If-Match` naming none of the tags it has now.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// It belongs to another account than the principal's, or is beyond the principal.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// There is no such resource.
    #[error("{} not found", .0.name())]
    NotFound(Resource),
    /// It changed since the version the request's `If-Match` named; nothing was written.
    #[error(transparent)]
    PreconditionFailed(#[from] PreconditionFailed),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<LookupError> for ChangeError {
    fn from(error: LookupError) -> Self {
        match error {
            LookupError::Forbidden(forbidden) => Self::Forbidden(forbidden),
            LookupError::NotFound(resource) => Self::NotFound(resource),
            LookupError::Store(error) => Self::Store(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_names_the_resource_as_leadr_does() {
        let messages: Vec<String> = [
            Resource::Account,
            Resource::User,
            Resource::ApiKey,
            Resource::Game,
            Resource::Identity,
        ]
        .into_iter()
        .map(|resource| LookupError::NotFound(resource).to_string())
        .collect();
        assert_eq!(
            messages,
            [
                "Account not found",
                "User not found",
                "API key not found",
                "Game not found",
                "Identity not found"
            ]
        );
    }
}
