//! Maps: the municipality choropleth's SVG (one path per kommun with its id and
//! colour class, grey areas, outlines, legend, well-formed XML), its PNG, the
//! Stockholm stadsdelar as the worked district example, and the spec key.

use std::path::Path;

use modellvarde::lang::Lang;
use modellvarde::plot::geo::Boundaries;
use modellvarde::plot::map::{
    Map, MapArea, MapError, MapInput, MapOptions, ValueStyle, COLOURS, GREY,
};
use modellvarde::spec::ModelSpec;

const BREAKS: [f64; 6] = [-30.0, -15.0, -5.0, 5.0, 15.0, 30.0];

/// A deviation for each kommun code, spread over every class: (code mod 97) − 48.
fn value_for(id: &str) -> f64 {
    (id.parse::<u32>().unwrap() % 97) as f64 - 48.0
}

/// The class the map must give `v` with BREAKS, written out by hand.
fn expected_class(v: f64) -> &'static str {
    if v < -30.0 {
        "c0"
    } else if v < -15.0 {
        "c1"
    } else if v < -5.0 {
        "c2"
    } else if v < 5.0 {
        "c3"
    } else if v < 15.0 {
        "c4"
    } else if v < 30.0 {
        "c5"
    } else {
        "c6"
    }
}

fn kommun_input() -> MapInput {
    let b = Boundaries::municipalities().unwrap();
    let areas = b
        .shapes
        .iter()
        .map(|s| MapArea {
            id: s.id.clone(),
            name: String::new(),
            value: Some(value_for(&s.id)),
            outside: s.id == "1280",
            label: s.id == "1280",
            in_sample: s.id != "0180",
            details: vec![],
        })
        .collect();
    MapInput {
        title: "Avvikelse per kommun".into(),
        subtitle: "test".into(),
        legend_title: "Avvikelse, %".into(),
        value_label: "Avvikelse".into(),
        style: ValueStyle::Percent,
        breaks: Some(BREAKS),
        areas,
        ..Default::default()
    }
}

fn classes(node: &roxmltree::Node) -> Vec<String> {
    node.attribute("class")
        .unwrap_or("")
        .split(' ')
        .map(str::to_string)
        .collect()
}

#[test]
fn kommun_map_has_one_path_per_municipality_with_its_id_and_colour_class() {
    let b = Boundaries::municipalities().unwrap();
    let input = kommun_input();
    let svg = Map::new(b, &input)
        .svg(&MapOptions::municipalities(Lang::Sv))
        .unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let paths: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("path") && n.attribute("id").is_some_and(|i| i.starts_with("area-"))
        })
        .collect();
    assert_eq!(paths.len(), 290);
    let mut seen = std::collections::HashSet::new();
    for p in &paths {
        let id = p.attribute("data-id").unwrap();
        assert_eq!(p.attribute("id").unwrap(), format!("area-{id}"));
        assert!(seen.insert(id.to_string()), "{id} twice");
        let c = classes(p);
        let want = if id == "0180" {
            "na"
        } else {
            expected_class(value_for(id))
        };
        assert!(c.contains(&want.to_string()), "{id}: {c:?}, want {want}");
        assert_eq!(c.contains(&"outside".to_string()), id == "1280", "{id}");
        // Each has a tooltip with its name.
        let title = p
            .children()
            .find(|n| n.has_tag_name("title"))
            .unwrap()
            .text()
            .unwrap();
        let name = &b.get(id).unwrap().name;
        assert!(title.starts_with(&format!("{name} ({id})")), "{title}");
    }
    let malmo = paths
        .iter()
        .find(|p| p.attribute("data-id") == Some("1280"))
        .unwrap();
    let t = malmo
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap()
        .text()
        .unwrap();
    // 1280 mod 97 − 48 = −29: real minus, decimal comma, no-break space.
    assert!(t.contains("Avvikelse: \u{2212}29,0\u{a0}%"), "{t}");
    assert!(t.contains("Utanför prediktionsintervallet"), "{t}");
    let sthlm = paths
        .iter()
        .find(|p| p.attribute("data-id") == Some("0180"))
        .unwrap();
    let t = sthlm
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap()
        .text()
        .unwrap();
    assert!(t.contains("Ingår inte i urvalet"), "{t}");
    // The outside area's outline and the county outlines are drawn.
    assert!(doc
        .descendants()
        .any(|n| n.attribute("class") == Some("outside-line")));
    assert!(doc
        .descendants()
        .any(|n| n.attribute("class") == Some("county")));
    // Malmö is labelled (in the Malmö inset).
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(texts.contains(&"Malmö"), "{texts:?}");
    assert!(texts.contains(&"Malmöområdet") && texts.contains(&"Stockholmsområdet"));
    // Legend: seven classes in the report's number style, plus grey and outline.
    for want in [
        "+30\u{a0}% och mer",
        "+15\u{a0}% till +30\u{a0}%",
        "\u{2212}5\u{a0}% till +5\u{a0}%",
        "under \u{2212}30\u{a0}%",
        "Ingår inte i urvalet",
        "Utanför prediktionsintervallet",
    ] {
        assert!(texts.contains(&want), "legend lacks {want}: {texts:?}");
    }
    // The CSS gives each class its RdBu colour.
    assert!(svg.contains(".c0{fill:#2166ac}") && svg.contains(".c6{fill:#b2182b}"));
}

