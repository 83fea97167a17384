//! Rebuilds the crate when a migration changes: `embed_migrations!` reads `migrations/` as it
//! expands, and cargo would not otherwise know that the crate depends on those files (an edited
//! migration would leave the old SQL embedded, and a test template migrated with it).

fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
