//! Named types, their fields and the built-in primitives.

/// `types.<Name>`: one type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The name under `types:`.
    pub name: String,
    /// PascalCase Rust name.
    pub rust_name: String,
    /// What the type is.
    pub doc: Option<String>,
    /// Newtype, object, enum or sort order.
    pub kind: TypeKind,
}

/// What a type is, by the keys it was declared with.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A distinct type over a primitive (`newtype:`).
    Newtype {
        /// The primitive it wraps.
        inner: Primitive,
        /// `+`/`-` between values of the type compile.
        arithmetic: bool,
        /// An example value, shown in the docs.
        example: Option<String>,
    },
    /// A JSON object (`fields:`).
    Object {
        /// Its fields, in declaration order.
        fields: Vec<Field>,
    },
    /// A closed set of values (`values:`), plus `Unknown` when decoding.
    Enum {
        /// The values are integers on the wire.
        integer: bool,
        /// The values, in declaration order.
        values: Vec<EnumValue>,
    },
    /// A sort order over some fields: `-createdAt,name`.
    Sort {
        /// Its fields, in declaration order.
        fields: Vec<SortField>,
    },
}

/// A field a sort order may use.
#[derive(Debug, Clone, PartialEq)]
pub struct SortField {
    /// The field's wire name.
    pub wire: String,
    /// PascalCase variant name.
    pub rust_name: String,
}

/// A field of an object type (`fields.<wireName>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub wire_name: String,
    /// snake_case; may be a Rust keyword (the generator makes it a raw identifier).
    pub rust_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// May be absent.
    pub optional: bool,
    /// May be `null`.
    pub nullable: bool,
    /// What it is, or `inferred: …`.
    pub doc: Option<String>,
    /// An example value, shown in the docs.
    pub example: Option<String>,
    /// Other wire names a received value may use (`aliases:`); decoding
    /// accepts each, encoding always writes [`wire_name`](Self::wire_name).
    pub aliases: Vec<String>,
    /// No API document names the field (see [`is_inferred`]): its doc, or
    /// the doc of its type when it has none, starts with `inferred:`.
    pub inferred: bool,
}

impl Field {
    /// A field the caller must supply: neither optional nor nullable.
    pub fn required(&self) -> bool {
        !self.optional && !self.nullable
    }
}

/// The marker that opens every `doc:` describing what the API documents do
/// not state.
pub const INFERRED: &str = "inferred:";

/// Whether a `doc:` marks what it describes as inferred: it starts with
/// [`INFERRED`] (after leading whitespace). `inferred:` later in a doc marks
/// a detail of something documented (a unit, a format), not the thing itself.
pub fn is_inferred(doc: Option<&str>) -> bool {
    doc.is_some_and(|d| d.trim_start().starts_with(INFERRED))
}

/// One value of an enum type.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// As written on the wire.
    pub wire: EnumWire,
    /// PascalCase variant name.
    pub rust_name: String,
    /// What the value means.
    pub doc: Option<String>,
}

/// How an enum value is written on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum EnumWire {
    /// An integer value.
    Int(i64),
    /// A string value.
    Str(String),
}

/// A resolved type reference.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    /// A built-in type.
    Primitive(Primitive),
    /// A name under `types:` (known to exist).
    Named(String),
    /// `list<T>`: a JSON array.
    List(Box<TypeRef>),
    /// `map<T>`: a JSON object with string keys.
    Map(Box<TypeRef>),
}

/// The built-in types a reference may name (`string`, `u32`, `datetime`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    /// `string`
    String,
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f64`
    F64,
    /// `datetime`: RFC 3339 date and time.
    DateTime,
    /// `date`: RFC 3339 full date.
    Date,
    /// `uuid`
    Uuid,
    /// `json`: any JSON value.
    Json,
}

impl Primitive {
    /// The primitive spelled `name` in the spec, if it is one.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "string" => Self::String,
            "bool" => Self::Bool,
            "i32" => Self::I32,
            "i64" => Self::I64,
            "u32" => Self::U32,
            "u64" => Self::U64,
            "f64" => Self::F64,
            "datetime" => Self::DateTime,
            "date" => Self::Date,
            "uuid" => Self::Uuid,
            "json" => Self::Json,
            _ => return None,
        })
    }
    /// Whether arithmetic can make sense on it.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Self::I32 | Self::I64 | Self::U32 | Self::U64 | Self::F64
        )
    }
}
