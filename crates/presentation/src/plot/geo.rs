//! Area boundaries for maps: GeoJSON reading (WGS84 lon/lat, RFC 7946),
//! projection to SWEREF 99 TM and the outlines of groups (counties).
//!
//! The 290 municipalities are compiled into the binary from
//! `data/boundaries/kommuner.geojson` (see `data/boundaries/PROVENANCE.md`);
//! district maps read the GeoJSON file a spec names with
//! `boundaries = { file = "…", id = "…" }` through [`Boundaries::load`].
//!
//! Projection: SWEREF 99 TM (EPSG:3006), Sweden's national grid — transverse
//! Mercator on GRS 80, central meridian 15° E, scale 0.9996, false easting
//! 500 000 m — computed by `proj4rs` (a pure-Rust port of PROJ; its `utm` is
//! PROJ's exact Poder/Engsager transverse Mercator). Over Sweden its scale
//! error is below 0.1 % in the east–west direction at the extremes, so areas
//! compare fairly on the map. GeoJSON coordinates are WGS84; SWEREF 99 agrees
//! with WGS84 to well under a metre, far below the boundaries' simplification.
//!
//! Bad input never panics: every problem is a [`GeoError`] naming the file and
//! the feature (its index and, when it has one, its id).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use serde_json::Value;

/// A point in projected metres: `[easting, northing]`.
pub type Point = [f64; 2];

/// One ring (closed: the last point repeats the first, as in GeoJSON).
pub type Ring = Vec<Point>;

/// A polygon: the outer ring, then its holes.
pub type Polygon = Vec<Ring>;

/// Why boundaries could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}{}: {message}", at(.feature, .id))]
pub struct GeoError {
    /// The file (or `built-in kommuner.geojson`).
    pub file: String,
    /// 1-based feature number, when the problem is in one feature.
    pub feature: Option<usize>,
    /// That feature's id, when it has one.
    pub id: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

fn at(feature: &Option<usize>, id: &Option<String>) -> String {
    match (feature, id) {
        (Some(n), Some(id)) => format!(": feature {n} (id '{id}')"),
        (Some(n), None) => format!(": feature {n}"),
        _ => String::new(),
    }
}

/// How to read the features of a GeoJSON file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureKeys {
    /// Property holding the area id the results use (e.g. `id`, `name`).
    pub id: String,
    /// Property holding the display name; absent or missing → the id.
    pub name: Option<String>,
    /// Property holding the group (county) whose outlines are drawn.
    pub group: Option<String>,
}

impl FeatureKeys {
    /// Only an id property (district files).
    pub fn id(id: &str) -> Self {
        FeatureKeys {
            id: id.to_string(),
            name: Some("name".to_string()),
            group: None,
        }
    }
}

/// One area's outline, projected.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    /// Polygons in SWEREF 99 TM metres.
    pub polygons: Vec<Polygon>,
}

/// The outlines of a set of areas, projected to SWEREF 99 TM.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundaries {
    /// Where they came from (for messages and the map's credit line).
    pub source: String,
    pub shapes: Vec<Shape>,
}

/// The embedded municipality boundaries (290 kommuner, WGS84, 5 decimals).
const KOMMUNER: &str = include_str!("../../../../data/boundaries/kommuner.geojson");

/// Name used for the embedded file in messages.
pub const KOMMUNER_SOURCE: &str = "built-in data/boundaries/kommuner.geojson";

impl Boundaries {
    /// The 290 municipalities (ids are Kolada's four-digit kommun codes, groups
    /// the two-digit county codes). Parsed once per process.
    pub fn municipalities() -> Result<&'static Boundaries, GeoError> {
        static B: OnceLock<Result<Boundaries, GeoError>> = OnceLock::new();
        B.get_or_init(|| {
            let keys = FeatureKeys {
                id: "id".into(),
                name: Some("name".into()),
                group: Some("county".into()),
            };
            Boundaries::from_geojson(KOMMUNER, KOMMUNER_SOURCE, &keys)
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Read a GeoJSON file whose features carry the area id in property `id`
    /// (and a display name in `name` when present).
    pub fn load(path: &Path, id: &str) -> Result<Boundaries, GeoError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| GeoError {
            file: file.clone(),
            feature: None,
            id: None,
            message: format!("cannot read the boundary file: {e}"),
        })?;
        Boundaries::from_geojson(&text, &file, &FeatureKeys::id(id))
    }

