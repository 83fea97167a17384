//! The Diesel schema, kept by hand in step with `migrations/` (a test compares them).

diesel::table! {
    accounts (id) {
        id -> Uuid,
        name -> Text,
        slug -> Text,
        status -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
        version -> Int8,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        account_id -> Uuid,
        email -> Text,
        display_name -> Text,
        super_admin -> Bool,
        status -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
        version -> Int8,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Uuid,
        account_id -> Uuid,
        user_id -> Uuid,
        name -> Text,
        key_digest -> Bytea,
        prefix -> Text,
        status -> Text,
        expires_at -> Nullable<Timestamptz>,
        last_used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
        version -> Int8,
    }
}

diesel::joinable!(users -> accounts (account_id));
diesel::joinable!(api_keys -> accounts (account_id));
diesel::joinable!(api_keys -> users (user_id));

diesel::table! {
    games (id) {
        id -> Uuid,
        account_id -> Uuid,
        name -> Text,
        slug -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
        steam_app_id -> Nullable<Text>,
        default_board_id -> Nullable<Text>,
        anti_cheat_enabled -> Bool,
        description -> Nullable<Text>,
        tags -> Array<Text>,
        page_url -> Nullable<Text>,
        steam_publisher_key -> Nullable<Bytea>,
        steam_reject_publisher_banned -> Bool,
        custom_auth_secret -> Nullable<Bytea>,
        replaced_custom_auth_secret -> Nullable<Bytea>,
        replaced_custom_auth_secret_until -> Nullable<Timestamptz>,
        version -> Int8,
    }
}

diesel::table! {
    identities (id) {
        id -> Uuid,
        account_id -> Uuid,
        game_id -> Uuid,
        kind -> Text,
        external_key -> Text,
        display_name -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
        steam_owner_id -> Nullable<Text>,
        steam_vac_banned -> Nullable<Bool>,
        steam_publisher_banned -> Nullable<Bool>,
        steam_checked_at -> Nullable<Timestamptz>,
        provider -> Nullable<Text>,
        player_id -> Uuid,
        version -> Int8,
    }
}

diesel::table! {
    oidc_providers (game_id, name) {
        game_id -> Uuid,
        name -> Text,
        issuer -> Text,
        audiences -> Array<Text>,
        jwks_uri -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    client_sessions (id) {
        id -> Uuid,
        identity_id -> Uuid,
        account_id -> Uuid,
        game_id -> Uuid,
        version -> Int4,
        issued_at -> Timestamptz,
        refresh_expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        platform -> Nullable<Text>,
        metadata -> Nullable<Jsonb>,
        test_mode -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        player_id -> Uuid,
    }
}

diesel::table! {
    players (id) {
        id -> Uuid,
        account_id -> Uuid,
        game_id -> Uuid,
        display_name -> Nullable<Text>,
        merged_into -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
        version -> Int8,
    }
}

diesel::table! {
    player_bans (id) {
        id -> Uuid,
        player_id -> Uuid,
        account_id -> Uuid,
        game_id -> Uuid,
        reason -> Text,
        expires_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        created_by -> Nullable<Uuid>,
        lifted_at -> Nullable<Timestamptz>,
        lifted_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    client_nonces (value) {
        value -> Uuid,
        identity_id -> Uuid,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Uuid,
        occurred_at -> Timestamptz,
        account_id -> Nullable<Uuid>,
        actor_type -> Text,
        actor_id -> Text,
        api_key_id -> Nullable<Uuid>,
        player_id -> Nullable<Uuid>,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        changes -> Jsonb,
        request_id -> Nullable<Text>,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Uuid,
        account_id -> Uuid,
        url -> Text,
        events -> Array<Text>,
        description -> Nullable<Text>,
        secret -> Bytea,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        version -> Int8,
    }
}

diesel::table! {
    webhook_deliveries (webhook_id, event_id) {
        webhook_id -> Uuid,
        event_id -> Uuid,
        seq -> Int8,
        action -> Text,
        status -> Text,
        created_at -> Timestamptz,
        next_attempt_at -> Nullable<Timestamptz>,
        finished_at -> Nullable<Timestamptz>,
        attempt_count -> Int4,
        attempts -> Jsonb,
    }
}

diesel::joinable!(games -> accounts (account_id));
diesel::joinable!(webhooks -> accounts (account_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(identities -> games (game_id));
diesel::joinable!(oidc_providers -> games (game_id));
diesel::joinable!(client_sessions -> identities (identity_id));
diesel::joinable!(client_nonces -> identities (identity_id));
diesel::joinable!(identities -> players (player_id));
diesel::joinable!(player_bans -> players (player_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    users,
    api_keys,
    games,
    identities,
    client_sessions,
    client_nonces,
    oidc_providers,
    players,
    player_bans,
    audit_events,
    webhooks,
    webhook_deliveries
);

diesel::table! {
    idempotency_keys (scope, key) {
        scope -> Text,
        key -> Text,
        fingerprint -> Bytea,
        started_at -> Timestamptz,
        status -> Nullable<Int2>,
        response_headers -> Nullable<Jsonb>,
        response_body -> Nullable<Bytea>,
    }
}
