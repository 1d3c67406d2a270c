//! A spec type named like a Rust type the generated code writes unqualified
//! (`String`, `Option`, `Vec`, …) would shadow it: refused, with where and why.

mod api {
    azotte_macros::generate! {
        yaml: r#"
api: { name: demo, title: Demo, version: v1 }
types:
  Option: { newtype: string }
"#
    }
}

fn main() {}
