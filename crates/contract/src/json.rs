//! Writing `results.json` fast: the per-area rows, which are nearly all of
//! the file (about 1.4 kB each, a gigabyte at a million areas), are written
//! by hand straight into byte buffers, chunk by chunk (in parallel when the
//! caller lends a parallel loop, while the previous chunks are written), and
//! the rest of the result through serde_json. The bytes are exactly those of
//! `serde_json::to_writer_pretty` on the whole result: numbers through
//! serde_json's own formatter (shortest round-trip digits; NaN and ±∞ as
//! `null`, as serde_json writes them), strings through serde_json's escaping
//! wherever a byte needs it, and the pretty layout (two-space indent, `"key":
//! value`, `[]` for an empty array). A test compares the two on awkward
//! values, and the golden tests compare whole files.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};
use std::sync::{mpsc, Mutex};

use crate::results::{AreaRow, ModelResult};

/// Areas formatted per buffer (about 1.4 kB each): large enough that a
/// task's overhead is nothing beside its work, small enough that the
/// buffers in flight stay a few megabytes and in cache when written.
const CHUNK: usize = 512;

/// Buffers (of [`CHUNK`] rows each) formatted at once and then written
/// while the next batch is formatted.
const BATCH: usize = 4;

/// Bytes per write call of the parallel writer. Writing a 146 MB file into
/// the page cache (ext4) took 52–57 ms of system time in 64 kB writes,
/// 40–44 ms in 256 kB and 1 MB ones; for 1.46 GB, 256 kB writes took
/// 490–670 ms, 64 kB ones 590–690 ms and 1 MB ones 930 ms.
const PIECE: usize = 1 << 18;

/// A parallel loop lent by the caller: runs `body(i)` for every `i` in
/// `0..count`, in any order, on any threads (the engine passes one on its
/// thread pool; the contract itself starts no pool). The bytes written do
/// not depend on it.
pub type ParFor<'a> = &'a (dyn Fn(usize, &(dyn Fn(usize) + Sync)) + Sync);

/// serde_json's pretty layout (two-space indent) starting `level` levels in:
/// inside the result object every line of a field's value but the first is
/// that much further in. The methods are serde_json's `PrettyFormatter`'s,
/// but a line break and its indent go out in one write (serde_json writes
/// the indent a level at a time), which matters for the cross-city views:
/// tens of megabytes of small values in a large panel.
struct Nested {
    level: usize,
    has_value: bool,
}

/// A comma, a line break and the indent of the deepest level written in
/// one piece; deeper levels (never in a result) are written in parts.
const BREAK: &[u8; 2 + 2 * 32] =
    b",\n                                                                ";

