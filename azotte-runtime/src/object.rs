//! [`deserialize_object!`]: how a generated struct reads itself from a JSON
//! object. serde's derive writes ~250 lines per struct (a field enum with three
//! visitors, a sequence visitor JSON never uses, a map visitor); generated
//! crates have thousands of received structs, so that code was most of what
//! they compiled. This one visitor per struct reads a map only.

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

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

/// Where [`deserialize_object!`] puts one field's value while it reads an
/// object: the field's type erased behind `dyn`, so the key loop
/// ([`read_map`]) is written once in this crate instead of once per struct.
/// Every slot is an `Option` of the field's type; a field typed `Option<U>`
/// is read as `Option<U>` (so `null` is `None`) and flattened afterwards.
#[doc(hidden)]
pub trait Slot<'de, A: MapAccess<'de>> {
    /// Reads the map's next value into the slot (a repeated key overwrites).
    fn put(&mut self, map: &mut A) -> Result<(), A::Error>;
    /// True once a value was read.
    fn is_set(&self) -> bool;
}

impl<'de, A: MapAccess<'de>, T: Deserialize<'de>> Slot<'de, A> for Option<T> {
    fn put(&mut self, map: &mut A) -> Result<(), A::Error> {
        *self = Some(map.next_value()?);
        Ok(())
    }
    fn is_set(&self) -> bool {
        self.is_some()
    }
}

/// A struct [`deserialize_object!`] implements: how it reads itself from a
/// map. Its `Deserialize` hands [`deserialize`] the one serde `Visitor`
/// every generated struct shares, so a generated struct declares no visitor
/// of its own (issue 18: one type, impl and `expecting` body less per struct
/// for `cargo check`).
#[doc(hidden)]
pub trait ReadObject<'de>: Sized {
    /// Reads the struct from the entries of `map`.
    fn read<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `T` from `deserializer`, which must hold a map; any other value is
/// serde's `invalid type` error, expecting `struct {name}`.
#[doc(hidden)]
pub fn deserialize<'de, T: ReadObject<'de>, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor {
        name,
        object: PhantomData,
    })
}

/// The serde `Visitor` of every [`ReadObject`].
struct ObjectVisitor<T> {
    name: &'static str,
    object: PhantomData<T>,
}

impl<'de, T: ReadObject<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// One field of a struct [`deserialize_object!`] reads: its wire name,
/// whether it is required, and the other names it is read from (aliases).
#[doc(hidden)]
pub type Field = (&'static str, bool, &'static [&'static str]);

/// Reads every entry of `map`: a key that is field `i`'s wire name
/// (`fields[i].0`) or, failing every wire name, one of its aliases
/// (`fields[i].2`) fills `slots[i]`; any other key's value is skipped. Then
/// the first required field (`fields[i].1`) no key filled is serde's
/// `missing field` error under its wire name, so generated code needs no
/// check of its own.
///
/// The one loop every generated struct shares, over a table of its fields,
/// so a generated struct's code is only that table and its slots (issue 18:
/// a per-struct key loop, then a per-struct key `match`, were what `cargo
/// check` spent most on in a generated crate's types). Servers send fields
/// in declaration order, so the field after the last one found is tried
/// first: one comparison per key, by [`same_name`], without a `memcmp` call.
/// Keys in another order scan the table (~55 instructions per key more than
/// the per-struct `match` this replaced, which cost a tenth of `cargo check`
/// on a generated crate; BENCHMARKS.md, "Session 10's levers").
#[doc(hidden)]
pub fn read_map<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &[Field],
    slots: &mut [&mut dyn Slot<'de, A>],
) -> Result<(), A::Error> {
    let mut next = 0;
    while let Some(key) = map.next_key::<Key<'de>>()? {
        match find(fields, key.as_str(), next) {
            Some(i) => {
                next = i + 1;
                slots[i].put(map)?;
            }
            None => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    match fields
        .iter()
        .zip(slots.iter())
        .find(|((_, required, _), slot)| *required && !slot.is_set())
    {
        Some(((name, _, _), _)) => Err(serde::de::Error::missing_field(name)),
        None => Ok(()),
    }
}

/// The field `key` names: field `hint` when it is its wire name (the
/// common case, inlined into the loop), else [`search`].
#[inline(always)]
fn find(fields: &[Field], key: &str, hint: usize) -> Option<usize> {
    match fields.get(hint) {
        Some(field) if same_name(field.0, key) => Some(hint),
        _ => search(fields, key),
    }
}

/// The first field whose wire name is `key`, else the first with `key`
/// among its aliases.
fn search(fields: &[Field], key: &str) -> Option<usize> {
    fields
        .iter()
        .position(|field| same_name(field.0, key))
        .or_else(|| {
            fields
                .iter()
                .position(|(_, _, aliases)| aliases.iter().any(|a| same_name(a, key)))
        })
}

/// `a == b`, with the short names JSON keys are compared as a few integer
/// comparisons rather than a `memcmp` call: two overlapping 4- or 8-byte
/// windows cover every byte of a name of 4 to 16 bytes, three single bytes
/// one of 1 to 3.
#[inline(always)]
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=8 => word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, n - 4) == word::<4>(b, n - 4),
        9..=16 => word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, n - 8) == word::<8>(b, n - 8),
        _ => a == b,
    }
}

