//! The two operations a map's areas are painted with — plotters' opaque
//! polygon fill and its one-pixel path stroke with alpha — drawn straight
//! into an 8-bit RGB buffer, pixel for pixel as plotters' bitmap backend
//! draws them (the tests compare both on random shapes and on whole maps).
//!
//! plotters' scanline fill allocates a new active-edge list for every
//! scanline, clones edges while pairing them and recomputes each edge's
//! position (an i64 product and a division) on every comparison of its sort;
//! with 290 municipalities in four panels that was most of a map's painting
//! (fill 10 % of a `report` run's CPU, the strokes 4.5 %). Here each active
//! edge keeps its position, the list is filtered in place, and spans and
//! pixels are written without the backend's per-call checks. The arithmetic
//! (positions, rounding, alpha blending) is plotters' own, including its
//! quirks (a vertical sweep's far edge pixel is never blended; an axis-parallel
//! stroke drawn right to left covers the pixels its rectangle does).
//!
//! A canvas can also record what it paints ([`Recorder`]) in stand-in
//! colours, to be replayed with the real ones ([`replay`]): which pixels a
//! fill or stroke touches, and at which alpha, depends on the geometry only,
//! so a map's areas, the same in every year of a report, are rasterised once.
//!
//! Measured on the shipped specs' `report`: the maps' painting went from
//! 18 % to 13 % of the run's CPU (the fills from 10 % to 2 %); what remains is
//! mostly the outlines, one segment per boundary vertex, whose pixels land
//! all over a 3 MB image (the stores miss the cache).

/// Where a [`Canvas`] puts its pixels: straight into an RGB buffer
/// ([`Direct`]), or as a list of operations to replay later with other
/// colours ([`Recorder`], [`replay`]). Byte offsets `i` are of a pixel's
/// first byte; the canvas has checked the bounds.
pub(crate) trait Sink {
    /// The pixel at `i` set to `c`.
    fn set(&mut self, i: usize, c: Rgb);
    /// plotters' `blend` of each channel of the pixel at `i` towards `c`.
    fn blend(&mut self, i: usize, c: Rgb, a: u64);
    /// The eight-pixel word arithmetic of `blend_rect_fast` on the pixel at `i`.
    fn word(&mut self, i: usize, c: Rgb, a: u64);
    /// `n` pixels from `i`, `stride` bytes apart, set to `c`.
    fn run(&mut self, i: usize, n: usize, stride: usize, c: Rgb);
}

/// An RGB buffer painted in place.
pub(crate) struct Direct<'a>(pub &'a mut [u8]);

impl Sink for Direct<'_> {
    #[inline(always)]
    fn set(&mut self, i: usize, c: Rgb) {
        self.0[i..i + 3].copy_from_slice(&[c.0, c.1, c.2]);
    }
    #[inline(always)]
    fn blend(&mut self, i: usize, c: Rgb, a: u64) {
        let p = &mut self.0[i..i + 3];
        blend(&mut p[0], c.0, a);
        blend(&mut p[1], c.1, a);
        blend(&mut p[2], c.2, a);
    }
    #[inline(always)]
    fn word(&mut self, i: usize, c: Rgb, a: u64) {
        let word = |prev: &mut u8, new: u8| {
            *prev = ((u64::from(*prev) * (256 - a) + u64::from(new) * a) >> 8) as u8;
        };
        let p = &mut self.0[i..i + 3];
        word(&mut p[0], c.0);
        word(&mut p[1], c.1);
        word(&mut p[2], c.2);
    }
    #[inline(always)]
    fn run(&mut self, i: usize, n: usize, stride: usize, c: Rgb) {
        if n == 0 {
            return;
        }
        if stride == 3 {
            for p in self.0[i..i + 3 * n].chunks_exact_mut(3) {
                p.copy_from_slice(&[c.0, c.1, c.2]);
            }
        } else {
            for k in 0..n {
                let j = i + k * stride;
                self.0[j..j + 3].copy_from_slice(&[c.0, c.1, c.2]);
            }
        }
    }
}

