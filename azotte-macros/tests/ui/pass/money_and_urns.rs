//! What the newtypes allow: milpieces add, subtract and sum with milpieces;
//! URNs are built from strings and read back as `&str`.

use azotte_client::types::{CustomerUrn, Milpieces, Price, StorefrontUrn};

fn main() {
    let mut total = Milpieces::new(999_000) + Milpieces::new(1_000);
    total -= Milpieces::new(500);
    let sum: Milpieces = [total, Milpieces::new(500)].into_iter().sum();
    assert_eq!(sum.get(), 1_000_000);
    let price = Price {
        amount: Some(sum),
        currency: Some("EUR".into()),
    };
    assert_eq!(price.amount.map(Milpieces::get), Some(1_000_000));

    let customer = CustomerUrn::new("cu.00.482");
    let storefront: StorefrontUrn = "sf.00.001".into();
    assert_eq!(customer.as_str(), "cu.00.482");
    assert_eq!(storefront.to_string(), "sf.00.001");
}
