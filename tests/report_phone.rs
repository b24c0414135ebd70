//! The report on a phone: headless Chromium renders report.html in a frame
//! 390 px wide (an iPhone 12–15 screen in CSS pixels), and a script in the
//! page measures what a reader sees. The ranking table's deviation and flag
//! columns must be on screen without sideways scrolling, the page itself
//! must not scroll sideways, and no chart text may shrink below 8 px (the
//! charts are drawn 900 px wide with text from about 9.7 px; the phone
//! layout showed it at 5.8 px).
//!
//! Without Chromium the test is skipped with a note, except in CI (env `CI`
//! set), where it fails: `.ci/run` installs Debian's `chromium`.

use std::path::Path;
use std::process::Command;

/// Phone width in CSS pixels.
const PHONE: u32 = 390;
/// Smallest chart text accepted on the phone, in CSS pixels.
const MIN_CHART_PX: f64 = 8.0;

/// Measures the page once loaded and posts the figures (JSON) to the frame's
/// parent: the frame's width, the page's scroll width, each ranking-table
/// header's box and whether it is shown, the right edge of the table's
/// scrolling box, and the rendered size of every chart text (font size
/// times the SVG's scale on screen).
const PROBE: &str = r#"<script>
window.addEventListener('load', function () {
  var de = document.documentElement;
  var out = {viewport: de.clientWidth, page_width: de.scrollWidth, cols: [], fonts: []};
  var t = document.getElementById('ranking-table');
  var box = t.parentElement.getBoundingClientRect();
  out.box_right = Math.min(box.right, de.clientWidth);
  Array.prototype.forEach.call(t.tHead.rows[0].cells, function (th) {
    var r = th.getBoundingClientRect();
    out.cols.push({text: th.textContent, shown: getComputedStyle(th).display !== 'none' && r.width > 0,
                   left: r.left, right: r.right});
  });
  document.querySelectorAll('figure svg text').forEach(function (el) {
    var m = el.getScreenCTM();
    if (!m || !el.textContent.trim()) return;
    out.fonts.push([parseFloat(getComputedStyle(el).fontSize) * Math.sqrt(m.a * m.a + m.b * m.b),
                    el.textContent.trim().slice(0, 40)]);
  });
  parent.postMessage(JSON.stringify(out), '*');
});
</script>"#;

/// Load `page` in a 390-px frame (Chromium's headless window cannot be made
/// that narrow) and return the probe's figures.
fn measure(bin: &Path, dir: &Path, page: &Path) -> serde_json::Value {
    measure_with(bin, dir, page, PROBE)
}

/// Scroll widths only: the frame's width and the page's, for pages without
/// a ranking table (the index).
const WIDTH_PROBE: &str = r#"<script>
window.addEventListener('load', function () {
  var de = document.documentElement;
  parent.postMessage(JSON.stringify({viewport: de.clientWidth, page_width: de.scrollWidth}), '*');
});
</script>"#;

/// [`measure`] with another probe script.
fn measure_with(bin: &Path, dir: &Path, page: &Path, probe: &str) -> serde_json::Value {
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains("</body>"));
    let probed = page.with_file_name("phone-probe.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{probe}</body>"))).unwrap();
    let host = dir.join("phone-host.html");
    std::fs::write(
        &host,
        format!(
            r#"<!doctype html><html><body style="margin:0"><iframe src="file://{}" style="width:{PHONE}px;height:844px;border:0"></iframe><pre id="probe"></pre><script>window.addEventListener('message', function (e) {{ document.getElementById('probe').textContent = e.data; }});</script></body></html>"#,
            probed.display()
        ),
    )
    .unwrap();
    let profile = dir.join("chromium-profile");
    // Chromium's closed-network flags (hidden scrollbars included: phones
    // overlay theirs, and a desktop scrollbar would take 15 px of the 390).
    let dom = crate::browser::run_chromium(
        bin,
        &profile,
        &[
            "--window-size=1000,900".to_string(),
            "--virtual-time-budget=10000".to_string(),
            "--dump-dom".to_string(),
            format!("file://{}", host.display()),
        ],
    );
    let start = dom.find("<pre id=\"probe\">").expect("probe element") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    assert!(
        !json.is_empty(),
        "the probe did not report (page not loaded?)"
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// On a phone the ranking table showed only #, Område and Grupp, the page
/// scrolled sideways (the contents bar and the fit table did not wrap) and
/// chart text shrank to 5.8 px.
#[test]
fn phone_shows_deviation_and_flags_and_readable_charts() {
    let Some(bin) = crate::browser::chromium_or_skip() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let spec = format!(
        "{}/models/stadsdelar-exempel.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .args(["report", "--model", &spec, "--year", "2022", "--out", "out"])
        .current_dir(d)
        .env("XDG_CACHE_HOME", d.join("cache"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m = measure(&bin, d, &d.join("out/stadsdelar-exempel/2022/report.html"));
    let vw = m["viewport"].as_f64().unwrap();
    assert_eq!(vw, PHONE as f64, "{m}");
    assert!(
        m["page_width"].as_f64().unwrap() <= vw,
        "the page scrolls sideways: {} px wide on a {vw} px screen",
        m["page_width"]
    );
    let right = m["box_right"].as_f64().unwrap();
    // The Swedish report's headers (i18n sv.rs): deviation, percent, flags.
    for want in ["Avvikelse", "%", "Flaggor"] {
        let col = m["cols"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["text"] == want)
            .unwrap_or_else(|| panic!("no column {want}: {m}"));
        assert_eq!(col["shown"], true, "{want} hidden: {col}");
        assert!(
            col["left"].as_f64().unwrap() >= 0.0 && col["right"].as_f64().unwrap() <= right + 0.5,
            "{want} is off screen (table box ends at {right}): {col}"
        );
    }
    let fonts = m["fonts"].as_array().unwrap();
    assert!(
        fonts.len() > 50,
        "too few chart texts measured: {}",
        fonts.len()
    );
    let small: Vec<&serde_json::Value> = fonts
        .iter()
        .filter(|f| f[0].as_f64().unwrap() < MIN_CHART_PX)
        .collect();
    assert!(
        small.is_empty(),
        "{} chart texts below {MIN_CHART_PX} px, e.g. {:?}",
        small.len(),
        &small[..small.len().min(5)]
    );
}

/// The index of all reports: its tables (year, share explained, n, flagged
/// areas, link) overflowed a 390 px screen by the link column, "öppna" cut
/// in half.
#[test]
fn phone_index_fits_the_screen() {
    let Some(bin) = crate::browser::chromium_or_skip() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let o = Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .args([
            "report", "--model", "riket", "--year", "2022", "--out", "out",
        ])
        .current_dir(d)
        .env("XDG_CACHE_HOME", d.join("cache"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m = measure_with(&bin, d, &d.join("out/index.html"), WIDTH_PROBE);
    let vw = m["viewport"].as_f64().unwrap();
    assert_eq!(vw, PHONE as f64, "{m}");
    assert!(
        m["page_width"].as_f64().unwrap() <= vw,
        "the index scrolls sideways: {} px wide on a {vw} px screen",
        m["page_width"]
    );
}