/// One recorded pixel operation ([`Recorder`]): its kind, the colour as an
/// index into the palette it is replayed with, alpha in 1/256 for the
/// blends, the pixel's byte offset and for runs their length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Op {
    kind: u8,
    slot: u8,
    a: u16,
    i: u32,
    n: u32,
}

const SET: u8 = 0;
const BLEND: u8 = 1;
const WORD: u8 = 2;
const ROW: u8 = 3;
const COLUMN: u8 = 4;

/// Records what a [`Canvas`] paints, with each colour replaced by its index
/// in `palette`. Which pixels are painted, and at which alpha, does not
/// depend on the colours: a recording replayed ([`replay`]) with other
/// colours paints what the canvas would have painted with them, byte for
/// byte, over whatever the buffer then holds.
pub(crate) struct Recorder {
    palette: Vec<Rgb>,
    pub ops: Vec<Op>,
}

impl Recorder {
    pub fn new(palette: &[Rgb]) -> Self {
        Recorder {
            palette: palette.to_vec(),
            ops: Vec::new(),
        }
    }
    fn push(&mut self, kind: u8, i: usize, n: usize, c: Rgb, a: u64) {
        let slot = self
            .palette
            .iter()
            .position(|&p| p == c)
            .expect("a recorded colour is in the palette");
        self.ops.push(Op {
            kind,
            slot: slot as u8,
            a: a as u16,
            i: u32::try_from(i).expect("a map under 4 GB"),
            n: n as u32,
        });
    }
}

impl Sink for Recorder {
    fn set(&mut self, i: usize, c: Rgb) {
        self.push(SET, i, 1, c, 0);
    }
    fn blend(&mut self, i: usize, c: Rgb, a: u64) {
        self.push(BLEND, i, 1, c, a);
    }
    fn word(&mut self, i: usize, c: Rgb, a: u64) {
        self.push(WORD, i, 1, c, a);
    }
    fn run(&mut self, i: usize, n: usize, stride: usize, c: Rgb) {
        if n > 0 {
            self.push(if stride == 3 { ROW } else { COLUMN }, i, n, c, 0);
        }
    }
}

/// Paint a recording into `buf`, a `w` pixels wide RGB buffer of the size it
/// was recorded at, with `palette[k]` for the recording's colour k.
pub(crate) fn replay(buf: &mut [u8], w: u32, ops: &[Op], palette: &[Rgb]) {
    let mut d = Direct(buf);
    let stride = w as usize * 3;
    for op in ops {
        let c = palette[op.slot as usize];
        let (i, a) = (op.i as usize, u64::from(op.a));
        match op.kind {
            SET => d.set(i, c),
            BLEND => d.blend(i, c, a),
            WORD => d.word(i, c, a),
            ROW => d.run(i, op.n as usize, 3, c),
            _ => d.run(i, op.n as usize, stride, c),
        }
    }
}

/// A `w × h` pixel drawing surface, row-major RGB three bytes a pixel,
/// painting into a [`Sink`].
pub(crate) struct Canvas<S> {
    sink: S,
    w: i32,
    h: i32,
}

type Rgb = (u8, u8, u8);

/// `x.floor()`. The default x86-64 target has no rounding instruction, so
/// `f64::floor` is a library call; the lines and fills call it per pixel.
/// Through the integer conversion (exact below 2⁵²); the same value for every
/// finite `x` but −0.0, whose floor here is +0.0 (no caller can tell: they
/// add it to or subtract it from a non-zero number, or compare it).
fn floor(x: f64) -> f64 {
    if x.abs() < 4503599627370496.0 {
        let t = x as i64 as f64;
        if t > x {
            t - 1.0
        } else {
            t
        }
    } else {
        x.floor()
    }
}

/// `x.ceil()`, as [`floor`].
fn ceil(x: f64) -> f64 {
    -floor(-x)
}

