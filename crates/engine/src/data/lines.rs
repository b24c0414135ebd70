//! Line numbers of CSV records. The csv crate counts a record's line at the
//! moment the previous record ended, which for CRLF files (Excel exports, the
//! Kolada DDF dump) is before the `\n` of the terminator: every data row would
//! be reported one line too early. This index maps a record's byte offset to
//! its 1-based line instead, so messages point at the right line whatever the
//! line endings.

/// Byte offsets of every `\n` in a text, for offset → line lookups.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a [u8],
    newlines: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a [u8]) -> Self {
        let newlines = text
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        LineIndex { text, newlines }
    }

    /// The 1-based line on which a record that the csv reader placed at byte
    /// `offset` really starts: line-end bytes before its first field (the rest
    /// of the previous terminator, skipped blank lines) are stepped over.
    pub fn line_of_record(&self, offset: u64) -> u64 {
        let mut at = (offset as usize).min(self.text.len());
        while at < self.text.len() && matches!(self.text[at], b'\r' | b'\n') {
            at += 1;
        }
        // Lines before `at` = newlines strictly before it.
        1 + self.newlines.partition_point(|&p| p < at) as u64
    }

    /// The line of a csv record, from its position.
    pub fn line_of(&self, record: &csv::StringRecord) -> u64 {
        match record.position() {
            Some(p) => self.line_of_record(p.byte()),
            None => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<u64> {
        let idx = LineIndex::new(text.as_bytes());
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        r.records().map(|rec| idx.line_of(&rec.unwrap())).collect()
    }

    #[test]
    fn lf_crlf_blank_lines_and_quoted_newlines() {
        assert_eq!(lines("a,b\n1,2\n3,4\n"), [1, 2, 3]);
        assert_eq!(lines("a,b\r\n1,2\r\n3,4\r\n"), [1, 2, 3]);
        assert_eq!(lines("a,b\r\n\r\n1,2\r\n3,4"), [1, 3, 4]);
        assert_eq!(lines("a,b\n1,\"x\ny\"\n3,4\n"), [1, 2, 4]);
        assert_eq!(lines("a,b\r\n1,\"x\r\ny\"\r\n3,4\r\n"), [1, 2, 4]);
    }
}