/// An area in the sample without a value (no percent of a modelled value
/// that may be 0) was grey like the areas not in the sample, so a reader took
/// Ekerö for left out; with a `no_value` label it is drawn in its own colour
/// with a legend entry, and the areas not in the sample stay grey.
#[test]
fn an_area_without_a_value_is_not_drawn_as_not_in_the_sample() {
    let b = Boundaries::municipalities().unwrap();
    let mut input = kommun_input();
    for a in &mut input.areas {
        if a.id == "0125" {
            a.value = None;
        }
    }
    let class_of = |input: &MapInput, id: &str| {
        let svg = Map::new(b, input)
            .svg(&MapOptions::municipalities(Lang::Sv))
            .unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let node = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(&format!("area-{id}")))
            .unwrap();
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(str::to_string))
            .collect();
        (classes(&node), texts, svg)
    };
    // Without a label: grey, as before, and no legend entry.
    let (c, texts, _) = class_of(&input, "0125");
    assert!(c.contains(&"na".to_string()), "{c:?}");
    assert!(!texts.iter().any(|t| t == "Ingen procent"), "{texts:?}");
    input.no_value = "Ingen procent".into();
    let (c, texts, svg) = class_of(&input, "0125");
    assert!(c.contains(&"nv".to_string()), "{c:?}");
    assert!(texts.iter().any(|t| t == "Ingen procent"), "{texts:?}");
    assert!(svg.contains(".nv{fill:#f2e6a0}"), "the colour is defined");
    // Stockholm is not in the sample: still grey.
    let (c, ..) = class_of(&input, "0180");
    assert!(c.contains(&"na".to_string()), "{c:?}");
}

