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
        for g in glyphs {
            let Some(outline) = font.outline_glyph(g) else {
                continue;
            };
            let b = outline.px_bounds();
            // Shift by the anchor offsets in whole pixels after rasterising at the
            // fractional pen position (the offsets are the same for every glyph).
            let ox = dx.round() as i32 + b.min.x as i32;
            let oy = dy.round() as i32 + b.min.y as i32;
            let mut err = None;
            outline.draw(|x, y, cov| {
                if err.is_some() || cov <= 0.0 {
                    return;
                }
                let (lx, ly) = (ox + x as i32, oy + y as i32);
                let (tx, ty) = trans.transform(lx, ly);
                let (px, py) = (pos.0 + tx, pos.1 + ty);
                if px < 0 || py < 0 || px >= w as i32 || py >= h as i32 {
                    return;
                }
                let c = BackendColor {
                    alpha: color.alpha * f64::from(cov.min(1.0)),
                    rgb: color.rgb,
                };
                if let Err(e) = self.inner.draw_pixel((px, py), c) {
                    err = Some(e);
                }
            });
            if let Some(e) = err {
                return Err(e);
            }
        }
        Ok(())
    }
}