impl Nested {
    #[inline]
    fn line<W: Write + ?Sized>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        let from = usize::from(!comma);
        let width = 2 * self.level;
        if width <= BREAK.len() - 2 {
            return w.write_all(&BREAK[from..2 + width]);
        }
        w.write_all(&BREAK[from..])?;
        for _ in 0..(width - (BREAK.len() - 2)) / 2 {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Nested {
    /// An array or object opens: one level in, nothing in it yet.
    #[inline]
    fn open<W: Write + ?Sized>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// It closes on a line of its own unless it is empty (`[]`, `{}`).
    #[inline]
    fn close<W: Write + ?Sized>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Nested {
    #[inline]
    fn begin_array<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    #[inline]
    fn end_array<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    #[inline]
    fn begin_array_value<W: Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    #[inline]
    fn end_array_value<W: Write + ?Sized>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    #[inline]
    fn begin_object<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    #[inline]
    fn end_object<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    #[inline]
    fn begin_object_key<W: Write + ?Sized>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }

    #[inline]
    fn begin_object_value<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    #[inline]
    fn end_object_value<W: Write + ?Sized>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Write `value` pretty-printed, one level in, through a buffer of its own
/// (serde_json writes a few bytes at a time; the result's writer may be a
/// `dyn Write`).
fn nested<W: Write + ?Sized, T: Serialize + ?Sized>(w: &mut W, value: &T) -> io::Result<()> {
    let mut buf = io::BufWriter::with_capacity(1 << 16, w);
    let fmt = Nested {
        level: 1,
        has_value: false,
    };
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    value.serialize(&mut ser).map_err(io::Error::from)?;
    // Into the result's writer, which is not flushed (the caller's).
    buf.into_inner()
        .map(drop)
        .map_err(io::IntoInnerError::into_error)
}

/// Write the whole result as serde_json's pretty printer does, with a
/// trailing newline.
pub(crate) fn write_result<W: Write + ?Sized>(
    r: &ModelResult,
    w: &mut W,
    par: Option<ParFor>,
) -> io::Result<()> {
    let mut first = true;
    let mut field = |w: &mut W, key: &str| -> io::Result<()> {
        w.write_all(if first { b"{\n  " } else { b",\n  " })?;
        first = false;
        let mut b = Vec::with_capacity(key.len() + 4);
        string(&mut b, key);
        b.extend_from_slice(b": ");
        w.write_all(&b)
    };
    field(w, "model")?;
    nested(w, &r.model)?;
    field(w, "year")?;
    nested(w, &r.year)?;
    field(w, "fit")?;
    nested(w, &r.fit)?;
    field(w, "coefficients")?;
    nested(w, &r.coefficients)?;
    field(w, "areas")?;
    match par {
        Some(par) if r.areas.len() > CHUNK => areas_parallel(w, &r.areas, par)?,
        _ => areas(w, &r.areas)?,
    }
    field(w, "excluded")?;
    nested(w, &r.excluded)?;
    field(w, "conventions")?;
    nested(w, &r.conventions)?;
    field(w, "generator")?;
    nested(w, &r.generator)?;
    if let Some(v) = &r.reference_comparison {
        field(w, "reference_comparison")?;
        nested(w, v)?;
    }
    if let Some(v) = &r.cross_city {
        field(w, "cross_city")?;
        nested(w, v)?;
    }
    if let Some(v) = &r.uncertainty {
        field(w, "uncertainty")?;
        nested(w, v)?;
    }
    if let Some(v) = &r.cv {
        field(w, "cv")?;
        nested(w, v)?;
    }
    if let Some(v) = &r.model_comparison {
        field(w, "model_comparison")?;
        nested(w, v)?;
    }
    if !r.nonpositive_modelled.is_empty() {
        field(w, "nonpositive_modelled")?;
        nested(w, &r.nonpositive_modelled)?;
    }
    w.write_all(b"\n}\n")
}

/// Rows `first..` of one chunk into `b` (emptied first), each after its
/// separator: the first row of the array opens it, the others follow a comma.
fn format_chunk(b: &mut Vec<u8>, rows: &[AreaRow], first: usize) {
    b.clear();
    for (k, a) in rows.iter().enumerate() {
        let sep: &[u8] = if first + k == 0 {
            b"\n    "
        } else {
            b",\n    "
        };
        b.extend_from_slice(sep);
        area(b, a);
    }
}

/// The `areas` array, one level in, one chunk at a time through one reused
/// buffer.
fn areas<W: Write + ?Sized>(w: &mut W, rows: &[AreaRow]) -> io::Result<()> {
    if rows.is_empty() {
        return w.write_all(b"[]");
    }
    w.write_all(b"[")?;
    let mut b = Vec::new();
    for (c, chunk) in rows.chunks(CHUNK).enumerate() {
        format_chunk(&mut b, chunk, c * CHUNK);
        w.write_all(&b)?;
    }
    w.write_all(b"\n  ]")
}

/// The `areas` array as [`areas`] writes it, with the chunks of a batch
/// formatted by the caller's parallel loop on a second thread while this
/// one writes the batch before (two batches of buffers, reused). Each row's
/// bytes depend on the row alone, so the file is the same for any number of
/// threads.
fn areas_parallel<W: Write + ?Sized>(w: &mut W, rows: &[AreaRow], par: ParFor) -> io::Result<()> {
    type Batch = Vec<Mutex<Vec<u8>>>;
    w.write_all(b"[")?;
    let step = CHUNK * BATCH;
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(1);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
    for _ in 0..2 {
        let batch = (0..BATCH).map(|_| Mutex::new(Vec::new())).collect();
        empty_tx.send(batch).expect("the receiver is alive");
    }
    // `move`: the writer's channel ends are dropped when it returns, early
    // on an error too, so the formatter stops instead of waiting for them.
    let out = &mut *w;
    std::thread::scope(move |s| {
        s.spawn(move || {
            for first in (0..rows.len()).step_by(step) {
                // The writer hangs up on an error: stop.
                let Ok(batch) = empty_rx.recv() else { return };
                let part = &rows[first..rows.len().min(first + step)];
                let body = |c: usize| {
                    let mut b = batch[c].lock().unwrap_or_else(|e| e.into_inner());
                    match part.chunks(CHUNK).nth(c) {
                        Some(chunk) => format_chunk(&mut b, chunk, first + c * CHUNK),
                        None => b.clear(),
                    }
                };
                par(BATCH, &body);
                if full_tx.send(batch).is_err() {
                    return;
                }
            }
        });
        // Receiving ends when the formatter is done (or gone); an error
        // drops both channel ends here, which stops it.
        for batch in full_rx.iter() {
            for b in &batch {
                let b = b.lock().unwrap_or_else(|e| e.into_inner());
                // In pieces of [`PIECE`] bytes: whole buffers (about
                // 750 kB) cost the kernel more per byte for a gigabyte file.
                for piece in b.chunks(PIECE) {
                    out.write_all(piece)?;
                }
            }
            // The formatter may have finished: then nobody takes it back.
            let _ = empty_tx.send(batch);
        }
        Ok::<(), io::Error>(())
    })?;
    w.write_all(b"\n  ]")
}

/// One area row as an object at depth 2 (its fields at six spaces), in the
/// order of the struct's fields, the optional GLM fields left out when
/// `None` as `skip_serializing_if` does: through [`area_plain`] when no
/// string of the row needs an escape (every row of real data), else field by
/// field through [`area_escaped`]. The bytes are the same either way.
pub(crate) fn area(b: &mut Vec<u8>, a: &AreaRow) {
    if plain_row(a) {
        area_plain(b, a);
    } else {
        area_escaped(b, a);
    }
}

/// Whether no string of the row needs an escape in JSON.
fn plain_row(a: &AreaRow) -> bool {
    plain(&a.id)
        && plain(&a.name)
        && plain(&a.group)
        && plain(&a.group_name)
        && a.notes.iter().all(|s| plain(s))
}

/// Whether `s` goes between quotes as is (serde_json escapes only `"`, `\`
/// and control characters below 0x20).
#[inline]
fn plain(s: &str) -> bool {
    s.bytes().all(|c| c >= 0x20 && c != b'"' && c != b'\\')
}

/// Bytes of an area row beside its numbers, strings and array elements: the
/// keys, separators, braces and the `null`s of absent values (about 800; a
/// test holds the bound).
const ROW_FIXED_MAX: usize = 1024;

/// Most bytes one number takes: serde_json's shortest digits of an `f64`
/// (at most 24, e.g. `-2.2250738585072014e-308`), an `i32` (11) or a `u64`
/// (20).
const NUMBER_MAX: usize = 32;

/// `f64` fields of an area row, the optional GLM fields included.
const ROW_NUMBERS: usize = 25;

/// An upper bound of the bytes [`area_plain`] writes for `a`.
fn row_bound(a: &AreaRow) -> usize {
    ROW_FIXED_MAX
        + NUMBER_MAX * (ROW_NUMBERS + 2)
        + (NUMBER_MAX + 16) * a.dfbetas.len()
        + 32 * a.flags.len()
        + a.notes.iter().map(|s| s.len() + 16).sum::<usize>()
        + a.id.len()
        + a.name.len()
        + a.group.len()
        + a.group_name.len()
}

/// A write position in a vector's reserved capacity: every write is a copy
/// of known bytes, without a capacity check or a call per piece (the
/// formatting of the area rows is most of `fit --json`'s work).
struct Cursor(*mut u8);

impl Cursor {
    /// Copy `s` (a constant piece inlines to a few moves).
    ///
    /// # Safety
    /// `s.len()` bytes from the position must be reserved.
    #[inline(always)]
    unsafe fn put(&mut self, s: &[u8]) {
        // SAFETY: the caller reserved the bytes; `s` cannot overlap the
        // vector's spare capacity.
        unsafe {
            std::ptr::copy_nonoverlapping(s.as_ptr(), self.0, s.len());
            self.0 = self.0.add(s.len());
        }
    }

    /// Copy a piece of at most 32 bytes (a number's digits) by two
    /// overlapping fixed-size copies instead of a call to `memcpy`.
    ///
    /// # Safety
    /// `s.len()` bytes from the position must be reserved.
    #[inline(always)]
    unsafe fn put_short(&mut self, s: &[u8]) {
        let (n, src, dst) = (s.len(), s.as_ptr(), self.0);
        // SAFETY: each copy reads inside `s` and writes inside the `n`
        // reserved bytes (the two copies overlap when `n` is below twice
        // their size).
        unsafe {
            match n {
                16..=32 => {
                    std::ptr::copy_nonoverlapping(src, dst, 16);
                    std::ptr::copy_nonoverlapping(src.add(n - 16), dst.add(n - 16), 16);
                }
                8..=15 => {
                    std::ptr::copy_nonoverlapping(src, dst, 8);
                    std::ptr::copy_nonoverlapping(src.add(n - 8), dst.add(n - 8), 8);
                }
                4..=7 => {
                    std::ptr::copy_nonoverlapping(src, dst, 4);
                    std::ptr::copy_nonoverlapping(src.add(n - 4), dst.add(n - 4), 4);
                }
                _ => std::ptr::copy_nonoverlapping(src, dst, n),
            }
            self.0 = dst.add(n);
        }
    }

    /// What `write` formats (at most [`NUMBER_MAX`] bytes: one number),
    /// written straight to the position through [`Digits`]: serde_json's
    /// formatters hand over their own buffer's digits in one `write_all`,
    /// which then is two fixed-size copies instead of a copy into a buffer
    /// on the stack (a `memcpy` call) and a second copy from there.
    ///
    /// # Safety
    /// [`NUMBER_MAX`] bytes from the position must be reserved.
    #[inline(always)]
    unsafe fn formatted(&mut self, write: impl FnOnce(&mut Digits<'_>) -> std::io::Result<()>) {
        let mut digits = Digits {
            cursor: self,
            room: NUMBER_MAX,
        };
        write(&mut digits).expect("a number fits its reserved bytes");
    }

    /// A number as serde_json writes an `f64` (its own formatter), `null`
    /// when not finite.
    ///
    /// # Safety
    /// [`NUMBER_MAX`] bytes from the position must be reserved.
    #[inline(always)]
    unsafe fn number(&mut self, v: f64) {
        // SAFETY: at most 24 digits or 4 bytes of `null`, reserved by the caller.
        unsafe {
            if v.is_finite() {
                self.formatted(|w| CompactFormatter.write_f64(w, v));
            } else {
                self.put(b"null");
            }
        }
    }

    /// # Safety
    /// [`NUMBER_MAX`] bytes from the position must be reserved.
    #[inline(always)]
    unsafe fn opt(&mut self, v: Option<f64>) {
        // SAFETY: as for `number`.
        unsafe {
            match v {
                Some(v) => self.number(v),
                None => self.put(b"null"),
            }
        }
    }

    /// A string that needs no escape ([`plain`]), between quotes.
    ///
    /// # Safety
    /// `s.len() + 2` bytes from the position must be reserved.
    #[inline(always)]
    unsafe fn string(&mut self, s: &str) {
        // SAFETY: reserved by the caller.
        unsafe {
            self.put(b"\"");
            self.put(s.as_bytes());
            self.put(b"\"");
        }
    }

    /// An integer as serde_json writes it, `null` for `None`.
    ///
    /// # Safety
    /// [`NUMBER_MAX`] bytes from the position must be reserved.
    #[inline(always)]
    unsafe fn integer(&mut self, v: Option<i64>) {
        // SAFETY: at most 20 digits and a sign, reserved by the caller.
        unsafe {
            match v {
                Some(v) => self.formatted(|w| CompactFormatter.write_i64(w, v)),
                None => self.put(b"null"),
            }
        }
    }

    /// A list as serde_json's pretty printer writes it inside an area row
    /// (`[]` when empty, else one item per line), each item by `item`.
    ///
    /// # Safety
    /// The list's bytes from the position must be reserved.
    #[inline(always)]
    unsafe fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        // SAFETY: reserved by the caller.
        unsafe {
            if items.is_empty() {
                self.put(b"[]");
                return;
            }
            self.put(b"[");
            for (i, x) in items.iter().enumerate() {
                self.put(if i == 0 {
                    b"\n        "
                } else {
                    b",\n        "
                });
                item(self, x);
            }
            self.put(b"\n      ]");
        }
    }

    /// # Safety
    /// [`NUMBER_MAX`] bytes from the position must be reserved.
    #[inline(always)]
    unsafe fn unsigned(&mut self, v: Option<u64>) {
        // SAFETY: at most 20 digits, reserved by the caller.
        unsafe {
            match v {
                Some(v) => self.formatted(|w| CompactFormatter.write_u64(w, v)),
                None => self.put(b"null"),
            }
        }
    }
}

/// The writer a number's formatter writes into: the [`Cursor`]'s position,
/// at most `room` bytes in all (more is an error, never a write past them).
struct Digits<'c> {
    cursor: &'c mut Cursor,
    room: usize,
}

impl Write for Digits<'_> {
    #[inline(always)]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    #[inline(always)]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if buf.len() > self.room {
            return Err(io::ErrorKind::WriteZero.into());
        }
        self.room -= buf.len();
        // SAFETY: the bytes are within the `room` reserved past the
        // position ([`Cursor::formatted`]: NUMBER_MAX ≤ 32, as `put_short`
        // needs).
        unsafe { self.cursor.put_short(buf) };
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// [`area`] for a row whose strings need no escape ([`plain_row`]): the
/// same bytes as [`area_escaped`], written through a [`Cursor`] into space
/// reserved once for the row ([`row_bound`]).
fn area_plain(b: &mut Vec<u8>, a: &AreaRow) {
    debug_assert!(plain_row(a));
    let bound = row_bound(a);
    b.reserve(bound);
    let len = b.len();
    // SAFETY: `bound` bytes are reserved past `len`, and the writes below
    // take at most that: the fixed bytes (at most ROW_FIXED_MAX, held by a
    // test), at most NUMBER_MAX per number, and the strings' own lengths
    // with their quotes and separators, all counted in `row_bound`. The
    // written bytes are initialised before the length covers them.
    unsafe {
        let start = b.as_mut_ptr().add(len);
        let mut c = Cursor(start);
        macro_rules! key {
            ($k:literal) => {
                c.put(concat!(",\n      \"", $k, "\": ").as_bytes())
            };
        }
        c.put(b"{\n      \"id\": ");
        c.string(&a.id);
        key!("name");
        c.string(&a.name);
        key!("group");
        c.string(&a.group);
        key!("actual");
        c.number(a.actual);
        key!("modelled");
        c.number(a.modelled);
        key!("loo_modelled");
        c.opt(a.loo_modelled);
        key!("residual");
        c.number(a.residual);
        key!("deviation_pct");
        c.opt(a.deviation_pct);
        key!("deviation_total");
        c.opt(a.deviation_total);
        key!("leverage");
        c.number(a.leverage);
        key!("studentized_internal");
        c.opt(a.studentized_internal);
        key!("studentized_external");
        c.opt(a.studentized_external);
        key!("cooks_d");
        c.opt(a.cooks_d);
        key!("dffits");
        c.opt(a.dffits);
        key!("p_outlier");
        c.opt(a.p_outlier);
        key!("p_bonferroni");
        c.opt(a.p_bonferroni);
        key!("q_bh");
        c.opt(a.q_bh);
        key!("pi_low");
        c.number(a.pi_low);
        key!("pi_high");
        c.number(a.pi_high);
        key!("flags");
        c.list(&a.flags, |c, f| c.string(f.as_str()));
        key!("year");
        c.integer(a.year.map(i64::from));
        key!("group_name");
        c.string(&a.group_name);
        key!("weight");
        c.opt(a.weight);
        key!("loo_pi_low");
        c.opt(a.loo_pi_low);
        key!("loo_pi_high");
        c.opt(a.loo_pi_high);
        key!("modelled_ci_low");
        c.opt(a.modelled_ci_low);
        key!("modelled_ci_high");
        c.opt(a.modelled_ci_high);
        key!("dfbetas");
        c.list(&a.dfbetas, |c, v| c.opt(*v));
        key!("reference");
        c.opt(a.reference);
        key!("notes");
        c.list(&a.notes, |c, s| c.string(s));
        key!("line");
        c.unsigned(a.line);
        if let Some(v) = a.ratio {
            key!("ratio");
            c.number(v);
        }
        if let Some(v) = a.resid_pearson {
            key!("resid_pearson");
            c.number(v);
        }
        if let Some(v) = a.resid_deviance {
            key!("resid_deviance");
            c.number(v);
        }
        c.put(b"\n    }");
        let written = c.0.offset_from(start) as usize;
        // A broken bound must never pass silently.
        assert!(written <= bound, "area row longer than its bound");
        b.set_len(len + written);
    }
}

/// [`area`] for any row, field by field, escaping strings where needed.
fn area_escaped(b: &mut Vec<u8>, a: &AreaRow) {
    // The separator and key of each field as one constant: one copy per
    // field instead of three.
    macro_rules! key {
        ($k:literal) => {
            b.extend_from_slice(concat!(",\n      \"", $k, "\": ").as_bytes())
        };
    }
    b.extend_from_slice(b"{\n      \"id\": ");
    string(b, &a.id);
    key!("name");
    string(b, &a.name);
    key!("group");
    string(b, &a.group);
    key!("actual");
    number(b, a.actual);
    key!("modelled");
    number(b, a.modelled);
    key!("loo_modelled");
    opt(b, a.loo_modelled);
    key!("residual");
    number(b, a.residual);
    key!("deviation_pct");
    opt(b, a.deviation_pct);
    key!("deviation_total");
    opt(b, a.deviation_total);
    key!("leverage");
    number(b, a.leverage);
    key!("studentized_internal");
    opt(b, a.studentized_internal);
    key!("studentized_external");
    opt(b, a.studentized_external);
    key!("cooks_d");
    opt(b, a.cooks_d);
    key!("dffits");
    opt(b, a.dffits);
    key!("p_outlier");
    opt(b, a.p_outlier);
    key!("p_bonferroni");
    opt(b, a.p_bonferroni);
    key!("q_bh");
    opt(b, a.q_bh);
    key!("pi_low");
    number(b, a.pi_low);
    key!("pi_high");
    number(b, a.pi_high);
    key!("flags");
    array(b, &a.flags, |b, f| string(b, f.as_str()));
    key!("year");
    match a.year {
        Some(y) => CompactFormatter.write_i32(b, y).expect("writing to memory"),
        None => b.extend_from_slice(b"null"),
    }
    key!("group_name");
    string(b, &a.group_name);
    key!("weight");
    opt(b, a.weight);
    key!("loo_pi_low");
    opt(b, a.loo_pi_low);
    key!("loo_pi_high");
    opt(b, a.loo_pi_high);
    key!("modelled_ci_low");
    opt(b, a.modelled_ci_low);
    key!("modelled_ci_high");
    opt(b, a.modelled_ci_high);
    key!("dfbetas");
    array(b, &a.dfbetas, |b, v| opt(b, *v));
    key!("reference");
    opt(b, a.reference);
    key!("notes");
    array(b, &a.notes, |b, s| string(b, s));
    key!("line");
    match a.line {
        Some(l) => CompactFormatter.write_u64(b, l).expect("writing to memory"),
        None => b.extend_from_slice(b"null"),
    }
    if let Some(v) = a.ratio {
        key!("ratio");
        number(b, v);
    }
    if let Some(v) = a.resid_pearson {
        key!("resid_pearson");
        number(b, v);
    }
    if let Some(v) = a.resid_deviance {
        key!("resid_deviance");
        number(b, v);
    }
    b.extend_from_slice(b"\n    }");
}

/// An array field of an area row: `[]` when empty, else one element a line
/// at eight spaces.
fn array<T>(b: &mut Vec<u8>, items: &[T], mut one: impl FnMut(&mut Vec<u8>, &T)) {
    if items.is_empty() {
        b.extend_from_slice(b"[]");
        return;
    }
    b.push(b'[');
    for (i, v) in items.iter().enumerate() {
        b.extend_from_slice(if i == 0 {
            b"\n        "
        } else {
            b",\n        "
        });
        one(b, v);
    }
    b.extend_from_slice(b"\n      ]");
}

/// A number as serde_json writes an `f64`: its formatter's shortest
/// round-trip digits, `null` when not finite.
#[inline]
fn number(b: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        CompactFormatter.write_f64(b, v).expect("writing to memory");
    } else {
        b.extend_from_slice(b"null");
    }
}

