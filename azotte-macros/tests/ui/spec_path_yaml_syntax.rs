//! A YAML syntax error in a spec file: file, line and column of the mistake.
//!
//! trybuild compiles this file from `target/tests/trybuild/azotte-macros/`, so
//! the path climbs four levels to the workspace root.

mod api {
    azotte_macros::generate!("../../../../azotte-macros/tests/ui/specs/broken-syntax.yaml");
}

fn main() {}
