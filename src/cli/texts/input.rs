//! The loader's, the spec checks' and the Kolada importers' errors in
//! Swedish: rendered from the engine's kinds ([`Message`], [`Hint`]) and
//! their values. English is the kinds' own `Display`, unchanged. Both matches
//! are exhaustive, so a kind added to the engine does not compile until it
//! has a Swedish form here; a [`Message::Text`] or [`Hint::Text`] (a message
//! without a kind of its own, from the dictionary) is shown as it is.

use modellvarde::error::message::{json_number, preview, year_span, KOLADA_RESPONSE_EXAMPLE};
use modellvarde::error::{Hint, Message};
use modellvarde::InputError;

/// A role column in the definite form: `områdes-id:t`, `året`.
fn role(role: &str) -> String {
    match role {
        "area id" => "områdes-id:t".into(),
        "area name" => "områdesnamnet".into(),
        "group" => "gruppen".into(),
        "group name" => "gruppnamnet".into(),
        "year" => "året".into(),
        other => other.to_string(),
    }
}

/// A separator by name: `,`, `;`, `tabb`.
fn separator(d: u8) -> &'static str {
    match d {
        b',' => ",",
        b';' => ";",
        b'\t' => "tabb",
        _ => "avgränsaren",
    }
}

/// Why a file could not be read: the common reasons in Swedish (a file
/// that is not there is "the file"), rarer ones in the operating system's
/// words.
pub(super) fn io_reason(error: &str, kind: std::io::ErrorKind) -> String {
    match kind {
        std::io::ErrorKind::NotFound => "filen finns inte".to_string(),
        _ => super::io_kind_sv(kind).map_or_else(|| error.to_string(), str::to_string),
    }
}

/// A number of a Kolada response with a decimal comma (`null` stays).
fn json_number_sv(v: Option<f64>) -> String {
    json_number(v).replace('.', ",")
}

/// The JSON reader's reason (serde_json's words for a syntax error) in
/// Swedish; a reason not listed here (an I/O error) as it is.
pub(super) fn json_reason(reason: &str) -> String {
    let sv = match reason {
        "EOF while parsing a list" => "filen tar slut mitt i en lista",
        "EOF while parsing an object" => "filen tar slut mitt i ett objekt",
        "EOF while parsing a string" => "filen tar slut mitt i en sträng",
        "EOF while parsing a value" => "filen tar slut där ett värde väntas",
        "expected `:`" => "`:` väntas",
        "expected `,` or `]`" => "`,` eller `]` väntas",
        "expected `,` or `}`" => "`,` eller `}` väntas",
        "expected ident" => "true, false eller null väntas",
        "expected value" => "ett värde väntas",
        "expected `\"`" => "`\"` väntas",
        "invalid escape" => "ogiltig escapesekvens",
        "invalid number" => "ogiltigt tal",
        "number out of range" => "talet är för stort",
        "invalid unicode code point" => "ogiltigt Unicode-tecken",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "styrtecken (\\u0000–\\u001F) i en sträng"
        }
        "key must be a string" => "en nyckel måste vara en sträng",
        "lone leading surrogate in hex escape" => "ensamt surrogattecken i en \\u-escape",
        "trailing comma" => "kommatecken utan något värde efter",
        "trailing characters" => "tecken efter JSON-värdets slut",
        "unexpected end of hex escape" => "ofullständig \\u-escape",
        "recursion limit exceeded" => "för djupt nästlad",
        other => other,
    };
    sv.to_string()
}

