//! The PNG drawing backend: plotters' bitmap backend with text drawn by our own
//! glyph layout.
//!
//! plotters' `ab_glyph` text path places each glyph without its left side
//! bearing and rounds glyph tops towards zero, so punctuation sits a pixel off
//! and `:`/`=` touch their neighbours at small sizes. This wrapper delegates all
//! shapes to `BitMapBackend` and draws text itself with `ab_glyph`: positioned
//! glyphs (bearing, kerning, sub-pixel pen position) at the same em size and
//! baseline an SVG viewer uses for plotters' SVG output (`font-size = size/1.24`,
//! baseline `0.76em` below a top anchor, `0.5ex` for centre and bottom), so the
//! PNG looks like the SVG. Integer pixel output of deterministic f32 arithmetic.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use plotters::backend::BitMapBackend;
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::FontStyle;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use std::sync::OnceLock;

type BmError = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

fn fonts() -> Option<&'static (FontRef<'static>, FontRef<'static>)> {
    static F: OnceLock<Option<(FontRef<'static>, FontRef<'static>)>> = OnceLock::new();
    F.get_or_init(|| {
        Some((
            FontRef::try_from_slice(dejavu::sans::regular()).ok()?,
            FontRef::try_from_slice(dejavu::sans::bold()).ok()?,
        ))
    })
    .as_ref()
}

/// Bitmap backend with proper text layout (see the module doc).
pub(crate) struct RasterBackend<'a> {
    inner: BitMapBackend<'a>,
}

impl<'a> RasterBackend<'a> {
    pub fn with_buffer(buf: &'a mut [u8], size: (u32, u32)) -> Self {
        RasterBackend {
            inner: BitMapBackend::with_buffer(buf, size),
        }
    }
}

impl DrawingBackend for RasterBackend<'_> {
    type ErrorType = BmError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<BmError>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<BmError>> {
        self.inner.present()
    }
    fn draw_pixel(
        &mut self,
        p: BackendCoord,
        c: BackendColor,
    ) -> Result<(), DrawingErrorKind<BmError>> {
        self.inner.draw_pixel(p, c)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BmError>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BmError>> {
        self.inner.draw_rect(ul, br, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BmError>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<BmError>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<BmError>> {
        self.inner.fill_polygon(vert, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<BmError>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<BmError>> {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let Some((regular, bold)) = fonts() else {
            return self.inner.draw_text(text, style, pos);
        };
        let font = match style.style() {
            FontStyle::Bold => bold,
            _ => regular,
        };
        // plotters' SVG writes font-size = size/1.24 (CSS px per em); use the
        // same em here. ab_glyph's PxScale is the ascent-to-descent height.
        let em = (style.size() / 1.24) as f32;
        let upem = font.units_per_em().unwrap_or(2048.0);
        let scale = PxScale::from(em * font.height_unscaled() / upem);
        let sf = font.as_scaled(scale);

        // Lay out along the baseline, pen starting at 0.
        let mut glyphs = Vec::with_capacity(text.len());
        let mut pen = 0.0f32;
        let mut prev = None;
        for ch in text.chars() {
            let id = sf.glyph_id(ch);
            if let Some(p) = prev {
                pen += sf.kern(p, id);
            }
            glyphs.push(id.with_scale_and_position(scale, ab_glyph::point(pen, 0.0)));
            pen += sf.h_advance(id);
            prev = Some(id);
        }
        let width = pen;
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        // Baseline offset from the anchor, as the SVG `dy` values.
        let ex = sf.font().glyph_bounds(&sf.scaled_glyph('x')).min.y.abs();
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.76 * em,
            VPos::Center => 0.5 * ex,
            VPos::Bottom => -0.5 * ex,
        };
        let trans = &style.transform();
        let (w, h) = self.inner.get_size();
        let bold_font = matches!(style.style(), FontStyle::Bold);
        for g in glyphs {
            let glyph = coverage(font, bold_font, g);
            let Some(glyph) = glyph.as_ref() else {
                continue;
            };
            // Shift by the anchor offsets in whole pixels after rasterising at the
            // fractional pen position (the offsets are the same for every glyph).
            let ox = dx.round() as i32 + glyph.min_x as i32;
            let oy = dy.round() as i32 + glyph.min_y as i32;
            for &(x, y, cov) in &glyph.pixels {
                let (lx, ly) = (ox + x as i32, oy + y as i32);
                let (tx, ty) = trans.transform(lx, ly);
                let (px, py) = (pos.0 + tx, pos.1 + ty);
                if px < 0 || py < 0 || px >= w as i32 || py >= h as i32 {
                    continue;
                }
                let c = BackendColor {
                    alpha: color.alpha * f64::from(cov.min(1.0)),
                    rgb: color.rgb,
                };
                self.inner.draw_pixel((px, py), c)?;
            }
        }
        Ok(())
    }
}

/// A rasterised glyph: the top-left corner of its pixel bounds and the
/// pixels it covers, in the order `ab_glyph` reports them, with coverage
/// greater than zero.
struct Coverage {
    min_x: f32,
    min_y: f32,
    pixels: Vec<(u32, u32, f32)>,
}

/// Cache key of a glyph: the font (bold or not), glyph id, scale and pen
/// position, exactly (as bits): every input of the rasteriser.
type GlyphKey = (bool, u16, u32, u32, u32, u32);

/// Glyphs cached per thread before the cache is emptied (a few tens of MB).
const GLYPH_CACHE_MAX: usize = 40_000;

thread_local! {
    /// Glyphs already rasterised on this thread. The same label is drawn in
    /// many charts (area names, tick values, titles) and every glyph of a
    /// string sits at the same pen position each time, so most glyphs are
    /// found here; the pixels are the rasteriser's own, so the image is the
    /// same byte for byte.
    static GLYPHS: std::cell::RefCell<std::collections::HashMap<GlyphKey, std::rc::Rc<Option<Coverage>>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// The coverage of glyph `g` of `font`, rasterised once per thread.
fn coverage(
    font: &FontRef<'static>,
    bold: bool,
    g: ab_glyph::Glyph,
) -> std::rc::Rc<Option<Coverage>> {
    let key: GlyphKey = (
        bold,
        g.id.0,
        g.scale.x.to_bits(),
        g.scale.y.to_bits(),
        g.position.x.to_bits(),
        g.position.y.to_bits(),
    );
    if let Some(c) = GLYPHS.with(|m| m.borrow().get(&key).cloned()) {
        return c;
    }
    let c = std::rc::Rc::new(font.outline_glyph(g).map(|outline| {
        let b = outline.px_bounds();
        let mut pixels = Vec::new();
        outline.draw(|x, y, cov| {
            if cov > 0.0 {
                pixels.push((x, y, cov));
            }
        });
        Coverage {
            min_x: b.min.x,
            min_y: b.min.y,
            pixels,
        }
    }));
    GLYPHS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= GLYPH_CACHE_MAX {
            m.clear();
        }
        m.insert(key, c.clone());
    });
    c
}