    /// Parse GeoJSON text (a FeatureCollection of Polygon/MultiPolygon features
    /// in WGS84 lon/lat) and project it. `file` names the source in errors.
    pub fn from_geojson(
        text: &str,
        file: &str,
        keys: &FeatureKeys,
    ) -> Result<Boundaries, GeoError> {
        let err = |feature: Option<usize>, id: Option<String>, message: String| GeoError {
            file: file.to_string(),
            feature,
            id,
            message,
        };
        let doc: Value = serde_json::from_str(text).map_err(|e| {
            err(
                None,
                None,
                format!(
                    "not valid JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
            return Err(err(
                None,
                None,
                "not a GeoJSON FeatureCollection (the top-level \"type\" must be \"FeatureCollection\")"
                    .into(),
            ));
        }
        let Some(features) = doc.get("features").and_then(Value::as_array) else {
            return Err(err(
                None,
                None,
                "the FeatureCollection has no \"features\" array".into(),
            ));
        };
        let mut shapes = Vec::with_capacity(features.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, f) in features.iter().enumerate() {
            let n = i + 1;
            let props = f.get("properties").and_then(Value::as_object);
            let id = match props.and_then(|p| p.get(&keys.id)) {
                Some(v) => property_text(v).ok_or_else(|| {
                    err(
                        Some(n),
                        None,
                        format!("property '{}' is not a string or a number: {v}", keys.id),
                    )
                })?,
                None => {
                    let have: Vec<&str> = props
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    return Err(err(
                        Some(n),
                        None,
                        format!(
                            "has no property '{}' (its properties: {}); set `id` in the spec's `boundaries` to the property that holds the area id",
                            keys.id,
                            if have.is_empty() { "none".to_string() } else { have.join(", ") }
                        ),
                    ));
                }
            };
            if let Some(first) = seen.insert(id.clone(), n) {
                return Err(err(
                    Some(n),
                    Some(id),
                    format!("the id also belongs to feature {first}; ids must be unique"),
                ));
            }
            let name = keys
                .name
                .as_ref()
                .and_then(|k| props.and_then(|p| p.get(k)))
                .and_then(property_text)
                .unwrap_or_else(|| id.clone());
            let group = keys
                .group
                .as_ref()
                .and_then(|k| props.and_then(|p| p.get(k)))
                .and_then(property_text);
            let polygons =
                read_geometry(f.get("geometry")).map_err(|m| err(Some(n), Some(id.clone()), m))?;
            shapes.push(Shape {
                id,
                name,
                group,
                polygons,
            });
        }
        if shapes.is_empty() {
            return Err(err(
                None,
                None,
                "the FeatureCollection has no features".into(),
            ));
        }
        Ok(Boundaries {
            source: file.to_string(),
            shapes,
        })
    }

    /// Bounding box `(min_e, min_n, max_e, max_n)` of all shapes.
    pub fn bbox(&self) -> (f64, f64, f64, f64) {
        bbox(
            self.shapes
                .iter()
                .flat_map(|s| s.polygons.iter().flatten().flatten()),
        )
    }

    /// The shape with this id.
    pub fn get(&self, id: &str) -> Option<&Shape> {
        self.shapes.iter().find(|s| s.id == id)
    }

    /// Lines between areas of different groups, and the outer edge of all
    /// areas (coast and national border): the county outlines for
    /// municipalities. Built from the shared edges of neighbouring polygons
    /// (the simplified files keep shared vertices identical), so the outlines
    /// lie exactly on the municipality borders. Chained into polylines.
    pub fn group_outlines(&self) -> Vec<Vec<Point>> {
        type Key = (u64, u64);
        let key = |p: &Point| (p[0].to_bits(), p[1].to_bits());
        // Edge (unordered) → groups of the shapes using it.
        type Users<'b> = (Point, Point, Vec<Option<&'b str>>);
        let mut edges: BTreeMap<(Key, Key), Users> = BTreeMap::new();
        for s in &self.shapes {
            for ring in s.polygons.iter().flatten() {
                for w in ring.windows(2) {
                    let (a, b) = (w[0], w[1]);
                    if key(&a) == key(&b) {
                        continue;
                    }
                    let k = if key(&a) <= key(&b) {
                        (key(&a), key(&b))
                    } else {
                        (key(&b), key(&a))
                    };
                    edges
                        .entry(k)
                        .or_insert((a, b, Vec::new()))
                        .2
                        .push(s.group.as_deref());
                }
            }
        }
        let segs: Vec<(Point, Point)> = edges
            .into_values()
            .filter(|(_, _, g)| g.len() == 1 || g.iter().any(|x| *x != g[0]))
            .map(|(a, b, _)| (a, b))
            .collect();
        chain(segs)
    }
}

/// Join segments that share end points into polylines (greedy, deterministic).
fn chain(segs: Vec<(Point, Point)>) -> Vec<Vec<Point>> {
    let key = |p: &Point| (p[0].to_bits(), p[1].to_bits());
    let mut at: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (i, (a, b)) in segs.iter().enumerate() {
        at.entry(key(a)).or_default().push(i);
        at.entry(key(b)).or_default().push(i);
    }
    let mut used = vec![false; segs.len()];
    let mut lines = Vec::new();
    for start in 0..segs.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut line = vec![segs[start].0, segs[start].1];
        // Extend forwards from the end, then backwards from the start.
        for forward in [true, false] {
            loop {
                let end = if forward {
                    line[line.len() - 1]
                } else {
                    line[0]
                };
                let next = at
                    .get(&key(&end))
                    .and_then(|v| v.iter().copied().find(|&j| !used[j]));
                let Some(j) = next else { break };
                used[j] = true;
                let (a, b) = segs[j];
                let p = if key(&a) == key(&end) { b } else { a };
                if forward {
                    line.push(p);
                } else {
                    line.insert(0, p);
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Bounding box of points; zeros when there are none.
pub fn bbox<'a>(pts: impl Iterator<Item = &'a Point>) -> (f64, f64, f64, f64) {
    let mut b = (
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    );
    for p in pts {
        b.0 = b.0.min(p[0]);
        b.1 = b.1.min(p[1]);
        b.2 = b.2.max(p[0]);
        b.3 = b.3.max(p[1]);
    }
    if b.0.is_finite() {
        b
    } else {
        (0.0, 0.0, 0.0, 0.0)
    }
}

/// A property value as text: strings as they are, integral numbers without a
/// decimal part (`180` for 180.0).
fn property_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        }),
        _ => None,
    }
}

fn read_geometry(g: Option<&Value>) -> Result<Vec<Polygon>, String> {
    let Some(g) = g.filter(|g| !g.is_null()) else {
        return Err("has no geometry".into());
    };
    let kind = g.get("type").and_then(Value::as_str).unwrap_or("");
    let coords = g
        .get("coordinates")
        .ok_or_else(|| format!("{kind} geometry has no \"coordinates\""))?;
    let polys: Vec<&Value> = match kind {
        "Polygon" => vec![coords],
        "MultiPolygon" => coords
            .as_array()
            .ok_or("MultiPolygon coordinates are not an array")?
            .iter()
            .collect(),
        other => {
            return Err(format!(
                "geometry type '{other}' cannot be drawn as an area: use Polygon or MultiPolygon"
            ))
        }
    };
    let mut out = Vec::with_capacity(polys.len());
    for (pi, p) in polys.iter().enumerate() {
        let rings = p
            .as_array()
            .ok_or_else(|| format!("polygon {} is not an array of rings", pi + 1))?;
        if rings.is_empty() {
            return Err(format!("polygon {} has no rings", pi + 1));
        }
        let mut poly = Vec::with_capacity(rings.len());
        for (ri, r) in rings.iter().enumerate() {
            let pts = r
                .as_array()
                .ok_or_else(|| format!("polygon {} ring {} is not an array", pi + 1, ri + 1))?;
            if pts.len() < 4 {
                return Err(format!(
                    "polygon {} ring {} has {} positions; a ring needs at least 4 (closed)",
                    pi + 1,
                    ri + 1,
                    pts.len()
                ));
            }
            let mut ring = Vec::with_capacity(pts.len());
            for (k, pt) in pts.iter().enumerate() {
                let xy = pt
                    .as_array()
                    .and_then(|a| Some((a.first()?.as_f64()?, a.get(1)?.as_f64()?)));
                let Some((lon, lat)) = xy else {
                    return Err(format!(
                        "polygon {} ring {} position {} is not [longitude, latitude]: {pt}",
                        pi + 1,
                        ri + 1,
                        k + 1
                    ));
                };
                if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                    return Err(format!(
                        "position [{lon}, {lat}] is not a longitude/latitude; the file must be WGS84 degrees (RFC 7946), not projected metres: reproject it first (e.g. ogr2ogr -t_srs EPSG:4326)"
                    ));
                }
                ring.push(sweref99tm(lon, lat)?);
            }
            poly.push(ring);
        }
        out.push(poly);
    }
    Ok(out)
}