/// What is wrong, in Swedish.
pub fn message_sv(m: &Message) -> String {
    use Message as M;
    match m {
        M::CannotRead { error, kind } => {
            format!("kan inte läsa datafilen: {}", io_reason(error, *kind))
        }
        M::TooLarge { bytes } => {
            format!("filen är {bytes} byte text; högst 4 GiB kan läsas")
        }
        M::Empty => "filen är tom".into(),
        M::BadCsv { error } => format!("kan inte läsa CSV: {error}"),
        M::NoRows => "filen har en rubrikrad men inga datarader".into(),
        M::AmbiguousNumber { cell } => format!(
            "'{cell}' kan vara ett decimaltal eller ett heltal med tusentalsavgränsare, och ingen cell i filen avgör vilket"
        ),
        M::Width { fields, header } => {
            format!("raden har {fields} fält men rubriken har {header}")
        }
        M::EmptyId => "områdets id är tomt".into(),
        M::BadYear { text } => format!("året '{text}' är inte ett heltal"),
        M::Duplicate {
            area,
            year,
            first,
            line,
        } => match year {
            Some(y) => format!(
                "området {area} förekommer två gånger år {y}: raderna {first} och {line}"
            ),
            None => format!("området {area} förekommer två gånger: raderna {first} och {line}"),
        },
        M::ControlCharacter { code } => {
            format!("texten innehåller styrtecknet U+{code:04X}")
        }
        M::TooLong { chars, max } => {
            format!("texten är {chars} tecken lång; högst {max} godtas")
        }
        M::NoColumnFor { column, role: r } => {
            format!("ingen kolumn heter '{column}' ({})", role(r))
        }
        M::TwoColumnsFor {
            role: r,
            first,
            second,
        } => format!(
            "två kolumner kan vara {}: '{first}' och '{second}'",
            role(r)
        ),
        M::TwoRoles { column } => format!("kolumnen '{column}' har fått två roller"),
        M::UnnamedHeader { column } => format!("rubrikens kolumn {column} saknar namn"),
        M::HeaderTwice {
            name,
            first,
            second,
        } => format!("rubriken har '{name}' två gånger (kolumn {first} och {second})"),
        M::Utf16 => "filen är UTF-16-text, som inte stöds".into(),
        M::NotUtf8 { byte } => format!("filen är inte giltig UTF-8 (byte {byte})"),
        M::MixedEncoding { byte, value } => format!(
            "filen är UTF-8 men byte {byte} (0x{value:02X}) är det inte: filen blandar två teckenkodningar"
        ),
        M::NotFinite { text } => format!("'{text}' är inget ändligt tal"),
        M::NotNumber { text } => format!("'{text}' är inget tal"),
        M::DecimalPoint { text } => {
            format!("'{text}' har decimalpunkt, men filen använder decimalkomma")
        }
        M::DecimalComma { text } => {
            format!("'{text}' har decimalkomma, men filen använder decimalpunkt")
        }
        M::NotInData { column, source } => {
            format!("kolumnen '{column}' finns inte i data ({source})")
        }
        M::RoleColumn {
            column,
            source,
            role: r,
        } => format!(
            "kolumnen '{column}' är ingen numerisk kolumn i {source}: en kolumn med den rubriken läses som {}",
            role(r)
        ),
        M::BadName { name } => format!("namnet '{name}' är inget giltigt modellnamn"),
        M::NoColumns => {
            "modellen har inga kolumner: inga förklaringsvariabler, inget intercept, inga fasta effekter".into()
        }
        M::OutcomeIsCovariate { column } => {
            format!("'{column}' är både utfall och förklaringsvariabel")
        }
        M::CovariateTwice { column } => {
            format!("förklaringsvariabeln '{column}' står två gånger")
        }
        M::IdentityLink { family } => format!(
            "familjen '{family}' med identitetslänken kan ge ett modellvärde ≤ 0, vilket familjen inte tillåter"
        ),
        M::OffsetNeedsLog { offset } => format!(
            "offset '{offset}' ingår som log({offset}) och kräver log-länken; specen har identitetslänken"
        ),
        M::OffsetTwice { offset } => {
            format!("offset '{offset}' är också utfallet eller en förklaringsvariabel")
        }
        M::TransformUnused { column } => format!(
            "transformation av '{column}', som varken är utfallet eller en förklaringsvariabel"
        ),
        M::PolyOutcome { transform, column } => format!(
            "transformationen '{transform}' av utfallet '{column}': ett polynom delar upp en förklaringsvariabel i flera kolumner; utfallet är en kolumn"
        ),
        M::NoPopulation { transform, column } => format!(
            "transformationen '{transform}' av '{column}' delar med befolkningen, men ingen befolkningskolumn är känd"
        ),
        M::FixedEffectTwice { name } => format!("den fasta effekten '{name}' står två gånger"),
        M::YearEffectsUnpooled => {
            "fasta effekter för år kräver en poolad skattning: med en skattning per år finns bara ett år i varje".into()
        }
        M::BadAlpha { value } => format!("alpha = {value} ligger utanför (0, 1)"),
        M::BadMinDeviation { value } => format!("min_deviation_pct = {value} måste vara ≥ 0"),
        M::GroupNotInData { group, source } => {
            format!("gruppen '{group}' finns inte i data ({source})")
        }
        M::YearRangeReversed { from, to } => {
            format!("årsintervallets from = {from} ligger efter to = {to}")
        }
        M::NoDataForYears {
            from,
            to,
            source,
            data,
        } => format!(
            "inga data för åren {from}–{to} ({source} har {})",
            year_span(*data, "inga år")
        ),
        M::EmptyYearList => "years = [] väljer inga år".into(),
        M::YearNotInData { year, source, data } => format!(
            "året {year} finns inte i data ({source} har {})",
            year_span(*data, "inga år")
        ),
        M::NoYearColumn => "specen väljer år men data saknar årskolumn".into(),
        M::NonPositiveOffset {
            offset,
            value,
            area,
        } => format!(
            "offsetkolumnen '{offset}' är {} för området {area}: offset ingår som log({offset}) och kräver ett värde > 0",
            value.to_string().replace('.', ",")
        ),
        M::NoUsableRows {
            model,
            year,
            source,
            excluded,
        } => format!(
            "modell '{model}': inga användbara rader för {} i {source} ({excluded} uteslutna)",
            match year {
                Some(y) => format!("år {y}"),
                None => "urvalet".to_string(),
            }
        ),
        M::UnknownKey { key } => format!("okänd nyckel '{key}'"),
        M::UnknownValue { value } => format!("okänt värde '{value}'"),
        M::MissingKey { key } => format!("nyckeln '{key}' saknas"),
        M::YearsShape => "years är varken ett intervall eller en lista".into(),
        M::NotASpec { error } => format!("ingen giltig modellspec: {error}"),
        M::SpecNotUtf8 { value } => format!("specen är inte UTF-8-text (byte 0x{value:02X})"),
        M::DdfCannotRead { error, kind } => {
            format!("kan inte läsa filen: {}", io_reason(error, *kind))
        }
        M::DdfNotUtf8 { byte } => format!("filen är inte giltig UTF-8 (byte {byte})"),
        M::DdfNoColumn { column, header } => format!(
            "kolumnen '{column}' saknas (rubriken har: {})",
            header.join(", ")
        ),
        M::NoEntityFile => "entitetsfilen finns inte".into(),
        M::NoDdfFolder => "Kolada-DDF-mappen finns inte (eller är ingen mapp)".into(),
        M::EmptyYearRange { from, to } => format!("årsintervallet {from}–{to} är tomt"),
        M::CannotList { error, kind } => format!(
            "kan inte lista innehållet i mappen: {}",
            match kind {
                std::io::ErrorKind::NotFound => "mappen finns inte".to_string(),
                std::io::ErrorKind::NotADirectory => "det är ingen mapp".to_string(),
                _ => io_reason(error, *kind),
            }
        ),
        M::KpiIsRole { kpi, role: r } => format!(
            "nyckeltalet '{kpi}' har samma namn som kolumnen för {}: den importerade tabellen skulle inte gå att läsa in",
            role(r)
        ),
        M::NoDatapointFiles => "inga datapunktsfiler hittades".into(),
        M::NoKpiColumn { kpi, header } => format!(
            "ingen kolumn för nyckeltalet '{kpi}' (rubriken har: {})",
            header.join(", ")
        ),
        M::NotAreaCode { code } => {
            format!("'{code}' är ingen kommun-, läns- eller rikskod")
        }
        M::CodeDigits { code, digits } => {
            format!("'{code}' har {digits} siffror; en kommunkod har fyra")
        }
        M::YearTwice { year, first, line } => format!(
            "året {year} förekommer två gånger för området: raderna {first} och {line}"
        ),
        M::NoValuesForYears { from, to } => format!("inga kommunvärden för åren {from}–{to}"),
        M::NoJsonFiles => "inga JSON-filer angivna".into(),
        M::NoJsonValues => "inga kommunvärden i JSON-filerna".into(),
        M::CannotReadJson { error, kind } => {
            format!("kan inte läsa JSON-filen: {}", io_reason(error, *kind))
        }
        M::NotJson {
            error,
            line,
            column,
        } => match error.strip_suffix(&format!(" at line {line} column {column}")) {
            Some(reason) if *line > 0 => format!(
                "ogiltig JSON: {} (rad {line}, kolumn {column})",
                json_reason(reason)
            ),
            _ => format!("ogiltig JSON: {}", json_reason(error)),
        },
        M::NoValuesList => "listan \"values\" saknas på översta nivån".into(),
        M::NotAString { key } => format!("\"{key}\" saknas eller är ingen sträng"),
        M::NoPeriod => "\"period\" saknas eller är inget år".into(),
        M::NoInnerValues => "\"values\" saknas eller är ingen lista".into(),
        M::EmptyKpi => "nyckeltalets id är tomt".into(),
        M::KpiIdIsRole { kpi, role: r } => format!(
            "nyckeltalets id '{kpi}' är en rubrik som tabellen läser som {}: den importerade filen skulle inte gå att läsa in",
            role(r)
        ),
        M::NotNumberOrNull { value } => format!("värdet {value} är varken ett tal eller null"),
        M::TwoTotals { row, first, second } => format!(
            "två totalvärden (gender \"T\"): values[{row}].values[{first}] och [{second}]"
        ),
        M::ConflictingValues(c) => format!(
            "{} {} för {} anges två gånger med olika värden: {} här och {} i {} vid {}",
            c.kpi,
            c.period,
            c.code,
            json_number_sv(c.here),
            json_number_sv(c.there),
            c.file,
            c.path
        ),
        M::Text(s) => s.clone(),
    }
}

