//! [`wire_enum!`]: the behaviour every generated forward-compatible enum
//! shares, written once here instead of ~50 lines per enum in generated code.

/// Declares a generated enum with its wire form: the variants, an `Unknown`
/// variant that keeps values this client does not know (so a newer server
/// never breaks decoding), `as_str` (or `as_i64`), `from_wire`, `Display`,
/// and the serde halves named after the colon (a type only received skips
/// `Serialize`). The wire type is `str` or `i64`.
///
/// ```
/// azotte_runtime::wire_enum! {
///     /// A subscription's state.
///     pub enum State(str): Deserialize {
///         /// Running.
///         Active = "Active",
///         Closed = "Closed",
///     }
/// }
///
/// let s: State = serde_json::from_str("\"Closed\"").unwrap();
/// assert_eq!(s, State::Closed);
/// assert_eq!(State::from_wire("Paused"), State::Unknown("Paused".into()));
/// assert_eq!(State::Active.to_string(), "Active");
///
/// azotte_runtime::wire_enum! {
///     /// A payment kind.
///     pub enum Kind(i64): Serialize + Deserialize {
///         Purchase = 10,
///     }
/// }
/// assert_eq!(serde_json::to_string(&Kind::Purchase).unwrap(), "10");
/// assert_eq!(serde_json::from_str::<Kind>("11").unwrap(), Kind::Unknown(11));
/// ```
///
/// The enum derives `Debug`, `Clone`, `PartialEq`, `Eq` and `Hash`.
#[macro_export]
macro_rules! wire_enum {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident($repr:ident) $(: $half:ident $(+ $more:ident)*)? {
            $($(#[doc = $vdoc:literal])* $variant:ident = $wire:literal),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[doc = $vdoc])* $variant,)*
            /// A value this client does not know yet (sent by a newer server); kept as received.
            Unknown($crate::wire_enum!(@unknown $repr)),
        }
        $crate::wire_enum!(@$repr $name { $($variant = $wire),* } $(, $half $(, $more)*)?);
    };
    (@unknown str) => { ::std::string::String };
    (@unknown i64) => { i64 };
    (@str $name:ident { $($variant:ident = $wire:literal),* } $(, $half:ident)*) => {
        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
            /// Decodes a wire value; values not in the spec become `Unknown`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(::std::borrow::ToOwned::to_owned(value)),
                }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        $($crate::wire_enum!(@$half $name, as_str, ::std::string::String, &);)*
    };
    (@i64 $name:ident { $($variant:ident = $wire:literal),* } $(, $half:ident)*) => {
        impl $name {
            /// The wire value.
            pub fn as_i64(&self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => *value,
                }
            }
            /// Decodes a wire value; values not in the spec become `Unknown`.
            pub fn from_wire(value: i64) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }
        $($crate::wire_enum!(@$half $name, as_i64, i64,);)*
    };
    (@Serialize $name:ident, $as:ident, $repr:ty, $($by_ref:tt)?) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::__serde::Serialize::serialize(&self.$as(), serializer)
            }
        }
    };
    (@Deserialize $name:ident, $as:ident, $repr:ty, $($by_ref:tt)?) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <$repr as $crate::__serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from_wire($($by_ref)? value))
            }
        }
    };
}
