//! A misspelt key in the inline form (`yml:` for `yaml:`).

mod api {
    azotte_macros::generate! {
        yml: r#"
api: { name: demo, title: Demo, version: v1 }
"#
    }
}

fn main() {}
