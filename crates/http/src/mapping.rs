//! The one mapping from use-case errors to HTTP.

use roster_app::accounts::{
    CreateAccountError, DeleteAccountError, ListAccountsError, UpdateAccountError,
};
use roster_app::api_keys::{CreateApiKeyError, UpdateApiKeyError};
use roster_app::auth::AuthError;
use roster_app::client::{
    ClientAuthError, GetMeError, NonceError, RefreshError, StartSessionError, UnlinkError,
    UpdateMeError,
};
use roster_app::games::{CreateGameError, UpdateGameError};
use roster_app::identities::{CreateIdentityError, MintSessionError, UpdateIdentityError};
use roster_app::lookup::{ChangeError, LookupError};
use roster_app::oidc_providers::ProviderUseError;
use roster_app::pagination::{ListError, PageError};
use roster_app::players::{BanPlayerError, MergeError};
use roster_app::ports::StoreError;
use roster_app::ports::TokenFault;
use roster_app::sign_in::{
    CustomSignInError, GameClosed, LinkError, OidcSignInError, SteamSignInError,
};
use roster_app::users::{CreateUserError, DeleteUserError, UpdateUserError};
use roster_app::webhooks::{CreateWebhookError, UpdateWebhookError};
use roster_domain::custom_token::CustomTokenRefusal;
use roster_domain::etag::PreconditionFailed;
use roster_domain::oidc::{OidcRefusal, ProviderError};
use roster_domain::player::{MergeRefusal, UnlinkRefusal};
use roster_domain::policy::Forbidden;
use roster_domain::steam::{SteamRefusal, SteamRejection};

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

impl From<LookupError> for ApiError {
    fn from(error: LookupError) -> Self {
        match error {
            LookupError::Forbidden(forbidden) => forbidden.into(),
            LookupError::NotFound(_) => Self::not_found(error.to_string()),
            LookupError::Store(error) => error.into(),
        }
    }
}

impl From<ChangeError> for ApiError {
    fn from(error: ChangeError) -> Self {
        match error {
            ChangeError::Forbidden(forbidden) => forbidden.into(),
            ChangeError::NotFound(_) => Self::not_found(error.to_string()),
            ChangeError::PreconditionFailed(failed) => failed.into(),
            ChangeError::Store(error) => error.into(),
        }
    }
}

