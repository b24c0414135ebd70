//! The data dictionary: label (Swedish and English), unit, source and definition
//! of each column, read from a `variables.csv` beside the data. Also the
//! embedded default data (`data/kommuner.csv` and `data/variables.csv`, compiled
//! into the binary) so that the tool runs on a fresh clone with no other step.

// `InputError` carries a full location (file, line, column, area) and a hint;
// errors are rare and cold, so its size in `Result` does not matter here.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::path::Path;

use super::lines::LineIndex;
use super::load::{parse_csv, LoadOptions};
use super::Table;
use crate::error::{InputError, Location};
use crate::lang::Lang;

/// Source name of the embedded table, used in messages.
pub const EMBEDDED_TABLE_SOURCE: &str = "embedded:data/kommuner.csv";
/// Source name of the embedded dictionary.
pub const EMBEDDED_DICTIONARY_SOURCE: &str = "embedded:data/variables.csv";

const EMBEDDED_TABLE: &[u8] = include_bytes!("../../../../data/kommuner.csv");
const EMBEDDED_DICTIONARY: &str = include_str!("../../../../data/variables.csv");

/// The header a dictionary file must have, in this order.
pub const DICTIONARY_HEADER: [&str; 6] =
    ["id", "label_sv", "label_en", "unit", "source", "definition"];

/// One column's entry in the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// Column name in the data (e.g. `U31001`).
    pub id: String,
    pub label_sv: String,
    pub label_en: String,
    /// Unit, e.g. `kr/inv`, `%`, `antal`.
    pub unit: String,
    /// Producer, e.g. `Socialstyrelsen via Kolada`.
    pub source: String,
    /// Short definition.
    pub definition: String,
}

/// Labels, units and sources of data columns, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dictionary {
    /// Where the dictionary came from, for messages.
    pub source: String,
    vars: Vec<Variable>,
    index: HashMap<String, usize>,
}

impl Dictionary {
    /// Parse a dictionary (`id,label_sv,label_en,unit,source,definition`).
    pub fn parse(text: &str, source: &str) -> Result<Dictionary, InputError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| {
                InputError::new(
                    Location::file(source).line(1),
                    format!("cannot read CSV: {e}"),
                )
            })?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        if header != DICTIONARY_HEADER {
            return Err(InputError::new(
                Location::file(source).line(1),
                format!("the dictionary header is '{}'", header.join(",")),
            )
            .hint(format!(
                "a dictionary has the columns {}",
                DICTIONARY_HEADER.join(",")
            )));
        }
        let mut dict = Dictionary {
            source: source.to_string(),
            ..Default::default()
        };
        let index = LineIndex::new(text.as_bytes());
        let mut lines: Vec<u64> = Vec::new();
        for rec in reader.records() {
            let rec = rec.map_err(|e| {
                let mut loc = Location::file(source);
                loc.line = e.position().map(|p| index.line_of_record(p.byte()));
                InputError::new(loc, format!("cannot read CSV: {e}")).hint(
                    "every row needs the six dictionary columns; quote cells that contain commas",
                )
            })?;
            let line = index.line_of(&rec);
            let f = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
            let id = f(0);
            if id.is_empty() {
                return Err(InputError::new(
                    Location::file(source).line(line).column("id"),
                    "the variable id is empty",
                )
                .hint("give every row the column name it describes"));
            }
            if let Some(&prev) = dict.index.get(&id) {
                return Err(InputError::new(
                    Location::file(source).line(line).column("id"),
                    format!(
                        "variable '{id}' is described twice: lines {} and {line}",
                        lines[prev]
                    ),
                )
                .hint("keep one row per variable"));
            }
            dict.index.insert(id.clone(), dict.vars.len());
            lines.push(line);
            dict.vars.push(Variable {
                id,
                label_sv: f(1),
                label_en: f(2),
                unit: f(3),
                source: f(4),
                definition: f(5),
            });
        }
        Ok(dict)
    }

    /// Read a dictionary file.
    pub fn load(path: &Path) -> Result<Dictionary, InputError> {
        let source = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            InputError::new(Location::file(&source), format!("cannot read the dictionary: {e}"))
                .hint("a dictionary is a UTF-8 CSV with columns id,label_sv,label_en,unit,source,definition")
        })?;
        Dictionary::parse(&text, &source)
    }

    /// The dictionary for a data file: `variables.csv` in the same folder if it
    /// exists, else an empty dictionary (columns are then labelled by name).
    pub fn beside(data_file: &Path) -> Result<Dictionary, InputError> {
        let dir = data_file.parent().unwrap_or(Path::new("."));
        let p = dir.join("variables.csv");
        if p.is_file() {
            Dictionary::load(&p)
        } else {
            Ok(Dictionary::default())
        }
    }

    /// The entry for a column, if described.
    pub fn get(&self, id: &str) -> Option<&Variable> {
        self.index.get(id).map(|&i| &self.vars[i])
    }

    /// The label of a column in the given language; falls back to the other
    /// language's label, then to the id itself, so a caller always has text.
    pub fn label<'a>(&'a self, id: &'a str, lang: Lang) -> &'a str {
        match self.get(id) {
            Some(v) => {
                let (first, second) = match lang {
                    Lang::Sv => (&v.label_sv, &v.label_en),
                    Lang::En => (&v.label_en, &v.label_sv),
                };
                if !first.is_empty() {
                    first
                } else if !second.is_empty() {
                    second
                } else {
                    id
                }
            }
            None => id,
        }
    }

    /// The unit of a column, if described and not empty.
    pub fn unit(&self, id: &str) -> Option<&str> {
        self.get(id)
            .map(|v| v.unit.as_str())
            .filter(|u| !u.is_empty())
    }

    /// All entries, in file order.
    pub fn variables(&self) -> &[Variable] {
        &self.vars
    }

    pub fn len(&self) -> usize {
        self.vars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }
}

