//! The one mapping from use-case errors to HTTP.

use roster_app::accounts::{
    CreateAccountError, DeleteAccountError, GetAccountError, ListAccountsError, UpdateAccountError,
};
use roster_app::api_keys::{
    CreateApiKeyError, DeleteApiKeyError, GetApiKeyError, ListApiKeysError, UpdateApiKeyError,
};
use roster_app::auth::AuthError;
use roster_app::pagination::PageError;
use roster_app::ports::StoreError;
use roster_app::users::{
    CreateUserError, DeleteUserError, GetUserError, ListUsersError, UpdateUserError,
};
use roster_domain::policy::Forbidden;

use crate::error::{ApiError, FieldError};

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match &error {
            StoreError::Unavailable(_) => Self::unavailable(&error),
            StoreError::Internal(_) => Self::internal(&error),
        }
    }
}

impl From<Forbidden> for ApiError {
    fn from(forbidden: Forbidden) -> Self {
        Self::forbidden(forbidden.reason)
    }
}

impl From<PageError> for ApiError {
    fn from(error: PageError) -> Self {
        match error {
            PageError::InvalidSort(error) => Self::bad_request("invalid_sort", error.to_string()),
            PageError::InvalidCursor(_) => Self::bad_request("invalid_cursor", "Invalid cursor"),
            PageError::StateMismatch => Self::bad_request("invalid_cursor", error.to_string()),
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(error: AuthError) -> Self {
        match error {
            AuthError::Missing | AuthError::Invalid => Self::unauthorized(error.to_string()),
            AuthError::Store(error) => error.into(),
        }
    }
}

impl From<CreateAccountError> for ApiError {
    fn from(error: CreateAccountError) -> Self {
        match error {
            CreateAccountError::Forbidden(forbidden) => forbidden.into(),
            CreateAccountError::SlugTaken(_) => Self::conflict(error.to_string()),
            CreateAccountError::Store(error) => error.into(),
        }
    }
}

impl From<ListAccountsError> for ApiError {
    fn from(error: ListAccountsError) -> Self {
        match error {
            ListAccountsError::Forbidden(forbidden) => forbidden.into(),
            ListAccountsError::Page(error) => error.into(),
            ListAccountsError::NotFound => Self::not_found(error.to_string()),
            ListAccountsError::Store(error) => error.into(),
        }
    }
}

impl From<GetAccountError> for ApiError {
    fn from(error: GetAccountError) -> Self {
        match error {
            GetAccountError::Forbidden(forbidden) => forbidden.into(),
            GetAccountError::NotFound => Self::not_found(error.to_string()),
            GetAccountError::Store(error) => error.into(),
        }
    }
}

impl From<UpdateAccountError> for ApiError {
    fn from(error: UpdateAccountError) -> Self {
        match error {
            UpdateAccountError::Forbidden(forbidden) => forbidden.into(),
            UpdateAccountError::NotFound => Self::not_found(error.to_string()),
            UpdateAccountError::SlugTaken | UpdateAccountError::LastSuperadmin(_) => {
                Self::conflict(error.to_string())
            }
            UpdateAccountError::Store(error) => error.into(),
        }
    }
}

impl From<DeleteAccountError> for ApiError {
    fn from(error: DeleteAccountError) -> Self {
        match error {
            DeleteAccountError::Forbidden(forbidden) => forbidden.into(),
            DeleteAccountError::NotFound => Self::not_found(error.to_string()),
            DeleteAccountError::LastSuperadmin(_) => Self::conflict(error.to_string()),
            DeleteAccountError::Store(error) => error.into(),
        }
    }
}

impl From<CreateUserError> for ApiError {
    fn from(error: CreateUserError) -> Self {
        match error {
            CreateUserError::Forbidden(forbidden) => forbidden.into(),
            CreateUserError::AccountNotFound => Self::not_found(error.to_string()),
            CreateUserError::EmailTaken | CreateUserError::SuperadminExists => {
                Self::conflict(error.to_string())
            }
            CreateUserError::Store(error) => error.into(),
        }
    }
}

impl From<ListUsersError> for ApiError {
    fn from(error: ListUsersError) -> Self {
        match error {
            ListUsersError::Forbidden(forbidden) => forbidden.into(),
            ListUsersError::Page(error) => error.into(),
            ListUsersError::Store(error) => error.into(),
        }
    }
}

impl From<GetUserError> for ApiError {
    fn from(error: GetUserError) -> Self {
        match error {
            GetUserError::Forbidden(forbidden) => forbidden.into(),
            GetUserError::NotFound => Self::not_found(error.to_string()),
            GetUserError::Store(error) => error.into(),
        }
    }
}

impl From<UpdateUserError> for ApiError {
    fn from(error: UpdateUserError) -> Self {
        match error {
            UpdateUserError::Forbidden(forbidden) => forbidden.into(),
            UpdateUserError::NotFound => Self::not_found(error.to_string()),
            UpdateUserError::EmailTaken | UpdateUserError::LastSuperadmin(_) => {
                Self::conflict(error.to_string())
            }
            UpdateUserError::Store(error) => error.into(),
        }
    }
}

impl From<DeleteUserError> for ApiError {
    fn from(error: DeleteUserError) -> Self {
        match error {
            DeleteUserError::Forbidden(forbidden) => forbidden.into(),
            DeleteUserError::NotFound => Self::not_found(error.to_string()),
            DeleteUserError::LastSuperadmin(_) => Self::conflict(error.to_string()),
            DeleteUserError::Store(error) => error.into(),
        }
    }
}

impl From<CreateApiKeyError> for ApiError {
    fn from(error: CreateApiKeyError) -> Self {
        match error {
            CreateApiKeyError::Forbidden(forbidden) => forbidden.into(),
            CreateApiKeyError::UserNotFound => Self::not_found(error.to_string()),
            CreateApiKeyError::ExpiryNotInFuture(_) => Self::invalid(FieldError::new(
                &["body", "expires_at"],
                "value_error",
                error.to_string(),
            )),
            CreateApiKeyError::Random(_) => Self::internal(&error),
            CreateApiKeyError::Store(error) => error.into(),
        }
    }
}

impl From<ListApiKeysError> for ApiError {
    fn from(error: ListApiKeysError) -> Self {
        match error {
            ListApiKeysError::Forbidden(forbidden) => forbidden.into(),
            ListApiKeysError::Page(error) => error.into(),
            ListApiKeysError::Store(error) => error.into(),
        }
    }
}

impl From<GetApiKeyError> for ApiError {
    fn from(error: GetApiKeyError) -> Self {
        match error {
            GetApiKeyError::Forbidden(forbidden) => forbidden.into(),
            GetApiKeyError::NotFound => Self::not_found(error.to_string()),
            GetApiKeyError::Store(error) => error.into(),
        }
    }
}

impl From<UpdateApiKeyError> for ApiError {
    fn from(error: UpdateApiKeyError) -> Self {
        match error {
            UpdateApiKeyError::Forbidden(forbidden) => forbidden.into(),
            UpdateApiKeyError::NotFound => Self::not_found(error.to_string()),
            UpdateApiKeyError::Reactivation => Self::conflict(error.to_string()),
            UpdateApiKeyError::Store(error) => error.into(),
        }
    }
}

impl From<DeleteApiKeyError> for ApiError {
    fn from(error: DeleteApiKeyError) -> Self {
        match error {
            DeleteApiKeyError::Forbidden(forbidden) => forbidden.into(),
            DeleteApiKeyError::NotFound => Self::not_found(error.to_string()),
            DeleteApiKeyError::Store(error) => error.into(),
        }
    }
}
