//! A column of short texts (area ids, names, groups) held compactly: one
//! byte buffer and a (start, end) span per row. A million rows cost a few
//! allocations instead of a million, and a value repeated in consecutive rows
//! (a group: county or city) is stored once, its rows sharing one span.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Index;

/// One text per row, indexed like a `Vec<String>` (`col[r]` is a `&str`).
///
/// Equality compares the texts row by row, not how they are stored.
#[derive(Clone, Default)]
pub struct TextColumn {
    /// Every stored text, concatenated.
    buf: String,
    /// Row `r`'s text is `buf[spans[r].0 as usize..spans[r].1 as usize]`.
    spans: Vec<(u32, u32)>,
}

/// Most bytes a column can hold: its spans are 32-bit. The loader refuses
/// larger files before any column could reach it.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

impl TextColumn {
    /// An empty column.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty column with room for `rows` rows and `bytes` bytes of text.
    pub fn with_capacity(rows: usize, bytes: usize) -> Self {
        TextColumn {
            buf: String::with_capacity(bytes),
            spans: Vec::with_capacity(rows),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Row `r`'s text, if there is such a row.
    pub fn get(&self, r: usize) -> Option<&str> {
        self.spans.get(r).map(|&(a, b)| self.text(a, b))
    }

    fn text(&self, a: u32, b: u32) -> &str {
        // Spans always lie on char boundaries of `buf` (set only by `push`,
        // `append` and clones of them).
        &self.buf[a as usize..b as usize]
    }

    /// The texts in row order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            col: self,
            spans: self.spans.iter(),
        }
    }

    /// Append a row.
    ///
    /// # Panics
    /// When the column's text would exceed [`MAX_TEXT_BYTES`] (4 GiB).
    pub fn push(&mut self, s: &str) {
        let a = self.buf.len();
        let b = a + s.len();
        assert!(
            b <= MAX_TEXT_BYTES,
            "a text column holds at most 4 GiB of text"
        );
        self.buf.push_str(s);
        self.spans.push((a as u32, b as u32));
    }

    /// Append a row, sharing the previous row's storage when the text is the
    /// same (groups come in runs of rows).
    pub fn push_shared(&mut self, s: &str) {
        if let Some(&(a, b)) = self.spans.last() {
            if self.text(a, b) == s {
                self.spans.push((a, b));
                return;
            }
        }
        self.push(s);
    }

    /// Append every row of `other`, in order, keeping its shared storage.
    ///
    /// # Panics
    /// When the column's text would exceed [`MAX_TEXT_BYTES`] (4 GiB).
    pub fn append(&mut self, other: &TextColumn) {
        let base = self.buf.len();
        assert!(
            base + other.buf.len() <= MAX_TEXT_BYTES,
            "a text column holds at most 4 GiB of text"
        );
        let base = base as u32;
        self.buf.push_str(&other.buf);
        self.spans
            .extend(other.spans.iter().map(|&(a, b)| (a + base, b + base)));
    }

    /// The rows `rows` (in that order) as a new column; consecutive equal
    /// texts share storage.
    pub fn select<I: IntoIterator<Item = usize>>(&self, rows: I) -> TextColumn {
        let mut out = TextColumn::new();
        for r in rows {
            out.push_shared(&self[r]);
        }
        out
    }

    /// Whether some row's text is `s`.
    pub fn contains(&self, s: &str) -> bool {
        self.iter().any(|t| t == s)
    }

    /// The texts as owned strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }

    /// Drop every row from `n` on.
    pub fn truncate(&mut self, n: usize) {
        self.spans.truncate(n);
        let end = self.spans.iter().map(|&(_, b)| b).max().unwrap_or(0);
        self.buf.truncate(end as usize);
    }

    /// Release spare capacity.
    /// The columns' rows one after the other, in one allocation of exactly
    /// their size (appending to the first would grow it by doubling, each
    /// step a copy into fresh memory).
    ///
    /// # Panics
    /// When the text would exceed [`MAX_TEXT_BYTES`] (4 GiB).
    pub fn concat<'a, I>(parts: I) -> TextColumn
    where
        I: IntoIterator<Item = &'a TextColumn>,
        I::IntoIter: Clone,
    {
        let parts = parts.into_iter();
        let (rows, bytes) = parts
            .clone()
            .fold((0, 0), |(r, b), c| (r + c.spans.len(), b + c.buf.len()));
        let mut out = TextColumn::with_capacity(rows, bytes);
        for part in parts {
            out.append(part);
        }
        out
    }

    pub fn shrink_to_fit(&mut self) {
        self.buf.shrink_to_fit();
        self.spans.shrink_to_fit();
    }
}

impl Index<usize> for TextColumn {
    type Output = str;

    fn index(&self, r: usize) -> &str {
        let (a, b) = self.spans[r];
        self.text(a, b)
    }
}