/// plotters' `blend` (one channel, `a` in 1/256).
fn blend(prev: &mut u8, new: u8, a: u64) {
    if new > *prev {
        *prev += (u64::from(new - *prev) * a / 256) as u8
    } else {
        *prev -= (u64::from(*prev - new) * a / 256) as u8
    }
}

/// An edge of the scanline fill: plotters' `Edge` with its position kept.
#[derive(Clone, Copy)]
struct Edge {
    epoch: u32,
    total: u32,
    begin: i32,
    end: i32,
    /// `begin + (end − begin)·epoch/total`, as plotters computes it.
    pos: f64,
}

impl Edge {
    fn new(mut from: (i32, i32), mut to: (i32, i32)) -> Option<Edge> {
        if from.0 == to.0 {
            return None;
        }
        if from.0 > to.0 {
            std::mem::swap(&mut from, &mut to);
        }
        let mut e = Edge {
            epoch: 0,
            total: (to.0 - from.0) as u32,
            begin: from.1,
            end: to.1,
            pos: 0.0,
        };
        e.pos = e.slave_pos();
        Some(e)
    }
    fn master_pos(&self) -> i32 {
        (self.total - self.epoch) as i32
    }
    fn slave_pos(&self) -> f64 {
        f64::from(self.begin)
            + (i64::from(self.end - self.begin) * i64::from(self.epoch)) as f64
                / f64::from(self.total)
    }
}

impl<'a> Canvas<Direct<'a>> {
    pub fn new(buf: &'a mut [u8], w: u32, h: u32) -> Self {
        assert_eq!(buf.len(), w as usize * h as usize * 3);
        Canvas {
            sink: Direct(buf),
            w: w as i32,
            h: h as i32,
        }
    }
}

impl Canvas<Recorder> {
    /// A canvas of `w × h` pixels that records what it paints in colours of
    /// `palette` ([`Recorder`]).
    pub fn recorder(w: u32, h: u32, palette: &[Rgb]) -> Self {
        Canvas {
            sink: Recorder::new(palette),
            w: w as i32,
            h: h as i32,
        }
    }
    /// The operations recorded so far, leaving the recording empty.
    pub fn take_ops(&mut self) -> Vec<Op> {
        std::mem::take(&mut self.sink.ops)
    }
}

impl<S: Sink> Canvas<S> {
    /// Index of the pixel's first byte; the caller has checked the bounds.
    fn at(&self, x: i32, y: i32) -> usize {
        (y as usize * self.w as usize + x as usize) * 3
    }

    /// `BitMapBackend::draw_pixel` with colour `c` at `alpha`.
    fn pixel(&mut self, x: i32, y: i32, c: Rgb, alpha: f64) {
        if x < 0 || y < 0 || x >= self.w || y >= self.h {
            return;
        }
        let i = self.at(x, y);
        if alpha >= 1.0 - 1.0 / 256.0 {
            self.sink.set(i, c);
        } else {
            if alpha <= 0.0 {
                return;
            }
            // alpha > 0: truncation is the floor.
            let a = (alpha * 256.0) as u64;
            self.sink.blend(i, c, a);
        }
    }

    /// The clipped rectangle between two corners (either order), as the
    /// bitmap backend's rectangle operations take it: `[x0, x1) × [y0, y1)`.
    fn rect_bounds(&self, a: (i32, i32), b: (i32, i32)) -> Option<(i32, i32, i32, i32)> {
        let (x0, y0) = (a.0.min(b.0).max(0), a.1.min(b.1).max(0));
        let (x1, y1) = (a.0.max(b.0).min(self.w), a.1.max(b.1).min(self.h));
        (x0 < x1 && y0 < y1).then_some((x0, y0, x1, y1))
    }

    /// `fill_rect_fast`.
    fn fill_rect(&mut self, a: (i32, i32), b: (i32, i32), c: Rgb) {
        let Some((x0, y0, x1, y1)) = self.rect_bounds(a, b) else {
            return;
        };
        for y in y0..y1 {
            let s = self.at(x0, y);
            self.sink.run(s, (x1 - x0) as usize, 3, c);
        }
    }

