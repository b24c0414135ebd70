//! The terminal's texts, one file per language (`en.rs`, `sv.rs`), looked up
//! by field: what `report` and the other commands print when `--lang` is
//! given. Without `--lang` the terminal speaks English, as it always has.
//!
//! A template's `{}` are filled in order by [`fill`]. Numbers go through
//! [`Terminal::num`] and friends, one way per language: Swedish with a space
//! between thousands and a decimal comma, English with a comma between
//! thousands and a decimal point, and without `--lang` a space between
//! thousands and a decimal point. The terminal writes an ASCII minus, so a
//! number pasted from it reads as a number anywhere.

use std::fmt::Display;

use modellvarde::lang::Lang;

mod en;
pub mod errors;
pub mod fetch;
pub mod input;
mod sv;
pub mod usage;

/// Every fixed text the terminal shows. Doc comments give the English text.
#[derive(Debug)]
pub struct Texts {
    /// `{model}: {title} ({family}, {link} link)`
    pub model_glm: &'static str,
    /// `pooled` (the year column of a pooled fit)
    pub pooled: &'static str,
    /// `excluded`
    pub excluded: &'static str,
    /// `most above:`
    pub most_above: &'static str,
    /// `most below:`
    pub most_below: &'static str,
    /// ` above interval`
    pub above_interval: &'static str,
    /// ` below interval`
    pub below_interval: &'static str,
    /// `{year}: most surely above modelled: {areas}`
    pub surely_above: &'static str,
    /// `{year}: most surely below modelled: {areas}`
    pub surely_below: &'static str,
    /// `{year}: {k}-fold cross-validated weighted RMSE: {rows}`
    pub comparison: &'static str,
    /// ` (chosen)`
    pub chosen: &'static str,
    /// `{year}: warning: modelled value ≤ 0 (...) for {n}: {names}`
    pub nonpositive: &'static str,
    /// `{year}: note: modelled value may be 0 (...): {names}{more}`
    pub uncertain_modelled: &'static str,
    /// `, and {n} more` after a capped list of names
    pub and_more: &'static str,
    /// `{year}: rank by {by} ({pct} % interval, {method} bootstrap, B = {b}{redrawn}): {areas}`
    pub rank_by: &'static str,
    /// `, {n} redrawn`
    pub redrawn: &'static str,
    /// `{year}: coefficients ({pct} % bootstrap interval): {list}`
    pub coefficients_interval: &'static str,
    /// `{year}: {k}-fold cross-validation: RMSE {rmse}, MAE {mae}{weighted}`
    pub cross_validation: &'static str,
    /// `; weighted by the fit weights: RMSE {rmse}, MAE {mae}`
    pub cv_weighted: &'static str,
    /// `warning`
    pub warning: &'static str,
    /// `{kinds in k of n years} (see the lines above)`
    pub see_above: &'static str,
    /// `all {n} years` (a warning of every year of a model)
    pub all_years: &'static str,
    /// `note`
    pub note: &'static str,
    /// `error`
    pub error: &'static str,
    /// ` ({n} unchanged since the last run, kept; {k} without fitting again)`
    pub kept: &'static str,
    /// `wrote {n} of {m} result folder(s){kept}, {files} file(s), to {out}/ (index: {index})`
    pub wrote: &'static str,
    /// `{n} problem(s):`
    pub problems: &'static str,
    /// `groups: {file} (cached by fetch kolada-groups; --no-groups leaves it out)`
    pub groups_cached: &'static str,
    /// `{model} {year}: {budget} kr allocated by {basis} over {n} areas (largest remainder, whole kronor)`
    pub allocated: &'static str,
    /// allocate's table header: id, name, share %, amount kr
    pub allocate_header: [&'static str; 4],
    /// allocate's columns beside modelled need: need kr, share %, by need kr, difference
    pub allocate_need_header: [&'static str; 4],
    /// `beside modelled need`
    pub beside_need: &'static str,
    /// `modelled need` (allocate's default basis)
    pub modelled_need: &'static str,
    /// `{model}: allocation of {budget} SEK` (the allocation chart's title)
    pub allocation_title: &'static str,
    /// `total`
    pub total: &'static str,
    /// `not allocated ({n} area(s), no share of the budget):`
    pub not_allocated: &'static str,
    /// `wrote {file}` (a chart)
    pub wrote_file: &'static str,
    /// `writing {file}`: the context of a failed write
    pub writing: &'static str,
    /// `simulated {n} areas in {g} cities, {from}–{to}, {k} covariates (seed {s}): {rows} rows`
    pub simulated: &'static str,
    /// `  planted {kind} {id} {name} years {years}, shift {sd} sd`
    pub planted: &'static str,
    /// `wrote {csv} and {truth}`
    pub wrote_two: &'static str,
    /// `wrote {file}: {n} rows, {m} municipalities, {years}, {k} columns`
    pub imported: &'static str,
    /// `years {a}–{b}`, `year {a}`, `no years`
    pub year_span: [&'static str; 3],
    /// `{model}: deviation from modelled (%) {from}–{to}; persistent = …` (trend's heading)
    pub trend_intro: &'static str,
    /// trend's columns: id, name, status
    pub trend_cols: [&'static str; 3],
    /// persistent, occasional, blip, none
    pub status_words: [&'static str; 4],
    /// above, below, mixed
    pub direction_words: [&'static str; 3],
    /// `change {from}→{to} ({convention} convention): …`
    pub change_intro: &'static str,
    /// the change decomposition's columns
    pub change_cols: [&'static str; 8],
    /// `not decomposed: {id} {name}: {reason}`
    pub not_decomposed: &'static str,
    /// `{model} {year}: modelled vs reference {column} over {n} areas`
    pub reference_intro: &'static str,
    /// the reference comparison's correlations
    pub reference_corr: &'static str,
    /// `  same sign of deviation: {n} areas; opposite: {m}`
    pub reference_signs: &'static str,
    /// the reference comparison's columns
    pub reference_cols: [&'static str; 7],
    /// `{area} and its {k} most similar areas{where} (Mahalanobis distance over {covariates}), model {model} {year}`
    pub peers_intro: &'static str,
    /// ` in other groups`
    pub in_other_groups: &'static str,
    /// compare --area's columns
    pub peers_cols: [&'static str; 10],
    /// `every area against its {k} most similar areas{where}, model {model} {year}`
    pub peer_table_intro: &'static str,
    /// compare's table columns
    pub peer_table_cols: [&'static str; 10],
}

/// The texts of `fit`'s summary; doc comments give the English text, which
/// follows R's `summary.lm` and `summary.glm`.
#[derive(Debug)]
pub struct FitTexts {
    /// `WLS, weights {w}`
    pub wls: &'static str,
    /// `{title}  ({method})\ndata: {source}\n\n`
    pub head: &'static str,
    /// `n = {}   p = {}   residual df = {}\nR² = {}   adjusted R² = {}   ({centred})   σ = {}\n`
    pub lm_stats: &'static str,
    /// `centred`, `uncentred: no intercept`
    pub centred: [&'static str; 2],
    /// `F = {} on {df1} and {df2} df, p = {}\n`
    pub f_test: &'static str,
    /// `log-likelihood = {}   AIC = {}   BIC = {}   (R's convention, k = p + 1)\n`
    pub loglik: &'static str,
    /// `condition number = {} (unit-length columns)   solver: {}\n`
    pub condition: &'static str,
    /// the linear model's coefficient columns (the interval's is `interval`)
    pub lm_cols: [&'static str; 7],
    /// `{level} % confidence interval`
    pub interval: &'static str,
    /// `{title}  (GLM: family {f}, link {l}{extra})\ndata: {source}\n\n`
    pub glm_head: &'static str,
    /// `prior weights {w}`
    pub prior_weights: &'static str,
    /// `Coefficients:\n`
    pub coefficients: &'static str,
    /// a GLM's coefficient columns: estimate, std. error, `{z|t} value`, HC3, exp
    pub glm_cols: [&'static str; 5],
    /// `{level} % Wald interval`
    pub wald: &'static str,
    /// `\n(Dispersion parameter for {family} family taken to be {d})\n\n`
    pub dispersion: &'static str,
    /// null and residual deviance with their degrees of freedom
    pub deviance: &'static str,
    /// `Deviance explained: {} %   Pearson χ² = {}\n`
    pub explained: &'static str,
    /// `AIC: {}   BIC: {}   log-likelihood: {}   (R's logLik.glm; NA: no likelihood)\n`
    pub glm_aic: &'static str,
    /// `Theta: {}   Std. Err.: {}\n`
    pub theta: &'static str,
    /// `\nNumber of Fisher Scoring iterations: {}   leave-one-out values: {}\n`
    pub iterations: &'static str,
    /// `\nAreas furthest from their modelled value (…, top {k}):\n`
    pub areas_intro: &'static str,
    /// the area table's columns
    pub area_cols: [&'static str; 9],
    /// `\nNo rows excluded.\n`
    pub no_excluded: &'static str,
    /// `\nExcluded rows ({n}):\n`
    pub excluded_rows: &'static str,
    /// `line {l}: `
    pub line: &'static str,
    /// `--year given {n} times: fit pools {years} into one fit (report fits each year separately)`
    pub pooled_years: &'static str,
}

/// The texts of `validate`; doc comments give the English text.
#[derive(Debug)]
pub struct ValidateTexts {
    /// `{file}: {n} rows, {k} numeric columns, years {from–to}`
    pub table: &'static str,
    /// `none` (no years)
    pub no_years: &'static str,
    /// `{model} ({file}): spec ok`
    pub spec_ok: &'static str,
    /// `sample.years runs {}–{} but the data has years {}–{}: {} have no data …`
    pub years_past: &'static str,
    /// ` and `
    pub and: &'static str,
    /// `{id} is closed in Kolada ({what}); use {instead} instead; propose changing the spec`
    pub closed: &'static str,
    /// `  {year}: {n} rows used, {k} coefficients, {m} excluded`
    pub year: &'static str,
    /// `    excluded {line: }{id} {name}: {reason}`
    pub excluded: &'static str,
    /// `model '{name}': {error}`
    pub model_error: &'static str,
    /// `model '{name}' {year}: cannot fit: {error}{place}`
    pub cannot_fit: &'static str,
    /// `model '{name}' {year}: {n} rows for {k} coefficients; …`
    pub too_few: &'static str,
    /// `{n} problem(s) found`
    pub problems: &'static str,
    /// A place in the data as the engine words it, and in this language:
    /// `(that is`, `column`, `area`, `hint:`.
    pub place_words: [&'static str; 4],
}

/// The texts of `select`; doc comments give the English text.
#[derive(Debug)]
pub struct SelectTexts {
    /// `all-subsets search: model '{}', {year}, n = {} areas, {} candidates = {} subsets ({} rank-deficient skipped), {} s`
    pub search: &'static str,
    /// `all-subsets search: model '{}', family {} with the {} link, {year}, n = {} areas, {} candidates = {} subsets ({} could not be fitted), {} s`
    pub search_glm: &'static str,
    /// `  always in the model: {}`
    pub always: &'static str,
    /// `  {n} area(s) left out of every model (…), e.g. {id} {name}: {reason}`
    pub left_out: &'static str,
    /// `candidate {col} is missing for {lost} of the {n} areas model '{}' uses ({} %); …`
    pub missing: &'static str,
    /// `models with {k} or more candidates leave {} or fewer residual degrees of freedom …`
    pub thin: &'static str,
    /// `\nbest by {criterion} (exact refits):\n`
    pub best_by: &'static str,
    /// the linear search's table header
    pub header: &'static str,
    /// `\nbest by {k}-fold CV RMSE, among the {n} models above only (seed {}; …):\n`
    pub best_cv: &'static str,
    /// `\ninclusion share among {basis}: {shares}\n`
    pub inclusion: &'static str,
    /// `the top {n} by BIC`, `the top {n} by CV weighted RMSE`
    pub top_by: [&'static str; 2],
    /// `(none)`
    pub none: &'static str,
    /// `wrote {file} (model '{}', chosen by {})`
    pub wrote: &'static str,
    /// `  with prior weights ({w}), R's log-likelihood counts …`
    pub prior_weights: &'static str,
    /// `  not fitted, e.g. {}`
    pub not_fitted: &'static str,
    /// the GLM tables' headers, with and without a likelihood
    pub glm_header: [&'static str; 2],
    /// `\nbest by {criterion} (IRLS fits, family {fam}):\n`
    pub best_by_glm: &'static str,
    /// `\nbest by {k}-fold CV weighted RMSE, among the {n} models above only (seed {}; …):\n`
    pub best_cv_glm: &'static str,
    /// `\nbest by {k}-fold CV weighted RMSE, among all {n} subsets fitted (IRLS fits, family {}; seed {}; …):\n`
    pub best_cv_all: &'static str,
    /// the footnote on models with failed folds
    pub failed_folds: &'static str,
    /// the cross-validation convention, `{k}` folds, `{seed}`
    pub cv_convention: &'static str,
    /// `no cross-validation (--cv 0)`
    pub no_cv: &'static str,
    /// `criteria in R's conventions (…), k = coefficients{extra}; {cv}`
    pub criteria: &'static str,
    /// `family {} has no likelihood, so no AIC or BIC (…); {cv}`
    pub no_likelihood: &'static str,
    /// the extra likelihood parameter: Gamma, negative binomial, Gaussian
    pub extra: [&'static str; 3],
    /// `adjusted R²`
    pub adj_r2: &'static str,
    /// `CV RMSE`
    pub cv_rmse: &'static str,
    /// The comment lines `--write-spec` puts above the spec: the linear
    /// search's and the GLM search's (`# Written by `modellvarde select` …`)
    pub spec_header: [&'static str; 2],
    /// `none of the candidates`, `deviance explained`
    pub spec_words: [&'static str; 2],
}

/// The texts of `fetch`; doc comments give the English text.
#[derive(Debug)]
pub struct FetchTexts {
    /// `fetched {n} values ({m} missing, {k} with a status) of {p} KPIs for {a} {units}, years {}–{}, on {date}; {stats}`
    pub fetched_kolada: &'static str,
    /// `units`, `municipalities`
    pub units: [&'static str; 2],
    /// `wrote {csv} ({n} rows), {dict}, {sources}{also}`
    pub wrote_kolada: &'static str,
    /// the source line under Kolada's terms
    pub source_kolada: &'static str,
    /// `cached as {file} (…)`
    pub cached_groups: &'static str,
    /// `wrote {file}: {g} groups, {m} members; {stats}`
    pub wrote_groups: &'static str,
    /// `fetched {n} rows × {k} columns by {dim} on {date} ({m} cells marked missing); {stats}`
    pub fetched_pxweb: &'static str,
    /// `wrote {csv}, {dict}`
    pub wrote_pair: &'static str,
    /// `{n} requests, {r} retries, {c} answers from the cache`
    pub stats: &'static str,
    /// `model {name} uses closed KPIs:`
    pub closed_kpis: &'static str,
    /// The progress bar's template (indicatif's): `{msg} [{bar:30}] {pos}/{len} requests`
    pub progress: &'static str,
    /// `fetching Kolada`
    pub fetching_kolada: &'static str,
    /// `--gender {g}: use T (total), K (women) or M (men)`
    pub bad_gender: &'static str,
    /// `--years {s}: give FROM-TO (e.g. 2013-2025) or one year`
    pub bad_years: &'static str,
    /// `--timeout {t}: give a positive number of seconds`
    pub bad_timeout: &'static str,
    /// `reading the query {file}`
    pub reading_query: &'static str,
    /// `{file}: the query is not valid JSON`
    pub query_not_json: &'static str,
    /// `note: --out is deprecated here (the output is a file); use --out-file`
    pub out_deprecated: &'static str,
}

/// An operating-system error's kind in Swedish words, for the common kinds.
pub(crate) fn io_kind_sv(kind: std::io::ErrorKind) -> Option<&'static str> {
    use std::io::ErrorKind as K;
    Some(match kind {
        K::NotFound => "filen eller mappen finns inte",
        K::PermissionDenied => "behörighet saknas",
        K::AlreadyExists => "finns redan",
        K::NotADirectory => "en del av sökvägen är ingen mapp",
        K::IsADirectory => "det är en mapp",
        K::DirectoryNotEmpty => "mappen är inte tom",
        K::ReadOnlyFilesystem => "filsystemet är skrivskyddat",
        K::StorageFull => "disken är full",
        K::QuotaExceeded => "diskkvoten är slut",
        K::FileTooLarge => "filen är för stor",
        K::InvalidFilename => "ogiltigt filnamn",
        _ => return None,
    })
}

/// An operating-system error in Swedish: the common kinds in words
/// ([`io_kind_sv`]), the others in the system's own (English) words; the
/// system's error number is kept, as `os-fel N`.
pub fn io_error_sv(e: &std::io::Error) -> String {
    match (io_kind_sv(e.kind()), e.raw_os_error()) {
        (Some(reason), Some(n)) => format!("{reason} (os-fel {n})"),
        (Some(reason), None) => reason.to_string(),
        (None, _) => e.to_string(),
    }
}

/// The terminal's language: the texts and the number rules.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    /// `None`: no `--lang` given (English texts, plain numbers).
    pub lang: Option<Lang>,
}

impl Terminal {
    pub fn new(lang: Option<Lang>) -> Self {
        Terminal { lang }
    }

    /// The language the terminal's texts are in: English without `--lang`.
    pub fn language(&self) -> Lang {
        self.lang.unwrap_or(Lang::En)
    }

    /// The texts of a chart or file in `lang` (Swedish when no `--lang` was
    /// given, as the report's files are).
    pub fn of(lang: Lang) -> &'static Texts {
        match lang {
            Lang::Sv => &sv::TEXTS,
            Lang::En => &en::TEXTS,
        }
    }

    /// A persistence status in words.
    pub fn status(&self, s: modellvarde::flag_names::TrendStatus) -> &'static str {
        use modellvarde::flag_names::TrendStatus as S;
        let w = &self.t().status_words;
        match s {
            S::Persistent => w[0],
            S::Occasional => w[1],
            S::Blip => w[2],
            S::None => w[3],
        }
    }

    /// A direction in words.
    pub fn direction(&self, d: modellvarde::flag_names::Direction) -> &'static str {
        use modellvarde::flag_names::Direction as D;
        let w = &self.t().direction_words;
        match d {
            D::Above => w[0],
            D::Below => w[1],
            D::Mixed => w[2],
        }
    }

    /// The texts of `validate` in this language.
    pub fn validate(&self) -> &'static ValidateTexts {
        match self.lang {
            Some(Lang::Sv) => &sv::VALIDATE,
            Some(Lang::En) | None => &en::VALIDATE,
        }
    }

    /// A place in the data (`file:line, column 'c', area a`) and an
    /// error's hint as the engine words them, in this language: only the
    /// frame's words change, the file, line, column and area stay.
    pub fn place(&self, text: &str) -> String {
        if self.lang != Some(Lang::Sv) {
            return text.to_string();
        }
        let [that_is, column, area, hint] = sv::VALIDATE.place_words;
        text.replace(" (that is ", that_is)
            .replace(", column ", column)
            .replace(", area ", area)
            .replace("\n  hint: ", hint)
    }

    /// A fit's refusal in this language (Swedish from the error's kind and
    /// data, see [`errors`]; else the English text).
    pub fn glm_error(&self, e: &modellvarde::glm::GlmError) -> String {
        match self.lang {
            Some(Lang::Sv) => errors::glm_error_sv(e),
            _ => e.to_string(),
        }
    }

    /// An error in this language, place included (see [`Terminal::place`]).
    pub fn error(&self, e: &(dyn std::error::Error + 'static)) -> String {
        self.place(&self.error_text(e))
    }

    /// An error's own text in this language, its place still framed in
    /// English words: Swedish from the kinds of the engine's errors (the
    /// loader's, the spec checks' and the Kolada importers'
    /// [`modellvarde::InputError`], the fit's
    /// refusals, a failed fit, the fetch errors), the English `Display` for
    /// anything else and in English.
    pub fn error_text(&self, e: &(dyn std::error::Error + 'static)) -> String {
        use engine::analysis::task::FitFailure;
        if self.lang != Some(Lang::Sv) {
            return e.to_string();
        }
        if let Some(x) = e.downcast_ref::<modellvarde::Error>() {
            return match x {
                modellvarde::Error::Input(i) => input::input_error_sv(i),
                modellvarde::Error::Fit(f) => errors::fit_error_sv(f),
                modellvarde::Error::Failed(b) => {
                    let b: &(dyn std::error::Error + 'static) = b.as_ref();
                    self.error_text(b)
                }
                modellvarde::Error::Io { path, source } => {
                    format!("{}: {}", path.display(), io_error_sv(source))
                }
                other => other.to_string(),
            };
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return io_error_sv(io);
        }
        if let Some(i) = e.downcast_ref::<modellvarde::InputError>() {
            return input::input_error_sv(i);
        }
        if let Some(f) = e.downcast_ref::<modellvarde::fit::FitError>() {
            return errors::fit_error_sv(f);
        }
        if let Some(g) = e.downcast_ref::<modellvarde::glm::GlmError>() {
            return errors::glm_error_sv(g);
        }
        if let Some(f) = e.downcast_ref::<FitFailure>() {
            return errors::fit_failure_sv(f);
        }
        if let Some(f) = e.downcast_ref::<modellvarde::fetch::FetchError>() {
            return fetch::fetch_error_sv(f);
        }
        e.to_string()
    }

    /// A report note (a chart not drawn) in this language. The notes are
    /// kept in English in each folder's record (a folder kept from an
    /// earlier run brings its notes back), so they are worded here by their
    /// fixed phrases; the reason after them is the drawing library's.
    pub fn note(&self, note: &str) -> String {
        if self.lang != Some(Lang::Sv) {
            return note.to_string();
        }
        let note = note.replacen(" (pooled): ", " (poolad): ", 1);
        for (en, sv) in [
            (
                "cross-city charts not drawn: ",
                "diagrammen mellan städer ritades inte: ",
            ),
            ("map not drawn: ", "kartan ritades inte: "),
        ] {
            if note.contains(en) {
                return note.replacen(en, sv, 1);
            }
        }
        // `chart {stem} not drawn: {reason}`, the stem a file name.
        if let (Some(a), Some(b)) = (note.find("chart "), note.find(" not drawn: ")) {
            if a < b && !note[a + 6..b].contains(' ') {
                let stem = &note[a + 6..b];
                return format!(
                    "{}diagrammet {stem} ritades inte: {}",
                    &note[..a],
                    &note[b + " not drawn: ".len()..]
                );
            }
        }
        note
    }

    /// The texts of `fetch` in this language.
    pub fn fetch(&self) -> &'static FetchTexts {
        match self.lang {
            Some(Lang::Sv) => &sv::FETCH,
            Some(Lang::En) | None => &en::FETCH,
        }
    }

    /// The texts of `select` in this language.
    pub fn select(&self) -> &'static SelectTexts {
        match self.lang {
            Some(Lang::Sv) => &sv::SELECT,
            Some(Lang::En) | None => &en::SELECT,
        }
    }

    /// The texts of `fit`'s summary in this language.
    pub fn fit(&self) -> &'static FitTexts {
        match self.lang {
            Some(Lang::Sv) => &sv::FIT,
            Some(Lang::En) | None => &en::FIT,
        }
    }

    /// A number as `fit` and `select` print it (`{:.4}` and the like,
    /// `formatted` by the caller), with a decimal comma in Swedish.
    pub fn decimal(&self, formatted: String) -> String {
        if self.lang == Some(Lang::Sv) {
            formatted.replace('.', ",")
        } else {
            formatted
        }
    }

    /// The texts of this language.
    pub fn t(&self) -> &'static Texts {
        match self.lang {
            Some(Lang::Sv) => &sv::TEXTS,
            Some(Lang::En) | None => &en::TEXTS,
        }
    }

    /// `x` with `decimals` decimals in this language's way (see the module
    /// documentation); a value that rounds to zero has no sign.
    pub fn num(&self, x: f64, decimals: usize) -> String {
        self.fixed(x, decimals, false)
    }

    /// As [`Terminal::num`] with `+` before positive values.
    pub fn signed(&self, x: f64, decimals: usize) -> String {
        self.fixed(x, decimals, true)
    }

    /// A percentage: `+38 %` (Swedish and plain), `+38%` (English).
    pub fn signed_pct(&self, x: f64, decimals: usize) -> String {
        let n = self.signed(x, decimals);
        match self.lang {
            Some(Lang::En) => format!("{n}%"),
            _ => format!("{n} %"),
        }
    }

    /// An interval `[low, high]`; `[low; high]` in Swedish, where the comma
    /// is the decimal mark.
    pub fn interval(&self, low: f64, high: f64, decimals: usize) -> String {
        let sep = if self.lang == Some(Lang::Sv) {
            ';'
        } else {
            ','
        };
        format!(
            "[{}{sep} {}]",
            self.num(low, decimals),
            self.num(high, decimals)
        )
    }

    fn fixed(&self, x: f64, decimals: usize, plus: bool) -> String {
        if !x.is_finite() {
            return "–".into();
        }
        let s = format!("{:.*}", decimals, x.abs());
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s.as_str(), None),
        };
        let zero = s.bytes().all(|b| b == b'0' || b == b'.');
        let (sep, dec) = match self.lang {
            Some(Lang::Sv) => (' ', ','),
            Some(Lang::En) => (',', '.'),
            None => (' ', '.'),
        };
        let mut out = String::new();
        if !zero {
            if x < 0.0 {
                out.push('-');
            } else if plus {
                out.push('+');
            }
        }
        let digits = int.as_bytes();
        for (i, b) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(sep);
            }
            out.push(*b as char);
        }
        if let Some(f) = frac {
            out.push(dec);
            out.push_str(f);
        }
        out
    }
}

/// Fill a template's `{}` with `args` in order (a missing argument leaves
/// the braces out; extra arguments are ignored).
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut it = args.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        if let Some(a) = it.next() {
            out.push_str(&a.to_string());
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_one_way_per_language() {
        let sv = Terminal::new(Some(Lang::Sv));
        let en = Terminal::new(Some(Lang::En));
        let plain = Terminal::new(None);
        assert_eq!(sv.num(74118527.0, 0), "74 118 527");
        assert_eq!(en.num(74118527.0, 0), "74,118,527");
        assert_eq!(plain.num(74118527.0, 0), "74 118 527");
        assert_eq!(sv.num(-1234.56, 1), "-1 234,6");
        assert_eq!(en.num(0.6114, 3), "0.611");
        assert_eq!(sv.num(0.6114, 3), "0,611");
        // No `-0`: a value that rounds to zero has no sign.
        assert_eq!(sv.signed(-0.2, 0), "0");
        assert_eq!(sv.signed_pct(38.4, 0), "+38 %");
        assert_eq!(en.signed_pct(38.4, 0), "+38%");
        assert_eq!(fill("a {} b {}", &[&1, &"x"]), "a 1 b x");
    }
}
