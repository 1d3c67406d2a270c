//! [`deserialize_object!`]: how a generated struct reads itself from a JSON
//! object. serde's derive writes ~250 lines per struct (a field enum with three
//! visitors, a sequence visitor JSON never uses, a map visitor); generated
//! crates have thousands of received structs, so that code was most of what
//! they compiled. This one visitor per struct reads a map only.

use serde::de::{Deserialize, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

/// An object key, borrowed from the input when it can be.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Implements `Deserialize` for a generated struct from a JSON object: each
/// field is read under its wire name; an `optional` field (an `Option`) is
/// `None` when absent or `null`, a missing `required` one is serde's
/// `missing field` error; unknown keys are skipped; a repeated key keeps its
/// last value. Field types are inferred from the struct.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// struct Customer { customer_urn: String, email: Option<String> }
/// azotte_runtime::deserialize_object!(Customer, required { customer_urn = "customerUrn" }, optional { email = "email" });
///
/// let c: Customer = serde_json::from_str(r#"{"customerUrn":"cu.1","extra":[1]}"#).unwrap();
/// assert_eq!(c, Customer { customer_urn: "cu.1".into(), email: None });
/// let e = serde_json::from_str::<Customer>(r#"{"email":"a@b"}"#).unwrap_err();
/// assert!(e.to_string().starts_with("missing field `customerUrn`"));
/// ```
#[macro_export]
macro_rules! deserialize_object {
    (
        $name:ident,
        required { $($field:ident = $wire:literal),* $(,)? },
        optional { $($opt:ident = $opt_wire:literal),* $(,)? } $(,)?
    ) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> $crate::__serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("struct ", ::std::stringify!($name)))
                    }
                    fn visit_map<A: $crate::__serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        $(let mut $opt = ::std::option::Option::None;)*
                        while let ::std::option::Option::Some(key) = map.next_key::<$crate::__object::Key<'de>>()? {
                            match key.as_str() {
                                $($wire => $field = ::std::option::Option::Some(map.next_value()?),)*
                                $($opt_wire => $opt = ::std::option::Option::Some(map.next_value()?),)*
                                _ => {
                                    map.next_value::<$crate::__serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $($field: match $field {
                                ::std::option::Option::Some(value) => value,
                                ::std::option::Option::None => {
                                    return ::std::result::Result::Err(<A::Error as $crate::__serde::de::Error>::missing_field($wire));
                                }
                            },)*
                            $($opt: ::std::option::Option::flatten($opt),)*
                        })
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    };
}