    /// `fill_vertical_line_fast`: the pixels between `y0` and `y1` (either
    /// order, both included) in column `x`.
    fn vline(&mut self, x: i32, y0: i32, y1: i32, c: Rgb) {
        if x < 0 || x >= self.w {
            return;
        }
        let (y0, y1) = (y0.min(y1).max(0), y0.max(y1).min(self.h - 1));
        if y0 <= y1 {
            let i = self.at(x, y0);
            self.sink
                .run(i, (y1 - y0 + 1) as usize, self.w as usize * 3, c);
        }
    }

    /// `blend_rect_fast` for RGB: the first `8·⌊(count − 1)/8⌋` pixels of
    /// each row blended as (prev·(256 − a) + new·a)/256 (its eight-pixel
    /// word arithmetic), the rest by [`blend`].
    fn blend_rect(&mut self, a: (i32, i32), b: (i32, i32), c: Rgb, alpha: f64) {
        let alpha = alpha.clamp(0.0, 1.0);
        if alpha == 0.0 {
            return;
        }
        let Some((x0, y0, x1, y1)) = self.rect_bounds(a, b) else {
            return;
        };
        let a = (256.0 * alpha) as u64; // alpha in (0, 1]: the floor
        let count = (x1 - x0) as usize;
        let grouped = (count - 1) / 8 * 8;
        for y in y0..y1 {
            let s = self.at(x0, y);
            for k in 0..count {
                if k < grouped {
                    self.sink.word(s + 3 * k, c, a);
                } else {
                    self.sink.blend(s + 3 * k, c, a);
                }
            }
        }
    }

    /// `BitMapBackend::draw_line` with stroke width 1.
    fn line(&mut self, from: (i32, i32), to: (i32, i32), c: Rgb, alpha: f64) {
        if from.0 == to.0 || from.1 == to.1 {
            if alpha >= 1.0 {
                if from.1 == to.1 {
                    self.fill_rect(from, (to.0 + 1, to.1 + 1), c);
                } else {
                    self.vline(from.0, from.1, to.1, c);
                }
            } else {
                self.blend_rect(from, (to.0 + 1, to.1 + 1), c, alpha);
            }
            return;
        }
        if alpha == 0.0 {
            return;
        }
        // plotters_backend::rasterizer::draw_line, one-pixel branch.
        let (mut from, mut to) = (from, to);
        let steep = (from.0 - to.0).abs() < (from.1 - to.1).abs();
        if steep {
            from = (from.1, from.0);
            to = (to.1, to.0);
        }
        let (from, to) = if from.0 > to.0 {
            (to, from)
        } else {
            (from, to)
        };
        let size_limit = if steep {
            (self.h, self.w)
        } else {
            (self.w, self.h)
        };
        let grad = f64::from(to.1 - from.1) / f64::from(to.0 - from.0);
        let mut put = |x: i32, y: i32, b: f64| {
            if steep {
                self.pixel(y, x, c, alpha * b)
            } else {
                self.pixel(x, y, c, alpha * b)
            }
        };
        let y_step_limit =
            floor(f64::from(to.1.min(size_limit.1 - 1).max(0) - from.1) / grad) as i32;
        let batch_start =
            ceil((f64::from(from.1.min(size_limit.1 - 2).max(0) - from.1) / grad).abs()) as i32
                + from.0;
        let batch_limit = to.0.min(size_limit.0 - 2).min(from.0 + y_step_limit - 1);
        let mut y = f64::from(from.1) + f64::from(batch_start - from.0) * grad;
        for x in batch_start..=batch_limit {
            let fy = floor(y);
            put(x, y as i32, 1.0 + fy - y);
            put(x, y as i32 + 1, y - fy);
            y += grad;
        }
        if to.0 > batch_limit && y < f64::from(to.1) {
            let x = batch_limit + 1;
            let fy = floor(y);
            if 1.0 + fy - y > 1e-5 {
                put(x, y as i32, 1.0 + fy - y);
            }
            if y - fy > 1e-5 && y + 1.0 < f64::from(to.1) {
                put(x, y as i32 + 1, y - fy);
            }
        }
    }