/// What to do about it, in Swedish.
pub fn hint_sv(h: &Hint) -> String {
    use Hint as H;
    match h {
        H::CheckPath => "kontrollera sökvägen; en relativ sökväg utgår från den aktuella mappen".into(),
        H::CheckReadable => "kontrollera att filen går att läsa".into(),
        H::SplitFile => {
            "dela filen (t.ex. en fil per år) eller behåll bara de kolumner modellen använder".into()
        }
        H::GiveCsv => "ange en CSV-fil med en rubrikrad och en rad per område".into(),
        H::CheckQuoting => {
            "kontrollera citattecknen: varje inledande \" behöver ett avslutande \"".into()
        }
        H::AddRows => "lägg till en rad per område (och år) under rubriken".into(),
        H::SayDecimal => {
            "ange hur talen är skrivna: --decimal-point (skriv då tusental utan avgränsare) eller --decimal-comma".into()
        }
        H::OneValuePerColumn { separator: d } => format!(
            "varje rad behöver ett värde per kolumn i rubriken, åtskilda med '{}'; sätt citattecken kring celler som innehåller avgränsaren",
            separator(*d)
        ),
        H::GiveId => "ge varje rad ett områdes-id (eller ta bort raden)".into(),
        H::FourDigitYear => "skriv året med fyra siffror, t.ex. 2022".into(),
        H::KeepOneRow { year_column: true } => {
            "behåll en rad per område och år (ta bort eller slå ihop dubbletten)".into()
        }
        H::KeepOneRow { year_column: false } => {
            "behåll en rad per område och år (ta bort eller slå ihop dubbletten); har filen en årskolumn under ett annat namn, ange den (--year-column, eller `year = \"…\"` under [columns] i specen)".into()
        }
        H::RemoveControl => {
            "ta bort styrtecknet ur cellen (det syns inte i de flesta redigerare; sök efter det med dess kod)".into()
        }
        H::ShortenCell => {
            "korta cellen; en kolumn med lång text har troligen hamnat fel (kontrollera avgränsare och citattecken)".into()
        }
        H::HeaderHas { columns } => format!("rubriken har: {}", columns.join(", ")),
        H::RenameOrSay { role: r } => format!(
            "byt namn på en av dem, eller ange vilken som är {} (inläsningsval)",
            role(r)
        ),
        H::OwnColumns => "ge varje roll (id, namn, grupp, gruppnamn, år) en egen kolumn".into(),
        H::NameEveryColumn { separator: d } => format!(
            "ge varje kolumn ett namn i rubrikraden (avgränsare '{}')",
            separator(*d)
        ),
        H::DistinctNames => "ge varje kolumn ett eget namn".into(),
        H::SaveAsUtf8 => {
            "spara den från Excel som \"CSV UTF-8\" eller \"CSV (semikolonavgränsad)\"".into()
        }
        H::ProbablyLatin1 => {
            "filen är troligen Latin-1 (en Excelexport); läs den som Latin-1 eller låt teckenkodningen avgöras automatiskt".into()
        }
        H::FixStrayByte => {
            "rätta tecknet på den raden (det klistrades troligen in från en Latin-1-fil) och spara filen som UTF-8, eller ange --encoding latin1 om hela filen är Latin-1".into()
        }
        H::NotData => {
            "NaN och oändlighet är inga data: lämna cellen tom (eller skriv NA) för ett saknat värde".into()
        }
        H::NumericColumn => {
            "kolumnen läses som tal: rätta cellen, lämna den tom (eller NA, ..) om värdet saknas, eller ange kolumnen som id-, namn-, grupp- eller årskolumn".into()
        }
        H::SameSeparator => {
            "skriv alla tal med samma decimaltecken, eller ange decimaltecknet uttryckligen".into()
        }
        H::DidYouMean { name } => format!("menade du '{name}'?"),
        H::RoleHeader { column, role: r } => format!(
            "en rubrik som heter '{column}' anger {}; kopiera kolumnen till en med ett annat namn för att använda den som förklaringsvariabel",
            role(r)
        ),
        H::NumericColumns { names } => format!(
            "data har dessa numeriska kolumner: {}",
            preview(names, "({} totalt)")
        ),
        H::GroupsInData { names } => {
            format!("grupper i data: {}", preview(names, "({} totalt)"))
        }
        H::NameCharacters => {
            "använd bara bokstäver, siffror, '-' och '_' (namnet blir utmappens namn)".into()
        }
        H::AddCovariate => {
            "ange minst en förklaringsvariabel, eller sätt intercept = true".into()
        }
        H::RemoveFromCovariates => "ta bort den ur covariates".into(),
        H::ListOnce => "ange varje förklaringsvariabel en gång".into(),
        H::UseLogLink => {
            "använd link = \"log\" (familjens standard), eller family = \"gaussian\" för en linjär modell".into()
        }
        H::OffsetLink => {
            "sätt link = \"log\" (eller en annan familj än gaussian), eller ta bort offset".into()
        }
        H::OffsetOnce => {
            "en offset är en kolumn vars koefficient är låst till 1; ange den en gång".into()
        }
        H::TransformTargets => {
            "transformationer gäller utfallet eller en angiven förklaringsvariabel".into()
        }
        H::PolyOnCovariate => {
            "använd poly<k> på en förklaringsvariabel; utfallet kan ta log, per1000 eller share".into()
        }
        H::SetPopulation => "sätt population = \"<kolumn>\" (eller weight) i specen".into(),
        H::PoolYears => "sätt pooled = true, eller ta bort \"year\" ur fixed_effects".into(),
        H::AlphaExample => "använd en signifikansnivå som 0.05".into(),
        H::PercentExample => "använd en procentsats som 10".into(),
        H::YearRangeExample => "skriv years = { from = 2013, to = 2022 }".into(),
        H::ChangeYears => "ändra sample.years till år som finns i data".into(),
        H::ListYears => {
            "ange åren som ska skattas (years = [2021, 2022]), eller ta bort nyckeln för att skatta varje år i data; sätt pooled = true för en skattning över alla år".into()
        }
        H::RemoveYear => "ta bort det ur sample.years".into(),
        H::RemoveYearsOrAddColumn => {
            "ta bort sample.years, eller lägg till en kolumn 'year' i data".into()
        }
        H::CorrectOffset { model, file } => format!(
            "rätta cellen, eller lämna den tom för att utesluta området (modell '{model}', {file})"
        ),
        H::FirstExcluded { id, name, reason } => format!(
            "första uteslutna raden: {id} {name}: {}",
            presentation::i18n::reasons::exclusion(reason, modellvarde::lang::Lang::Sv)
                .replace('\u{2212}', "-")
        ),
        H::CheckSample => "jämför sample.groups och sample.years med data".into(),
        H::AllowedKeys { keys } => format!("tillåtna nycklar här: {}", keys.join(", ")),
        H::UseOneOf { values } => format!("använd något av: {}", values.join(", ")),
        H::AddKey { key } => format!(
            "lägg till {key} = … (se models/storstadslanen.toml för ett exempel)"
        ),
        H::YearsExample => {
            "skriv years = { from = 2013, to = 2022 } eller years = [2020, 2021, 2022]".into()
        }
        H::SeeExample => "se models/storstadslanen.toml för ett kommenterat exempel".into(),
        H::SaveSpecAsUtf8 => {
            "spara specen som UTF-8 (i de flesta redigerare: \"Spara med kodning\" → UTF-8); den sparades troligen som Latin-1".into()
        }
        H::DdfComplete => {
            "kontrollera att Kolada-DDF-mappen är komplett (se dess PROVENANCE.md)".into()
        }
        H::DdfIsUtf8 => "DDF-filer är UTF-8; ladda ned filen på nytt".into(),
        H::UnmodifiedDdfCsv => "kontrollera att filen är en oförändrad DDF-CSV-fil".into(),
        H::UnmodifiedDdf => "kontrollera att detta är en oförändrad Kolada-DDF-fil".into(),
        H::EntityFile { file } => {
            format!("en Kolada-DDF-mapp har entities/{file} (kommun- och länsnamn)")
        }
        H::GiveDdfFolder => {
            "ange mappen som innehåller datapoints/ och entities/, t.ex. ../shared/data/raw/kolada-ddf".into()
        }
        H::FirstYearFirst => "första året får inte ligga efter sista året".into(),
        H::RenameDatapointFile => {
            "byt namn på datapunktsfilen eller ta bort den; nyckeltalens id är bokstäver och siffror, t.ex. N31807".into()
        }
        H::DatapointFileNames { prefix, suffix } => format!(
            "datapunktsfilerna ska ligga i datapoints/ och heta {prefix}<nyckeltal>{suffix}"
        ),
        H::ValueColumnName => "värdekolumnen heter som nyckeltalet i filnamnet".into(),
        H::KommunCodeDigits => {
            "kommunkoder har fyra siffror (0180); riket har koden 0 och länen två siffror".into()
        }
        H::UnmodifiedDatapointFile => {
            "kontrollera att filen är en oförändrad DDF-datapunktsfil".into()
        }
        H::DdfPlainNumbers => {
            "värdena i DDF-filer är vanliga decimaltal; ladda ned filen på nytt".into()
        }
        H::OneRowPerAreaYear => "en DDF-datapunktsfil har en rad per område och år".into(),
        H::CheckYearRange => {
            "jämför årsintervallet med de år som nyckeltalsfilerna täcker".into()
        }
        H::GiveJsonFiles => {
            "ange en eller flera svarsfiler från Koladas API (v2 eller v3)".into()
        }
        H::CheckQuery => {
            "svaren har inga rader för fyrsiffriga kommunkoder; kontrollera frågan".into()
        }
        H::CheckThePath => "kontrollera sökvägen".into(),
        H::ApiShape => format!(
            "ett svar från Koladas API ser ut så här: {KOLADA_RESPONSE_EXAMPLE} (v3; v2 hade \"count\" och \"next_page\")"
        ),
        H::GiveEachOnce => {
            "ange varje kombination av nyckeltal, kommun och år en gång; kontrollera om nedladdningar från olika datum överlappar".into()
        }
        H::Text(s) => s.clone(),
    }
}

