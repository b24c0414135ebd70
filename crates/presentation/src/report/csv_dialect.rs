//! The CSV files in the dialect Swedish Excel opens on a double-click:
//! semicolon-separated, decimal comma, UTF-8 with a byte-order mark.
//!
//! Excel in a Swedish locale takes the list separator (`;`) and the decimal
//! separator (`,`) from the regional settings when it opens a `.csv` file
//! directly, and reads the file as the ANSI code page unless it starts with a
//! UTF-8 byte-order mark (Microsoft, "Opening CSV UTF-8 files correctly in
//! Excel"). The plain files (comma, decimal point, no BOM) stay the default:
//! they are what R, Python and every other program read.

use ::csv::{ReaderBuilder, Terminator, WriterBuilder};

/// Which CSV dialect the report writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvDialect {
    /// Comma, decimal point, UTF-8 without BOM (the default).
    #[default]
    Plain,
    /// Semicolon, decimal comma, UTF-8 with BOM: Swedish Excel.
    Swedish,
}

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Columns that hold text (codes, names, flags) even when a cell looks like a
/// number: an area id "1.2" stays "1.2".
const TEXT_COLUMNS: [&str; 9] = [
    "id",
    "label",
    "name",
    "group",
    "group_name",
    "flags",
    "notes",
    "reason",
    "coefficient",
];

/// Rewrite a plain CSV (as written by [`super::csv`]) in `dialect`. Plain is
/// returned unchanged; Swedish gets `;` between fields, a decimal comma in
/// every numeric cell of a numeric column, and a BOM in front.
pub fn in_dialect(plain: &str, dialect: CsvDialect) -> Vec<u8> {
    if dialect == CsvDialect::Plain {
        return plain.as_bytes().to_vec();
    }
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(plain.as_bytes());
    let mut w = WriterBuilder::new()
        .delimiter(b';')
        .terminator(Terminator::Any(b'\n'))
        .from_writer(BOM.to_vec());
    let mut text_col: Vec<bool> = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        // The plain file is our own output: a record that does not parse
        // would be a bug in the writer, not bad input.
        let rec = rec.expect("our own CSV parses");
        if i == 0 {
            text_col = rec.iter().map(|h| TEXT_COLUMNS.contains(&h)).collect();
            w.write_record(&rec).expect("write to memory");
            continue;
        }
        let row: Vec<String> = rec
            .iter()
            .enumerate()
            .map(|(j, cell)| {
                let numeric = !text_col.get(j).copied().unwrap_or(false)
                    && !cell.is_empty()
                    && cell.parse::<f64>().is_ok();
                if numeric {
                    cell.replace('.', ",")
                } else {
                    cell.to_string()
                }
            })
            .collect();
        w.write_record(&row).expect("write to memory");
    }
    w.into_inner().expect("flush to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_dialect_by_hand() {
        let plain = "id,name,actual,flags\n1.2,\"Malmö; C\",2555.5708,above_interval;outlier\n0180,Stockholm,-3.5e-7,\n";
        let sv = in_dialect(plain, CsvDialect::Swedish);
        assert_eq!(
            String::from_utf8(sv).unwrap(),
            "\u{feff}id;name;actual;flags\n1.2;\"Malmö; C\";2555,5708;\"above_interval;outlier\"\n0180;Stockholm;-3,5e-7;\n"
        );
        assert_eq!(in_dialect(plain, CsvDialect::Plain), plain.as_bytes());
    }
}