    /// A point moved into `[0, w] × [0, h]`, as plotters' drawing area
    /// moves every point of an element before the backend sees it.
    fn clamp(&self, p: (i32, i32)) -> (i32, i32) {
        (p.0.min(self.w).max(0), p.1.min(self.h).max(0))
    }

    /// A path of one-pixel lines (plotters' `draw_path` with stroke width 1).
    pub fn path(&mut self, pts: &[(i32, i32)], c: Rgb, alpha: f64) {
        if alpha == 0.0 {
            return;
        }
        for w in pts.windows(2) {
            self.line(self.clamp(w[0]), self.clamp(w[1]), c, alpha);
        }
    }

    /// A path as plotters draws it `width` pixels wide: one-pixel lines, or
    /// for a wider stroke plotters' polygon around it, filled.
    pub fn wide_path(&mut self, pts: &[(i32, i32)], c: Rgb, width: u32) {
        if width == 1 {
            self.path(pts, c, 1.0);
        } else {
            let p: Vec<(i32, i32)> = pts.iter().map(|&p| self.clamp(p)).collect();
            let v = plotters_backend::rasterizer::polygonize(&p, width);
            self.fill(&v, c);
        }
    }

    /// plotters' `fill_polygon` of the closed ring `v` in the opaque colour `c`
    /// (an element's points, moved into the drawing area first).
    pub fn fill_polygon(&mut self, v: &[(i32, i32)], c: Rgb) {
        let v: Vec<(i32, i32)> = v.iter().map(|&p| self.clamp(p)).collect();
        self.fill(&v, c);
    }

