//! The area table: one row per area (district or municipality) and year, with
//! text identifiers and numeric columns. Loading, import and validation live in
//! submodules; everything downstream sees only [`Table`].

pub mod dictionary;
pub mod kolada;
pub mod lines;
pub mod load;
pub mod text;

pub use text::TextColumn;

/// One numeric column. A value is `Some(x)` or missing (`None`: an empty
/// cell); what happens to rows with missing values is decided by the design
/// step, which records every excluded row with its reason.
///
/// The values are stored as plain `f64`, a missing one as [`MISSING`] (a NaN
/// of its own bit pattern): 8 bytes a value instead of the 16 of
/// `Option<f64>`, which at a million rows of 13 columns is 104 MB (and its
/// page faults) less. Only that one bit pattern is missing: every other
/// value, a NaN made by arithmetic (`simulate` can write one) included, is
/// present, so the column holds exactly what a `Vec<Option<f64>>` would.
/// Every value a loaded file gives is finite (the loader refuses "nan" and
/// "inf").
#[derive(Clone, Default)]
pub struct Column {
    pub name: String,
    values: Vec<f64>,
}

/// The bits of a missing value: a quiet NaN whose payload no arithmetic
/// produces from non-NaN operands (those give the default NaN,
/// `0x7ff8…0` or `0xfff8…0`), nor does parsing "nan".
const MISSING_BITS: u64 = 0x7ff8_0000_4d49_5353;

/// A missing value as stored in [`Column::raw`]. It is a NaN, so any test for
/// a finite value (`is_finite`) also rejects it.
pub const MISSING: f64 = f64::from_bits(MISSING_BITS);

/// A value as stored: [`MISSING`] for `None`.
#[inline]
pub fn store(v: Option<f64>) -> f64 {
    match v {
        Some(x) => x,
        None => MISSING,
    }
}

/// A stored value: `None` for [`MISSING`].
#[inline]
pub fn load(x: f64) -> Option<f64> {
    if x.to_bits() == MISSING_BITS {
        None
    } else {
        Some(x)
    }
}

impl Column {
    /// A column of the given values.
    pub fn new(name: impl Into<String>, values: impl IntoIterator<Item = Option<f64>>) -> Column {
        Column {
            name: name.into(),
            values: values.into_iter().map(store).collect(),
        }
    }

    /// An empty column with room for `n` values.
    pub fn with_capacity(name: impl Into<String>, n: usize) -> Column {
        Column {
            name: name.into(),
            values: Vec::with_capacity(n),
        }
    }

    /// A column of stored values ([`MISSING`] for a missing one).
    pub fn from_raw(name: impl Into<String>, values: Vec<f64>) -> Column {
        Column {
            name: name.into(),
            values,
        }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The value of row `i`; `None` when missing. Panics when `i` is out of
    /// range, as indexing does.
    #[inline]
    pub fn get(&self, i: usize) -> Option<f64> {
        load(self.values[i])
    }

    /// Whether row `i` is missing. Panics when `i` is out of range.
    #[inline]
    pub fn is_missing(&self, i: usize) -> bool {
        self.values[i].to_bits() == MISSING_BITS
    }

    /// Set the value of row `i`.
    #[inline]
    pub fn set(&mut self, i: usize, v: Option<f64>) {
        self.values[i] = store(v);
    }

    /// Append a value.
    #[inline]
    pub fn push(&mut self, v: Option<f64>) {
        self.values.push(store(v));
    }

    /// The values in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<f64>> + DoubleEndedIterator + '_ {
        self.values.iter().map(|&x| load(x))
    }

    /// The present values in row order.
    pub fn present(&self) -> impl DoubleEndedIterator<Item = f64> + '_ {
        self.iter().flatten()
    }

    /// The values as stored, [`MISSING`] for a missing one: for loops over
    /// many rows that need only finite values (`x.is_finite()` rejects a
    /// missing one too).
    pub fn raw(&self) -> &[f64] {
        &self.values
    }

    /// The values as `Option`s (for tests and small tables).
    pub fn to_vec(&self) -> Vec<Option<f64>> {
        self.iter().collect()
    }
}

/// Equal names and, row by row, equal values as `Option<f64>` compare them
/// (missing equals missing; a present NaN equals nothing).
impl PartialEq for Column {
    fn eq(&self, other: &Column) -> bool {
        self.name == other.name
            && self.len() == other.len()
            && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

/// As a `Vec<Option<f64>>` would print.
impl std::fmt::Debug for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Values<'a>(&'a Column);
        impl std::fmt::Debug for Values<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_list().entries(self.0.iter()).finish()
            }
        }
        f.debug_struct("Column")
            .field("name", &self.name)
            .field("values", &Values(self))
            .finish()
    }
}

