//! A spec directory whose two files both define `types.Customer`: the error is in the second file and names the first.
//!
//! trybuild compiles this file from `target/tests/trybuild/azotte-macros/`, so
//! the path climbs four levels to the workspace root.

mod api {
    azotte_macros::generate!("../../../../azotte-macros/tests/ui/specs/split");
}

fn main() {}
