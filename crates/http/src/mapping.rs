//! The one mapping from use-case errors to HTTP.

use roster_app::accounts::{
    CreateAccountError, DeleteAccountError, GetAccountError, ListAccountsError, UpdateAccountError,
};
use roster_app::auth::AuthError;
use roster_app::pagination::PageError;
use roster_app::ports::StoreError;
use roster_domain::policy::Forbidden;

use crate::error::ApiError;

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
            UpdateAccountError::SlugTaken => Self::conflict(error.to_string()),
            UpdateAccountError::Store(error) => error.into(),
        }
    }
}

impl From<DeleteAccountError> for ApiError {
    fn from(error: DeleteAccountError) -> Self {
        match error {
            DeleteAccountError::Forbidden(forbidden) => forbidden.into(),
            DeleteAccountError::NotFound => Self::not_found(error.to_string()),
            DeleteAccountError::Store(error) => error.into(),
        }
    }
}
