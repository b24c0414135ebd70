//! `report.html`: the committee report as ONE self-contained file — inline CSS,
//! inline SVG figures and a small inline script for sorting tables; no fonts,
//! scripts, styles or images are fetched from anywhere. Swedish by default,
//! English on request; prints to A4 (print stylesheet, tables not cut mid-row).
//!
//! Every text that comes from data (area names, labels, titles, reasons) is
//! HTML-escaped; figures are embedded only if they contain no script and no
//! external reference.

use crate::i18n::Catalogue;
use std::borrow::Cow;
use std::fmt::Write;

use super::format as f;
use super::sections::{render, Markup, Parts, ReportView};
use super::{
    area_facts, area_interval, escape_html as esc, fit_rows, flag_label, group_display, has_flag,
    interval_text, label, level, ranking_order, text, value_decimals, Extras, Figure,
    ABOVE_INTERVAL, BELOW_INTERVAL,
};
use super::{deviation, in_sentence, status_label, status_rank, Flag, TrendStatus};
use crate::lang::Lang;
use crate::results::ModelResult;
use contract::views::Decomposition;
use contract::views::ReferenceComparison;
use contract::views::{decomposition_focus, AreaStatus, Peers, Persistence};

pub(crate) const CSS: &str = r#"
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
.card small.st{display:block;color:var(--muted);font-size:.84rem;margin-top:.15rem}
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
figure.multiples .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:8px}
details.full{margin:.3rem 0 1rem}
details.full>summary{cursor:pointer;color:var(--accent);font-size:.9rem;padding:.2rem 0}
tr.focus td{background:#eef3f9;font-weight:600}
td.status{white-space:nowrap}
td.status.s0{font-weight:600}
dl.defs{display:grid;grid-template-columns:minmax(150px,max-content) 1fr;gap:.3rem 1rem;margin:.4rem 0}
dl.defs dt{font-weight:600}
dl.defs dd{margin:0}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",Menlo,Consolas,monospace;font-size:.86em}
.formula{font-family:"Cambria Math","STIX Two Math","DejaVu Serif",Georgia,serif}
.warn{color:var(--up)}
ol.refs li{margin:.2rem 0}
footer{margin-top:2.5rem;padding-top:.6rem;border-top:1px solid var(--line);color:var(--muted);font-size:.82rem}
@media (max-width:760px){body{padding:16px}.cols{grid-template-columns:1fr}dl.defs{grid-template-columns:1fr}}
@media (max-width:560px){body{padding:10px;font-size:14px}
 table.ranking{font-size:.8rem}
 table.ranking th,table.ranking td{padding:.28rem .25rem}
 table.ranking :is(th,td):is(:nth-last-child(2),:nth-last-child(3),:nth-last-child(6),:nth-last-child(7),:nth-last-child(8),:nth-last-child(9)),
 table.ranking :is(th,td):nth-last-child(11):not(:first-child){display:none}
 table.ranking td.name small{display:block;margin:0}
 table.ranking td:last-child{white-space:normal}
 table.ranking .flag{font-size:.78em}
 figure{padding:.3rem;overflow-x:auto}
 /* Charts are drawn 900 wide with text from about 9.7 px: at 760 px the
    smallest text stays above 8 px; the figure scrolls sideways instead. */
 figure svg{min-width:760px}
 nav.toc{display:flex;flex-wrap:wrap;gap:.15rem .9rem}
 nav.toc a{margin-right:0}
 .cols>*{min-width:0}
 table.fit{table-layout:fixed;width:100%}
 table.fit :is(th,td){overflow-wrap:anywhere;white-space:normal}
 .cards{grid-template-columns:1fr}}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
 body{max-width:none;padding:0;font-size:9.5pt;color:#000}
 nav.toc,.hint.screen,details.full{display:none}
 h2{break-after:avoid;page-break-after:avoid;margin-top:1.2rem}
 h3{break-after:avoid;page-break-after:avoid}
 section.newpage{break-before:page;page-break-before:always}
 .table-wrap{overflow:visible}
 table{font-size:7.6pt}
 th,td{padding:.15rem .3rem}
 thead{display:table-header-group}
 tr,figure,.card,dl.defs dt,dl.defs dd{break-inside:avoid;page-break-inside:avoid}
 .cards{break-inside:avoid}
 figure svg{max-height:215mm;width:auto}
 figure h3,figure svg,h2+p{break-after:avoid;page-break-after:avoid}
 table{break-inside:auto}
 caption{break-after:avoid}
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
    out.push_str("<td class=\"n");
    if !class.is_empty() {
        out.push(' ');
        out.push_str(class);
    }
    out.push_str("\" data-v=\"");
    // The raw value as `{}` writes it (full digits, never an exponent).
    if let Some(x) = raw.filter(|x| x.is_finite()) {
        super::decimal::push_display(out, x);
    }
    out.push_str("\">");
    super::push_escape_html(out, shown);
    out.push_str("</td>");
}

fn sign_class(x: Option<f64>) -> &'static str {
    match x {
        Some(v) if v > 0.0 => "pos",
        Some(v) if v < 0.0 => "neg",
        _ => "",
    }
}

fn flag_class(flag: Flag) -> String {
    format!("f-{flag}")
}

/// A flag with its full label (method section, legend).
fn flag_chip(flag: Flag, r: &ModelResult, lang: Lang) -> String {
    format!(
        "<span class=\"flag {}\" title=\"{}\">{}</span>",
        flag_class(flag),
        esc(flag.as_str()),
        esc(&flag_label(flag, r, lang))
    )
}

/// A flag with a short label, for the ranking table (the full label is in the
/// tooltip and the legend under the table).
fn flag_chip_short(flag: Flag, r: &ModelResult, lang: Lang) -> String {
    let short = match flag {
        Flag::AboveInterval => lang.msg().above.to_string(),
        Flag::BelowInterval => lang.msg().below.to_string(),
        Flag::Outlier => lang.msg().outlier.to_string(),
        Flag::Practical => format!("≥ {}", f::percent(r.model.min_deviation_pct, 0, lang)),
        Flag::Influential => flag_label(flag, r, lang),
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
    // The brief and the report page of a folder inline the same figure (the
    // map, the largest drawing) one after the other on one thread: the last
    // large input and its result are kept, and an equal input (compared in
    // full, far cheaper than the check) gets the same result.
    const MEMO_MIN: usize = 1 << 16;
    thread_local! {
        static LAST: std::cell::RefCell<Option<(String, Option<String>)>> =
            const { std::cell::RefCell::new(None) };
    }
    if svg.len() < MEMO_MIN {
        return inline_svg_checked(svg);
    }
    if let Some(hit) = LAST.with(|m| {
        m.borrow()
            .as_ref()
            .filter(|(input, _)| input == svg)
            .map(|(_, out)| out.clone())
    }) {
        return hit;
    }
    let out = inline_svg_checked(svg);
    LAST.with(|m| *m.borrow_mut() = Some((svg.to_string(), out.clone())));
    out
}

/// [`inline_svg`] without the memo.
fn inline_svg_checked(svg: &str) -> Option<String> {
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
    let cleaned = without(s, " xmlns=\"http://www.w3.org/2000/svg\"");
    let cleaned = without(&cleaned, " xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
    svg_is_inert(&cleaned).then(|| cleaned.into_owned())
}

/// `s.replace(pat, "")`, found by `memchr::memmem` (a chart is up to a few
/// MB; the standard searcher took 1 % of a `report` run) and without a copy
/// when `pat` is not there.
fn without<'a>(s: &'a str, pat: &str) -> Cow<'a, str> {
    let mut hits = memchr::memmem::find_iter(s.as_bytes(), pat.as_bytes()).peekable();
    if hits.peek().is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut from = 0;
    for at in hits {
        out.push_str(&s[from..at]);
        from = at + pat.len();
    }
    out.push_str(&s[from..]);
    Cow::Owned(out)
}

