//! A spec path that does not exist (a typo of `split`): the error names where it looked, the manifest directory it resolved against, and the closest existing name.
//!
//! trybuild compiles this file from `target/tests/trybuild/azotte-macros/`, so
//! the path climbs four levels to the workspace root.

mod api {
    azotte_macros::generate!("../../../../azotte-macros/tests/ui/specs/splt");
}

fn main() {}