/// The `N` bytes of `s` from `at` (`None` past its end; [`same_name`] only
/// asks within it).
#[inline(always)]
fn word<const N: usize>(s: &[u8], at: usize) -> Option<&[u8; N]> {
    s.get(at..).and_then(|s| s.first_chunk::<N>())
}

/// A required field's value, once [`read_map`] has returned `Ok`: it
/// checked that every required slot is filled, so this cannot panic.
#[doc(hidden)]
pub fn required<T>(slot: Option<T>) -> T {
    slot.expect("read_map reports a missing required field")
}

/// An empty slot typed like field `field` of `S`, for
/// [`deserialize_object!`] fields written without their type.
#[doc(hidden)]
pub fn slot_of<S, T>(_field: fn(&S) -> &T) -> Option<T> {
    None
}

/// Implements `Deserialize` for a generated struct from a JSON object: each
/// field is read under its wire name or any of its aliases (`= "externalId"
/// | "externalIdentifier"`); an `optional` field (an `Option`) is
/// `None` when absent or `null`, a missing `required` one is serde's
/// `missing field` error; unknown keys are skipped; a repeated key keeps its
/// last value. A field may give its type (`amount: i64 = "amount"`; for an
/// optional field, the type inside the `Option`), else it is inferred from
/// the struct; `object!` always gives it, which is cheaper to compile.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// struct Customer { customer_urn: String, email: Option<String> }
/// azotte_runtime::deserialize_object!(Customer, required { customer_urn = "customerUrn" }, optional { email: String = "email" });
///
/// let c: Customer = serde_json::from_str(r#"{"customerUrn":"cu.1","extra":[1]}"#).unwrap();
/// assert_eq!(c, Customer { customer_urn: "cu.1".into(), email: None });
/// let e = serde_json::from_str::<Customer>(r#"{"email":"a@b"}"#).unwrap_err();
/// assert!(e.to_string().starts_with("missing field `customerUrn`"));
///
/// struct Ref { external_id: String }
/// azotte_runtime::deserialize_object!(Ref, required { external_id = "externalId" | "externalIdentifier" }, optional {});
/// let r: Ref = serde_json::from_str(r#"{"externalIdentifier":"ext-42"}"#).unwrap();
/// assert_eq!(r.external_id, "ext-42");
/// ```
///
/// The struct's code is a list of its fields: one slot each, handed to the
/// shared [`read_map`] loop (`#[doc(hidden)]`, with the slot trait).
#[macro_export]
macro_rules! deserialize_object {
    (
        $name:ident,
        required { $($field:ident $(: $ty:ty)? = $wire:literal $(| $alias:literal)*),* $(,)? },
        optional { $($opt:ident $(: $oty:ty)? = $opt_wire:literal $(| $opt_alias:literal)*),* $(,)? } $(,)?
    ) => {
        $crate::deserialize_object!(@fields $name [
            $(($field required $($ty)? = $wire $(| $alias)*))*
            $(($opt optional $($oty)? = $opt_wire $(| $opt_alias)*))*
        ]);
    };
    // The fields as one list, each with its kind: `object!` passes them in
    // declaration order, the form above required ones first.
    (@fields $name:ident [$(($field:ident $kind:ident $($ty:ty)? = $wire:literal $(| $alias:literal)*))*]) => {
        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::__object::deserialize(deserializer, ::std::stringify!($name))
            }
        }
        impl<'de> $crate::__object::ReadObject<'de> for $name {
            fn read<A: $crate::__serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = $crate::deserialize_object!(@slot $name $field $kind $($ty)?);)*
                $crate::__object::read_map(
                    &mut map,
                    &[$(($wire, $crate::deserialize_object!(@required $kind), &[$($alias),*]),)*],
                    &mut [$(&mut $field as &mut dyn $crate::__object::Slot<'de, A>,)*],
                )?;
                ::std::result::Result::Ok($name {
                    $($field: $crate::deserialize_object!(@take $kind $field),)*
                })
            }
        }
    };
    (@slot $name:ident $field:ident required $ty:ty) => {
        ::std::option::Option::<$ty>::None
    };
    (@slot $name:ident $field:ident optional $ty:ty) => {
        ::std::option::Option::<::std::option::Option<$ty>>::None
    };
    (@slot $name:ident $field:ident $kind:ident) => {
        $crate::__object::slot_of(|s: &$name| &s.$field)
    };
    (@required required) => { true };
    (@required optional) => { false };
    (@take required $field:ident) => { $crate::__object::required($field) };
    (@take optional $field:ident) => { ::std::option::Option::flatten($field) };
}

