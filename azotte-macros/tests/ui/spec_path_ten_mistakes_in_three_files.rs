//! Ten mistakes in three files (five shape mistakes in `a.yaml`, a syntax error
//! in `b.yaml`, four semantic mistakes in `c.yaml`): one build names them all,
//! each once, located.
//!
//! trybuild compiles this file from `target/tests/trybuild/azotte-macros/`, so
//! the path climbs four levels to the workspace root.

mod api {
    azotte_macros::generate!("../../../../azotte-macros/tests/ui/specs/ten-mistakes");
}

fn main() {}