#[inline]
fn opt(b: &mut Vec<u8>, v: Option<f64>) {
    match v {
        Some(v) => number(b, v),
        None => b.extend_from_slice(b"null"),
    }
}

/// A string as serde_json writes it: as is between quotes when no byte needs
/// an escape (the usual id or name, UTF-8 included), else through
/// serde_json's own escaping.
#[inline]
fn string(b: &mut Vec<u8>, s: &str) {
    if plain(s) {
        b.reserve(s.len() + 2);
        b.push(b'"');
        b.extend_from_slice(s.as_bytes());
        b.push(b'"');
    } else {
        serde_json::to_writer(&mut *b, s).expect("writing to memory");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flags::Flag;
    use crate::results::{CoefficientRow, Conventions, Excluded, FitStats, ModelInfo};

    /// serde_json's own bytes for the whole result, the reference.
    fn serde_bytes(r: &ModelResult) -> String {
        let mut s = serde_json::to_string_pretty(r).unwrap();
        s.push('\n');
        s
    }

    /// Numbers and strings that exercise every branch of the formatter:
    /// non-finite (null), signed zero, subnormal and extreme exponents,
    /// integral values (written `1.0`), the decimal/exponent switch points,
    /// and strings with quotes, backslashes, control characters and UTF-8.
    const NUMBERS: [f64; 20] = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -0.0,
        0.0,
        1.0,
        -3.0,
        1e-300,
        5e-324,
        1e21,
        1e16,
        123456789012345680.0,
        1e-5,
        1e-6,
        0.1 + 0.2,
        f64::MAX,
        f64::MIN_POSITIVE,
        -7.263606154083052e-5,
        2722.6,
        1.5427384382299497e-6,
    ];
    const STRINGS: [&str; 6] = [
        "",
        "plain",
        "quote \" and back\\slash",
        "tab\tnewline\ncr\r nul\u{0} bell\u{7} unit\u{1f} del\u{7f}",
        "Malmö – Västra Innerstaden, Hägersten-Älvsjö, Å",
        "slash / and unicode \u{2028}\u{1F600}",
    ];

    fn row(i: usize) -> AreaRow {
        let x = |k: usize| NUMBERS[(i + k) % NUMBERS.len()];
        let s = |k: usize| STRINGS[(i + k) % STRINGS.len()].to_string();
        let some = |k: usize| !(i + k).is_multiple_of(3);
        let o = |k: usize| some(k).then(|| x(k));
        AreaRow {
            id: s(0),
            name: s(1),
            group: s(2),
            actual: x(0),
            modelled: x(1),
            loo_modelled: o(2),
            residual: x(3),
            deviation_pct: o(4),
            deviation_total: o(5),
            leverage: x(6),
            studentized_internal: o(7),
            studentized_external: o(8),
            cooks_d: o(9),
            dffits: o(10),
            p_outlier: o(11),
            p_bonferroni: o(12),
            q_bh: o(13),
            pi_low: x(14),
            pi_high: x(15),
            flags: Flag::ALL[..i % 6].to_vec(),
            year: some(16).then_some(2022 - i as i32 * 1000),
            group_name: s(3),
            weight: o(17),
            loo_pi_low: o(18),
            loo_pi_high: o(19),
            modelled_ci_low: o(25),
            modelled_ci_high: o(26),
            dfbetas: (0..i % 4).map(|k| o(k + 3)).collect(),
            reference: o(20),
            notes: (0..i % 3).map(|k| s(k + 4)).collect(),
            line: some(21).then_some(u64::MAX - i as u64),
            ratio: o(22),
            resid_pearson: o(23),
            resid_deviance: o(24),
        }
    }

    fn result(n: usize) -> ModelResult {
        ModelResult {
            model: ModelInfo {
                name: STRINGS[3].into(),
                title: STRINGS[4].into(),
                weight: Some("w".into()),
                ..Default::default()
            },
            year: None,
            fit: FitStats {
                aic: f64::NAN,
                f: Some(1e21),
                ..Default::default()
            },
            coefficients: vec![CoefficientRow::default(); 2],
            areas: (0..n).map(row).collect(),
            excluded: vec![Excluded::default()],
            conventions: Conventions::default(),
            generator: STRINGS[2].into(),
            reference_comparison: None,
            cross_city: None,
            uncertainty: None,
            cv: Some(Default::default()),
            model_comparison: None,
            nonpositive_modelled: vec![STRINGS[3].into()],
        }
    }

    /// A parallel loop on plain threads, one per index, as a caller's pool
    /// would run it.
    fn threads(count: usize, body: &(dyn Fn(usize) + Sync)) {
        std::thread::scope(|s| {
            for i in (0..count).rev() {
                s.spawn(move || body(i));
            }
        });
    }

    fn sequential(count: usize, body: &(dyn Fn(usize) + Sync)) {
        (0..count).for_each(body);
    }

    #[test]
    fn the_written_bytes_are_serde_jsons() {
        // No areas, one, a few, and enough for several chunks and batches
        // (the chunk and batch borders must not show), through each path.
        for n in [0, 1, 7, CHUNK + 3, CHUNK * BATCH * 3 + 1] {
            let r = result(n);
            let want = serde_bytes(&r);
            let mut got = Vec::new();
            r.write_json(&mut got).unwrap();
            assert!(got == want.as_bytes(), "n = {n}: bytes differ");
            assert!(r.to_json() == want, "n = {n}: to_json differs");
            let loops: [ParFor; 2] = [&threads, &sequential];
            for par in loops {
                let mut got = Vec::new();
                r.write_json_par(&mut got, par).unwrap();
                assert!(got == want.as_bytes(), "n = {n}: parallel bytes differ");
            }
        }
    }

    /// A writer that fails after `left` bytes.
    struct Full {
        left: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if buf.len() > self.left {
                return Err(io::Error::other("disk full"));
            }
            self.left -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_write_error_in_the_middle_of_the_areas_comes_back() {
        let r = result(CHUNK * BATCH * 4);
        let size = r.to_json().len();
        for left in [10, size / 8, size / 4, size / 2, size - 10] {
            let err = r
                .write_json_par(Full { left }, &threads)
                .expect_err("the writer fails");
            assert_eq!(err.to_string(), "disk full");
        }
    }

    #[test]
    fn the_test_rows_reach_every_case() {
        // The comparison above means something only if the rows hold the
        // awkward values: nulls from NaN and from None, escapes, optional
        // GLM fields both present and absent.
        let text = result(40).to_json();
        for needle in [
            "\"actual\": null",
            "\"loo_modelled\": null",
            "-0.0",
            "1e-300",
            "1e+21",
            "\\\"",
            "\\\\",
            "\\u0000",
            "\\t",
            "Malmö",
            "\"ratio\"",
            "\"flags\": []",
            "\"year\": null",
            "\"dfbetas\": [\n        ",
            "\"line\": 1844674407370955161",
        ] {
            assert!(text.contains(needle), "missing {needle}");
        }
        assert!(result(40).areas.iter().any(|a| a.ratio.is_none()));
    }

    /// A row of random numbers (any bit pattern: NaN, infinities,
    /// subnormals, every exponent), random presence of each optional value
    /// and random plain strings.
    fn random_row(seed: &mut u64) -> AreaRow {
        let mut next = || {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *seed ^ (*seed >> 29)
        };
        let mut x = || {
            let bits = next();
            match bits % 4 {
                // Arbitrary bits, a value of ordinary size, a short decimal.
                0 => f64::from_bits(next()),
                1 => (bits >> 11) as f64 / (1u64 << 53) as f64 * 1e4 - 5e3,
                2 => ((bits >> 20) % 100_000) as f64 / 10.0,
                _ => NUMBERS[(bits >> 3) as usize % NUMBERS.len()],
            }
        };
        let mut xs = || -> Vec<f64> { (0..40).map(|_| x()).collect() };
        let v = xs();
        let mut k = 0;
        let mut take = || {
            k += 1;
            v[k - 1]
        };
        let pick = next();
        let on = |bit: u64| pick >> bit & 1 == 1;
        let plain = [
            "",
            "S01",
            "Malmö – Västra Innerstaden",
            "slash / \u{2028}\u{1F600}",
        ];
        let s = |bit: u64| plain[(pick >> bit) as usize % plain.len()].to_string();
        let mut o = |bit: u64| {
            let v = take();
            on(bit).then_some(v)
        };
        AreaRow {
            id: s(40),
            name: s(42),
            group: s(44),
            actual: v[30],
            modelled: v[31],
            loo_modelled: o(0),
            residual: v[32],
            deviation_pct: o(1),
            deviation_total: o(2),
            leverage: v[33],
            studentized_internal: o(3),
            studentized_external: o(4),
            cooks_d: o(5),
            dffits: o(6),
            p_outlier: o(7),
            p_bonferroni: o(8),
            q_bh: o(9),
            pi_low: v[34],
            pi_high: v[35],
            flags: Flag::ALL[..(pick >> 50) as usize % 6].to_vec(),
            year: on(10).then_some((pick >> 8) as i32),
            group_name: s(46),
            weight: o(11),
            loo_pi_low: o(12),
            loo_pi_high: o(13),
            modelled_ci_low: o(14),
            modelled_ci_high: o(15),
            dfbetas: (0..(pick >> 54) as usize % 13)
                .map(|b| o(b as u64 + 16))
                .collect(),
            reference: o(17),
            notes: (0..(pick >> 58) as usize % 3)
                .map(|b| s(48 + b as u64))
                .collect(),
            line: on(18).then_some(pick.rotate_left(7)),
            ratio: o(19),
            resid_pearson: o(20),
            resid_deviance: o(21),
        }
    }

    #[test]
    fn plain_rows_are_written_as_the_escaping_writer_and_serde_json_write_them() {
        let mut seed = 14;
        for _ in 0..20_000 {
            let a = random_row(&mut seed);
            assert!(plain_row(&a));
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            area_plain(&mut fast, &a);
            area_escaped(&mut slow, &a);
            assert!(fast == slow, "{a:?}");
        }
        // And whole results against serde_json itself, through every path.
        let mut r = result(0);
        r.areas = (0..CHUNK * BATCH + 7)
            .map(|_| random_row(&mut seed))
            .collect();
        let want = serde_bytes(&r);
        assert!(r.to_json() == want);
        let mut got = Vec::new();
        r.write_json_par(&mut got, &threads).unwrap();
        assert!(got == want.as_bytes());
    }

    #[test]
    fn the_fixed_part_of_a_row_and_the_longest_numbers_stay_within_the_bound() {
        // Every optional value present as a one-digit number: what is left
        // beside the 25 numbers (3 bytes each, `0.0`) is the fixed part.
        let mut a = AreaRow {
            loo_modelled: Some(0.0),
            ratio: Some(0.0),
            resid_pearson: Some(0.0),
            resid_deviance: Some(0.0),
            ..Default::default()
        };
        for f in [
            &mut a.deviation_pct,
            &mut a.deviation_total,
            &mut a.studentized_internal,
            &mut a.studentized_external,
            &mut a.cooks_d,
            &mut a.dffits,
            &mut a.p_outlier,
            &mut a.p_bonferroni,
            &mut a.q_bh,
            &mut a.weight,
            &mut a.loo_pi_low,
            &mut a.loo_pi_high,
            &mut a.modelled_ci_low,
            &mut a.modelled_ci_high,
            &mut a.reference,
        ] {
            *f = Some(0.0);
        }
        let mut b = Vec::new();
        area_plain(&mut b, &a);
        let text = String::from_utf8(b.clone()).unwrap();
        assert_eq!(text.matches("0.0").count(), ROW_NUMBERS, "{text}");
        let fixed = b.len() - 3 * ROW_NUMBERS;
        assert!(fixed <= ROW_FIXED_MAX, "fixed part {fixed} bytes");
        assert!(fixed >= ROW_FIXED_MAX / 2, "fixed part {fixed} bytes");
        // The longest digits there are, in every field at once.
        let long = -2.2250738585072014e-308;
        assert_eq!(serde_json::to_string(&long).unwrap().len(), 24);
        assert!(u64::MAX.to_string().len() <= NUMBER_MAX);
        assert!(i32::MIN.to_string().len() <= NUMBER_MAX);
        let a = AreaRow {
            actual: long,
            modelled: long,
            residual: long,
            leverage: long,
            pi_low: long,
            pi_high: long,
            year: Some(i32::MIN),
            line: Some(u64::MAX),
            flags: Flag::ALL.to_vec(),
            dfbetas: vec![Some(long); 40],
            ..Default::default()
        };
        let mut b = Vec::new();
        area_plain(&mut b, &a);
        let mut slow = Vec::new();
        area_escaped(&mut slow, &a);
        assert!(b == slow);
        assert!(b.len() <= row_bound(&a));
    }

    /// serde_json's pretty text of `v` one level in, as the result object
    /// nests it: every line after the first two spaces further in.
    fn pretty_one_level_in<T: Serialize>(v: &T) -> String {
        serde_json::to_string_pretty(v)
            .unwrap()
            .replace('\n', "\n  ")
    }

    #[test]
    fn nested_values_are_serde_json_pretty_one_level_in() {
        use serde_json::json;
        let mut deep = json!([]);
        for k in 0..40 {
            deep = if k % 2 == 0 {
                json!([deep, k, {}])
            } else {
                json!({ "a\nb": deep, "e": [], "x": -0.0, "y": 1e300 })
            };
        }
        let values = [
            json!(null),
            json!([]),
            json!({}),
            json!([[], {}, [[]], [{}]]),
            json!({ "s": "line\nbreak \" \\ \u{1}", "n": [1.5, -2, 3e-300], "o": { "k": [] } }),
            deep,
        ];
        for v in &values {
            let mut b = Vec::new();
            nested(&mut b, v).unwrap();
            assert_eq!(String::from_utf8(b).unwrap(), pretty_one_level_in(v));
        }
    }

    #[test]
    fn a_nested_value_is_indented_one_level() {
        let mut b = Vec::new();
        nested(&mut b, &vec![vec![1, 2], vec![]]).unwrap();
        assert_eq!(
            String::from_utf8(b).unwrap(),
            "[\n    [\n      1,\n      2\n    ],\n    []\n  ]"
        );
    }
}
