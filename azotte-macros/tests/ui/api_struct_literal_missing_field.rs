//! A struct literal must name every field, optional ones too: a `Price` without its `currency`
//! does not compile.

use azotte_client::types::{Milpieces, Price};

fn main() {
    let _price = Price {
        amount: Some(Milpieces::new(999_000)),
    };
}
