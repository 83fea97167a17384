//! The system cannot be locked out: suspending, demoting or deleting the last usable superadmin
//! (or the account it is in) is a 409, also when such requests race.

use std::sync::Arc;

use roster_domain::UserId;
use roster_tests::{AdminKey, TestApp, spawn_app};
use serde_json::json;

fn user_path(key: &AdminKey) -> String {
    format!(
        "/v1/users/{}",
        UserId::from_uuid(key.user_uuid.parse().unwrap())
    )
}

fn account_path(key: &AdminKey) -> String {
    format!(
        "/v1/accounts/{}",
        roster_domain::AccountId::from_uuid(key.account_uuid.parse().unwrap())
    )
}

/// The bootstrapped superadmin, as a key whose ids the tests can address.
async fn root(app: &TestApp) -> AdminKey {
    let client = app.db().client().await;
    let row = client
        .query_one(
            "SELECT u.id::text, k.id::text, u.account_id::text
             FROM users u JOIN api_keys k ON k.user_id = u.id WHERE u.super_admin",
            &[],
        )
        .await
        .unwrap();
    AdminKey {
        user_uuid: row.get(0),
        key_uuid: row.get(1),
        account_uuid: row.get(2),
        secret: app.superadmin_key.clone(),
    }
}

#[tokio::test]
async fn the_last_superadmin_can_neither_demote_nor_delete_itself() {
    let app = spawn_app().await;
    let root = root(&app).await;
    app.patch(
        &user_path(&root),
        root.key(),
        &json!({"super_admin": false}),
    )
    .await
    .assert_problem(409, "conflict");
    app.patch(&user_path(&root), root.key(), &json!({"deleted": true}))
        .await
        .assert_problem(409, "conflict");
    app.delete(&user_path(&root), root.key())
        .await
        .assert_problem(409, "conflict");
    app.patch(
        &account_path(&root),
        root.key(),
        &json!({"status": "suspended"}),
    )
    .await
    .assert_problem(409, "conflict");
    app.patch(&account_path(&root), root.key(), &json!({"deleted": true}))
        .await
        .assert_problem(409, "conflict");
    app.delete(&account_path(&root), root.key())
        .await
        .assert_problem(409, "conflict");
    app.get("/v1/accounts", root.key()).await.assert_status(200);
}

#[tokio::test]
async fn a_superadmin_can_go_while_another_remains() {
    let app = spawn_app().await;
    let root = root(&app).await;
    let elsewhere = app.create_account("Elsewhere", None).await;
    let second = app.admin_key(elsewhere["id"].as_str().unwrap(), true).await;

    let suspended = app
        .patch(
            &user_path(&second),
            root.key(),
            &json!({"status": "suspended"}),
        )
        .await;
    suspended.assert_status(200);
    // The second is no longer usable: the root is the last one again.
    app.patch(
        &user_path(&root),
        root.key(),
        &json!({"super_admin": false}),
    )
    .await
    .assert_problem(409, "conflict");
    app.patch(
        &user_path(&second),
        root.key(),
        &json!({"status": "active"}),
    )
    .await
    .assert_status(200);

    let demoted = app
        .patch(
            &user_path(&root),
            second.key(),
            &json!({"super_admin": false}),
        )
        .await;
    demoted.assert_status(200);
    assert_eq!(demoted.json["super_admin"], false);
    app.get("/v1/accounts?limit=100", root.key())
        .await
        .assert_status(200);
    app.delete(&user_path(&second), second.key())
        .await
        .assert_problem(409, "conflict");
}