#[test]
fn english_legend_and_same_ids() {
    let b = Boundaries::municipalities().unwrap();
    let input = kommun_input();
    let svg = Map::new(b, &input)
        .svg(&MapOptions::municipalities(Lang::En))
        .unwrap();
    assert!(svg.contains("below \u{2212}30%"));
    assert!(svg.contains("+30% or more"));
    assert!(svg.contains("Not in the sample"));
    assert_eq!(svg.matches(r#"<path id="area-"#).count(), 290);
}

#[test]
fn kommun_map_png_is_drawn_at_its_size_with_the_class_colours() {
    let b = Boundaries::municipalities().unwrap();
    let input = kommun_input();
    let o = MapOptions::municipalities(Lang::Sv);
    let map = Map::new(b, &input);
    let (w, h) = map.size(&o).unwrap();
    let bytes = map.png(&o).unwrap();
    let dec = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (w, h));
    assert_eq!(w, 900);
    assert!(h > 900, "{h}");
    let px: Vec<(u8, u8, u8)> = buf[..info.buffer_size()]
        .chunks(3)
        .map(|c| (c[0], c[1], c[2]))
        .collect();
    // Every class colour and the grey fill many pixels (areas, not just the legend).
    for c in COLOURS.iter().chain([&GREY]) {
        let n = px.iter().filter(|p| *p == c).count();
        assert!(n > 2000, "{c:?}: {n} pixels");
    }
    let white = px.iter().filter(|p| **p == (255, 255, 255)).count();
    assert!(white < px.len() * 8 / 10, "mostly blank");
}

#[test]
fn names_are_escaped_and_the_svg_stays_well_formed() {
    let gj = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"id":"A&1","name":"<Rinkeby & \"Tensta\">"},
       "geometry":{"type":"Polygon","coordinates":[[[17.9,59.4],[17.95,59.4],[17.95,59.42],[17.9,59.42],[17.9,59.4]]]}},
      {"type":"Feature","properties":{"id":"B","name":"Kista"},
       "geometry":{"type":"Polygon","coordinates":[[[17.95,59.4],[18.0,59.4],[18.0,59.42],[17.95,59.42],[17.95,59.4]]]}}]}"#;
    let b = Boundaries::from_geojson(
        gj,
        "t.geojson",
        &modellvarde::plot::geo::FeatureKeys::id("id"),
    )
    .unwrap();
    let input = MapInput {
        title: "A <b> & 'c'".into(),
        areas: vec![MapArea {
            id: "A&1".into(),
            value: Some(12.0),
            label: true,
            in_sample: true,
            details: vec!["Utfall: <5>".into()],
            ..Default::default()
        }],
        ..Default::default()
    };
    let svg = Map::new(&b, &input)
        .svg(&MapOptions::districts(Lang::Sv))
        .unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let a = doc
        .descendants()
        .find(|n| n.attribute("data-id") == Some("A&1"))
        .unwrap();
    assert_eq!(a.attribute("id"), Some("area-A_1"));
    let t = a
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap()
        .text()
        .unwrap();
    assert!(t.starts_with("<Rinkeby & \"Tensta\"> (A&1)"), "{t}");
    assert!(t.contains("Utfall: <5>"));
    // B has no value: grey, "no data".
    let bnode = doc
        .descendants()
        .find(|n| n.attribute("data-id") == Some("B"))
        .unwrap();
    assert!(classes(&bnode).contains(&"na".to_string()));
    assert!(doc
        .descendants()
        .any(|n| n.text() == Some("<Rinkeby & \"Tensta\">")));
}

fn stadsdelar_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/boundaries/stockholm-stadsdelar.geojson")
}

