//! Money is a newtype: `Milpieces + Milpieces` compiles, `Milpieces + 5` does
//! not (is 5 milpieces, minor units or a display amount?).

use azotte_client::types::Milpieces;

fn main() {
    let price = Milpieces::new(999_000);
    let _total = price + 5;
}
