//! Two spec paths in one call: `generate!` takes one (a directory holds several files).

mod api {
    azotte_macros::generate!("specs/api.yaml", "specs/more.yaml");
}

fn main() {}