/// The whole error in Swedish sentences, framed as the engine frames it
/// (`file:line, column 'c', area a: …\n  hint: …`), so that
/// [`super::Terminal::place`] turns the frame's words into Swedish as for
/// every other error.
pub fn input_error_sv(e: &InputError) -> String {
    let mut out = if e.location.is_empty() {
        message_sv(&e.message)
    } else {
        format!("{}: {}", e.location, message_sv(&e.message))
    };
    if let Some(h) = &e.hint {
        out.push_str("\n  hint: ");
        out.push_str(&hint_sv(h));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every kind, with values. The compiler sees to it that
    /// [`message_sv`] and [`hint_sv`] word every kind (their matches are
    /// exhaustive, with no catch-all arm); this test sees to it that each
    /// wording is Swedish, not the English text passed through.
    fn messages() -> Vec<Message> {
        use Message as M;
        let s = |x: &str| x.to_string();
        vec![
            M::CannotRead {
                error: s("denied"),
                kind: std::io::ErrorKind::PermissionDenied,
            },
            M::TooLarge {
                bytes: 5_000_000_000,
            },
            M::Empty,
            M::BadCsv { error: s("x") },
            M::NoRows,
            M::AmbiguousNumber { cell: s("1,234") },
            M::Width {
                fields: 3,
                header: 4,
            },
            M::EmptyId,
            M::BadYear { text: s("20x1") },
            M::Duplicate {
                area: s("0180 Stockholm"),
                year: Some(2019),
                first: 2,
                line: 9,
            },
            M::Duplicate {
                area: s("0180 Stockholm"),
                year: None,
                first: 2,
                line: 9,
            },
            M::ControlCharacter { code: 7 },
            M::TooLong {
                chars: 5000,
                max: 4096,
            },
            M::NoColumnFor {
                column: s("foo"),
                role: "year",
            },
            M::TwoColumnsFor {
                role: "area id",
                first: s("id"),
                second: s("kod"),
            },
            M::TwoRoles { column: s("id") },
            M::UnnamedHeader { column: 3 },
            M::HeaderTwice {
                name: s("x"),
                first: 1,
                second: 4,
            },
            M::Utf16,
            M::NotUtf8 { byte: 17 },
            M::MixedEncoding {
                byte: 17,
                value: 0xF6,
            },
            M::NotFinite { text: s("NaN") },
            M::NotNumber { text: s("abc") },
            M::DecimalPoint { text: s("1.5") },
            M::DecimalComma { text: s("1,5") },
            M::NotInData {
                column: s("x"),
                source: s("d.csv"),
            },
            M::RoleColumn {
                column: s("year"),
                source: s("d.csv"),
                role: "year",
            },
            M::BadName { name: s("a b") },
            M::NoColumns,
            M::OutcomeIsCovariate { column: s("y") },
            M::CovariateTwice { column: s("x") },
            M::IdentityLink { family: s("gamma") },
            M::OffsetNeedsLog { offset: s("pop") },
            M::OffsetTwice { offset: s("pop") },
            M::TransformUnused { column: s("z") },
            M::PolyOutcome {
                transform: s("poly2"),
                column: s("y"),
            },
            M::NoPopulation {
                transform: "per1000",
                column: s("x"),
            },
            M::FixedEffectTwice { name: s("year") },
            M::YearEffectsUnpooled,
            M::BadAlpha { value: 1.5 },
            M::BadMinDeviation { value: -1.0 },
            M::GroupNotInData {
                group: s("G1"),
                source: s("d.csv"),
            },
            M::YearRangeReversed {
                from: 2022,
                to: 2013,
            },
            M::NoDataForYears {
                from: 2000,
                to: 2005,
                source: s("d.csv"),
                data: Some((2013, 2022)),
            },
            M::EmptyYearList,
            M::YearNotInData {
                year: 2030,
                source: s("d.csv"),
                data: None,
            },
            M::NoYearColumn,
            M::NonPositiveOffset {
                offset: s("pop"),
                value: -1.5,
                area: s("0180 Stockholm"),
            },
            M::NoUsableRows {
                model: s("m"),
                year: Some(2022),
                source: s("d.csv"),
                excluded: 3,
            },
            M::NoUsableRows {
                model: s("m"),
                year: None,
                source: s("d.csv"),
                excluded: 0,
            },
            M::UnknownKey {
                key: s("covariats"),
            },
            M::UnknownValue { value: s("gama") },
            M::MissingKey { key: s("outcome") },
            M::YearsShape,
            M::NotASpec { error: s("x") },
            M::SpecNotUtf8 { value: 0xE5 },
            M::DdfCannotRead {
                error: s("Is a directory (os error 21)"),
                kind: std::io::ErrorKind::IsADirectory,
            },
            M::DdfNotUtf8 { byte: 26 },
            M::DdfNoColumn {
                column: s("region"),
                header: vec![s("kommun"), s("name")],
            },
            M::NoEntityFile,
            M::NoDdfFolder,
            M::EmptyYearRange {
                from: 2022,
                to: 2010,
            },
            M::CannotList {
                error: s("Permission denied (os error 13)"),
                kind: std::io::ErrorKind::PermissionDenied,
            },
            M::KpiIsRole {
                kpi: s("YEAR"),
                role: "year",
            },
            M::NoDatapointFiles,
            M::NoKpiColumn {
                kpi: s("x00001"),
                header: vec![s("geo"), s("year"), s("x00002")],
            },
            M::NotAreaCode { code: s("abc") },
            M::CodeDigits {
                code: s("12345"),
                digits: 5,
            },
            M::YearTwice {
                year: 2020,
                first: 2,
                line: 3,
            },
            M::NoValuesForYears {
                from: 1900,
                to: 1901,
            },
            M::NoJsonFiles,
            M::NoJsonValues,
            M::CannotReadJson {
                error: s("No such file or directory (os error 2)"),
                kind: std::io::ErrorKind::NotFound,
            },
            M::NotJson {
                error: s("expected value at line 2 column 5"),
                line: 2,
                column: 5,
            },
            M::NoValuesList,
            M::NotAString { key: "kpi" },
            M::NoPeriod,
            M::NoInnerValues,
            M::EmptyKpi,
            M::KpiIdIsRole {
                kpi: s("KOMMUN"),
                role: "area id",
            },
            M::NotNumberOrNull {
                value: s("\"2,08\""),
            },
            M::TwoTotals {
                row: 0,
                first: 0,
                second: 2,
            },
            M::ConflictingValues(Box::new(modellvarde::error::message::Conflict {
                kpi: s("N31807"),
                period: 2022,
                code: s("0180"),
                here: Some(2.08),
                there: None,
                file: s("a.json"),
                path: s("values[2]"),
            })),
        ]
    }

    fn hints() -> Vec<Hint> {
        use Hint as H;
        let s = |x: &str| x.to_string();
        vec![
            H::CheckPath,
            H::CheckReadable,
            H::SplitFile,
            H::GiveCsv,
            H::CheckQuoting,
            H::AddRows,
            H::SayDecimal,
            H::OneValuePerColumn { separator: b'\t' },
            H::GiveId,
            H::FourDigitYear,
            H::KeepOneRow { year_column: true },
            H::KeepOneRow { year_column: false },
            H::RemoveControl,
            H::ShortenCell,
            H::HeaderHas {
                columns: vec![s("id"), s("x")],
            },
            H::RenameOrSay { role: "group" },
            H::OwnColumns,
            H::NameEveryColumn { separator: b';' },
            H::DistinctNames,
            H::SaveAsUtf8,
            H::ProbablyLatin1,
            H::FixStrayByte,
            H::NotData,
            H::NumericColumn,
            H::SameSeparator,
            H::DidYouMean { name: s("x") },
            H::RoleHeader {
                column: s("year"),
                role: "year",
            },
            H::NumericColumns {
                names: (0..25).map(|i| format!("c{i}")).collect(),
            },
            H::GroupsInData {
                names: vec![s("G1")],
            },
            H::NameCharacters,
            H::AddCovariate,
            H::RemoveFromCovariates,
            H::ListOnce,
            H::UseLogLink,
            H::OffsetLink,
            H::OffsetOnce,
            H::TransformTargets,
            H::PolyOnCovariate,
            H::SetPopulation,
            H::PoolYears,
            H::AlphaExample,
            H::PercentExample,
            H::YearRangeExample,
            H::ChangeYears,
            H::ListYears,
            H::RemoveYear,
            H::RemoveYearsOrAddColumn,
            H::CorrectOffset {
                model: s("m"),
                file: s("m.toml"),
            },
            H::FirstExcluded {
                id: s("0180"),
                name: s("Stockholm"),
                reason: modellvarde::results::Exclusion::YearMissing,
            },
            H::CheckSample,
            H::AllowedKeys {
                keys: vec![s("name")],
            },
            H::UseOneOf {
                values: vec![s("gamma")],
            },
            H::AddKey { key: s("outcome") },
            H::YearsExample,
            H::SeeExample,
            H::SaveSpecAsUtf8,
            H::DdfComplete,
            H::DdfIsUtf8,
            H::UnmodifiedDdfCsv,
            H::UnmodifiedDdf,
            H::EntityFile {
                file: "ddf--entities--geo--kommun.csv",
            },
            H::GiveDdfFolder,
            H::FirstYearFirst,
            H::RenameDatapointFile,
            H::DatapointFileNames {
                prefix: "ddf--datapoints--",
                suffix: "--by--geo--year.csv",
            },
            H::ValueColumnName,
            H::KommunCodeDigits,
            H::UnmodifiedDatapointFile,
            H::DdfPlainNumbers,
            H::OneRowPerAreaYear,
            H::CheckYearRange,
            H::GiveJsonFiles,
            H::CheckQuery,
            H::CheckThePath,
            H::ApiShape,
            H::GiveEachOnce,
        ]
    }

    #[test]
    fn every_kind_has_a_swedish_wording() {
        for m in messages() {
            let (en, sv) = (m.to_string(), message_sv(&m));
            assert_ne!(en, sv, "{m:?}");
            assert!(!sv.is_empty(), "{m:?}");
        }
        for h in hints() {
            let (en, sv) = (h.to_string(), hint_sv(&h));
            // A hint that is a TOML example only (`write years = …`) still
            // gets its Swedish verb.
            assert_ne!(en, sv, "{h:?}");
        }
        // A message without a kind of its own is shown as it is.
        assert_eq!(message_sv(&Message::Text("as is".into())), "as is");
        assert_eq!(hint_sv(&Hint::Text("as is".into())), "as is");
    }

    #[test]
    fn swedish_wording_keeps_the_values_and_the_place() {
        let e = InputError::new(
            modellvarde::Location::file("d.csv")
                .line(3)
                .column("x")
                .area("0180 Stockholm"),
            Message::DecimalComma { text: "1,5".into() },
        )
        .hint(Hint::SameSeparator);
        assert_eq!(
            input_error_sv(&e),
            "d.csv:3, column 'x', area 0180 Stockholm: '1,5' har decimalkomma, men filen använder decimalpunkt\n  hint: skriv alla tal med samma decimaltecken, eller ange decimaltecknet uttryckligen"
        );
        // The list of columns ends with how many there are, in Swedish.
        let h = hint_sv(&Hint::NumericColumns {
            names: (0..25).map(|i| format!("c{i}")).collect(),
        });
        assert!(h.ends_with(", c19, … (25 totalt)"), "{h}");
        assert_eq!(
            message_sv(&Message::YearNotInData {
                year: 2030,
                source: "d.csv".into(),
                data: None
            }),
            "året 2030 finns inte i data (d.csv har inga år)"
        );
    }

    /// Every value a Kolada import kind carries reaches its Swedish
    /// sentence: the numbers, codes, ids, file names and key paths that the
    /// English one names (decimal numbers with a comma).
    #[test]
    fn kolada_kinds_keep_their_values_in_swedish() {
        let keeps = |m: &Message, values: &[&str]| {
            let sv = message_sv(m);
            for v in values {
                assert!(sv.contains(v), "'{v}' missing from {sv}");
            }
        };
        for m in messages() {
            use Message as M;
            match &m {
                M::DdfNoColumn { column, header } => {
                    keeps(&m, &[column, &header.join(", ")]);
                }
                M::NoKpiColumn { kpi, header } => keeps(&m, &[kpi, &header.join(", ")]),
                M::EmptyYearRange { from, to } | M::NoValuesForYears { from, to } => {
                    keeps(&m, &[&format!("{from}–{to}")])
                }
                M::KpiIsRole { kpi, .. } | M::KpiIdIsRole { kpi, .. } => keeps(&m, &[kpi]),
                M::NotAreaCode { code } => keeps(&m, &[code]),
                M::CodeDigits { code, digits } => keeps(&m, &[code, &digits.to_string()]),
                M::YearTwice { year, first, line } => keeps(
                    &m,
                    &[&year.to_string(), &first.to_string(), &line.to_string()],
                ),
                M::DdfNotUtf8 { byte } => keeps(&m, &[&byte.to_string()]),
                M::NotJson { line, column, .. } => {
                    keeps(&m, &[&format!("rad {line}, kolumn {column}")])
                }
                M::NotAString { key } => keeps(&m, &[key]),
                M::NotNumberOrNull { value } => keeps(&m, &[value]),
                M::TwoTotals { row, first, second } => keeps(
                    &m,
                    &[
                        &format!("values[{row}].values[{first}]"),
                        &format!("[{second}]"),
                    ],
                ),
                M::ConflictingValues(c) => keeps(
                    &m,
                    &[
                        &c.kpi,
                        &c.period.to_string(),
                        &c.code,
                        "2,08 här och null i",
                        &c.file,
                        &c.path,
                    ],
                ),
                _ => {}
            }
        }
        assert_eq!(
            hint_sv(&Hint::EntityFile {
                file: "ddf--entities--geo--region.csv"
            }),
            "en Kolada-DDF-mapp har entities/ddf--entities--geo--region.csv (kommun- och länsnamn)"
        );
        let shape = hint_sv(&Hint::ApiShape);
        assert!(shape.contains(KOLADA_RESPONSE_EXAMPLE), "{shape}");
        assert!(hint_sv(&Hint::DatapointFileNames {
            prefix: "ddf--datapoints--",
            suffix: "--by--geo--year.csv"
        })
        .contains("ddf--datapoints--<nyckeltal>--by--geo--year.csv"));
    }

    /// The JSON reader's reasons in Swedish, from the parser's own errors;
    /// its position in Swedish words; a reason without a Swedish wording as
    /// it is.
    #[test]
    fn json_reasons_are_swedish() {
        for (text, sv) in [
            ("", "filen tar slut där ett värde väntas"),
            ("{\"values\":[", "filen tar slut mitt i en lista"),
            ("{\"values\" []}", "`:` väntas"),
            ("{\"values\":[1,]}", "kommatecken utan något värde efter"),
            ("{\"values\":[]} x", "tecken efter JSON-värdets slut"),
            ("{\"a\":1.}", "ogiltigt tal"),
            ("{\"a\":\"\\q\"}", "ogiltig escapesekvens"),
            (
                "{\"a\":\"x\u{1}\"}",
                "styrtecken (\\u0000–\\u001F) i en sträng",
            ),
            ("{\"a\":tru}", "true, false eller null väntas"),
            ("{\"a\" : x}", "ett värde väntas"),
            ("{\"a\":1 \"b\":2}", "`,` eller `}` väntas"),
            ("[1 2]", "`,` eller `]` väntas"),
        ] {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let m = Message::NotJson {
                error: e.to_string(),
                line: e.line(),
                column: e.column(),
            };
            assert_eq!(m.to_string(), format!("not valid JSON: {e}"));
            let got = message_sv(&m);
            assert_eq!(
                got,
                format!(
                    "ogiltig JSON: {sv} (rad {}, kolumn {})",
                    e.line(),
                    e.column()
                ),
                "{text:?}: {e}"
            );
        }
        let io = Message::NotJson {
            error: "disk on fire".into(),
            line: 0,
            column: 0,
        };
        assert_eq!(message_sv(&io), "ogiltig JSON: disk on fire");
    }
}
