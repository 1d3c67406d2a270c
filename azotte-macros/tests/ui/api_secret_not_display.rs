//! The runtime keeps secrets as `secrecy::SecretString`, which has no
//! `Display`: printing one with `{}` does not compile (reading it takes an
//! explicit `expose_secret()`).

use secrecy::SecretString;

fn main() {
    let secret = SecretString::from("sk_live_123");
    println!("key = {}", secret);
}
