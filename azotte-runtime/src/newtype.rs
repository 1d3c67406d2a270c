//! [`newtype!`]: the behaviour every generated newtype (URNs, money) shares,
//! written once here instead of ~40 lines per newtype in generated code.

/// Declares a generated newtype over `String` or a number, with what a caller
/// needs to handle it as its own type:
///
/// - over `String`: `new(impl Into<String>)`, `as_str`, `into_inner`,
///   `From<&str>`, `From<String>`, `AsRef<str>`; `Eq`, `Hash`, `Ord`;
/// - over a number: `const new`, `const get`; `Copy`, `Default`, and `Eq`,
///   `Hash`, `Ord` except over `f64`;
/// - always `Debug`, `Clone`, `PartialEq`, `PartialOrd`, `Display` (the inner
///   value's);
/// - after the colon: `Serialize` and `Deserialize` (as the inner value,
///   transparently) and `Arithmetic` (`+`, `-`, `+=`, `-=`, `Sum`).
///
/// ```
/// azotte_runtime::newtype! {
///     /// Identifies a customer.
///     pub struct CustomerUrn(String): Serialize + Deserialize;
/// }
/// azotte_runtime::newtype! {
///     /// An amount in minor units.
///     pub struct Money(i64): Deserialize + Arithmetic;
/// }
///
/// let urn: CustomerUrn = serde_json::from_str("\"cu.1\"").unwrap();
/// assert_eq!(urn, CustomerUrn::from("cu.1"));
/// assert_eq!(serde_json::to_string(&urn).unwrap(), "\"cu.1\"");
/// let total: Money = [Money::new(250), Money::new(100)].into_iter().sum();
/// assert_eq!(total - Money::new(50), serde_json::from_str("300").unwrap());
/// assert_eq!(total.to_string(), "350");
/// ```
#[macro_export]
macro_rules! newtype {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident($inner:ident) $(: $kind:ident $(+ $more:ident)*)?;
    ) => {
        $crate::newtype!(@$inner [$(#[doc = $doc])*] $name);
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        $($crate::newtype!(@$kind $name $inner); $($crate::newtype!(@$more $name $inner);)*)?
    };
    (@String [$($doc:tt)*] $name:ident) => {
        $($doc)*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(::std::string::String);
        impl $name {
            /// Wraps a value.
            pub fn new(value: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self(value.into())
            }
            /// The value as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// Unwraps the value.
            pub fn into_inner(self) -> ::std::string::String {
                self.0
            }
        }
        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(::std::borrow::ToOwned::to_owned(value))
            }
        }
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self(value)
            }
        }
        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
    (@f64 [$($doc:tt)*] $name:ident) => {
        $($doc)*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
        pub struct $name(f64);
        $crate::newtype!(@number $name f64);
    };
    (@$inner:ident [$($doc:tt)*] $name:ident) => {
        $($doc)*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name($inner);
        $crate::newtype!(@number $name $inner);
    };
    (@number $name:ident $inner:ident) => {
        impl $name {
            /// Wraps a value.
            pub const fn new(value: $inner) -> Self {
                Self(value)
            }
            /// The wrapped value.
            pub const fn get(self) -> $inner {
                self.0
            }
        }
    };
    (@Serialize $name:ident $inner:ident) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::__serde::Serialize::serialize(&self.0, serializer)
            }
        }
    };
    (@Deserialize $name:ident $inner:ident) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::__serde::Deserialize::deserialize(deserializer).map(Self)
            }
        }
    };
    (@Arithmetic $name:ident $inner:ident) => {
        impl ::std::ops::Add for $name {
            type Output = Self;
            fn add(self, rhs: Self) -> Self {
                Self(self.0 + rhs.0)
            }
        }
        impl ::std::ops::Sub for $name {
            type Output = Self;
            fn sub(self, rhs: Self) -> Self {
                Self(self.0 - rhs.0)
            }
        }
        impl ::std::ops::AddAssign for $name {
            fn add_assign(&mut self, rhs: Self) {
                self.0 += rhs.0;
            }
        }
        impl ::std::ops::SubAssign for $name {
            fn sub_assign(&mut self, rhs: Self) {
                self.0 -= rhs.0;
            }
        }
        impl ::std::iter::Sum for $name {
            fn sum<I: ::std::iter::Iterator<Item = Self>>(iter: I) -> Self {
                Self(iter.map(|v| v.0).sum())
            }
        }
    };
}