    /// The backend's `fill_polygon` (points as given).
    fn fill(&mut self, v: &[(i32, i32)], c: Rgb) {
        let Some(&first) = v.first() else {
            return;
        };
        let (mut xs, mut ys) = ((first.0, first.0), (first.1, first.1));
        for &(x, y) in v {
            xs = (xs.0.min(x), xs.1.max(x));
            ys = (ys.0.min(y), ys.1.max(y));
        }
        if xs.0 == xs.1 || ys.0 == ys.1 {
            self.line((xs.0, ys.0), (xs.1, ys.1), c, 1.0);
            return;
        }
        let horizontal = xs.1 - xs.0 > ys.1 - ys.0;
        // Edges in (master, slave) coordinates: x first for a horizontal
        // sweep, y first for a vertical one.
        let key = |p: (i32, i32)| if horizontal { p } else { (p.1, p.0) };
        let mut edges: Vec<((i32, i32), (i32, i32))> = v
            .iter()
            .zip(v.iter().skip(1))
            .map(|(a, b)| (key(*a), key(*b)))
            .collect();
        edges.push((key(v[v.len() - 1]), key(v[0])));
        edges.sort_by_key(|(a, b)| a.0.min(b.0));
        for e in edges.iter_mut() {
            if e.0 .0 > e.1 .0 {
                std::mem::swap(&mut e.0, &mut e.1);
            }
        }
        let (low, high) = if horizontal { xs } else { ys };
        let mut idx = 0;
        let mut active: Vec<Edge> = Vec::new();
        for sweep in low..=high {
            active.retain_mut(|e| {
                if e.master_pos() > 0 {
                    e.epoch += 1;
                    e.pos = e.slave_pos();
                    true
                } else {
                    false
                }
            });
            while idx < edges.len() && edges[idx].0 .0 <= sweep {
                if let Some(e) = Edge::new(edges[idx].0, edges[idx].1) {
                    active.push(e);
                }
                idx += 1;
            }
            active.sort_by(|a, b| a.pos.partial_cmp(&b.pos).expect("finite positions"));
            let mut first: Option<Edge> = None;
            let mut second: Option<Edge> = None;
            for &edge in &active {
                if first.is_none() {
                    first = Some(edge);
                } else if second.is_none() {
                    second = Some(edge);
                }
                let (Some(a), Some(b)) = (first, second) else {
                    continue;
                };
                let (am, bm) = (a.master_pos(), b.master_pos());
                if am == 0 && bm != 0 {
                    first = Some(b);
                    second = None;
                    continue;
                }
                if am != 0 && bm == 0 {
                    first = Some(a);
                    second = None;
                    continue;
                }
                let (from, to) = (a.pos, b.pos);
                if am == 0 && bm == 0 && to - from > 1.0 {
                    first = None;
                    second = None;
                    continue;
                }
                let (fc, ff) = (ceil(from), floor(from));
                if horizontal {
                    let (tc, tf) = (ceil(to), floor(to));
                    self.line((sweep, fc as i32), (sweep, tf as i32), c, 1.0);
                    self.pixel(sweep, ff as i32, c, fc - from);
                    self.pixel(sweep, tc as i32, c, to - tf);
                } else {
                    self.line((fc as i32, sweep), (floor(to) as i32, sweep), c, 1.0);
                    self.pixel(ff as i32, sweep, c, fc - from);
                    // plotters blends the far pixel at to.floor() − to ≤ 0:
                    // never drawn.
                }
                first = None;
                second = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    /// A small linear congruential generator (deterministic test shapes).
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
        fn range(&mut self, lo: i32, hi: i32) -> i32 {
            lo + (self.next() % (hi - lo + 1) as u64) as i32
        }
    }

    fn shapes(seed: u64, count: usize, w: i32, h: i32) -> Vec<Vec<(i32, i32)>> {
        let mut g = Lcg(seed);
        (0..count)
            .map(|k| {
                let n = g.range(1, 12) as usize;
                // Some shapes reach past the edges, some are thin or tiny.
                let (cx, cy) = (g.range(-20, w + 20), g.range(-20, h + 20));
                let r = match k % 4 {
                    0 => 3,
                    1 => 40,
                    _ => 15,
                };
                let mut pts: Vec<(i32, i32)> = (0..n)
                    .map(|_| (cx + g.range(-r, r), cy + g.range(-r, r)))
                    .collect();
                if k % 7 == 0 {
                    // Axis-parallel and repeated points.
                    let p = pts[0];
                    pts.push((p.0 + 5, p.1));
                    pts.push((p.0 + 5, p.1));
                    pts.push((p.0 + 5, p.1 - 9));
                }
                pts
            })
            .collect()
    }

    fn colour(k: usize) -> (u8, u8, u8) {
        [(10, 200, 30), (255, 255, 255), (150, 150, 150), (7, 8, 250)][k % 4]
    }

    /// Paints `ops` shapes (fill, then stroke, per shape) with plotters and
    /// with [`Canvas`]; the first (shape, operation) whose pixels differ.
    fn first_difference(w: u32, h: u32, list: &[Vec<(i32, i32)>]) -> Option<(usize, &'static str)> {
        let mut want = vec![0u8; (w * h * 3) as usize];
        let mut got = vec![0u8; (w * h * 3) as usize];
        for b in [&mut want, &mut got] {
            Canvas::new(b, w, h).fill_rect((0, 0), (w as i32, h as i32), (250, 240, 230));
        }
        for (k, s) in list.iter().enumerate() {
            let mut closed = s.clone();
            closed.push(s[0]);
            let alpha = [0.8, 1.0, 0.3][k % 3];
            for op in ["fill", "stroke", "wide"] {
                {
                    let root = BitMapBackend::with_buffer(&mut want, (w, h)).into_drawing_area();
                    if op == "fill" {
                        let (r, g, b) = colour(k);
                        root.draw(&Polygon::new(s.clone(), RGBColor(r, g, b).filled()))
                            .unwrap();
                    } else if op == "stroke" {
                        let (r, g, b) = colour(k + 1);
                        root.draw(&PathElement::new(
                            closed.clone(),
                            RGBColor(r, g, b).mix(alpha).stroke_width(1),
                        ))
                        .unwrap();
                    } else {
                        let (r, g, b) = colour(k + 2);
                        root.draw(&PathElement::new(
                            s.clone(),
                            RGBColor(r, g, b).stroke_width(1 + k as u32 % 3),
                        ))
                        .unwrap();
                    }
                    root.present().unwrap();
                }
                let mut cv = Canvas::new(&mut got, w, h);
                match op {
                    "fill" => cv.fill_polygon(s, colour(k)),
                    "stroke" => cv.path(&closed, colour(k + 1), alpha),
                    _ => cv.wide_path(s, colour(k + 2), 1 + k as u32 % 3),
                }
                if want != got {
                    for (i, (a, b)) in want.chunks(3).zip(got.chunks(3)).enumerate() {
                        if a != b {
                            eprintln!(
                                "({}, {}): plotters {a:?}, here {b:?}",
                                i as u32 % w,
                                i as u32 / w
                            );
                        }
                    }
                    return Some((k, op));
                }
            }
        }
        None
    }

    #[test]
    fn replayed_recordings_are_the_direct_pixels() {
        // Fills, strokes at several alphas and wide paths, recorded in
        // stand-in colours and replayed in the real ones over a background
        // of varied bytes (so every blend reads a different value).
        for (seed, (w, h)) in [(4, (64u32, 48u32)), (5, (200, 150)), (6, (31, 97))] {
            let list = shapes(seed, 300, w as i32, h as i32);
            let mut want: Vec<u8> = (0..(w * h * 3) as usize)
                .map(|i| (i * 7 % 251) as u8)
                .collect();
            let mut got = want.clone();
            let stand_in = [(1, 2, 3), (9, 9, 9), (4, 5, 6)];
            for (k, s) in list.iter().enumerate() {
                let mut closed = s.clone();
                closed.push(s[0]);
                let alpha = [0.8, 1.0, 0.3][k % 3];
                let width = 1 + k as u32 % 3;
                let real = [colour(k), colour(k + 1), colour(k + 2)];
                {
                    let mut cv = Canvas::new(&mut want, w, h);
                    cv.fill_polygon(s, real[0]);
                    cv.path(&closed, real[1], alpha);
                    cv.wide_path(s, real[2], width);
                }
                let mut rec = Canvas::recorder(w, h, &stand_in);
                rec.fill_polygon(s, stand_in[0]);
                rec.path(&closed, stand_in[1], alpha);
                rec.wide_path(s, stand_in[2], width);
                replay(&mut got, w, &rec.take_ops(), &real);
                assert!(want == got, "seed {seed}: shape {k} {s:?} differs");
            }
        }
    }

    #[test]
    fn floor_and_ceil_are_the_std_ones() {
        let mut g = Lcg(9);
        let special = [
            0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            2.5e15,
            -2.5e15,
            1e300,
            -1e300,
            4503599627370495.5,
        ];
        let random = (0..200_000).map(|k| {
            let m = (g.next() as f64 / (1u64 << 31) as f64 - 0.5) * 4000.0;
            if k % 3 == 0 {
                m.round()
            } else {
                m
            }
        });
        for x in special.into_iter().chain(random) {
            assert_eq!(floor(x), x.floor(), "floor {x}");
            assert_eq!(ceil(x), x.ceil(), "ceil {x}");
        }
    }

    #[test]
    fn fills_and_paths_are_plotters_pixels() {
        for (seed, (w, h)) in [(1, (64u32, 48u32)), (2, (200, 150)), (3, (31, 97))] {
            let list = shapes(seed, 300, w as i32, h as i32);
            if let Some((k, op)) = first_difference(w, h, &list) {
                panic!("seed {seed}: shape {k} ({op}) {:?} differs", list[k]);
            }
        }
    }
}