/// Elements a chart may contain: shapes, text and their grouping. Anything
/// else (script, foreignObject, image, use, a, style, animation) is refused.
const SVG_ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "title",
    "desc",
    "defs",
    "clippath",
    "lineargradient",
    "radialgradient",
    "stop",
];

/// Whether an SVG can neither run script nor fetch a resource, judged on its
/// structure: every element is in [`SVG_ELEMENTS`], no attribute is an event
/// handler (`on…`) or a link (`href`, `xlink:href`, `src`) other than a
/// fragment `#…`, no attribute value refers to anything but a fragment
/// through `url(…)` or names a `javascript:` URL (after numeric character
/// references are decoded), and there are no comments, CDATA sections or
/// processing instructions in which such things could hide. Text between
/// tags is data (already escaped by the chart writer), so a label containing
/// `src=` or `http:` is harmless and accepted. A `<style>` element (the map's
/// scoped class rules) is accepted only when its text holds no `@import`,
/// no `url(`, no `expression(`, no `javascript:` and no markup.
pub fn svg_is_inert(svg: &str) -> bool {
    let mut rest = svg;
    // memchr, not `str::find(char)`: the char searcher confirms each hit with
    // a `memcmp` call, once per tag (tens of thousands in a chart).
    while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
        rest = &rest[open + 1..];
        // Compare the next six bytes only: lowering the whole rest at every
        // tag made this quadratic in the size of a map.
        if rest
            .as_bytes()
            .get(..6)
            .is_some_and(|h| h.eq_ignore_ascii_case(b"style>"))
        {
            let body = &rest["style>".len()..];
            let Some(end) = body.find("</style>") else {
                return false;
            };
            let css: String = body[..end]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            let bad = [
                "@import",
                "url(",
                "expression(",
                "javascript:",
                "<",
                "\\",
                "&#",
            ];
            if bad.iter().any(|b| css.contains(b)) {
                return false;
            }
            rest = &body[end + "</style>".len()..];
            continue;
        }
        if rest.starts_with('!') || rest.starts_with('?') {
            return false;
        }
        let closing = rest.starts_with('/');
        let body_start = usize::from(closing);
        let Some(end) = tag_end(rest) else {
            return false;
        };
        let tag = &rest[body_start..end];
        rest = &rest[end + 1..];
        let tag = tag.trim_end_matches('/');
        let name_len = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let name = &tag[..name_len];
        if !SVG_ELEMENTS.iter().any(|e| e.eq_ignore_ascii_case(name)) {
            return false;
        }
        if closing {
            continue;
        }
        // Malformed attributes or any harmful one: not inert (in whichever
        // order they are met). The pairs are checked as they are read, with
        // no list per tag (charts have tens of thousands of tags).
        if attributes_all(&tag[name_len..], attr_is_inert) != Some(true) {
            return false;
        }
    }
    true
}

/// Whether one attribute of a chart element is harmless (see
/// [`svg_is_inert`]): not an event handler, a link only to a fragment, and
/// no `@import`, `javascript:` or `url(` to anything but a fragment.
fn attr_is_inert(key: &str, value: &str) -> bool {
    let key = ascii_lower(key);
    if key.starts_with("on") {
        return false;
    }
    let link = key == "href" || key.ends_with(":href") || key == "src";
    // Decoding (needs `&`) and lowering add none of `@`, `:`, `(` and keep a
    // leading `#`: a value without those four characters (path data, numbers,
    // colours: most of a map's bytes) is decided on its raw text in one pass.
    let v = value.as_bytes();
    if memchr::memchr3(b'&', b'@', b':', v).is_none() && memchr::memchr(b'(', v).is_none() {
        return !link || value.starts_with('#');
    }
    attr_value_is_inert(&key, link, value)
}

/// [`attr_is_inert`] for a value that may hide a reference: its lowered,
/// decoded, compacted forms are made only where they differ from the text.
fn attr_value_is_inert(key: &str, link: bool, value: &str) -> bool {
    let value = decode_char_refs(value);
    let value = ascii_lower(&value);
    if link && !value.starts_with('#') {
        return false;
    }
    // `@import`, `javascript:` and `url(` each need one of these
    // characters: a value without them is done.
    if !value.contains(['@', ':', '(']) {
        return true;
    }
    let compact: Cow<str> = if value.contains(char::is_whitespace) {
        Cow::Owned(value.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(&value)
    };
    if key == "style" && compact.contains("@import") {
        return false;
    }
    if compact.contains("javascript:") {
        return false;
    }
    let mut v: &str = &compact;
    while let Some(i) = v.find("url(") {
        v = &v[i + 4..];
        if !v.trim_start_matches(['"', '\'']).starts_with('#') {
            return false;
        }
    }
    true
}

/// Index of the `>` that ends a tag, skipping `>` inside quoted values.
fn tag_end(s: &str) -> Option<usize> {
    // Bytes, not chars: the delimiters are ASCII, and a UTF-8 sequence's
    // bytes are never ASCII, so the indices are the same. A quoted value
    // (a map's path data: most of its bytes) is skipped by one search for
    // its closing quote.
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        let j = i + memchr::memchr3(b'>', b'"', b'\'', &b[i..])?;
        if memchr::memchr(b'<', &b[i..j]).is_some() {
            return None;
        }
        match b[j] {
            b'>' => return Some(j),
            q => i = j + 1 + memchr::memchr(q, &b[j + 1..])? + 1,
        }
    }
}

/// The `name="value"` pairs of a tag; `None` when they are malformed.
#[cfg(test)]
fn attributes(s: &str) -> Option<Vec<(&str, &str)>> {
    let mut out = Vec::new();
    attributes_all(s, |k, v| {
        out.push((k, v));
        true
    })?;
    Some(out)
}

/// Whether `f` holds for every `name="value"` pair of a tag, read in order
/// and stopping at the first for which it does not; `None` when the pairs
/// are malformed before that.
fn attributes_all<'a>(mut s: &'a str, mut f: impl FnMut(&'a str, &'a str) -> bool) -> Option<bool> {
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Some(true);
        }
        let eq = memchr::memchr(b'=', s.as_bytes())?;
        let key = s[..eq].trim();
        if key.is_empty() || key.contains(|c: char| c.is_whitespace() || c == '"' || c == '\'') {
            return None;
        }
        let v = s[eq + 1..].trim_start();
        let q = v.bytes().next().filter(|c| *c == b'"' || *c == b'\'')?;
        let close = memchr::memchr(q, &v.as_bytes()[1..])?;
        if !f(key, &v[1..1 + close]) {
            return Some(false);
        }
        s = &v[close + 2..];
    }
}

