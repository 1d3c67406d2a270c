//! Sort orders for list endpoints, written `-createdAt,name` on the wire
//! (descending fields prefixed with `-`, comma-separated). Generated code
//! supplies only the field enum (a [`SortField`]); the order, its `Display`
//! and its serde live here once.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A field a sort order may use (generated per sortable resource).
pub trait SortField: Copy + Sized {
    /// The wire name, e.g. `createdAt`.
    fn as_wire(self) -> &'static str;
    /// The field with this wire name, if any.
    fn from_wire(wire: &str) -> Option<Self>;
}

/// Fields in priority order, each ascending or descending.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SortOrder<F> {
    keys: Vec<(F, Direction)>,
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Smallest first.
    Asc,
    /// Largest first (`-field` on the wire).
    Desc,
}

impl<F: SortField> Default for SortOrder<F> {
    fn default() -> Self {
        SortOrder { keys: Vec::new() }
    }
}

impl<F: SortField> SortOrder<F> {
    /// No explicit order (the server's default).
    pub fn new() -> Self {
        Self::default()
    }
    /// Then by `field`, ascending.
    pub fn asc(mut self, field: F) -> Self {
        self.keys.push((field, Direction::Asc));
        self
    }
    /// Then by `field`, descending.
    pub fn desc(mut self, field: F) -> Self {
        self.keys.push((field, Direction::Desc));
        self
    }
    /// The fields in priority order.
    pub fn keys(&self) -> &[(F, Direction)] {
        &self.keys
    }
    /// Parses `-createdAt,name`; names an unknown field in the error.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut order = Self::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, direction) = match part.strip_prefix('-') {
                Some(name) => (name, Direction::Desc),
                None => (part, Direction::Asc),
            };
            let field = F::from_wire(name).ok_or_else(|| format!("unknown sort field `{name}`"))?;
            order.keys.push((field, direction));
        }
        Ok(order)
    }
}

impl<F: SortField> fmt::Display for SortOrder<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (field, direction)) in self.keys.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            let sign = if *direction == Direction::Desc {
                "-"
            } else {
                ""
            };
            write!(f, "{sep}{sign}{}", field.as_wire())?;
        }
        Ok(())
    }
}

impl<F: SortField> Serialize for SortOrder<F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, F: SortField> Deserialize<'de> for SortOrder<F> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Field {
        CreatedAt,
        Name,
    }

    impl SortField for Field {
        fn as_wire(self) -> &'static str {
            match self {
                Field::CreatedAt => "createdAt",
                Field::Name => "name",
            }
        }
        fn from_wire(wire: &str) -> Option<Self> {
            match wire {
                "createdAt" => Some(Field::CreatedAt),
                "name" => Some(Field::Name),
                _ => None,
            }
        }
    }

    #[test]
    fn writes_and_reads_the_documented_form() {
        let order = SortOrder::new().desc(Field::CreatedAt).asc(Field::Name);
        assert_eq!(order.to_string(), "-createdAt,name");
        assert_eq!(SortOrder::<Field>::parse("-createdAt,name"), Ok(order));
        assert_eq!(
            SortOrder::<Field>::parse("-colour"),
            Err("unknown sort field `colour`".into())
        );
        assert_eq!(SortOrder::<Field>::new().to_string(), "");
    }
}
