//! The area table: one row per area (district or municipality) and year, with
//! text identifiers and numeric columns. Loading, import and validation live in
//! submodules; everything downstream sees only [`Table`].

pub mod dictionary;
pub mod kolada;
pub mod lines;
pub mod load;
pub mod text;

pub use text::TextColumn;

/// One numeric column. `None` is a missing value (empty cell); what happens to
/// rows with missing values is decided by the design step, which records every
/// excluded row with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub values: Vec<Option<f64>>,
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