#[tokio::test]
async fn an_account_holding_the_last_superadmins_cannot_be_suspended_or_deleted() {
    let app = spawn_app().await;
    let root = root(&app).await;
    let elsewhere = app.create_account("Elsewhere", None).await;
    let second = app.admin_key(elsewhere["id"].as_str().unwrap(), true).await;
    // With a superadmin elsewhere, the root's account may be suspended...
    app.patch(
        &account_path(&root),
        second.key(),
        &json!({"status": "suspended"}),
    )
    .await
    .assert_status(200);
    app.get("/v1/accounts", root.key())
        .await
        .assert_problem(401, "unauthorized");
    // ...and then the other account holds the last usable superadmin.
    app.patch(
        &account_path(&second),
        second.key(),
        &json!({"status": "suspended"}),
    )
    .await
    .assert_problem(409, "conflict");
    app.delete(&account_path(&second), second.key())
        .await
        .assert_problem(409, "conflict");
    app.patch(
        &account_path(&root),
        second.key(),
        &json!({"status": "active"}),
    )
    .await
    .assert_status(200);
    app.get("/v1/accounts", root.key()).await.assert_status(200);
}

#[tokio::test]
async fn two_superadmins_demoting_each_other_at_once_leave_exactly_one() {
    for round in 0..5 {
        let app = Arc::new(spawn_app().await);
        let root = root(&app).await;
        let elsewhere = app.create_account("Elsewhere", None).await;
        let second = app.admin_key(elsewhere["id"].as_str().unwrap(), true).await;
        // Warm both keys' credentials so that both requests reach the database together.
        app.get("/v1/accounts", root.key()).await.assert_status(200);
        app.get("/v1/accounts", second.key())
            .await
            .assert_status(200);

        let (first, other) = if round % 2 == 0 {
            (json!({"super_admin": false}), json!({"deleted": true}))
        } else {
            (
                json!({"status": "suspended"}),
                json!({"super_admin": false}),
            )
        };
        let demote_second = {
            let (app, path, key) = (app.clone(), user_path(&second), root.secret.clone());
            tokio::spawn(async move { app.patch(&path, Some(&key), &first).await })
        };
        let demote_root = {
            let (app, path, key) = (app.clone(), user_path(&root), second.secret.clone());
            tokio::spawn(async move { app.patch(&path, Some(&key), &other).await })
        };
        let mut statuses = [
            demote_second.await.unwrap().status,
            demote_root.await.unwrap().status,
        ];
        statuses.sort_unstable();
        // The loser is refused for leaving no superadmin, or, when the winner committed before
        // the loser's request was authenticated, because its key lost its powers: 403 once
        // demoted, 401 once suspended or deleted.
        assert!(
            matches!(statuses, [200, 409 | 403 | 401]),
            "round {round}: {statuses:?}"
        );

        let usable: i64 = app
            .db()
            .client()
            .await
            .query_one(
                "SELECT count(*) FROM users u JOIN accounts a ON a.id = u.account_id
                 WHERE u.super_admin AND u.status = 'active' AND u.deleted_at IS NULL
                   AND a.status = 'active' AND a.deleted_at IS NULL",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(usable, 1, "round {round}");
    }
}

#[tokio::test]
async fn two_superadmins_deleting_each_other_at_once_leave_exactly_one() {
    let app = Arc::new(spawn_app().await);
    let root = root(&app).await;
    let elsewhere = app.create_account("Elsewhere", None).await;
    let second = app.admin_key(elsewhere["id"].as_str().unwrap(), true).await;
    let first = {
        let (app, path, key) = (app.clone(), user_path(&second), root.secret.clone());
        tokio::spawn(async move { app.delete(&path, Some(&key)).await })
    };
    let other = {
        let (app, path, key) = (app.clone(), user_path(&root), second.secret.clone());
        tokio::spawn(async move { app.delete(&path, Some(&key)).await })
    };
    let mut statuses = [first.await.unwrap().status, other.await.unwrap().status];
    statuses.sort_unstable();
    // The loser is refused either for leaving no superadmin or because its own key went with
    // its user a moment before.
    assert!(
        statuses == [204, 409] || statuses == [204, 401],
        "{statuses:?}"
    );
    let superadmins: i64 = app
        .db()
        .client()
        .await
        .query_one("SELECT count(*) FROM users WHERE super_admin", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(superadmins, 1);
}