/// The worked district example: Stockholm's 117 stadsdelar, whose GeoJSON id
/// is the `name` property (upper-case stadsdel names). The values here are an
/// illustration only (a deviation from the name's length), not data.
#[test]
fn stockholm_stadsdelar_worked_example() {
    let spec = ModelSpec::from_toml(
        r#"
name = "stadsdelar"
outcome = "bistand_kr_inv"
covariates = ["x"]
boundaries = { file = "../data/boundaries/stockholm-stadsdelar.geojson", id = "name" }
"#,
        "models/stadsdelar.toml",
    )
    .unwrap();
    let bs = spec.boundaries.clone().unwrap();
    assert_eq!(bs.id, "name");
    assert_eq!(
        bs.path(&spec.file),
        Path::new("models/../data/boundaries/stockholm-stadsdelar.geojson")
    );
    let b = Boundaries::load(&stadsdelar_path(), &bs.id).unwrap();
    assert_eq!(b.shapes.len(), 117);
    let input = MapInput {
        title: "Stadsdelar (illustration)".into(),
        areas: b
            .shapes
            .iter()
            .filter(|s| s.id != "DJURGÅRDEN")
            .map(|s| MapArea {
                id: s.id.clone(),
                value: Some((s.id.chars().count() as f64 - 9.0) * 6.0),
                in_sample: true,
                outside: s.id == "RINKEBY",
                label: s.id == "RINKEBY",
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let map = Map::new(&b, &input);
    assert!(map.unmatched().is_empty());
    let svg = map.svg(&MapOptions::districts(Lang::Sv)).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let paths: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("id").is_some_and(|i| i.starts_with("area-")))
        .collect();
    assert_eq!(paths.len(), 117);
    let dj = paths
        .iter()
        .find(|p| p.attribute("data-id") == Some("DJURGÅRDEN"))
        .unwrap();
    assert!(classes(dj).contains(&"na".to_string()));
    let rb = paths
        .iter()
        .find(|p| p.attribute("data-id") == Some("RINKEBY"))
        .unwrap();
    assert!(classes(rb).contains(&"outside".to_string()));
    // No county outlines on a district map without groups.
    assert!(!doc
        .descendants()
        .any(|n| n.attribute("class") == Some("county")));
    // "BROMMA KYRKA" has a space: a valid XML id, the exact id in data-id.
    assert!(paths
        .iter()
        .any(|p| p.attribute("id") == Some("area-BROMMA_KYRKA")
            && p.attribute("data-id") == Some("BROMMA KYRKA")));
}

#[test]
fn district_ids_that_match_no_boundary_give_a_clear_error() {
    // The synthetic example's ids (S01, …) are not stadsdel names.
    let b = Boundaries::load(&stadsdelar_path(), "name").unwrap();
    let input = MapInput {
        areas: ["S01", "S02"]
            .iter()
            .map(|id| MapArea {
                id: id.to_string(),
                value: Some(1.0),
                in_sample: true,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let e = Map::new(&b, &input)
        .svg(&MapOptions::districts(Lang::Sv))
        .unwrap_err();
    assert!(matches!(e, MapError::NoMatch { .. }));
    let m = e.to_string();
    assert!(
        m.contains("stockholm-stadsdelar.geojson")
            && m.contains("S01, S02")
            && m.contains("ABRAHAMSBERG"),
        "{m}"
    );
    assert!(m.contains("boundaries.id"), "{m}");
    // A partial match draws the map and lists the unmatched ids under it.
    let mut input = input;
    input.areas[0].id = "RINKEBY".into();
    let map = Map::new(&b, &input);
    assert_eq!(map.unmatched(), vec!["S02"]);
    let svg = map.svg(&MapOptions::districts(Lang::Sv)).unwrap();
    assert!(svg.contains("1 områden saknar gräns i kartfilen: S02"));
}

#[test]
fn spec_boundaries_key_rejects_unknown_fields_and_missing_id_property() {
    let e = ModelSpec::from_toml(
        "name = \"x\"\noutcome = \"y\"\ncovariates = [\"x\"]\nboundaries = { file = \"a.geojson\", idd = \"name\" }\n",
        "m.toml",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("m.toml") && e.contains("idd"), "{e}");
    // The id property must exist in every feature: named with the feature.
    let e = Boundaries::load(&stadsdelar_path(), "stadsdel")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("stockholm-stadsdelar.geojson: feature 1 (")
            || e.contains("stockholm-stadsdelar.geojson: feature 1:"),
        "{e}"
    );
    assert!(
        e.contains("no property 'stadsdel'") && e.contains("name"),
        "{e}"
    );
}

/// Renders the map of a real `results.json` into `docs/` (run by hand):
/// `MAP_RESULTS=/tmp/x/riket/2022/results.json cargo test --test tests map_render:: -- --ignored`
#[test]
#[ignore]
fn render_docs_example_from_results_json() {
    let path = std::env::var("MAP_RESULTS").expect("set MAP_RESULTS to a results.json");
    let r: modellvarde::results::ModelResult =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let input = modellvarde::plot::map::deviation_input(&r, Lang::Sv);
    let b = Boundaries::municipalities().unwrap();
    let map = Map::new(b, &input);
    let o = MapOptions::municipalities(Lang::Sv);
    let out = std::env::var("MAP_OUT").unwrap_or_else(|_| "docs/map-riket-2022".into());
    std::fs::write(format!("{out}.png"), map.png(&o).unwrap()).unwrap();
    std::fs::write(format!("{out}.svg"), map.svg(&o).unwrap()).unwrap();
}
