//! The sign-in use cases on the in-memory fakes, one file per proof.

mod custom;
mod oidc;
mod steam;

use super::SignIns;
use crate::fakes::{FakeDb, FakeProofs, FakeSealer, FakeTokens, FixedClock};

type Uses = SignIns<FakeDb, FixedClock, FakeTokens, FakeSealer, FakeProofs>;

fn sign_ins(db: &FakeDb, proofs: &FakeProofs) -> Uses {
    SignIns::new(
        db.clone(),
        FixedClock,
        FakeTokens::default(),
        FakeSealer,
        proofs.clone(),
    )
}

mod link {
    use roster_domain::client_session::ClientInfo;
    use roster_domain::identity::{DeviceFingerprint, IdentityKind};

    use super::sign_ins;
    use crate::client::{ClientSessions, ClientUseCases, StartSession};
    use crate::fakes::{FakeDb, FakeProofs, FakeRandom, FakeTokens, FixedClock};
    use crate::sign_in::{LinkError, LinkProof, SignInUseCases};

    fn fingerprint(n: u8) -> DeviceFingerprint {
        DeviceFingerprint::parse(&format!("{n:064x}")).unwrap()
    }

    #[tokio::test]
    async fn a_new_identity_joins_the_player_and_another_players_is_refused_naming_it() {
        let (db, proofs, tokens) = (
            FakeDb::default(),
            FakeProofs::default(),
            FakeTokens::default(),
        );
        let game = db.game(db.account("Studio").id);
        let client = ClientSessions::new(
            db.clone(),
            FixedClock,
            FakeRandom::default(),
            tokens.clone(),
        );
        let started = client
            .start(StartSession {
                game_id: game.id,
                fingerprint: fingerprint(1),
                display_name: None,
                client: ClientInfo::default(),
            })
            .await
            .unwrap();
        let me = client
            .authenticate(Some(&started.tokens.access_token))
            .await
            .unwrap();
        let other = db.identity(&game, IdentityKind::Device, &format!("{:064x}", 2));
        let uses = sign_ins(&db, &proofs);
        let nonce = client.nonce(&me).await.unwrap().value.to_string();
        let linked = uses
            .link(&me, Some(&nonce), LinkProof::Device(fingerprint(3)))
            .await
            .unwrap();
        assert!(linked.created);
        assert_eq!(linked.identity.player_id, started.identity.player_id);
        let nonce = client.nonce(&me).await.unwrap().value.to_string();
        let again = uses
            .link(&me, Some(&nonce), LinkProof::Device(fingerprint(3)))
            .await
            .unwrap();
        assert!(!again.created);
        let nonce = client.nonce(&me).await.unwrap().value.to_string();
        let refused = uses
            .link(&me, Some(&nonce), LinkProof::Device(fingerprint(2)))
            .await;
        assert!(
            matches!(refused, Err(LinkError::LinkedElsewhere(player)) if player == other.player_id)
        );
        assert_eq!(db.tables().identities.len(), 3);
    }
}