impl From<PreconditionFailed> for ApiError {
    fn from(failed: PreconditionFailed) -> Self {
        Self::precondition_failed(failed.to_string())
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
            UpdateAccountError::PreconditionFailed(failed) => failed.into(),
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
            DeleteAccountError::PreconditionFailed(failed) => failed.into(),
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

impl From<ListError> for ApiError {
    fn from(error: ListError) -> Self {
        match error {
            ListError::Forbidden(forbidden) => forbidden.into(),
            ListError::Page(error) => error.into(),
            ListError::NotFound(_) => Self::not_found(error.to_string()),
            ListError::Store(error) => error.into(),
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
            UpdateUserError::PreconditionFailed(failed) => failed.into(),
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
            DeleteUserError::PreconditionFailed(failed) => failed.into(),
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

impl From<UpdateApiKeyError> for ApiError {
    fn from(error: UpdateApiKeyError) -> Self {
        match error {
            UpdateApiKeyError::Forbidden(forbidden) => forbidden.into(),
            UpdateApiKeyError::NotFound => Self::not_found(error.to_string()),
            UpdateApiKeyError::Reactivation => Self::conflict(error.to_string()),
            UpdateApiKeyError::PreconditionFailed(failed) => failed.into(),
            UpdateApiKeyError::Store(error) => error.into(),
        }
    }
}

impl From<CreateGameError> for ApiError {
    fn from(error: CreateGameError) -> Self {
        match error {
            CreateGameError::Forbidden(forbidden) => forbidden.into(),
            CreateGameError::AccountNotFound => Self::not_found(error.to_string()),
            CreateGameError::SlugTaken(_) => Self::conflict(error.to_string()),
            CreateGameError::Store(error) => error.into(),
        }
    }
}

impl From<UpdateGameError> for ApiError {
    fn from(error: UpdateGameError) -> Self {
        match error {
            UpdateGameError::Forbidden(forbidden) => forbidden.into(),
            UpdateGameError::NotFound => Self::not_found(error.to_string()),
            UpdateGameError::SlugTaken => Self::conflict(error.to_string()),
            UpdateGameError::Seal(_) => Self::internal(&error),
            UpdateGameError::PreconditionFailed(failed) => failed.into(),
            UpdateGameError::Store(error) => error.into(),
        }
    }
}

impl From<CreateIdentityError> for ApiError {
    fn from(error: CreateIdentityError) -> Self {
        match error {
            CreateIdentityError::Forbidden(forbidden) => forbidden.into(),
            CreateIdentityError::GameNotFound => Self::not_found(error.to_string()),
            CreateIdentityError::Duplicate => Self::conflict(error.to_string()),
            CreateIdentityError::Store(error) => error.into(),
        }
    }
}

impl From<UpdateIdentityError> for ApiError {
    fn from(error: UpdateIdentityError) -> Self {
        match error {
            UpdateIdentityError::Forbidden(forbidden) => forbidden.into(),
            UpdateIdentityError::NotFound => Self::not_found(error.to_string()),
            UpdateIdentityError::Duplicate => Self::conflict(error.to_string()),
            UpdateIdentityError::PreconditionFailed(failed) => failed.into(),
            UpdateIdentityError::Store(error) => error.into(),
        }
    }
}

impl From<MintSessionError> for ApiError {
    fn from(error: MintSessionError) -> Self {
        match error {
            MintSessionError::Forbidden(forbidden) => forbidden.into(),
            MintSessionError::NotFound => Self::not_found(error.to_string()),
            MintSessionError::AccountSuspended => Self::forbidden(error.to_string()),
            MintSessionError::Banned(ban) => Self::banned(&ban),
            MintSessionError::Signing(_) => Self::internal(&error),
            MintSessionError::Store(error) => error.into(),
        }
    }
}

impl From<MergeError> for ApiError {
    fn from(error: MergeError) -> Self {
        match error {
            MergeError::Forbidden(forbidden) => forbidden.into(),
            MergeError::NotFound => Self::not_found(error.to_string()),
            MergeError::Refused(MergeRefusal::DifferentGames) => Self::invalid(FieldError::new(
                &["body", "from_player_id"],
                "value_error",
                error.to_string(),
            )),
            MergeError::Refused(_) => Self::conflict(error.to_string()),
            MergeError::Store(error) => error.into(),
        }
    }
}

impl From<BanPlayerError> for ApiError {
    fn from(error: BanPlayerError) -> Self {
        match error {
            BanPlayerError::Forbidden(forbidden) => forbidden.into(),
            BanPlayerError::NotFound => Self::not_found(error.to_string()),
            BanPlayerError::Invalid(_) => Self::invalid(FieldError::new(
                &["body", "expires_at"],
                "value_error",
                error.to_string(),
            )),
            BanPlayerError::Store(error) => error.into(),
        }
    }
}

impl From<LinkError> for ApiError {
    fn from(error: LinkError) -> Self {
        match error {
            LinkError::Nonce(refusal) => Self::precondition_failed(refusal.to_string()),
            LinkError::LinkedElsewhere(player) => {
                Self::conflict_as("identity_linked_elsewhere", error.to_string())
                    .with("player_id", serde_json::Value::from(player.to_string()))
            }
            LinkError::PlayerGone => Self::not_found(error.to_string()),
            LinkError::Custom(error) => error.into(),
            LinkError::Steam(error) => error.into(),
            LinkError::Oidc(error) => error.into(),
            LinkError::Store(error) => error.into(),
        }
    }
}

impl From<UnlinkError> for ApiError {
    fn from(error: UnlinkError) -> Self {
        match error {
            UnlinkError::Nonce(refusal) => Self::precondition_failed(refusal.to_string()),
            UnlinkError::Refused(UnlinkRefusal::NotLinked) => Self::not_found(error.to_string()),
            UnlinkError::Refused(UnlinkRefusal::LastIdentity) => {
                Self::conflict_as("last_identity", error.to_string())
            }
            UnlinkError::Store(error) => error.into(),
        }
    }
}

impl From<ClientAuthError> for ApiError {
    fn from(error: ClientAuthError) -> Self {
        match error {
            ClientAuthError::Missing | ClientAuthError::Invalid => {
                Self::unauthorized(error.to_string())
            }
            ClientAuthError::Banned(ban) => Self::banned(&ban),
            ClientAuthError::Store(error) => error.into(),
        }
    }
}

impl From<StartSessionError> for ApiError {
    fn from(error: StartSessionError) -> Self {
        match error {
            StartSessionError::GameNotFound => Self::not_found(error.to_string()),
            StartSessionError::AccountSuspended => Self::forbidden(error.to_string()),
            StartSessionError::Banned(ban) => Self::banned(&ban),
            StartSessionError::Signing(_) => Self::internal(&error),
            StartSessionError::Store(error) => error.into(),
        }
    }
}

impl From<RefreshError> for ApiError {
    fn from(error: RefreshError) -> Self {
        match error {
            RefreshError::Invalid => Self::unauthorized(error.to_string()),
            RefreshError::Banned(ban) => Self::banned(&ban),
            RefreshError::Signing(_) => Self::internal(&error),
            RefreshError::Store(error) => error.into(),
        }
    }
}

impl From<NonceError> for ApiError {
    fn from(error: NonceError) -> Self {
        match error {
            NonceError::Random(_) => Self::internal(&error),
            NonceError::Store(error) => error.into(),
        }
    }
}

impl From<GetMeError> for ApiError {
    fn from(error: GetMeError) -> Self {
        match error {
            GetMeError::NotFound => Self::not_found(error.to_string()),
            GetMeError::Store(error) => error.into(),
        }
    }
}

impl From<UpdateMeError> for ApiError {
    fn from(error: UpdateMeError) -> Self {
        match error {
            UpdateMeError::Nonce(refusal) => Self::precondition_failed(refusal.to_string()),
            UpdateMeError::NotFound => Self::not_found(error.to_string()),
            UpdateMeError::Store(error) => error.into(),
        }
    }
}

impl From<GameClosed> for ApiError {
    fn from(closed: GameClosed) -> Self {
        match closed {
            GameClosed::NotFound => Self::not_found(closed.to_string()),
            GameClosed::AccountSuspended => Self::forbidden(closed.to_string()),
        }
    }
}

impl From<CustomSignInError> for ApiError {
    fn from(error: CustomSignInError) -> Self {
        let detail = error.to_string();
        match error {
            CustomSignInError::Game(closed) => closed.into(),
            CustomSignInError::Banned(ban) => Self::banned(&ban),
            CustomSignInError::NotConfigured => {
                Self::unauthorized_as("custom_auth_not_configured", detail)
            }
            CustomSignInError::InvalidToken => Self::unauthorized_as("invalid_token", detail),
            CustomSignInError::Refused(refusal) => {
                let code = match refusal {
                    CustomTokenRefusal::Expired => "token_expired",
                    CustomTokenRefusal::LifetimeTooLong => "token_lifetime_too_long",
                    CustomTokenRefusal::IssuedInFuture => "token_issued_in_future",
                    CustomTokenRefusal::Subject => "invalid_subject",
                };
                Self::unauthorized_as(code, detail)
            }
            CustomSignInError::Seal(_) | CustomSignInError::Signing(_) => Self::internal(&error),
            CustomSignInError::Store(error) => error.into(),
        }
    }
}

impl From<SteamSignInError> for ApiError {
    fn from(error: SteamSignInError) -> Self {
        let detail = error.to_string();
        match error {
            SteamSignInError::Game(closed) => closed.into(),
            SteamSignInError::Banned(ban) => Self::banned(&ban),
            SteamSignInError::NotConfigured => {
                Self::unauthorized_as("steam_not_configured", detail)
            }
            SteamSignInError::Rejected(rejection) => {
                let code = match rejection {
                    SteamRejection::Malformed => "steam_ticket_malformed",
                    SteamRejection::Invalid => "steam_ticket_invalid",
                    SteamRejection::OtherApp => "steam_ticket_wrong_app",
                    SteamRejection::Revoked => "steam_ticket_revoked",
                    SteamRejection::Expired => "steam_ticket_expired",
                    SteamRejection::Reused => "steam_ticket_reused",
                    SteamRejection::Other(_) => "steam_ticket_rejected",
                };
                Self::unauthorized_as(code, detail)
            }
            SteamSignInError::KeyRefused => {
                // The client cannot fix this; the game's admins can.
                crate::error::warn_upstream(
                    "steam_key_refused",
                    "Steam refused a game's publisher key",
                );
                Self::unauthorized_as("steam_key_refused", detail)
            }
            SteamSignInError::SteamUnavailable {
                reason,
                retry_after,
            } => Self::upstream_unavailable(
                "steam_unavailable",
                "Steam did not answer; retry shortly",
                retry_after,
                &reason,
            ),
            SteamSignInError::Refused(SteamRefusal::PublisherBanned) => {
                Self::forbidden_as("publisher_banned", detail)
            }
            SteamSignInError::Seal(_) | SteamSignInError::Signing(_) => Self::internal(&error),
            SteamSignInError::Store(error) => error.into(),
        }
    }
}

impl From<ProviderUseError> for ApiError {
    fn from(error: ProviderUseError) -> Self {
        match error {
            ProviderUseError::Forbidden(forbidden) => forbidden.into(),
            ProviderUseError::GameNotFound | ProviderUseError::NotFound => {
                Self::not_found(error.to_string())
            }
            ProviderUseError::Invalid(invalid) => {
                // Which field a missing issuer or key is, or which one is malformed.
                let field = match invalid {
                    ProviderError::Issuer | ProviderError::IssuerRequired => "issuer",
                    ProviderError::JwksUri | ProviderError::JwksUriRequired => "jwks_uri",
                    ProviderError::Audiences => "audiences",
                };
                Self::invalid(FieldError::new(
                    &["body", field],
                    "value_error",
                    invalid.to_string(),
                ))
            }
            ProviderUseError::TooMany => Self::conflict(error.to_string()),
            ProviderUseError::Store(error) => error.into(),
        }
    }
}

impl From<OidcSignInError> for ApiError {
    fn from(error: OidcSignInError) -> Self {
        let detail = error.to_string();
        match error {
            OidcSignInError::Game(closed) => closed.into(),
            OidcSignInError::Banned(ban) => Self::banned(&ban),
            OidcSignInError::NotConfigured => {
                Self::unauthorized_as("oidc_provider_not_configured", detail)
            }
            OidcSignInError::Invalid(fault) => {
                let code = match fault {
                    TokenFault::Malformed | TokenFault::Signature => "invalid_token",
                    TokenFault::Algorithm => "token_algorithm_refused",
                    TokenFault::UnknownKey => "unknown_signing_key",
                };
                Self::unauthorized_as(code, detail)
            }
            OidcSignInError::Refused(refusal) => {
                let code = match refusal {
                    OidcRefusal::Issuer => "token_wrong_issuer",
                    OidcRefusal::Audience => "token_wrong_audience",
                    OidcRefusal::Expired => "token_expired",
                    OidcRefusal::IssuedInFuture => "token_issued_in_future",
                    OidcRefusal::Nonce => "nonce_mismatch",
                    OidcRefusal::Subject => "invalid_subject",
                };
                Self::unauthorized_as(code, detail)
            }
            OidcSignInError::ProviderUnavailable {
                reason,
                retry_after,
            } => Self::upstream_unavailable(
                "oidc_provider_unavailable",
                "The provider's keys are unavailable; retry shortly",
                retry_after,
                &reason,
            ),
            OidcSignInError::Signing(_) => Self::internal(&error),
            OidcSignInError::Store(error) => error.into(),
        }
    }
}

impl From<CreateWebhookError> for ApiError {
    fn from(error: CreateWebhookError) -> Self {
        match error {
            CreateWebhookError::Forbidden(forbidden) => forbidden.into(),
            CreateWebhookError::AccountNotFound => Self::not_found(error.to_string()),
            CreateWebhookError::UrlRefused(refused) => {
                Self::invalid(FieldError::new(&["body", "url"], "value_error", refused.0))
            }
            CreateWebhookError::Random(_) | CreateWebhookError::Seal(_) => Self::internal(&error),
            CreateWebhookError::Store(error) => error.into(),
        }
    }
}

impl From<UpdateWebhookError> for ApiError {
    fn from(error: UpdateWebhookError) -> Self {
        match error {
            UpdateWebhookError::Forbidden(forbidden) => forbidden.into(),
            UpdateWebhookError::NotFound => Self::not_found(error.to_string()),
            UpdateWebhookError::UrlRefused(refused) => {
                Self::invalid(FieldError::new(&["body", "url"], "value_error", refused.0))
            }
            UpdateWebhookError::PreconditionFailed(failed) => failed.into(),
            UpdateWebhookError::Store(error) => error.into(),
        }
    }
}