/// The texts of a [`TextColumn`], in row order.
#[derive(Clone)]
pub struct Iter<'a> {
    col: &'a TextColumn,
    spans: std::slice::Iter<'a, (u32, u32)>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        self.spans.next().map(|&(a, b)| self.col.text(a, b))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.spans.size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<&'a str> {
        self.spans.nth(n).map(|&(a, b)| self.col.text(a, b))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.spans.next_back().map(|&(a, b)| self.col.text(a, b))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a TextColumn {
    type Item = &'a str;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<S: AsRef<str>> FromIterator<S> for TextColumn {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut out = TextColumn::with_capacity(iter.size_hint().0, 0);
        for s in iter {
            out.push(s.as_ref());
        }
        out
    }
}

impl<S: AsRef<str>> Extend<S> for TextColumn {
    fn extend<I: IntoIterator<Item = S>>(&mut self, iter: I) {
        for s in iter {
            self.push(s.as_ref());
        }
    }
}

impl From<Vec<String>> for TextColumn {
    fn from(v: Vec<String>) -> Self {
        v.iter().collect()
    }
}

impl From<Vec<&str>> for TextColumn {
    fn from(v: Vec<&str>) -> Self {
        v.into_iter().collect()
    }
}

impl From<&[String]> for TextColumn {
    fn from(v: &[String]) -> Self {
        v.iter().collect()
    }
}

impl From<&[&str]> for TextColumn {
    fn from(v: &[&str]) -> Self {
        v.iter().collect()
    }
}

impl PartialEq for TextColumn {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for TextColumn {}

impl<S: AsRef<str>> PartialEq<Vec<S>> for TextColumn {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter().map(AsRef::as_ref))
    }
}

impl<S: AsRef<str>> PartialEq<[S]> for TextColumn {
    fn eq(&self, other: &[S]) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter().map(AsRef::as_ref))
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for TextColumn {
    fn eq(&self, other: &[S; N]) -> bool {
        self == &other[..]
    }
}

/// Hashes as the `Vec<String>` of its texts would (length, then each text),
/// so digests of tables stay what they were.
impl Hash for TextColumn {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        for s in self.iter() {
            s.hash(state);
        }
    }
}

impl fmt::Debug for TextColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_empty_and_swedish_texts() {
        let texts = vec![
            "0180".to_string(),
            String::new(),
            "Malmö".to_string(),
            "Åre".to_string(),
            String::new(),
            "Västra Götalands län".to_string(),
            "Ängelholm".to_string(),
        ];
        let col = TextColumn::from(texts.clone());
        assert_eq!(col.len(), texts.len());
        for (r, t) in texts.iter().enumerate() {
            assert_eq!(&col[r], t.as_str());
            assert_eq!(col.get(r), Some(t.as_str()));
        }
        assert_eq!(col.get(texts.len()), None);
        assert_eq!(col.to_vec(), texts);
        assert_eq!(col, texts);
        assert_eq!(col.iter().next_back(), Some("Ängelholm"));
        assert!(col.contains("Åre"));
        assert!(!col.contains("Are"));
        assert_eq!(format!("{col:?}"), format!("{texts:?}"));
    }

    #[test]
    fn many_rows_shared_and_appended() {
        let n = 200_000;
        let text = |r: usize| format!("område {r} å{}", "ä".repeat(r % 7));
        let group = |r: usize| ["Göteborg", "", "Malmö"][(r / 1000) % 3];
        let mut ids = TextColumn::new();
        let mut groups = TextColumn::new();
        for r in 0..n {
            ids.push(&text(r));
            groups.push_shared(group(r));
        }
        assert_eq!(ids.len(), n);
        assert_eq!(groups.len(), n);
        for r in (0..n).step_by(997).chain([n - 1]) {
            assert_eq!(ids[r], text(r));
            assert_eq!(&groups[r], group(r));
        }
        // Runs of equal groups are stored once each.
        assert!(groups.buf.len() < 9 * (n / 1000));
        // Appending keeps every row and its text.
        let (head, tail) = (ids.select(0..n / 2), ids.select(n / 2..n));
        let mut joined = head.clone();
        joined.append(&tail);
        assert_eq!(joined, ids);
        let mut gj = groups.select(0..1234);
        gj.append(&groups.select(1234..n));
        assert_eq!(gj, groups);
        assert!(ids.iter().enumerate().all(|(r, t)| t == text(r)));
    }

    #[test]
    fn equality_ignores_storage() {
        let mut shared = TextColumn::new();
        let mut plain = TextColumn::new();
        for t in ["a", "a", "", "", "ö"] {
            shared.push_shared(t);
            plain.push(t);
        }
        assert_eq!(shared, plain);
        plain.push("x");
        assert_ne!(shared, plain);
        plain.truncate(5);
        assert_eq!(shared, plain);
        assert_eq!(plain.buf, "aaö");
        assert_ne!(shared, TextColumn::from(vec!["a", "a", "", "", "o"]));
    }
}