/// Decode numeric character references (`&#106;`, `&#x6A;`) so that a value
/// cannot spell a forbidden word in references.
fn decode_char_refs(s: &str) -> Cow<'_, str> {
    if !s.contains("&#") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let (digits, radix) = match after.strip_prefix(['x', 'X']) {
            Some(h) => (h, 16),
            None => (after, 10),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        match u32::from_str_radix(&digits[..len], radix)
            .ok()
            .and_then(char::from_u32)
        {
            Some(c) if len > 0 => {
                out.push(c);
                let consumed = after.len() - digits.len() + len;
                rest = &after[consumed..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            _ => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `s` in ASCII lower case, copied only when it has upper-case letters.
fn ascii_lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
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
/// years table is shown when it is non-empty). Without cross-city charts; see
/// [`report_html_with`].
pub fn report_html(
    r: &ModelResult,
    figures: &[Figure],
    years: &[ModelResult],
    lang: Lang,
) -> String {
    report_html_with(r, figures, years, &Extras::default(), lang)
}

/// As [`report_html`], with the cross-city views: the sections for the
/// external reference model (when `r.reference_comparison` is present),
/// persistence and the change decomposition (under "over the years") and
/// similar areas (when `r.cross_city` has them), with the charts in `extras`.
pub fn report_html_with(
    r: &ModelResult,
    figures: &[Figure],
    years: &[ModelResult],
    extras: &Extras,
    lang: Lang,
) -> String {
    let parts = Parts {
        figures: !figures.is_empty(),
        map: false,
    };
    let view = ReportView::new(r, years, lang, parts);
    let mut html = Html {
        o: String::with_capacity(64 * 1024 + r.areas.len() * 1200),
        figures,
        extras,
    };
    render(&mut html, &view);
    html.o
}

/// The HTML back end: the report as one self-contained page.
struct Html<'a> {
    o: String,
    figures: &'a [Figure],
    extras: &'a Extras,
}

impl Markup for Html<'_> {
    fn begin(&mut self, v: &ReportView) {
        let (r, lang) = (v.r, v.lang);
        let _ = write!(
            self.o,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
            lang.code(),
            esc(&r.generator),
            esc(&v.title)
        );
        let _ = write!(
            self.o,
            "<header><p class=\"kicker\">{}</p><h1>{}</h1><p class=\"meta\">{}: <code>{}</code> · {}: {} · n = {} · {}</p>",
            lang.msg().modelled_value_compared_with_actual,
            esc(&v.title),
            lang.msg().model,
            esc(&r.model.name),
            lang.msg().outcome,
            esc(&super::label_and_id(r, &r.model.outcome, lang)),
            r.fit.n,
            esc(&r.generator),
        );
        self.o.push_str("<nav class=\"toc\">");
        for s in &v.sections {
            let _ = write!(
                self.o,
                "<a href=\"#{}\">{}</a>",
                s.id(),
                esc(s.toc_title(lang))
            );
        }
        self.o.push_str("</nav></header>\n");
    }

    fn summary(&mut self, v: &ReportView) {
        let (r, lang) = (v.r, v.lang);
        let sm = &v.summary;
        let cc = r.cross_city.as_ref();
        section_open(&mut self.o, "summary", lang.msg().summary, false);
        let _ = write!(
            self.o,
            "<p class=\"lead\">{}</p>",
            esc(&sm.headline.join(" "))
        );
        if let Some(w) = super::nonpositive_warning(r, lang) {
            let _ = write!(self.o, "<p class=\"warn nonpositive\">{}</p>", esc(&w));
        }
        let card = |o: &mut String, i: usize| {
            let a = &r.areas[i];
            let cls = if has_flag(a, ABOVE_INTERVAL) {
                " up"
            } else if has_flag(a, BELOW_INTERVAL) {
                " down"
            } else {
                ""
            };
            // Over the years, when the area has been outside its interval.
            let years = cc
                .and_then(|c| c.trend.as_ref())
                .and_then(|p| {
                    let st = p.areas.iter().find(|s| s.id == a.id)?;
                    (st.status != "none").then(|| {
                        (lang.msg().card_outside_years)(
                            &status_label(st.status, st.direction, lang),
                            st.flagged_in_window,
                            p.window,
                        )
                    })
                })
                .map(|t| format!("<small class=\"st\">{}</small>", esc(&t)))
                .unwrap_or_default();
            let _ = write!(
                o,
                "<div class=\"card{cls}\"><b>{}</b><span>{}</span>{years}</div>",
                esc(&a.name),
                esc(&area_facts(r, a, lang))
            );
        };
        if !sm.cities.is_empty() {
            let _ = write!(
                self.o,
                "<h3>{}</h3><div class=\"cards\">",
                lang.msg().the_big_cities
            );
            for &i in &sm.cities {
                card(&mut self.o, i);
            }
            self.o.push_str("</div>");
        }
        self.o.push_str("<div class=\"cols\">");
        for (head, list) in [
            (lang.msg().most_above_the_modelled_value, &sm.above),
            (lang.msg().most_below_the_modelled_value, &sm.below),
        ] {
            let _ = write!(self.o, "<div><h3>{}</h3>", esc(head));
            if list.is_empty() {
                let _ = write!(self.o, "<p>{}</p>", lang.msg().none);
            }
            for &i in list.iter() {
                card(&mut self.o, i);
            }
            self.o.push_str("</div>");
        }
        self.o.push_str("</div></section>\n");
    }

    /// Every area in a sortable table, the flag legend and how to read the
    /// rank interval.
    fn ranking(&mut self, v: &ReportView) {
        let (r, lang) = (v.r, v.lang);
        let (lvl, unit) = (&v.level, crate::i18n::outcome_unit(r, lang));
        section_open(&mut self.o, "ranking", lang.msg().ranking, true);
        let _ = write!(
            self.o,
            "<p>{}</p><p class=\"hint screen\">{}</p>",
            esc(&(lang.msg().ranking_intro_html)(unit, lvl)),
            lang.msg().click_a_column_header_to_sort,
        );
        ranking_table(&mut self.o, v);
        let as_ratio = v.as_ratio;
        if !as_ratio && deviation::any_percent_withheld(r) {
            let _ = write!(
                self.o,
                "<p class=\"hint footnote\">{}</p>",
                esc(super::no_percent_footnote(lang))
            );
        }
        flag_legend(&mut self.o, r, lang);
        rank_hint(&mut self.o, r, lang);
    }

    /// The charts, numbered.
    fn figures(&mut self, v: &ReportView) {
        let lang = v.lang;
        let figures = self.figures;
        if !figures.is_empty() {
            section_open(&mut self.o, "figures", lang.msg().figures, true);
            for (k, fig) in figures.iter().enumerate() {
                let id: String = fig
                    .id
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                let _ = write!(
                    self.o,
                    "<figure id=\"fig-{id}\"><h3>{} {}. {}</h3>",
                    lang.msg().figure,
                    k + 1,
                    esc(&fig.title)
                );
                match inline_svg(&fig.svg) {
                    _ if fig.svg.is_empty() => {
                        let _ = write!(
                            self.o,
                            "<p class=\"warn\">{}</p>",
                            lang.msg().the_chart_could_not_be_drawn
                        );
                    }
                    Some(svg) => self.o.push_str(&svg),
                    None => {
                        let _ = write!(
                            self.o,
                            "<p class=\"warn\">{}</p>",
                            lang.msg().the_figure_is_not_shown_it
                        );
                    }
                }
                if !fig.caption.is_empty() {
                    let _ = write!(self.o, "<figcaption>{}</figcaption>", esc(&fig.caption));
                }
                self.o.push_str("</figure>\n");
            }
            self.o.push_str("</section>\n");
        }
    }

    /// Deviation over the years, persistence and the change decomposition.
    fn years(&mut self, v: &ReportView) {
        let (r, lang, o) = (v.r, v.lang, &mut self.o);
        let cc = r.cross_city.as_ref();
        section_open(o, "years", lang.msg().deviation_over_the_years, true);
        let persistence = cc.and_then(|c| c.trend.as_ref());
        if let Some(p) = persistence {
            persistence_text(o, r, p, lang);
        }
        if let Some(t) = &v.trend {
            years_table(o, t, persistence, &v.level, lang);
        }
        if let Some(p) = persistence {
            persistence_details(o, r, p, lang);
        }
        if let Some(dc) = cc.and_then(|c| c.change_decomposition.as_ref()) {
            let svg = self.extras.decomposition_svg.as_deref();
            decomposition_block(o, r, dc, svg, lang);
        }
        o.push_str("</section>\n");
    }

    /// The map is one of the figures in the HTML report.
    fn map(&mut self, _: &ReportView) {}

    fn peers(&mut self, v: &ReportView) {
        if let Some(p) = v.r.cross_city.as_ref().and_then(|c| c.peers.as_ref()) {
            peers_section(&mut self.o, v.r, p, self.extras, v.lang);
        }
    }

    fn reference(&mut self, v: &ReportView) {
        if let Some(cmp) = &v.r.reference_comparison {
            let svg = self.extras.reference_svg.as_deref();
            reference_section(&mut self.o, v.r, cmp, svg, v.lang);
        }
    }

    /// Fit, model comparison, deviation measures, coefficients, residuals
    /// and the conventions.
    fn model(&mut self, v: &ReportView) {
        let (r, lang) = (v.r, v.lang);
        section_open(&mut self.o, "model", lang.msg().the_model, true);
        let _ = write!(self.o, "<p>{}</p>", esc(&text::model_description(r, lang)));
        comparison_block(&mut self.o, r, lang);
        self.o.push_str("<div class=\"cols\"><div>");
        let _ = write!(
            self.o,
            "<h3>{}</h3><table class=\"fit\"><tbody>",
            lang.msg().fit
        );
        for (k, v) in fit_rows(r, lang) {
            let _ = write!(
                self.o,
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td></tr>",
                esc(&k),
                esc(&v)
            );
        }
        self.o.push_str("</tbody></table></div><div>");
        let _ = write!(
            self.o,
            "<h3>{}</h3><dl class=\"defs\">",
            lang.msg().deviation_measures
        );
        for (k, v) in text::deviation_formulas(r, lang) {
            let _ = write!(self.o, "<dt>{}</dt><dd>{}</dd>", esc(&k), esc(&v));
        }
        if let Some((k, v)) = text::ratio_formula(r, lang) {
            let _ = write!(self.o, "<dt>{}</dt><dd>{}</dd>", esc(&k), esc(&v));
        }
        self.o.push_str("</dl></div></div>");
        let _ = write!(self.o, "<h3>{}</h3>", lang.msg().coefficients);
        coefficients_table(&mut self.o, v);
        residuals_block(&mut self.o, r, lang);
        let _ = write!(
            self.o,
            "<h3>{}</h3><dl class=\"defs\">",
            lang.msg().conventions
        );
        for (k, v) in text::conventions(r, lang) {
            let _ = write!(
                self.o,
                "<dt>{}</dt><dd class=\"mono\">{}</dd>",
                esc(&k),
                esc(&v)
            );
        }
        self.o.push_str("</dl></section>\n");
    }

    /// Model families, flag rules, definitions, sources and caveats.
    fn method(&mut self, v: &ReportView) {
        let (r, lang) = (v.r, v.lang);
        section_open(&mut self.o, "method", lang.msg().method, true);
        for (head, text) in super::family::method_families(r, lang) {
            let _ = write!(self.o, "<h3>{}</h3><p>{}</p>", esc(&head), esc(&text));
        }
        let _ = write!(self.o, "<h3>{}</h3><dl class=\"defs\">", lang.msg().flags);
        for (name, _, rule) in text::flag_rules(r, lang) {
            let _ = write!(
                self.o,
                "<dt>{}<br><code>{}</code></dt><dd>{}</dd>",
                flag_chip(name, r, lang),
                esc(name.as_str()),
                esc(&rule)
            );
        }
        self.o.push_str("</dl>");
        let _ = write!(
            self.o,
            "<h3>{}</h3><dl class=\"defs\">",
            lang.msg().definitions
        );
        for (k, v) in text::glossary(r, lang) {
            let _ = write!(self.o, "<dt>{}</dt><dd>{}</dd>", esc(&k), esc(&v));
        }
        self.o.push_str("</dl>");
        let _ = write!(self.o, "<h3>{}</h3><ul>", lang.msg().data_and_sources);
        for l in text::data_sources(r, lang) {
            let _ = write!(self.o, "<li>{}</li>", esc(&l));
        }
        let _ = write!(
            self.o,
            "</ul><h3>{}</h3><ol class=\"refs\">",
            lang.msg().references
        );
        for l in text::SOURCES {
            let _ = write!(self.o, "<li>{}</li>", esc(l));
        }
        let _ = write!(self.o, "</ol><h3>{}</h3><ul>", lang.msg().caveats);
        for l in text::caveats(r, lang) {
            let _ = write!(self.o, "<li>{}</li>", esc(&l));
        }
        self.o.push_str("</ul></section>\n");
    }

    /// The areas left out of the fit, each with its reason.
    fn excluded(&mut self, v: &ReportView) {
        let (lang, o) = (v.lang, &mut self.o);
        section_open(o, "excluded", lang.msg().excluded_areas, false);
        let t = v.excluded_table();
        if t.rows.is_empty() {
            let _ = write!(o, "<p>{}</p>", lang.msg().no_areas_were_left_out);
        } else {
            let _ = write!(
                o,
                "<p>{}</p><div class=\"table-wrap\"><table class=\"excluded\"><thead><tr>",
                lang.msg().these_areas_are_not_in_the,
            );
            for h in &t.head {
                let _ = write!(o, "<th scope=\"col\">{}</th>", esc(h));
            }
            o.push_str("</tr></thead><tbody>");
            for row in &t.rows {
                o.push_str("<tr>");
                for c in row {
                    let _ = write!(o, "<td>{}</td>", esc(&c.text));
                }
                o.push_str("</tr>");
            }
            o.push_str("</tbody></table></div>");
        }
        o.push_str("</section>\n");
    }

    fn end(&mut self, v: &ReportView) {
        let _ = write!(
            self.o,
            "<footer>{} · {}</footer>\n<script>{JS}</script>\n</body>\n</html>\n",
            esc(&v.r.generator),
            esc(v.lang.msg().this_report_is_a_self_contained)
        );
    }
}

/// The ranking table: every area in [`ranking_order`], sortable.
fn ranking_table(o: &mut String, v: &ReportView) {
    let (r, lang, d) = (v.r, v.lang, v.decimals);
    o.push_str("<div class=\"table-wrap\"><table class=\"sortable ranking\" id=\"ranking-table\"><thead><tr>");
    // The table is ordered by how surely an area deviates, the bootstrap rank
    // by deviation: the column shows the rank with its interval.
    let by_amount = r
        .uncertainty
        .as_ref()
        .is_some_and(|u| u.rank_by != "deviation_pct");
    let rank_head = super::rank_level(r, lang).map(|l| {
        if by_amount {
            (lang.msg().rank_interval_head)(&l)
        } else {
            (lang.msg().rank_by_pct_head)(&l)
        }
    });
    let as_ratio = deviation::reads_as_ratio(r);
    let mut heads: Vec<(&str, &str, bool)> = vec![
        ("#", "#", true),
        (lang.msg().area, "", false),
        (lang.msg().group, "", false),
        (lang.msg().actual_2, "", true),
        (lang.msg().modelled_3, "", true),
        (lang.msg().leave_one_out_modelled, "", true),
        (lang.msg().deviation, "", true),
        (
            if as_ratio {
                lang.msg().times_modelled
            } else {
                "%"
            },
            "",
            true,
        ),
        (lang.msg().total, "", true),
        (lang.msg().interval, "", true),
        (lang.msg().flags, "", false),
    ];
    if let Some(h) = &rank_head {
        heads.insert(1, (h.as_str(), "", true));
    }
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
    let rank_of = super::rank_intervals(r);
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
        num_td(o, &(k + 1).to_string(), Some((k + 1) as f64), "");
        if rank_head.is_some() {
            match rank_of(a) {
                Some((rank, lo, hi)) => {
                    num_td(o, &format!("{rank} ({lo}–{hi})"), Some(rank as f64), "")
                }
                None => num_td(o, f::MISSING, None, ""),
            }
        }
        let _ = write!(
            o,
            "<td class=\"name\" data-v=\"{}\">{}<small>{}</small></td><td class=\"grp\">{}</td>",
            esc(&a.name),
            esc(&a.name),
            esc(&a.id),
            esc(group_display(a))
        );
        num_td(o, &f::number(a.actual, d, lang), Some(a.actual), "");
        num_td(o, &f::number(a.modelled, d, lang), Some(a.modelled), "");
        num_td(
            o,
            &f::opt_number(a.loo_modelled, d, lang),
            a.loo_modelled,
            "",
        );
        num_td(
            o,
            &f::signed(a.residual, d, lang),
            Some(a.residual),
            sign_class(Some(a.residual)),
        );
        if as_ratio {
            let q = deviation::ratio(a);
            num_td(
                o,
                &q.map_or(f::MISSING.into(), |q| f::number(q, 2, lang)),
                q,
                sign_class(q.map(|q| q - 1.0)),
            );
        } else {
            let pct = deviation::shown_pct(a);
            let shown = match pct {
                Some(p) => f::signed_percent(p, 0, lang),
                None if deviation::percent_withheld(a) => format!("{}\u{a0}*", f::MISSING),
                None => f::MISSING.into(),
            };
            num_td(o, &shown, pct, sign_class(pct));
        }
        num_td(
            o,
            &a.deviation_total
                .map_or(f::MISSING.into(), |t| f::kronor_total(t, lang)),
            a.deviation_total,
            "",
        );
        let (lo, hi, _) = area_interval(a);
        num_td(o, &interval_text(lo, hi, d, lang), Some(lo), "");
        let chips: String = a
            .flags
            .iter()
            .map(|&fl| flag_chip_short(fl, r, lang))
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
}

/// The legend under the ranking table: each short flag chip and its meaning.
fn flag_legend(o: &mut String, r: &ModelResult, lang: Lang) {
    let _ = write!(o, "<p class=\"hint legend\">{} ", lang.msg().flags_2);
    for (name, lab, _) in text::flag_rules(r, lang) {
        let _ = write!(o, "{} {} · ", flag_chip_short(name, r, lang), esc(&lab));
    }
    let _ = write!(
        o,
        "{}</p></section>",
        lang.msg().the_rules_are_given_under_method
    );
}

/// How to read the bootstrap rank interval, when the result has one.
fn rank_hint(o: &mut String, r: &ModelResult, lang: Lang) {
    if let (Some(u), Some(l)) = (&r.uncertainty, super::rank_level(r, lang)) {
        let method = match u.method.as_str() {
            "wild" => lang.msg().wild_bootstrap,
            _ => lang.msg().pairs_bootstrap,
        };
        let by = match u.rank_by.as_str() {
            "deviation_pct" => lang.msg().deviation_in_percent,
            _ => lang.msg().deviation_in_amount,
        };
        let _ = write!(
            o,
            "<p class=\"hint\">{}</p>",
            esc(&(lang.msg().rank_hint)(&l, by, u.b, method))
        );
    }
}

/// The coefficient table ([`ReportView::coefficient_table`]) with the note on
/// how to read an estimate.
fn coefficients_table(o: &mut String, v: &ReportView) {
    let t = v.coefficient_table();
    o.push_str("<div class=\"table-wrap\"><table class=\"coefficients\"><thead><tr>");
    for (k, h) in t.head.iter().enumerate() {
        let _ = write!(
            o,
            "<th scope=\"col\"{}>{}</th>",
            if k > 0 { " class=\"n\"" } else { "" },
            esc(h)
        );
    }
    o.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        o.push_str("<tr>");
        for c in row {
            if c.numeric {
                num_td(o, &c.text, c.raw, "");
            } else {
                let _ = write!(o, "<td>{}</td>", esc(&c.text));
            }
        }
        o.push_str("</tr>");
    }
    let _ = write!(
        o,
        "</tbody></table></div><p class=\"hint\">{}</p>",
        esc(v.coefficient_note())
    );
}

/// "Why this family": the model comparison by cross-validation, when the
/// result has one.
fn comparison_block(o: &mut String, r: &ModelResult, lang: Lang) {
    let Some((head, rows)) = super::family::comparison_table(r, lang) else {
        return;
    };
    let _ = write!(
        o,
        "<h3 id=\"comparison\">{}</h3>",
        esc(lang.msg().why_this_model_family)
    );
    if let Some(s) = super::family::comparison_sentence(r, lang) {
        let _ = write!(o, "<p>{}</p>", esc(&s));
    }
    o.push_str("<div class=\"table-wrap\"><table class=\"comparison\"><thead><tr>");
    for (k, h) in head.iter().enumerate() {
        let _ = write!(
            o,
            "<th scope=\"col\"{}>{}</th>",
            if k == 0 { "" } else { " class=\"n\"" },
            esc(h)
        );
    }
    o.push_str("</tr></thead><tbody>");
    let mc = r
        .model_comparison
        .as_ref()
        .expect("a table means a comparison");
    for (row, x) in rows.iter().zip(&mc.rows) {
        let _ = write!(o, "<tr{}>", if x.chosen { " class=\"focus\"" } else { "" });
        for (k, c) in row.iter().enumerate() {
            let _ = write!(
                o,
                "<td{}>{}</td>",
                if k == 0 { "" } else { " class=\"n\"" },
                esc(c)
            );
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></div>");
    if let Some(n) = super::family::comparison_note(r, lang) {
        let _ = write!(o, "<p class=\"hint\">{}</p>", esc(&n));
    }
}

/// Pearson and deviance residuals per area (generalised linear models), in a
/// folded table under the coefficients.
fn residuals_block(o: &mut String, r: &ModelResult, lang: Lang) {
    if !r
        .areas
        .iter()
        .any(|a| a.resid_pearson.is_some() || a.resid_deviance.is_some())
    {
        return;
    }
    let d = value_decimals(r);
    let _ = write!(
        o,
        "<details class=\"full residuals\"><summary>{}</summary><div class=\"table-wrap\"><table class=\"sortable residuals\">",
        esc(lang.msg().residuals_by_area_pearson_deviance_stude)
    );
    thead(
        o,
        &[
            (lang.msg().area, false),
            (lang.msg().actual_2, true),
            (lang.msg().modelled_2, true),
            (lang.msg().ratio, true),
            (lang.msg().pearson_residual, true),
            (lang.msg().deviance_residual, true),
            (lang.msg().studentized_external, true),
            (lang.msg().leverage, true),
            ("Cook", true),
        ],
    );
    o.push_str("<tbody>\n");
    for &i in &ranking_order(r) {
        let a = &r.areas[i];
        o.push_str("<tr>");
        name_td(o, &a.name, &a.id);
        num_td(o, &f::number(a.actual, d, lang), Some(a.actual), "");
        num_td(o, &f::number(a.modelled, d, lang), Some(a.modelled), "");
        let q = deviation::ratio(a);
        num_td(
            o,
            &q.map_or(f::MISSING.into(), |q| f::number(q, 2, lang)),
            q,
            "",
        );
        num_td(
            o,
            &f::opt_number(a.resid_pearson, 2, lang),
            a.resid_pearson,
            "",
        );
        num_td(
            o,
            &f::opt_number(a.resid_deviance, 2, lang),
            a.resid_deviance,
            "",
        );
        num_td(
            o,
            &f::opt_number(a.studentized_external, 2, lang),
            a.studentized_external,
            "",
        );
        num_td(o, &f::number(a.leverage, 3, lang), Some(a.leverage), "");
        num_td(o, &f::opt_number(a.cooks_d, 3, lang), a.cooks_d, "");
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody></table></div></details>");
}

/// An embedded chart as a figure (not numbered: the numbered figures are the
/// main charts); a chart that fails the SVG check is replaced by a note.
fn chart_figure(o: &mut String, id: &str, title: &str, svg: &str, caption: &str, lang: Lang) {
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let _ = write!(
        o,
        "<figure id=\"fig-{id}\" class=\"chart\"><h3>{}</h3>",
        esc(title)
    );
    match inline_svg(svg) {
        Some(svg) => o.push_str(&svg),
        None => {
            let _ = write!(
                o,
                "<p class=\"warn\">{}</p>",
                lang.msg().the_figure_is_not_shown_it
            );
        }
    }
    if !caption.is_empty() {
        let _ = write!(o, "<figcaption>{}</figcaption>", esc(caption));
    }
    o.push_str("</figure>\n");
}

/// Table head: (label, numeric) per column; numeric columns sort as numbers.
fn thead(o: &mut String, heads: &[(&str, bool)]) {
    o.push_str("<thead><tr>");
    for (h, n) in heads {
        let _ = write!(
            o,
            "<th scope=\"col\"{} data-type=\"{}\">{}</th>",
            if *n { " class=\"n\"" } else { "" },
            if *n { "num" } else { "text" },
            esc(h)
        );
    }
    o.push_str("</tr></thead>");
}

/// The name cell of an area: name with the id in small print.
fn name_td(o: &mut String, name: &str, id: &str) {
    let shown = if name.is_empty() { id } else { name };
    let _ = write!(
        o,
        "<td class=\"name\" data-v=\"{}\">{}<small>{}</small></td>",
        esc(shown),
        esc(shown),
        esc(id)
    );
}

fn years_span(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

/// The persistence rule and counts in one paragraph.
fn persistence_text(o: &mut String, r: &ModelResult, p: &Persistence, lang: Lang) {
    let window_years = &p.years[p.years.len() - p.window.min(p.years.len())..];
    let span = years_span(window_years);
    let count = |s: TrendStatus| p.areas.iter().filter(|a| a.status == s).count();
    let (np, no, nb) = (
        count(TrendStatus::Persistent),
        count(TrendStatus::Occasional),
        count(TrendStatus::Blip),
    );
    let lvl = level(r, lang);
    // Occasional: flagged in 2 to min_flagged − 1 years (none when min_flagged ≤ 2).
    let occ = match p.min_flagged {
        0..=2 => None,
        3 => Some("2".to_string()),
        m => Some(format!("2–{}", m - 1)),
    };
    let text = (lang.msg().persistence_intro)(
        &lvl,
        p.min_flagged,
        p.window,
        &span,
        np,
        no,
        occ.as_deref(),
        nb,
    );
    let _ = write!(o, "<p>{}</p>", esc(&text));
}

/// Deviation in % per year for the chosen areas, with their status.
fn years_table(o: &mut String, t: &super::Trend, p: Option<&Persistence>, lvl: &str, lang: Lang) {
    let _ = write!(o, "<p>{}</p>", esc(&(lang.msg().years_table_intro)(lvl)));
    o.push_str("<div class=\"table-wrap\"><table class=\"sortable years\"><thead><tr>");
    let _ = write!(
        o,
        "<th scope=\"col\" data-type=\"text\">{}</th>",
        lang.msg().area
    );
    for y in &t.years {
        let _ = write!(
            o,
            "<th scope=\"col\" class=\"n\" data-type=\"num\">{}</th>",
            y.map_or_else(|| lang.msg().pooled.to_string(), |y| y.to_string())
        );
    }
    if p.is_some() {
        let _ = write!(
            o,
            "<th scope=\"col\" data-type=\"text\">{}</th>",
            lang.msg().status
        );
    }
    o.push_str("</tr></thead><tbody>\n");
    for (id, name, cells) in &t.rows {
        o.push_str("<tr>");
        name_td(o, name, id);
        for c in cells {
            match c {
                Some((pct, above, below)) => {
                    let mark = if *above {
                        " ▲"
                    } else if *below {
                        " ▼"
                    } else {
                        ""
                    };
                    let shown = pct.map_or(f::MISSING.into(), |v| f::signed_percent(v, 0, lang));
                    num_td(o, &format!("{shown}{mark}"), *pct, sign_class(*pct));
                }
                None => num_td(o, f::MISSING, None, ""),
            }
        }
        if let Some(p) = p {
            let st = p.areas.iter().find(|a| &a.id == id);
            let (label, rank) = st.map_or((f::MISSING.to_string(), 3), |s| {
                (
                    status_label(s.status, s.direction, lang),
                    status_rank(s.status),
                )
            });
            let _ = write!(
                o,
                "<td class=\"status s{rank}\" data-v=\"{rank}\">{}</td>",
                esc(&label)
            );
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody></table></div>");
}

/// Every area with a flag in the window, in a collapsible table.
fn persistence_details(o: &mut String, r: &ModelResult, p: &Persistence, lang: Lang) {
    let mut rows: Vec<&AreaStatus> = p
        .areas
        .iter()
        .filter(|a| a.status != TrendStatus::None)
        .collect();
    if rows.is_empty() {
        return;
    }
    rows.sort_by(|a, b| {
        status_rank(a.status)
            .cmp(&status_rank(b.status))
            .then(b.flagged_in_window.cmp(&a.flagged_in_window))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    let _ = write!(
        o,
        "<details class=\"full\"><summary>{}</summary><div class=\"table-wrap\"><table class=\"sortable persistence\">",
        esc(&(lang.msg().all_flagged_in_window)(rows.len(), p.window))
    );
    let years_head = (lang.msg().years_outside_head)(p.window);
    thead(
        o,
        &[
            (lang.msg().area, false),
            (lang.msg().group, false),
            (lang.msg().status, false),
            (&years_head, true),
        ],
    );
    o.push_str("<tbody>\n");
    for s in rows {
        o.push_str("<tr>");
        name_td(o, &s.name, &s.id);
        let grp = r
            .areas
            .iter()
            .find(|a| a.id == s.id)
            .map(group_display)
            .unwrap_or("");
        let _ = write!(o, "<td class=\"grp\">{}</td>", esc(grp));
        let rank = status_rank(s.status);
        let _ = write!(
            o,
            "<td class=\"status s{rank}\" data-v=\"{rank}\">{}</td>",
            esc(&status_label(s.status, s.direction, lang))
        );
        num_td(
            o,
            &s.flagged_in_window.to_string(),
            Some(s.flagged_in_window as f64),
            "",
        );
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody></table></div></details>");
}

fn decomposition_rows(
    o: &mut String,
    r: &ModelResult,
    d: &Decomposition,
    idx: &[usize],
    lang: Lang,
) {
    let dd = value_decimals(r);
    let a_from = (lang.msg().actual_in_year)(d.from);
    let a_to = (lang.msg().actual_in_year)(d.to);
    thead(
        o,
        &[
            (lang.msg().area, false),
            (&a_from, true),
            (&a_to, true),
            (lang.msg().change, true),
            ("%", true),
            (lang.msg().structure, true),
            (lang.msg().model, true),
            (lang.msg().deviation, true),
        ],
    );
    o.push_str("<tbody>\n");
    for &i in idx {
        let c = &d.rows[i];
        o.push_str("<tr>");
        name_td(o, &c.name, &c.id);
        num_td(
            o,
            &f::number(c.actual_from, dd, lang),
            Some(c.actual_from),
            "",
        );
        num_td(o, &f::number(c.actual_to, dd, lang), Some(c.actual_to), "");
        num_td(
            o,
            &f::signed(c.change_actual, dd, lang),
            Some(c.change_actual),
            sign_class(Some(c.change_actual)),
        );
        num_td(
            o,
            &c.change_actual_pct
                .map_or(f::MISSING.into(), |p| f::signed_percent(p, 0, lang)),
            c.change_actual_pct,
            "",
        );
        for v in [c.structure, c.model_change, c.deviation_change] {
            num_td(o, &f::signed(v, dd, lang), Some(v), sign_class(Some(v)));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>");
}

/// The change decomposition: the focus rows inline with the chart, every
/// area in a collapsible table.
fn decomposition_block(
    o: &mut String,
    r: &ModelResult,
    d: &Decomposition,
    svg: Option<&str>,
    lang: Lang,
) {
    let (idx, n_cities) = decomposition_focus(d);
    let title = (lang.msg().decomposition_title)(d.from, d.to);
    let _ = write!(o, "<h3 id=\"decomposition\">{}</h3>", esc(&title));
    let unit = if r.model.outcome_unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", crate::i18n::outcome_unit(r, lang))
    };
    let n_top = idx.len() - n_cities;
    let shown = (lang.msg().decomposition_shown)(n_top, n_cities > 0);
    let text = (lang.msg().decomposition_text)(&unit, d.from, d.to, &shown);
    let _ = write!(o, "<p>{}</p>", esc(&text));
    o.push_str("<div class=\"table-wrap\"><table class=\"sortable decomposition\">");
    decomposition_rows(o, r, d, &idx, lang);
    o.push_str("</table></div>");
    if let Some(svg) = svg {
        let caption = (lang.msg().decomposition_caption)(d.from, d.to);
        let fig_title = lang.msg().the_change_split_by_area;
        chart_figure(o, "decomposition", fig_title, svg, &caption, lang);
    }
    if d.rows.len() > idx.len() {
        let all: Vec<usize> = (0..d.rows.len()).collect();
        let _ = write!(
            o,
            "<details class=\"full\"><summary>{}</summary><div class=\"table-wrap\"><table class=\"sortable decomposition-all\">",
            esc(&(lang.msg().all_n_areas)(d.rows.len()))
        );
        decomposition_rows(o, r, d, &all, lang);
        o.push_str("</table></div></details>");
    }
    if !d.unmatched.is_empty() {
        let names: Vec<String> = d
            .unmatched
            .iter()
            .map(|u| {
                format!(
                    "{} ({})",
                    if u.name.is_empty() { &u.id } else { &u.name },
                    unmatched_reason(u, lang)
                )
            })
            .collect();
        let _ = write!(
            o,
            "<p class=\"hint\">{} {}</p>",
            esc(lang.msg().in_only_one_of_the_two),
            esc(&names.join("; "))
        );
    }
}

/// Why an area is not in the change decomposition, in `lang` (the engine's
/// English text when the year is not known, as for a view read back).
pub fn unmatched_reason(u: &crate::views::Unmatched, lang: Lang) -> String {
    match u.not_in_year {
        Some(y) => (lang.msg().not_in_fit_of)(y),
        None => u.reason.clone(),
    }
}

/// Similar areas in other groups for each focus area.
fn peers_section(o: &mut String, r: &ModelResult, p: &Peers, extras: &Extras, lang: Lang) {
    section_open(o, "peers", lang.msg().similar_areas, true);
    let covs: Vec<String> = p
        .covariates
        .iter()
        .map(|c| label(r, c, lang).to_string())
        .collect();
    let whom = match p.focus.as_str() {
        "big_cities" => lang.msg().peers_whom_big_cities.to_string(),
        _ => (lang.msg().peers_whom_top)(p.areas.len()),
    };
    let text = (lang.msg().peers_text)(&whom, p.k);
    let _ = write!(
        o,
        "<p>{}</p><p class=\"hint\">{} {}.</p>",
        esc(&text),
        lang.msg().covariates,
        esc(&covs.join("; "))
    );
    let d = value_decimals(r);
    for set in &p.areas {
        let Some(first) = set.rows.first() else {
            continue;
        };
        let fname = if first.name.is_empty() {
            &first.id
        } else {
            &first.name
        };
        let head = (lang.msg().peers_head)(fname, set.other_groups);
        let _ = write!(o, "<h3>{}</h3>", esc(&head));
        o.push_str("<div class=\"table-wrap\"><table class=\"sortable peers\">");
        thead(
            o,
            &[
                (lang.msg().area, false),
                (lang.msg().group, false),
                (lang.msg().distance, true),
                (lang.msg().actual_2, true),
                (lang.msg().modelled_2, true),
                (lang.msg().deviation, true),
                ("%", true),
                (lang.msg().flags, false),
            ],
        );
        o.push_str("<tbody>\n");
        for row in &set.rows {
            let _ = write!(
                o,
                "<tr{}>",
                if row.rank == 0 {
                    " class=\"focus\""
                } else {
                    ""
                }
            );
            name_td(o, &row.name, &row.id);
            let _ = write!(
                o,
                "<td class=\"grp\">{}</td>",
                esc(super::group_name_of(r, &row.group))
            );
            num_td(o, &f::number(row.distance, 2, lang), Some(row.distance), "");
            num_td(o, &f::number(row.actual, d, lang), Some(row.actual), "");
            num_td(o, &f::number(row.modelled, d, lang), Some(row.modelled), "");
            num_td(
                o,
                &f::signed(row.deviation, d, lang),
                Some(row.deviation),
                sign_class(Some(row.deviation)),
            );
            let pct = deviation::pct_where_positive(row.modelled, row.deviation_pct);
            num_td(
                o,
                &pct.map_or(f::MISSING.into(), |v| f::signed_percent(v, 0, lang)),
                pct,
                sign_class(pct),
            );
            let chips: String = row
                .flags
                .iter()
                .map(|&fl| flag_chip_short(fl, r, lang))
                .collect();
            let _ = writeln!(
                o,
                "<td class=\"flags\" data-v=\"{}\">{chips}</td></tr>",
                row.flags.len()
            );
        }
        o.push_str("</tbody></table></div>");
    }
    // The charts side by side (small multiples), in the order of the tables.
    let shown: Vec<&(String, String)> = p
        .areas
        .iter()
        .filter_map(|set| set.rows.first())
        .filter_map(|first| extras.peers_svgs.iter().find(|(id, _)| *id == first.id))
        .collect();
    if !shown.is_empty() {
        let _ = write!(
            o,
            "<figure id=\"fig-peers\" class=\"multiples\"><h3>{}</h3><div class=\"grid\">",
            esc(lang.msg().the_areas_among_all_areas)
        );
        for (_, svg) in shown {
            match inline_svg(svg) {
                Some(svg) => {
                    let _ = write!(o, "<div>{svg}</div>");
                }
                None => {
                    let _ = write!(
                        o,
                        "<p class=\"warn\">{}</p>",
                        lang.msg().the_figure_is_not_shown_it
                    );
                }
            }
        }
        let _ = writeln!(
            o,
            "</div><figcaption>{}</figcaption></figure>",
            esc(lang.msg().each_point_is_an_area_modelled)
        );
    }
    o.push_str("</section>\n");
}

/// Agreement with the external reference model.
fn reference_section(
    o: &mut String,
    r: &ModelResult,
    cmp: &ReferenceComparison,
    svg: Option<&str>,
    lang: Lang,
) {
    let title = (lang.msg().reference_title)(&cmp.column);
    section_open(o, "reference", &title, true);
    let d = value_decimals(r);
    let unit = crate::i18n::outcome_unit(r, lang);
    let c = |v: Option<f64>| v.map_or(f::MISSING.to_string(), |v| f::number(v, 2, lang));
    let col_label = label(r, &cmp.column, lang);
    let named = if col_label == cmp.column {
        cmp.column.clone()
    } else {
        format!("{} ({})", in_sentence(col_label), cmp.column)
    };
    let n_dis = cmp.disagreements.len();
    let mean_diff = {
        let n = f::number(cmp.mean_difference.abs(), d, lang);
        let n = if unit.is_empty() {
            n
        } else {
            format!("{n}\u{a0}{unit}")
        };
        (lang.msg().mean_difference)(&n, cmp.mean_difference >= 0.0)
    };
    let text = (lang.msg().reference_text)(
        &named,
        cmp.n,
        &c(cmp.correlation),
        &c(cmp.rank_correlation),
        &c(cmp.correlation_actual_modelled),
        &c(cmp.correlation_actual_reference),
        &mean_diff,
        cmp.n_same_sign,
        n_dis,
    );
    let _ = write!(o, "<p>{}</p>", esc(&text));
    if n_dis > 0 {
        const INLINE: usize = 10;
        let head = (lang.msg().disagreements_head)(n_dis, INLINE);
        let _ = write!(o, "<h3>{}</h3>", esc(&head));
        let table = |o: &mut String, rows: &[contract::views::Disagreement]| {
            o.push_str("<div class=\"table-wrap\"><table class=\"sortable disagreements\">");
            let ref_head = format!("{} {}", lang.msg().reference_2, cmp.column);
            thead(
                o,
                &[
                    (lang.msg().area, false),
                    (lang.msg().actual_2, true),
                    (lang.msg().modelled_2, true),
                    (&ref_head, true),
                    (lang.msg().deviation_our_model, true),
                    (lang.msg().deviation_reference, true),
                ],
            );
            o.push_str("<tbody>\n");
            for x in rows {
                o.push_str("<tr>");
                name_td(o, &x.name, &x.id);
                num_td(o, &f::number(x.actual, d, lang), Some(x.actual), "");
                num_td(o, &f::number(x.modelled, d, lang), Some(x.modelled), "");
                num_td(o, &f::number(x.reference, d, lang), Some(x.reference), "");
                num_td(
                    o,
                    &f::signed(x.deviation, d, lang),
                    Some(x.deviation),
                    sign_class(Some(x.deviation)),
                );
                num_td(
                    o,
                    &f::signed(x.reference_deviation, d, lang),
                    Some(x.reference_deviation),
                    sign_class(Some(x.reference_deviation)),
                );
                o.push_str("</tr>\n");
            }
            o.push_str("</tbody></table></div>");
        };
        table(o, &cmp.disagreements[..n_dis.min(INLINE)]);
        if n_dis > INLINE {
            let _ = write!(
                o,
                "<details class=\"full\"><summary>{}</summary>",
                esc(&(lang.msg().all_disagreements)(n_dis))
            );
            table(o, &cmp.disagreements);
            o.push_str("</details>");
        }
    }
    if let Some(svg) = svg {
        let caption = lang.msg().each_point_is_an_area_the;
        chart_figure(o, "reference", &title, svg, caption, lang);
    }
    o.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_is_replace_with_nothing() {
        let pats = ["ab", "aa", " x=\"y\"", "é"];
        let texts = [
            "",
            "ab",
            "aab",
            "aaaa",
            "abab ab",
            "xaby x=\"y\" x=\"y\"z",
            "éaé",
            "no match here",
            "aaa",
        ];
        for t in texts {
            for p in pats {
                assert_eq!(without(t, p), t.replace(p, ""), "{t:?} without {p:?}");
            }
        }
    }

    /// The attribute check without the one-pass shortcut for plain values:
    /// every value decoded and lowered first.
    fn attr_is_inert_slow(key: &str, value: &str) -> bool {
        let key = ascii_lower(key);
        let link = key == "href" || key.ends_with(":href") || key == "src";
        !key.starts_with("on") && attr_value_is_inert(&key, link, value)
    }

    #[test]
    fn the_plain_value_shortcut_decides_as_the_full_attribute_check() {
        let keys = [
            "d",
            "fill",
            "style",
            "href",
            "xlink:href",
            "src",
            "onload",
            "ONclick",
            "class",
        ];
        let pieces = [
            "M1.5 2L3 4Z",
            "#",
            "#a",
            "&#106;",
            "&#x3A;",
            "&amp;",
            "javascript",
            ":",
            "(",
            "@",
            "url(",
            "url(#g)",
            "URL(http",
            "@import",
            " ",
            "\t",
            "A",
            "é",
            "'",
            "\"",
            "0.4",
        ];
        let mut next = lcg(0x9e37_79b9_7f4a_7c15);
        for _ in 0..200_000 {
            let key = keys[next(keys.len())];
            let value: String = (0..next(6)).map(|_| pieces[next(pieces.len())]).collect();
            assert_eq!(
                attr_is_inert(key, &value),
                attr_is_inert_slow(key, &value),
                "{key}={value:?}"
            );
        }
    }

    /// A small reproducible stream of indices below `n` (Knuth's MMIX
    /// linear congruential generator) for the randomized comparisons.
    fn lcg(seed: u64) -> impl FnMut(usize) -> usize {
        let mut z = seed;
        move |n| {
            z = z
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (z >> 33) as usize % n
        }
    }

    /// The tag end found char by char.
    fn tag_end_slow(s: &str) -> Option<usize> {
        let mut quote: Option<char> = None;
        for (i, c) in s.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => return Some(i),
                (None, '<') => return None,
                _ => {}
            }
        }
        None
    }

    #[test]
    fn the_tag_end_search_agrees_with_a_char_by_char_scan() {
        let pieces = ["a", "=", "\"", "'", ">", "<", " ", "é", "M1 2", "/"];
        let mut next = lcg(0x2545_f491_4f6c_dd1d);
        for _ in 0..200_000 {
            let s: String = (0..next(12)).map(|_| pieces[next(pieces.len())]).collect();
            assert_eq!(tag_end(&s), tag_end_slow(&s), "{s:?}");
        }
    }

    #[test]
    fn attributes_read_in_order_and_malformed_ones_refuse() {
        assert_eq!(
            attributes(" d=\"M1 2\" class='a b'"),
            Some(vec![("d", "M1 2"), ("class", "a b")])
        );
        assert_eq!(attributes(" d=M1"), None);
        assert_eq!(attributes(" =\"x\""), None);
        // A harmful pair before a malformed one, and after it.
        assert!(!svg_is_inert("<svg><g onload=\"x\" a=b/></svg>"));
        assert!(!svg_is_inert("<svg><g a=b onload=\"x\"/></svg>"));
        assert!(svg_is_inert("<svg><g a=\"b\" fill='#fff'/></svg>"));
    }

    #[test]
    fn a_tag_ends_at_the_first_unquoted_bracket_after_multibyte_text() {
        assert_eq!(tag_end("text x=\"1\">Malmö</text>"), Some(10));
        assert_eq!(tag_end("title a=\"é>ö\">"), Some(15));
        assert_eq!(tag_end("g a='<'>"), Some(7));
        assert_eq!(tag_end("g <"), None);
    }
}