/// The dictionary compiled into the binary (`data/variables.csv`).
pub fn embedded_dictionary() -> Dictionary {
    // The embedded file is checked by a test; a failure here is a build defect,
    // not bad user input.
    Dictionary::parse(EMBEDDED_DICTIONARY, EMBEDDED_DICTIONARY_SOURCE)
        .expect("embedded data/variables.csv is valid (checked by tests)")
}

/// The municipality table compiled into the binary (`data/kommuner.csv`): all
/// 290 municipalities, 2010–2022, Kolada KPI columns.
pub fn embedded_table() -> Table {
    parse_csv(
        EMBEDDED_TABLE,
        EMBEDDED_TABLE_SOURCE,
        &LoadOptions::default(),
    )
    .expect("embedded data/kommuner.csv is valid (checked by tests)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_looks_up() {
        let d = Dictionary::parse(
            "id,label_sv,label_en,unit,source,definition\nU31001,Utbetalt bistånd,Paid assistance,kr/inv,Socialstyrelsen,\"Paid, per inhabitant\"\nX,,,,,\n",
            "v.csv",
        )
        .unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d.label("U31001", Lang::Sv), "Utbetalt bistånd");
        assert_eq!(d.label("U31001", Lang::En), "Paid assistance");
        assert_eq!(d.unit("U31001"), Some("kr/inv"));
        assert_eq!(d.get("U31001").unwrap().definition, "Paid, per inhabitant");
        assert_eq!(d.label("X", Lang::En), "X");
        assert_eq!(d.unit("X"), None);
        assert_eq!(d.label("nope", Lang::Sv), "nope");
        assert!(d.get("nope").is_none());
    }

    #[test]
    fn errors_are_located() {
        let e = Dictionary::parse("id,label\nA,b\n", "v.csv").unwrap_err();
        assert!(e.to_string().starts_with("v.csv:1"), "{e}");
        let e = Dictionary::parse(
            "id,label_sv,label_en,unit,source,definition\r\nA,,,,,\r\nA,,,,,\r\n",
            "v.csv",
        )
        .unwrap_err();
        assert_eq!(e.location.line, Some(3));
        assert!(
            e.to_string()
                .contains("'A' is described twice: lines 2 and 3"),
            "{e}"
        );
    }

    #[test]
    fn embedded_data_loads_and_every_column_is_described() {
        let t = embedded_table();
        let d = embedded_dictionary();
        assert_eq!(t.source, EMBEDDED_TABLE_SOURCE);
        assert!(!t.is_empty());
        for c in &t.columns {
            let v = d
                .get(&c.name)
                .unwrap_or_else(|| panic!("{} not in dictionary", c.name));
            assert!(
                !v.label_sv.is_empty() && !v.label_en.is_empty(),
                "{}",
                c.name
            );
            assert!(!v.unit.is_empty() && !v.source.is_empty(), "{}", c.name);
            assert!(!v.definition.is_empty(), "{}", c.name);
        }
        for v in d.variables() {
            assert!(
                t.column(&v.id).is_some(),
                "{} described but not in the data",
                v.id
            );
        }
    }
}