/// The area table. All vectors have one entry per row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Where the table came from (file path or `embedded:…`), for messages.
    pub source: String,
    /// Area identifier, kept as text (`"0180"` keeps its leading zero).
    pub id: TextColumn,
    /// Area name.
    pub name: TextColumn,
    /// Group code: county code for municipalities, city for districts.
    pub group: TextColumn,
    /// Group display name (may equal the code when no name is known).
    pub group_name: TextColumn,
    /// Year of the row, when the data has years.
    pub year: Vec<Option<i32>>,
    /// 1-based line of the row in the source file (header is line 1).
    pub line: Vec<u64>,
    /// Numeric columns in file order.
    pub columns: Vec<Column>,
}

impl Table {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// The numeric column with this name, if any (exact match).
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Names of the numeric columns, in file order.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// `"0180 Stockholm"`: how an area is named in messages.
    pub fn area_label(&self, row: usize) -> String {
        if self.name[row].is_empty() || self.name[row] == self.id[row] {
            self.id[row].to_string()
        } else {
            format!("{} {}", &self.id[row], &self.name[row])
        }
    }

    /// Distinct years present, sorted. One pass with a set of the few
    /// distinct years (rows of one year come in runs), not a sort of every row.
    pub fn years(&self) -> Vec<i32> {
        let mut set = std::collections::BTreeSet::new();
        let mut last = None;
        for &y in self.year.iter().flatten() {
            if last != Some(y) {
                set.insert(y);
                last = Some(y);
            }
        }
        set.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// Random values as a `Vec<Option<f64>>` would hold them: missing ones,
    /// ordinary numbers, signed zeros, infinities, and NaNs of every sign and
    /// payload but the one that marks a missing value.
    fn random_values(rng: &mut rand_chacha::ChaCha8Rng, n: usize) -> Vec<Option<f64>> {
        (0..n)
            .map(|_| match rng.random_range(0..8) {
                0 => None,
                1 => Some(if rng.random_bool(0.5) { 0.0 } else { -0.0 }),
                2 => Some(if rng.random_bool(0.5) {
                    f64::INFINITY
                } else {
                    f64::NEG_INFINITY
                }),
                3 => Some(f64::NAN),
                4 => Some(-f64::NAN),
                5 => {
                    let bits = 0x7ff0_0000_0000_0001 | rng.random::<u64>();
                    (bits != MISSING_BITS).then(|| f64::from_bits(bits))
                }
                _ => {
                    let x = f64::from_bits(rng.random::<u64>());
                    Some(if x.is_finite() { x } else { 1.5 })
                }
            })
            .collect()
    }

    #[test]
    fn a_column_gives_back_every_option_bit_for_bit() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(14);
        for n in [0, 1, 7, 1000] {
            let want = random_values(&mut rng, n);
            let bits = |v: &[Option<f64>]| -> Vec<Option<u64>> {
                v.iter().map(|x| x.map(f64::to_bits)).collect()
            };
            let c = Column::new("x", want.clone());
            assert_eq!(c.len(), n);
            assert_eq!(bits(&c.to_vec()), bits(&want));
            for (i, w) in want.iter().enumerate() {
                assert_eq!(c.is_missing(i), w.is_none());
                assert_eq!(c.get(i).map(f64::to_bits), w.map(f64::to_bits));
                // Finite exactly where the option holds a finite value.
                assert_eq!(c.raw()[i].is_finite(), w.is_some_and(f64::is_finite));
            }
            let present: Vec<u64> = c.present().map(f64::to_bits).collect();
            let flat: Vec<u64> = want.iter().flatten().map(|x| x.to_bits()).collect();
            assert_eq!(present, flat);
            // Pushed and set one by one: the same column.
            let mut d = Column::with_capacity("x", n);
            for &w in &want {
                d.push(None);
                d.set(d.len() - 1, w);
            }
            assert_eq!(bits(&d.to_vec()), bits(&want));
            // Compared and printed as the `Vec<Option<f64>>`.
            assert_eq!(c == d, want == want.clone());
            assert_eq!(
                format!("{c:?}"),
                format!("Column {{ name: \"x\", values: {want:?} }}")
            );
        }
    }

    #[test]
    fn columns_compare_as_their_options_do() {
        let c = |v: &[Option<f64>]| Column::new("c", v.iter().copied());
        assert_eq!(c(&[None, Some(1.0)]), c(&[None, Some(1.0)]));
        assert_eq!(c(&[Some(0.0)]), c(&[Some(-0.0)]));
        assert_ne!(c(&[None]), c(&[Some(0.0)]));
        assert_ne!(c(&[Some(f64::NAN)]), c(&[Some(f64::NAN)]));
        assert_ne!(c(&[None]), c(&[Some(f64::NAN)]));
        assert_ne!(c(&[None]), c(&[None, None]));
        assert_ne!(c(&[None]), Column::new("d", [None]));
        // A NaN made by arithmetic is a present value, not a missing one.
        let inf = f64::INFINITY;
        let made = inf - inf;
        assert!(made.is_nan());
        assert_eq!(
            load(store(Some(made))).map(f64::to_bits),
            Some(made.to_bits())
        );
        assert!(MISSING.is_nan());
        assert_eq!(load(MISSING), None);
    }
}