/// How `object!` writes a field that is always sent (required or nullable):
/// as a struct field, and as a query parameter (`param`, in `request.rs`:
/// only query types of outbound lanes need it, with the `client` feature).
#[doc(hidden)]
pub struct Always;

/// A struct being serialized, or the error that stopped it: `object!`'s
/// `Serialize` threads it through one call per field and ends it with
/// [`end`], so the generated body holds no `?` (each is a branch the
/// compiler checks per field: issue 18).
#[doc(hidden)]
pub type Written<S> = Result<S, <S as serde::ser::SerializeStruct>::Error>;

/// Ends a struct [`Written`] field by field.
#[doc(hidden)]
pub fn end<S: serde::ser::SerializeStruct>(state: Written<S>) -> Result<S::Ok, S::Error> {
    state?.end()
}

/// How `object!` writes an optional field: only when it is set.
#[doc(hidden)]
pub struct IfSet;

impl Always {
    /// Counts towards the serialized struct's length.
    pub fn len<T: ?Sized>(_: &T) -> usize {
        1
    }
    /// Writes the field, unless writing already failed.
    pub fn write<S, T>(state: Written<S>, key: &'static str, value: &T) -> Written<S>
    where
        S: serde::ser::SerializeStruct,
        T: serde::Serialize + ?Sized,
    {
        let mut state = state?;
        state.serialize_field(key, value)?;
        Ok(state)
    }
}

impl IfSet {
    /// Counts towards the serialized struct's length when set.
    pub fn len<T>(value: &Option<T>) -> usize {
        usize::from(value.is_some())
    }
    /// Writes the field when set, else tells the serializer it is skipped;
    /// unless writing already failed.
    pub fn write<S, T>(state: Written<S>, key: &'static str, value: &Option<T>) -> Written<S>
    where
        S: serde::ser::SerializeStruct,
        T: serde::Serialize,
    {
        let mut state = state?;
        match value {
            Some(v) => state.serialize_field(key, v)?,
            None => state.skip_field(key)?,
        }
        Ok(state)
    }
}

/// Declares a generated struct and everything it does, from one field list
/// that reads like the struct itself plus each field's wire name:
///
/// ```
/// azotte_runtime::object! {
///     /// A customer as sent and received.
///     pub struct Customer: Serialize + Deserialize {
///         /// The customer's id.
///         customer_urn: String = "customerUrn",
///         email: Option<String> = "email",
///         deleted_at: Option<String> = "deletedAt" | null,
///         /// Decoded from either spelling, sent as `externalId`.
///         external_id: Option<String> = "externalId" alias "externalIdentifier",
///     }
/// }
///
/// let c = Customer::new("cu.1").email("a@b.c");
/// assert_eq!(
///     serde_json::to_string(&c).unwrap(),
///     r#"{"customerUrn":"cu.1","email":"a@b.c","deletedAt":null}"#
/// );
/// let back: Customer = serde_json::from_str(r#"{"customerUrn":"cu.1","externalIdentifier":"x"}"#).unwrap();
/// assert_eq!(back.external_id.as_deref(), Some("x"));
/// assert_eq!(serde_json::to_value(&back).unwrap()["externalId"], "x");
/// ```
///
/// - Every field is `pub`, in the order written; the struct derives `Debug`,
///   `Clone`, `PartialEq` (and `Default` when no field is required).
/// - A field typed `Option<T>` is optional: omitted from the JSON when
///   `None`, `None` when absent or `null`. `| null` after the wire name
///   marks a field that is always sent, as `null` when `None`.
/// - `alias "other"` after the wire name (repeatable, before `| null`) is
///   another name the field is decoded from; it is always sent under its
///   wire name.
/// - `: Serialize` writes the set fields, in field order, as serde's derive
///   would (a struct, `skip_serializing_if = "Option::is_none"` on optional
///   fields); `: Deserialize` reads it with [`deserialize_object!`](crate::deserialize_object);
///   `: Query` makes it a query-parameter struct
///   ([`QueryParams`](crate::QueryParams)); with none, the struct has no wire
///   form of its own.
/// - Types that are built by callers (all but `: Deserialize` alone) get
///   `new(required fields…)` and, per optional field, a setter named after
///   it (`.email(…)`) taking `impl Into<T>`.
///
/// Each field is one step of the macro's recursion: an object has at most
/// 100 fields (the spec validator says so before this could fail).
#[macro_export]
macro_rules! object {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident $(: $kind:ident $(+ $more:ident)*)? { $($fields:tt)* }
    ) => {
        $crate::object!(@field [$(#[doc = $doc])*] $name [$($kind $($more)*)?] [] [] [] [] $($fields)*);
    };
    // Sorted: [struct fields] [(Always|IfSet field wire [aliases] required|optional T) in order] [required (f w [aliases] T)] [optional (f w [aliases] T)].
    (@field [$($doc:tt)*] $name:ident $kinds:tt [$($def:tt)*] $ser:tt [] $opt:tt) => {
        $($doc)*
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name { $($def)* }
        $crate::object!(@impls $name $kinds $ser [] $opt);
    };
    (@field [$($doc:tt)*] $name:ident $kinds:tt [$($def:tt)*] $ser:tt $req:tt $opt:tt) => {
        $($doc)*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name { $($def)* }
        $crate::object!(@impls $name $kinds $ser $req $opt);
    };
    (@field $doc:tt $name:ident $kinds:tt [$($def:tt)*] [$($ser:tt)*] $req:tt [$($opt:tt)*]
        $(#[doc = $fdoc:literal])* $field:ident : Option<$ty:ty> = $wire:literal $(alias $alias:literal)* | null $(, $($rest:tt)*)?
    ) => {
        $crate::object!(@field $doc $name $kinds
            [$($def)* $(#[doc = $fdoc])* pub $field: ::std::option::Option<$ty>,]
            [$($ser)* (Always $field $wire [$($alias)*] optional $ty)] $req [$($opt)* ($field $wire [$($alias)*] $ty)] $($($rest)*)?);
    };
    (@field $doc:tt $name:ident $kinds:tt [$($def:tt)*] [$($ser:tt)*] $req:tt [$($opt:tt)*]
        $(#[doc = $fdoc:literal])* $field:ident : Option<$ty:ty> = $wire:literal $(alias $alias:literal)* $(, $($rest:tt)*)?
    ) => {
        $crate::object!(@field $doc $name $kinds
            [$($def)* $(#[doc = $fdoc])* pub $field: ::std::option::Option<$ty>,]
            [$($ser)* (IfSet $field $wire [$($alias)*] optional $ty)] $req [$($opt)* ($field $wire [$($alias)*] $ty)]
            $($($rest)*)?);
    };
    (@field $doc:tt $name:ident $kinds:tt [$($def:tt)*] [$($ser:tt)*] [$($req:tt)*] $opt:tt
        $(#[doc = $fdoc:literal])* $field:ident : $ty:ty = $wire:literal $(alias $alias:literal)* $(, $($rest:tt)*)?
    ) => {
        $crate::object!(@field $doc $name $kinds
            [$($def)* $(#[doc = $fdoc])* pub $field: $ty,]
            [$($ser)* (Always $field $wire [$($alias)*] required $ty)] [$($req)* ($field $wire [$($alias)*] $ty)] $opt
            $($($rest)*)?);
    };
    (@impls $name:ident [Deserialize] $ser:tt $req:tt $opt:tt) => {
        $crate::object!(@de $name $ser);
    };
    (@impls $name:ident [Serialize] $ser:tt $req:tt $opt:tt) => {
        $crate::object!(@ser $name $ser);
        $crate::object!(@new $name $req $opt);
    };
    (@impls $name:ident [Deserialize Serialize] $ser:tt $req:tt $opt:tt) => {
        $crate::object!(@impls $name [Serialize Deserialize] $ser $req $opt);
    };
    (@impls $name:ident [Serialize Deserialize] $ser:tt $req:tt $opt:tt) => {
        $crate::object!(@ser $name $ser);
        $crate::object!(@de $name $ser);
        $crate::object!(@new $name $req $opt);
    };
    (@impls $name:ident [Query] $ser:tt $req:tt $opt:tt) => {
        $crate::object!(@query $name $ser);
        $crate::object!(@new $name $req $opt);
    };
    (@impls $name:ident [] $ser:tt $req:tt $opt:tt) => {
        $crate::object!(@new $name $req $opt);
    };
    (@ser $name:ident [$(($how:ident $field:ident $wire:literal $aliases:tt $kind:ident $ty:ty))*]) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let len = 0 $(+ $crate::__object::$how::len(&self.$field))*;
                let state = $crate::__serde::Serializer::serialize_struct(serializer, ::std::stringify!($name), len);
                $(let state = $crate::__object::$how::write(state, $wire, &self.$field);)*
                $crate::__object::end(state)
            }
        }
    };
    (@query $name:ident [$(($how:ident $field:ident $wire:literal $aliases:tt $kind:ident $ty:ty))*]) => {
        impl $crate::QueryParams for $name {
            fn append_to(&self, request: $crate::Request) -> $crate::Request {
                $(let request = $crate::__object::$how::param(request, $wire, &self.$field);)*
                request
            }
        }
    };
    (@de $name:ident [$(($how:ident $field:ident $wire:literal [$($alias:literal)*] $kind:ident $ty:ty))*]) => {
        $crate::deserialize_object!(@fields $name [$(($field $kind $ty = $wire $(| $alias)*))*]);
    };
    (@new $name:ident [$(($field:ident $wire:literal $aliases:tt $ty:ty))*] [$(($opt:ident $owire:literal $oaliases:tt $oty:ty))*]) => {
        impl $name {
            /// Creates the value from its required fields, in declaration order; optional fields start unset.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($field: impl ::std::convert::Into<$ty>),*) -> Self {
                Self {
                    $($field: ::std::convert::Into::into($field),)*
                    $($opt: ::std::option::Option::None,)*
                }
            }
            $(
                #[doc = ::std::concat!("Sets `", ::std::stringify!($opt), "` (`", $owire, "` on the wire).")]
                pub fn $opt(mut self, $opt: impl ::std::convert::Into<$oty>) -> Self {
                    self.$opt = ::std::option::Option::Some(::std::convert::Into::into($opt));
                    self
                }
            )*
        }
    };
}

#[cfg(test)]
mod tests {
    use super::same_name;

    #[test]
    fn same_name_is_string_equality() {
        // Every length from empty to past the 16-byte windows, against the
        // same text with one byte changed at each position, and a longer one.
        for n in 0..=40usize {
            let name: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            assert!(same_name(&name, &name.clone()), "{name:?}");
            assert!(!same_name(&name, &format!("{name}x")), "{name:?}");
            for at in 0..n {
                let mut other = name.clone().into_bytes();
                other[at] = b'_';
                let other = String::from_utf8(other).unwrap();
                assert_eq!(
                    same_name(&name, &other),
                    name == other,
                    "{name:?} {other:?}"
                );
            }
        }
    }
}
