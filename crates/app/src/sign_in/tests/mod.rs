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
