//! `generate!()` with nothing to generate from: the error shows both forms.

mod api {
    azotte_macros::generate!();
}

fn main() {}
