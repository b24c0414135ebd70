//! `report.html`: the committee report as ONE self-contained file — inline CSS,
//! inline SVG figures and a small inline script for sorting tables; no fonts,
//! scripts, styles or images are fetched from anywhere. Swedish by default,
//! English on request; prints to A4 (print stylesheet, tables not cut mid-row).
//!
//! Every text that comes from data (area names, labels, titles, reasons) is
//! HTML-escaped; figures are embedded only if they contain no script and no
//! external reference.

use std::fmt::Write;

use super::format as f;
use super::{
    area_facts, area_interval, coef_label, escape_html as esc, fit_rows, flag_label, group_display,
    has_flag, interval_text, label, level, ranking_order, summary, text, trend, value_decimals,
    Figure, ABOVE_INTERVAL, BELOW_INTERVAL,
};
use crate::lang::Lang;
use crate::results::ModelResult;

const CSS: &str = r#"
:root{--ink:#1d2433;--muted:#5b6475;--line:#d8dce3;--bg:#ffffff;--soft:#f4f6f9;--accent:#1f4e79;--up:#a33a1f;--down:#1f5fa3}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:1180px;padding:28px 32px 48px;color:var(--ink);background:var(--bg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans","Liberation Sans",Arial,sans-serif}
h1{font-size:1.75rem;line-height:1.25;margin:.2rem 0 .4rem}
h2{font-size:1.3rem;margin:2.2rem 0 .6rem;padding-bottom:.25rem;border-bottom:2px solid var(--accent);color:var(--accent)}
h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
p{margin:.4rem 0 .7rem}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.78rem;color:var(--muted);margin:0}
.meta{color:var(--muted);font-size:.9rem}
nav.toc{margin:1rem 0 0;padding:.5rem .8rem;background:var(--soft);border-radius:6px;font-size:.9rem}
nav.toc a{margin-right:1.1rem;color:var(--accent);text-decoration:none;white-space:nowrap}
nav.toc a:hover{text-decoration:underline}
.lead{font-size:1.05rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:10px;margin:.8rem 0}
.card{border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:6px;padding:.55rem .8rem;background:#fff}
.card.up{border-left-color:var(--up)}.card.down{border-left-color:var(--down)}
.card b{display:block;font-size:1.02rem}
.card span{color:var(--ink);font-size:.92rem}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:24px}
.cols ul{padding-left:1.1rem;margin:.3rem 0}
.cols li{margin:.15rem 0}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.86rem;font-variant-numeric:tabular-nums;margin:.4rem 0 .8rem}
caption{caption-side:top;text-align:left;color:var(--muted);font-size:.85rem;padding-bottom:.3rem}
th,td{padding:.32rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
thead th{background:var(--soft);text-align:left;font-weight:600;border-bottom:2px solid #b9c0cc;white-space:nowrap}
td.n,th.n{text-align:right;white-space:nowrap}
td.name small{color:var(--muted);margin-left:.35rem}
td.grp{font-size:.92em;color:var(--muted)}
table.ranking thead th{white-space:normal;vertical-align:bottom}
table.ranking thead th:last-child{width:11.5rem}
table.fit th{text-align:left;font-weight:600;background:none}
tbody tr:nth-child(even){background:#fafbfc}
tr.above td:first-child{box-shadow:inset 4px 0 0 var(--up)}
tr.below td:first-child{box-shadow:inset 4px 0 0 var(--down)}
.pos{color:var(--up)}.neg{color:var(--down)}
th[data-type]{cursor:pointer;user-select:none}
th[data-type]::after{content:" \2195";color:#9aa3b2;font-weight:400}
th[aria-sort=ascending]::after{content:" \25B2";color:var(--accent)}
th[aria-sort=descending]::after{content:" \25BC";color:var(--accent)}
th[data-type]:focus{outline:2px solid var(--accent);outline-offset:-2px}
.flag{display:inline-block;font-size:.86em;line-height:1.3;padding:0 .4rem;margin:0 .2rem .15rem 0;border-radius:9px;border:1px solid;white-space:nowrap}
.f-above_interval{color:var(--up);border-color:var(--up);background:#fbeee9}
.f-below_interval{color:var(--down);border-color:var(--down);background:#e9f0fb}
.f-outlier{color:#6b2c91;border-color:#6b2c91;background:#f3ebf8}
.f-influential{color:#5b6475;border-color:#8a93a3;background:#f1f2f5}
.f-practical{color:#7a5200;border-color:#b88a1e;background:#fcf5e3}
.f-other{color:var(--ink);border-color:var(--line)}
.hint{color:var(--muted);font-size:.85rem}
figure{margin:1.2rem 0;padding:.6rem;border:1px solid var(--line);border-radius:6px;background:#fff}
figure h3{margin:.1rem 0 .5rem}
figure svg{display:block;max-width:100%;height:auto;margin:0 auto}
figcaption{color:var(--muted);font-size:.88rem;margin-top:.4rem}
dl.defs{display:grid;grid-template-columns:minmax(150px,max-content) 1fr;gap:.3rem 1rem;margin:.4rem 0}
dl.defs dt{font-weight:600}
dl.defs dd{margin:0}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:.86em}
.formula{font-family:"Cambria Math","STIX Two Math","DejaVu Serif",Georgia,serif}
.warn{color:var(--up)}
ol.refs li{margin:.2rem 0}
footer{margin-top:2.5rem;padding-top:.6rem;border-top:1px solid var(--line);color:var(--muted);font-size:.82rem}
@media (max-width:760px){body{padding:16px}.cols{grid-template-columns:1fr}dl.defs{grid-template-columns:1fr}}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
 body{max-width:none;padding:0;font-size:9.5pt;color:#000}
 nav.toc,.hint.screen{display:none}
 h2{break-after:avoid;page-break-after:avoid;margin-top:1.2rem}
 h3{break-after:avoid;page-break-after:avoid}
 section.newpage{break-before:page;page-break-before:always}
 .table-wrap{overflow:visible}
 table{font-size:7.6pt}
 th,td{padding:.15rem .3rem}
 thead{display:table-header-group}
 tr,figure,.card,dl.defs dt,dl.defs dd{break-inside:avoid;page-break-inside:avoid}
 th[data-type]::after{content:none!important}
 table.ranking thead th:last-child{width:auto}
 tbody tr:nth-child(even){background:none}
 .cards{grid-template-columns:1fr 1fr}
 figure{border:none;padding:0}
 a{color:inherit;text-decoration:none}
}
"#;

/// Sorting by clicking a header: numeric columns sort on the raw value in
/// `data-v` (the shown text is Swedish-formatted), empty values last.
const JS: &str = r#"
(function(){
  var lang=document.documentElement.lang||'sv';
  function key(td){var v=td.getAttribute('data-v');return v===null?td.textContent.trim():v;}
  function sortBy(t,th,col){
    var asc=th.getAttribute('aria-sort')!=='ascending';
    var hs=t.tHead.rows[0].cells;
    for(var i=0;i<hs.length;i++){hs[i].removeAttribute('aria-sort');}
    th.setAttribute('aria-sort',asc?'ascending':'descending');
    var num=th.getAttribute('data-type')==='num';
    var body=t.tBodies[0];
    var rows=Array.prototype.slice.call(body.rows).map(function(r,i){return [r,i];});
    rows.sort(function(a,b){
      var x=key(a[0].cells[col]),y=key(b[0].cells[col]),r;
      if(num){
        var fx=x===''?NaN:parseFloat(x),fy=y===''?NaN:parseFloat(y);
        if(isNaN(fx)&&isNaN(fy)){r=0;}else if(isNaN(fx)){return 1;}else if(isNaN(fy)){return -1;}else{r=fx-fy;}
      }else{r=x.localeCompare(y,lang);}
      if(r===0){return a[1]-b[1];}
      return asc?r:-r;
    });
    rows.forEach(function(p){body.appendChild(p[0]);});
  }
  var tables=document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables,function(t){
    Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,col){
      if(!th.hasAttribute('data-type')){return;}
      th.tabIndex=0;
      th.addEventListener('click',function(){sortBy(t,th,col);});
      th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();sortBy(t,th,col);}});
    });
  });
})();
"#;

/// A numeric cell: shown text (already formatted) and the raw value for sorting.
fn num_td(out: &mut String, shown: &str, raw: Option<f64>, class: &str) {
    let v = raw
        .filter(|x| x.is_finite())
        .map(|x| format!("{x}"))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<td class=\"n{}{class}\" data-v=\"{v}\">{}</td>",
        if class.is_empty() { "" } else { " " },
        esc(shown)
    );
}

fn sign_class(x: Option<f64>) -> &'static str {
    match x {
        Some(v) if v > 0.0 => "pos",
        Some(v) if v < 0.0 => "neg",
        _ => "",
    }
}

fn flag_class(flag: &str) -> String {
    match flag {
        "above_interval" | "below_interval" | "outlier" | "influential" | "practical" => {
            format!("f-{flag}")
        }
        _ => "f-other".into(),
    }
}

/// A flag with its full label (method section, legend).
fn flag_chip(flag: &str, r: &ModelResult, lang: Lang) -> String {
    format!(
        "<span class=\"flag {}\" title=\"{}\">{}</span>",
        flag_class(flag),
        esc(flag),
        esc(&flag_label(flag, r, lang))
    )
}

/// A flag with a short label, for the ranking table (the full label is in the
/// tooltip and the legend under the table).
fn flag_chip_short(flag: &str, r: &ModelResult, lang: Lang) -> String {
    let short = match flag {
        super::ABOVE_INTERVAL => lang.pick("över", "above").to_string(),
        super::BELOW_INTERVAL => lang.pick("under", "below").to_string(),
        super::OUTLIER => lang.pick("avvikare", "outlier").to_string(),
        super::PRACTICAL => format!("≥ {}", f::percent(r.model.min_deviation_pct, 0, lang)),
        _ => flag_label(flag, r, lang),
    };
    format!(
        "<span class=\"flag {}\" title=\"{}\">{}</span>",
        flag_class(flag),
        esc(&flag_label(flag, r, lang)),
        esc(&short)
    )
}

/// Prepare an SVG for inline use: drop the XML prolog and the namespace
/// declarations (implied for inline SVG in HTML), and refuse anything that
/// could run script or fetch a resource.
pub fn inline_svg(svg: &str) -> Option<String> {
    let mut s = svg.trim();
    while s.starts_with("<?") || s.starts_with("<!") {
        match s.find('>') {
            Some(end) => s = s[end + 1..].trim_start(),
            None => return None,
        }
    }
    if !s.starts_with("<svg") {
        return None;
    }
    let cleaned = s
        .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
    let lower = cleaned.to_ascii_lowercase();
    let forbidden = [
        "<script",
        "javascript:",
        "http:",
        "https:",
        "href=\"//",
        "src=",
        "<foreignobject",
        "@import",
        "url(//",
        " onload",
        " onclick",
        " onerror",
        " onmouseover",
        "<image",
        "<use",
    ];
    if forbidden.iter().any(|f| lower.contains(f)) {
        return None;
    }
    Some(cleaned)
}

fn section_open(o: &mut String, id: &str, title: &str, newpage: bool) {
    let _ = write!(
        o,
        "<section id=\"{id}\"{}><h2>{}</h2>",
        if newpage { " class=\"newpage\"" } else { "" },
        esc(title)
    );
}

/// The HTML report for one model and year. `figures` are embedded in order;
/// `years` are results of the same model for other years (the deviation-over-
/// years table is shown when it is non-empty).
pub fn report_html(
    r: &ModelResult,
    figures: &[Figure],
    years: &[ModelResult],
    lang: Lang,
) -> String {
    let mut o = String::with_capacity(64 * 1024 + r.areas.len() * 1200);
    let year = r.year.map(|y| format!(" – {y}")).unwrap_or_default();
    let title = format!("{}{year}", r.model.title);
    let d = value_decimals(r);
    let unit = r.model.outcome_unit.clone();
    let lvl = level(r, lang);
    let tr = trend(r, years, 25);

    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        lang.code(),
        esc(&r.generator),
        esc(&title)
    );

    // Header.
    let _ = write!(
        o,
        "<header><p class=\"kicker\">{}</p><h1>{}</h1><p class=\"meta\">{}: <code>{}</code> · {}: {} ({}) · n = {} · {}</p>",
        lang.pick("Modellvärde jämfört med utfall", "Modelled value compared with actual"),
        esc(&title),
        lang.pick("Modell", "Model"),
        esc(&r.model.name),
        lang.pick("Utfall", "Outcome"),
        esc(label(r, &r.model.outcome)),
        esc(&r.model.outcome),
        r.fit.n,
        esc(&r.generator),
    );
    let mut toc: Vec<(&str, &str)> = vec![
        ("summary", lang.pick("Sammanfattning", "Summary")),
        ("ranking", lang.pick("Rangordning", "Ranking")),
    ];
    if !figures.is_empty() {
        toc.push(("figures", lang.pick("Diagram", "Figures")));
    }
    if tr.is_some() {
        toc.push(("years", lang.pick("Över åren", "Over the years")));
    }
    toc.push(("model", lang.pick("Modellen", "The model")));
    toc.push(("method", lang.pick("Metod", "Method")));
    toc.push(("excluded", lang.pick("Uteslutna", "Excluded")));
    o.push_str("<nav class=\"toc\">");
    for (id, t) in &toc {
        let _ = write!(o, "<a href=\"#{id}\">{}</a>", esc(t));
    }
    o.push_str("</nav></header>\n");

    // Summary.
    let sm = summary(r, lang, 3);
    section_open(
        &mut o,
        "summary",
        lang.pick("Sammanfattning", "Summary"),
        false,
    );
    let _ = write!(o, "<p class=\"lead\">{}</p>", esc(&sm.headline.join(" ")));
    let card = |o: &mut String, i: usize| {
        let a = &r.areas[i];
        let cls = if has_flag(a, ABOVE_INTERVAL) {
            " up"
        } else if has_flag(a, BELOW_INTERVAL) {
            " down"
        } else {
            ""
        };
        let _ = write!(
            o,
            "<div class=\"card{cls}\"><b>{}</b><span>{}</span></div>",
            esc(&a.name),
            esc(&area_facts(r, a, lang))
        );
    };
    if !sm.cities.is_empty() {
        let _ = write!(
            o,
            "<h3>{}</h3><div class=\"cards\">",
            lang.pick("Storstäderna", "The big cities")
        );
        for &i in &sm.cities {
            card(&mut o, i);
        }
        o.push_str("</div>");
    }
    o.push_str("<div class=\"cols\">");
    for (head, list) in [
        (
            lang.pick("Mest över modellvärdet", "Most above the modelled value"),
            &sm.above,
        ),
        (
            lang.pick("Mest under modellvärdet", "Most below the modelled value"),
            &sm.below,
        ),
    ] {
        let _ = write!(o, "<div><h3>{}</h3>", esc(head));
        if list.is_empty() {
            let _ = write!(o, "<p>{}</p>", lang.pick("Inga.", "None."));
        }
        for &i in list.iter() {
            card(&mut o, i);
        }
        o.push_str("</div>");
    }
    o.push_str("</div></section>\n");

    // Ranking table.
    section_open(&mut o, "ranking", lang.pick("Rangordning", "Ranking"), true);
    let _ = write!(
        o,
        "<p>{}</p><p class=\"hint screen\">{}</p>",
        esc(&match lang {
            Lang::Sv => format!("Alla områden, sorterade efter avvikelse (utfall minus modellvärde, störst först). Belopp i {}; totalt = avvikelse × befolkning. Intervallet är {lvl} prediktionsintervall kring modellvärdet utan området – det som flaggorna över/under intervallet prövar mot.", if unit.is_empty() { "utfallets enhet" } else { &unit }),
            Lang::En => format!("All areas, sorted by deviation (actual minus modelled, largest first). Amounts in {}; total = deviation × population. The interval is the {lvl} prediction interval around the leave-one-out modelled value – what the above/below flags test against.", if unit.is_empty() { "the outcome's unit" } else { &unit }),
        }),
        lang.pick("Klicka på en kolumnrubrik för att sortera; klicka igen för omvänd ordning.", "Click a column header to sort; click again to reverse."),
    );
    o.push_str("<div class=\"table-wrap\"><table class=\"sortable ranking\" id=\"ranking-table\"><thead><tr>");
    let heads: [(&str, &str, bool); 11] = [
        ("#", "#", true),
        (lang.pick("Område", "Area"), "", false),
        (lang.pick("Grupp", "Group"), "", false),
        (lang.pick("Utfall", "Actual"), "", true),
        (lang.pick("Modell\u{AD}värde", "Modelled"), "", true),
        (
            lang.pick("Modellvärde utan området", "Leave-one-out modelled"),
            "",
            true,
        ),
        (lang.pick("Avvikelse", "Deviation"), "", true),
        ("%", "", true),
        (lang.pick("Totalt", "Total"), "", true),
        (lang.pick("Intervall", "Interval"), "", true),
        (lang.pick("Flaggor", "Flags"), "", false),
    ];
    for (h, _, numeric) in heads {
        let _ = write!(
            o,
            "<th scope=\"col\"{} data-type=\"{}\">{}</th>",
            if numeric { " class=\"n\"" } else { "" },
            if numeric { "num" } else { "text" },
            esc(h)
        );
    }
    o.push_str("</tr></thead><tbody>\n");
    for (k, &i) in ranking_order(r).iter().enumerate() {
        let a = &r.areas[i];
        let cls = if has_flag(a, ABOVE_INTERVAL) {
            " class=\"above\""
        } else if has_flag(a, BELOW_INTERVAL) {
            " class=\"below\""
        } else {
            ""
        };
        let _ = write!(o, "<tr{cls}>");
        num_td(&mut o, &(k + 1).to_string(), Some((k + 1) as f64), "");
        let _ = write!(
            o,
            "<td class=\"name\" data-v=\"{}\">{}<small>{}</small></td><td class=\"grp\">{}</td>",
            esc(&a.name),
            esc(&a.name),
            esc(&a.id),
            esc(group_display(a))
        );
        num_td(&mut o, &f::number(a.actual, d, lang), Some(a.actual), "");
        num_td(
            &mut o,
            &f::number(a.modelled, d, lang),
            Some(a.modelled),
            "",
        );
        num_td(
            &mut o,
            &f::opt_number(a.loo_modelled, d, lang),
            a.loo_modelled,
            "",
        );
        num_td(
            &mut o,
            &f::signed(a.residual, d, lang),
            Some(a.residual),
            sign_class(Some(a.residual)),
        );
        num_td(
            &mut o,
            &a.deviation_pct
                .map_or(f::MISSING.into(), |p| f::signed_percent(p, 0, lang)),
            a.deviation_pct,
            sign_class(a.deviation_pct),
        );
        num_td(
            &mut o,
            &a.deviation_total
                .map_or(f::MISSING.into(), |t| f::kronor_total(t, lang)),
            a.deviation_total,
            "",
        );
        let (lo, hi, _) = area_interval(a);
        num_td(&mut o, &interval_text(lo, hi, d, lang), Some(lo), "");
        let chips: String = a
            .flags
            .iter()
            .map(|fl| flag_chip_short(fl, r, lang))
            .collect();
        let notes = if a.notes.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", esc(&a.notes.join("; ")))
        };
        let _ = write!(
            o,
            "<td class=\"flags\" data-v=\"{}\"{notes}>{chips}</td></tr>",
            a.flags.len()
        );
    }
    o.push_str("</tbody></table></div>");
    // Flag legend: short chip = full meaning.
    let _ = write!(
        o,
        "<p class=\"hint legend\">{} ",
        lang.pick("Flaggor:", "Flags:")
    );
    for (name, lab, _) in text::flag_rules(r, lang) {
        let _ = write!(o, "{} {} · ", flag_chip_short(&name, r, lang), esc(&lab));
    }
    let _ = write!(
        o,
        "{}</p></section>",
        lang.pick(
            "reglerna står under Metod.",
            "the rules are given under Method."
        )
    );

    // Figures.
    if !figures.is_empty() {
        section_open(&mut o, "figures", lang.pick("Diagram", "Figures"), true);
        for (k, fig) in figures.iter().enumerate() {
            let id: String = fig
                .id
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            let _ = write!(
                o,
                "<figure id=\"fig-{id}\"><h3>{} {}. {}</h3>",
                lang.pick("Figur", "Figure"),
                k + 1,
                esc(&fig.title)
            );
            match inline_svg(&fig.svg) {
                Some(svg) => o.push_str(&svg),
                None => {
                    let _ = write!(
                        o,
                        "<p class=\"warn\">{}</p>",
                        lang.pick(
                            "Diagrammet visas inte: det innehåller skript eller externa referenser.",
                            "The figure is not shown: it contains script or external references."
                        )
                    );
                }
            }
            if !fig.caption.is_empty() {
                let _ = write!(o, "<figcaption>{}</figcaption>", esc(&fig.caption));
            }
            o.push_str("</figure>\n");
        }
        o.push_str("</section>\n");
    }

    // Deviation over years.
    if let Some(t) = &tr {
        section_open(
            &mut o,
            "years",
            lang.pick("Avvikelse över åren", "Deviation over the years"),
            true,
        );
        let _ = write!(
            o,
            "<p>{}</p>",
            esc(&match lang {
                Lang::Sv => format!("Avvikelse i procent av modellvärdet, samma modell skattad för varje år. ▲ = över och ▼ = under {lvl} prediktionsintervall det året. Storstäderna och de områden som i år ligger utanför sitt intervall visas."),
                Lang::En => format!("Deviation in percent of the modelled value, the same model fitted for each year. ▲ = above and ▼ = below the {lvl} prediction interval that year. The big cities and the areas outside their interval this year are shown."),
            })
        );
        o.push_str("<div class=\"table-wrap\"><table class=\"sortable years\"><thead><tr>");
        let _ = write!(
            o,
            "<th scope=\"col\" data-type=\"text\">{}</th>",
            lang.pick("Område", "Area")
        );
        for y in &t.years {
            let _ = write!(
                o,
                "<th scope=\"col\" class=\"n\" data-type=\"num\">{}</th>",
                y.map_or_else(
                    || lang.pick("sammanslaget", "pooled").to_string(),
                    |y| y.to_string()
                )
            );
        }
        o.push_str("</tr></thead><tbody>\n");
        for (id, name, cells) in &t.rows {
            let _ = write!(
                o,
                "<tr><td class=\"name\" data-v=\"{}\">{}<small>{}</small></td>",
                esc(name),
                esc(name),
                esc(id)
            );
            for c in cells {
                match c {
                    Some((p, above, below)) => {
                        let mark = if *above {
                            " ▲"
                        } else if *below {
                            " ▼"
                        } else {
                            ""
                        };
                        let shown = p.map_or(f::MISSING.into(), |p| f::signed_percent(p, 0, lang));
                        num_td(&mut o, &format!("{shown}{mark}"), *p, sign_class(*p));
                    }
                    None => num_td(&mut o, f::MISSING, None, ""),
                }
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</tbody></table></div></section>\n");
    }

    // The model: fit, coefficients, conventions.
    section_open(&mut o, "model", lang.pick("Modellen", "The model"), true);
    let _ = write!(o, "<p>{}</p>", esc(&text::model_description(r, lang)));
    o.push_str("<div class=\"cols\"><div>");
    let _ = write!(
        o,
        "<h3>{}</h3><table class=\"fit\"><tbody>",
        lang.pick("Anpassning", "Fit")
    );
    for (k, v) in fit_rows(r, lang) {
        let _ = write!(
            o,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td></tr>",
            esc(&k),
            esc(&v)
        );
    }
    o.push_str("</tbody></table></div><div>");
    let _ = write!(
        o,
        "<h3>{}</h3><dl class=\"defs\">",
        lang.pick("Avvikelsemått", "Deviation measures")
    );
    for (k, v) in text::deviation_formulas(lang) {
        let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", esc(&k), esc(&v));
    }
    o.push_str("</dl></div></div>");
    let _ = write!(o, "<h3>{}</h3>", lang.pick("Koefficienter", "Coefficients"));
    o.push_str("<div class=\"table-wrap\"><table class=\"coefficients\"><thead><tr>");
    let ci = format!(
        "{lvl} {}",
        lang.pick("konfidensintervall", "confidence interval")
    );
    for (h, n) in [
        (lang.pick("Variabel", "Variable"), false),
        (lang.pick("Skattning", "Estimate"), true),
        (lang.pick("Medelfel", "Std. error"), true),
        ("t", true),
        ("p", true),
        (ci.as_str(), true),
        (
            lang.pick("Robust medelfel (HC3)", "Robust s.e. (HC3)"),
            true,
        ),
        ("VIF", true),
        (lang.pick("Standardiserad", "Standardised"), true),
    ] {
        let _ = write!(
            o,
            "<th scope=\"col\"{}>{}</th>",
            if n { " class=\"n\"" } else { "" },
            esc(h)
        );
    }
    o.push_str("</tr></thead><tbody>");
    for c in &r.coefficients {
        let _ = write!(o, "<tr><td>{}</td>", esc(&coef_label(r, &c.name, lang)));
        num_td(&mut o, &f::sig(c.estimate, 3, lang), Some(c.estimate), "");
        num_td(&mut o, &f::sig(c.std_error, 3, lang), Some(c.std_error), "");
        num_td(&mut o, &f::number(c.t, 2, lang), Some(c.t), "");
        num_td(&mut o, &f::p_value(c.p, lang), Some(c.p), "");
        num_td(
            &mut o,
            &format!(
                "{} – {}",
                f::sig(c.ci_low, 3, lang),
                f::sig(c.ci_high, 3, lang)
            ),
            Some(c.ci_low),
            "",
        );
        num_td(
            &mut o,
            &f::sig(c.hc3_std_error, 3, lang),
            Some(c.hc3_std_error),
            "",
        );
        num_td(&mut o, &f::opt_number(c.vif, 2, lang), c.vif, "");
        num_td(
            &mut o,
            &f::opt_number(c.standardized, 2, lang),
            c.standardized,
            "",
        );
        o.push_str("</tr>");
    }
    let _ = write!(
        o,
        "</tbody></table></div><p class=\"hint\">{}</p>",
        esc(lang.pick(
            "Skattningen anger hur mycket modellvärdet ändras när variabeln ökar en enhet och de andra hålls lika. Standardiserad: ändring i standardavvikelser av utfallet per standardavvikelse av variabeln. VIF över omkring 5–10 tyder på att variablerna överlappar.",
            "The estimate is how much the modelled value changes when the variable rises by one unit and the others are held fixed. Standardised: change in standard deviations of the outcome per standard deviation of the variable. VIF above about 5–10 suggests the variables overlap.",
        ))
    );
    let _ = write!(
        o,
        "<h3>{}</h3><dl class=\"defs\">",
        lang.pick("Konventioner", "Conventions")
    );
    for (k, v) in text::conventions(r, lang) {
        let _ = write!(o, "<dt>{}</dt><dd class=\"mono\">{}</dd>", esc(&k), esc(&v));
    }
    o.push_str("</dl></section>\n");

    // Method.
    section_open(&mut o, "method", lang.pick("Metod", "Method"), true);
    let _ = write!(
        o,
        "<h3>{}</h3><dl class=\"defs\">",
        lang.pick("Flaggor", "Flags")
    );
    for (name, _, rule) in text::flag_rules(r, lang) {
        let _ = write!(
            o,
            "<dt>{}<br><code>{}</code></dt><dd>{}</dd>",
            flag_chip(&name, r, lang),
            esc(&name),
            esc(&rule)
        );
    }
    o.push_str("</dl>");
    let _ = write!(
        o,
        "<h3>{}</h3><dl class=\"defs\">",
        lang.pick("Begrepp", "Definitions")
    );
    for (k, v) in text::glossary(r, lang) {
        let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", esc(&k), esc(&v));
    }
    o.push_str("</dl>");
    let _ = write!(
        o,
        "<h3>{}</h3><ul>",
        lang.pick("Data och källor", "Data and sources")
    );
    for l in text::data_sources(r, lang) {
        let _ = write!(o, "<li>{}</li>", esc(&l));
    }
    let _ = write!(
        o,
        "</ul><h3>{}</h3><ol class=\"refs\">",
        lang.pick("Litteratur", "References")
    );
    for l in text::SOURCES {
        let _ = write!(o, "<li>{}</li>", esc(l));
    }
    let _ = write!(
        o,
        "</ol><h3>{}</h3><ul>",
        lang.pick("Att tänka på", "Caveats")
    );
    for l in text::caveats(r, lang) {
        let _ = write!(o, "<li>{}</li>", esc(&l));
    }
    o.push_str("</ul></section>\n");

    // Excluded.
    section_open(
        &mut o,
        "excluded",
        lang.pick("Uteslutna områden", "Excluded areas"),
        false,
    );
    if r.excluded.is_empty() {
        let _ = write!(
            o,
            "<p>{}</p>",
            lang.pick("Inga områden uteslöts.", "No areas were left out.")
        );
    } else {
        let _ = write!(
            o,
            "<p>{}</p><div class=\"table-wrap\"><table class=\"excluded\"><thead><tr><th scope=\"col\">id</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
            lang.pick(
                "Dessa områden ingår inte i skattningen och har inget modellvärde. Inget område försvinner utan att det står här.",
                "These areas are not in the fit and have no modelled value. No area disappears without being listed here."
            ),
            lang.pick("Namn", "Name"),
            lang.pick("Skäl", "Reason"),
        );
        for e in &r.excluded {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&e.id),
                esc(&e.name),
                esc(&e.reason)
            );
        }
        o.push_str("</tbody></table></div>");
    }
    o.push_str("</section>\n");

    let _ = write!(
        o,
        "<footer>{} · {}</footer>\n<script>{JS}</script>\n</body>\n</html>\n",
        esc(&r.generator),
        esc(lang.pick(
            "Rapporten är en fristående fil: den hämtar inget från nätet.",
            "This report is a self-contained file: it loads nothing from the network."
        ))
    );
    o
}