struct Projections {
    from: proj4rs::proj::Proj,
    to: proj4rs::proj::Proj,
}

fn projections() -> Result<&'static Projections, String> {
    static P: OnceLock<Result<Projections, String>> = OnceLock::new();
    P.get_or_init(|| {
        // SWEREF 99 geographic (GRS 80) → SWEREF 99 TM, EPSG:3006's definition.
        let from = proj4rs::proj::Proj::from_proj_string(
            "+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs",
        )
        .map_err(|e| e.to_string())?;
        let to = proj4rs::proj::Proj::from_proj_string(
            "+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs",
        )
        .map_err(|e| e.to_string())?;
        Ok(Projections { from, to })
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Longitude/latitude in degrees → SWEREF 99 TM `[easting, northing]` in metres.
pub fn sweref99tm(lon: f64, lat: f64) -> Result<Point, String> {
    let p = projections()?;
    let mut pt = (lon.to_radians(), lat.to_radians(), 0.0);
    proj4rs::transform::transform(&p.from, &p.to, &mut pt)
        .map_err(|e| format!("cannot project [{lon}, {lat}] to SWEREF 99 TM: {e}"))?;
    if !(pt.0.is_finite() && pt.1.is_finite()) {
        return Err(format!("cannot project [{lon}, {lat}] to SWEREF 99 TM"));
    }
    Ok([pt.0, pt.1])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lantmäteriet's Gauss–Krüger formulas (geodetic → grid), as published in
    /// "Gauss Konforma projektion (Gauss-Krüger)" (Lantmäteriet, 2008): an
    /// independent implementation to check the crate against, to the mm.
    fn lmv_gauss_kruger(lat: f64, lon: f64) -> (f64, f64) {
        let (a, f): (f64, f64) = (6_378_137.0, 1.0 / 298.257_222_101);
        let (lon0, k0, fn_, fe) = (15f64.to_radians(), 0.9996, 0.0, 500_000.0);
        let e2 = f * (2.0 - f);
        let n = f / (2.0 - f);
        let a_hat = a / (1.0 + n) * (1.0 + n * n / 4.0 + n.powi(4) / 64.0);
        let aa = e2;
        let bb = (5.0 * e2 * e2 - e2.powi(3)) / 6.0;
        let cc = (104.0 * e2.powi(3) - 45.0 * e2.powi(4)) / 120.0;
        let dd = 1237.0 * e2.powi(4) / 1260.0;
        let b1 = n / 2.0 - 2.0 * n * n / 3.0 + 5.0 * n.powi(3) / 16.0 + 41.0 * n.powi(4) / 180.0;
        let b2 = 13.0 * n * n / 48.0 - 3.0 * n.powi(3) / 5.0 + 557.0 * n.powi(4) / 1440.0;
        let b3 = 61.0 * n.powi(3) / 240.0 - 103.0 * n.powi(4) / 140.0;
        let b4 = 49561.0 * n.powi(4) / 161280.0;
        let (phi, lam) = (lat.to_radians(), lon.to_radians());
        let s = phi.sin();
        let phis = phi - s * phi.cos() * (aa + bb * s * s + cc * s.powi(4) + dd * s.powi(6));
        let dl = lam - lon0;
        let xi = (phis.tan() / dl.cos()).atan();
        let eta = (phis.cos() * dl.sin()).atanh();
        let x = k0
            * a_hat
            * (xi
                + b1 * (2.0 * xi).sin() * (2.0 * eta).cosh()
                + b2 * (4.0 * xi).sin() * (4.0 * eta).cosh()
                + b3 * (6.0 * xi).sin() * (6.0 * eta).cosh()
                + b4 * (8.0 * xi).sin() * (8.0 * eta).cosh())
            + fn_;
        let y = k0
            * a_hat
            * (eta
                + b1 * (2.0 * xi).cos() * (2.0 * eta).sinh()
                + b2 * (4.0 * xi).cos() * (4.0 * eta).sinh()
                + b3 * (6.0 * xi).cos() * (6.0 * eta).sinh()
                + b4 * (8.0 * xi).cos() * (8.0 * eta).sinh())
            + fe;
        (y, x)
    }

    #[test]
    fn projection_matches_lantmateriet_formulas_across_sweden() {
        // A grid over Sweden's extent (10.9–24.2° E, 55.3–69.1° N).
        for lat in [55.3, 57.0, 59.33, 62.0, 65.5, 69.06] {
            for lon in [10.95, 13.0, 15.0, 18.06, 21.0, 24.18] {
                let p = sweref99tm(lon, lat).unwrap();
                let (e, n) = lmv_gauss_kruger(lat, lon);
                assert!(
                    (p[0] - e).abs() < 0.002,
                    "E at {lat},{lon}: {} vs {e}",
                    p[0]
                );
                assert!(
                    (p[1] - n).abs() < 0.002,
                    "N at {lat},{lon}: {} vs {n}",
                    p[1]
                );
            }
        }
    }

    #[test]
    fn projection_on_the_central_meridian_is_the_scaled_meridian_arc() {
        // On 15° E the easting is the false easting and the northing is
        // k0 · (meridian arc from the equator), here integrated numerically
        // from the GRS 80 meridional radius M(φ) = a(1−e²)/(1−e² sin²φ)^{3/2}
        // (Simpson, 20 000 steps): a check by first principles.
        let (a, f) = (6_378_137.0f64, 1.0 / 298.257_222_101);
        let e2 = f * (2.0 - f);
        let m = |p: f64| a * (1.0 - e2) / (1.0 - e2 * p.sin().powi(2)).powf(1.5);
        for lat in [56.0f64, 60.0, 64.0, 68.0] {
            let (phi, k) = (lat.to_radians(), 20_000);
            let h = phi / k as f64;
            let mut s = m(0.0) + m(phi);
            for i in 1..k {
                s += m(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
            }
            let arc = s * h / 3.0;
            let p = sweref99tm(15.0, lat).unwrap();
            assert!((p[0] - 500_000.0).abs() < 1e-6);
            assert!(
                (p[1] - 0.9996 * arc).abs() < 0.001,
                "{lat}: {} vs {}",
                p[1],
                0.9996 * arc
            );
        }
    }

    #[test]
    fn stockholm_central_station_lands_on_its_published_grid_position() {
        // Stockholm Central Station, 59.330231 N 18.059196 E, is at
        // N 6 580 822, E 674 032 in SWEREF 99 TM (to the metre, as published
        // on Eniro's map service and used by the MightyLittleGeodesy tests).
        let p = sweref99tm(18.059196, 59.330231).unwrap();
        assert!((p[0] - 674_032.0).abs() < 1.0, "{}", p[0]);
        assert!((p[1] - 6_580_822.0).abs() < 1.0, "{}", p[1]);
    }

    #[test]
    fn embedded_municipalities_have_290_ids_and_21_counties() {
        let b = Boundaries::municipalities().unwrap();
        assert_eq!(b.shapes.len(), 290);
        let counties: std::collections::BTreeSet<_> =
            b.shapes.iter().filter_map(|s| s.group.clone()).collect();
        assert_eq!(counties.len(), 21);
        assert_eq!(b.get("1280").unwrap().name, "Malmö");
        assert_eq!(b.get("0180").unwrap().group.as_deref(), Some("01"));
        // Sweden spans about 1 570 km north–south in SWEREF 99 TM.
        let (_, s, _, n) = b.bbox();
        assert!((1_500_000.0..1_650_000.0).contains(&(n - s)), "{}", n - s);
    }

    #[test]
    fn county_outlines_lie_on_municipality_borders() {
        let b = Boundaries::municipalities().unwrap();
        let lines = b.group_outlines();
        assert!(!lines.is_empty());
        // Every outline vertex is a vertex of some municipality.
        let verts: std::collections::HashSet<(u64, u64)> = b
            .shapes
            .iter()
            .flat_map(|s| s.polygons.iter().flatten().flatten())
            .map(|p| (p[0].to_bits(), p[1].to_bits()))
            .collect();
        for l in &lines {
            for p in l {
                assert!(verts.contains(&(p[0].to_bits(), p[1].to_bits())));
            }
        }
        // The border between Stockholm (0180, county 01) and Solna (0184,
        // county 01) is not an outline; one between Stockholm's county and
        // Uppsala's is: Upplands-Bro (0139, 01) touches Håbo (0305, 03).
        let edge_set = |id: &str| -> std::collections::HashSet<(u64, u64)> {
            b.get(id)
                .unwrap()
                .polygons
                .iter()
                .flatten()
                .flatten()
                .map(|p| (p[0].to_bits(), p[1].to_bits()))
                .collect()
        };
        let on_outline: std::collections::HashSet<(u64, u64)> = lines
            .iter()
            .flatten()
            .map(|p| (p[0].to_bits(), p[1].to_bits()))
            .collect();
        let shared_bro_habo: Vec<_> = edge_set("0139")
            .intersection(&edge_set("0305"))
            .copied()
            .collect();
        assert!(!shared_bro_habo.is_empty());
        assert!(shared_bro_habo.iter().all(|v| on_outline.contains(v)));
    }

    fn fc(features: &str) -> String {
        format!("{{\"type\":\"FeatureCollection\",\"features\":[{features}]}}")
    }

    const SQUARE: &str =
        r#"{"type":"Polygon","coordinates":[[[18,59],[18.1,59],[18.1,59.1],[18,59.1],[18,59]]]}"#;

    #[test]
    fn missing_id_property_names_file_feature_and_properties() {
        let text = fc(&format!(
            r#"{{"type":"Feature","properties":{{"id":"A"}},"geometry":{SQUARE}}},{{"type":"Feature","properties":{{"namn":"Rinkeby"}},"geometry":{SQUARE}}}"#
        ));
        let e = Boundaries::from_geojson(&text, "stadsdelar.geojson", &FeatureKeys::id("id"))
            .unwrap_err();
        let msg = e.to_string();
        assert_eq!(e.feature, Some(2));
        assert!(msg.starts_with("stadsdelar.geojson: feature 2:"), "{msg}");
        assert!(
            msg.contains("no property 'id'") && msg.contains("namn"),
            "{msg}"
        );
    }

    #[test]
    fn bad_geojson_gives_clear_errors_not_panics() {
        let k = FeatureKeys::id("id");
        let cases: Vec<(String, &str)> = vec![
            ("{not json".into(), "not valid JSON at line 1"),
            (
                r#"{"type":"Feature"}"#.into(),
                "not a GeoJSON FeatureCollection",
            ),
            (fc(""), "no features"),
            (
                fc(r#"{"type":"Feature","properties":{"id":"A"},"geometry":null}"#),
                "feature 1 (id 'A'): has no geometry",
            ),
            (
                fc(
                    r#"{"type":"Feature","properties":{"id":"A"},"geometry":{"type":"Point","coordinates":[18,59]}}"#,
                ),
                "geometry type 'Point'",
            ),
            (
                fc(
                    r#"{"type":"Feature","properties":{"id":"A"},"geometry":{"type":"Polygon","coordinates":[[[18,59],[18.1,59],[18,59]]]}}"#,
                ),
                "at least 4",
            ),
            (
                fc(
                    r#"{"type":"Feature","properties":{"id":"A"},"geometry":{"type":"Polygon","coordinates":[[[674032,6580822],[674100,6580822],[674100,6580900],[674032,6580822]]]}}"#,
                ),
                "not projected metres",
            ),
            (
                fc(
                    r#"{"type":"Feature","properties":{"id":"A"},"geometry":{"type":"Polygon","coordinates":[[[18,"x"],[18.1,59],[18.1,59.1],[18,59]]]}}"#,
                ),
                "position 1 is not [longitude, latitude]",
            ),
            (
                fc(&format!(
                    r#"{{"type":"Feature","properties":{{"id":7}},"geometry":{SQUARE}}},{{"type":"Feature","properties":{{"id":7.0}},"geometry":{SQUARE}}}"#
                )),
                "feature 2 (id '7'): the id also belongs to feature 1",
            ),
            (
                fc(&format!(
                    r#"{{"type":"Feature","properties":{{"id":[1]}},"geometry":{SQUARE}}}"#
                )),
                "not a string or a number",
            ),
        ];
        for (text, want) in cases {
            let e = Boundaries::from_geojson(&text, "x.geojson", &k)
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("x.geojson"), "{e}");
            assert!(e.contains(want), "{e} should contain {want}");
        }
    }

    #[test]
    fn missing_file_is_named() {
        let e = Boundaries::load(Path::new("no/such/file.geojson"), "id").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("no/such/file.geojson: cannot read"),
            "{e}"
        );
    }
}
