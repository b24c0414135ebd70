//! XXH64 (Yann Collet's xxHash, 64-bit variant; the algorithm as specified in
//! the xxHash repository's `doc/xxhash_spec.md`), streaming: the digest of the
//! long pieces of the report's folder keys — a results.json text, a data
//! table. A non-cryptographic hash several times faster per byte than the
//! standard library's SipHash-1-3, which was about a twentieth of a large
//! panel report; the keys only compare folders written by one build of the
//! program on the same machine, so no attacker chooses the input.

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

#[inline]
fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

#[inline]
fn merge_round(acc: u64, val: u64) -> u64 {
    (acc ^ round(0, val)).wrapping_mul(P1).wrapping_add(P4)
}

#[inline]
fn read_u64(b: &[u8]) -> u64 {
    u64::from_le_bytes(b[..8].try_into().expect("8 bytes"))
}

/// A streaming XXH64 state: feed it with [`Xxh64::update`] (or as a
/// [`std::hash::Hasher`] or an [`std::io::Write`]), read it with
/// [`Xxh64::digest`].
#[derive(Clone)]
pub struct Xxh64 {
    seed: u64,
    v: [u64; 4],
    /// Bytes not yet in a 32-byte stripe.
    buf: [u8; 32],
    buffered: usize,
    total: u64,
}

impl Default for Xxh64 {
    fn default() -> Self {
        Xxh64::new(0)
    }
}

impl Xxh64 {
    pub fn new(seed: u64) -> Self {
        Xxh64 {
            seed,
            v: [
                seed.wrapping_add(P1).wrapping_add(P2),
                seed.wrapping_add(P2),
                seed,
                seed.wrapping_sub(P1),
            ],
            buf: [0; 32],
            buffered: 0,
            total: 0,
        }
    }

    #[inline]
    fn stripe(v: &mut [u64; 4], s: &[u8]) {
        v[0] = round(v[0], read_u64(&s[0..]));
        v[1] = round(v[1], read_u64(&s[8..]));
        v[2] = round(v[2], read_u64(&s[16..]));
        v[3] = round(v[3], read_u64(&s[24..]));
    }

    pub fn update(&mut self, mut input: &[u8]) {
        self.total = self.total.wrapping_add(input.len() as u64);
        if self.buffered > 0 {
            let take = (32 - self.buffered).min(input.len());
            self.buf[self.buffered..self.buffered + take].copy_from_slice(&input[..take]);
            self.buffered += take;
            input = &input[take..];
            if self.buffered < 32 {
                return;
            }
            let buf = self.buf;
            Self::stripe(&mut self.v, &buf);
            self.buffered = 0;
        }
        let mut chunks = input.chunks_exact(32);
        for s in &mut chunks {
            Self::stripe(&mut self.v, s);
        }
        let rest = chunks.remainder();
        self.buf[..rest.len()].copy_from_slice(rest);
        self.buffered = rest.len();
    }

    /// Bytes hashed so far.
    pub fn len(&self) -> u64 {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub fn digest(&self) -> u64 {
        let v = &self.v;
        let mut h = if self.total >= 32 {
            let mut h = v[0]
                .rotate_left(1)
                .wrapping_add(v[1].rotate_left(7))
                .wrapping_add(v[2].rotate_left(12))
                .wrapping_add(v[3].rotate_left(18));
            for &x in v {
                h = merge_round(h, x);
            }
            h
        } else {
            self.seed.wrapping_add(P5)
        };
        h = h.wrapping_add(self.total);
        let mut rest = &self.buf[..self.buffered];
        while rest.len() >= 8 {
            h ^= round(0, read_u64(rest));
            h = h.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
            rest = &rest[8..];
        }
        if rest.len() >= 4 {
            let k = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes")) as u64;
            h ^= k.wrapping_mul(P1);
            h = h.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
            rest = &rest[4..];
        }
        for &b in rest {
            h ^= (b as u64).wrapping_mul(P5);
            h = h.rotate_left(11).wrapping_mul(P1);
        }
        h ^= h >> 33;
        h = h.wrapping_mul(P2);
        h ^= h >> 29;
        h = h.wrapping_mul(P3);
        h ^ (h >> 32)
    }
}

impl std::hash::Hasher for Xxh64 {
    fn write(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
    fn finish(&self) -> u64 {
        self.digest()
    }
}

impl std::io::Write for Xxh64 {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.update(buf);
        Ok(())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// XXH64 of `bytes` with seed 0.
pub fn xxh64(bytes: &[u8]) -> u64 {
    let mut h = Xxh64::new(0);
    h.update(bytes);
    h.digest()
}

/// XXH64 of a value's serde form (every field, the raw bits of every
/// number, a tag before each item so that different shapes cannot give the
/// same bytes): the digest of a result without formatting it as JSON, which
/// cost as much as writing its results.json once more. Two values with the
/// same serde form write the same files; a difference that the JSON text
/// would not show only makes a folder be written again.
pub fn digest_of<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    let mut h = Xxh64::default();
    // Hashing cannot fail; a value whose Serialize fails gets a digest no
    // folder matches.
    let mut feed = Feed::new(&mut h);
    match value.serialize(&mut feed) {
        Ok(()) => {
            feed.flush();
            h.digest()
        }
        Err(_) => u64::MAX,
    }
}

/// Bytes [`Feed`] gathers before it hashes them.
const FEED_BUF: usize = 4096;

/// The serde serializer that feeds [`digest_of`]'s hash. Its pieces are a
/// byte or nine at a time; they are gathered in a buffer and hashed 4 KiB at
/// a time (the digest of a stream does not depend on how it is cut): on a
/// 10 000-area panel report (perf samples) about 6 ms per result, from
/// about 33 ms with each piece hashed as it came.
struct Feed<'a> {
    h: &'a mut Xxh64,
    buf: [u8; FEED_BUF],
    len: usize,
}

#[derive(Debug)]
struct FeedError(String);

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FeedError {}

impl serde::ser::Error for FeedError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        FeedError(msg.to_string())
    }
}

impl<'a> Feed<'a> {
    fn new(h: &'a mut Xxh64) -> Self {
        Feed {
            h,
            buf: [0; FEED_BUF],
            len: 0,
        }
    }

    /// Hash the gathered bytes.
    fn flush(&mut self) {
        self.h.update(&self.buf[..self.len]);
        self.len = 0;
    }

    /// Room for `n` more bytes (`n` ≤ [`FEED_BUF`]).
    #[inline]
    fn room(&mut self, n: usize) {
        if self.len + n > FEED_BUF {
            self.flush();
        }
    }

    #[inline]
    fn tag(&mut self, t: u8) {
        self.room(1);
        self.buf[self.len] = t;
        self.len += 1;
    }

    /// A tag and eight bytes.
    #[inline]
    fn tagged8(&mut self, t: u8, bytes: [u8; 8]) {
        self.room(9);
        self.buf[self.len] = t;
        self.buf[self.len + 1..self.len + 9].copy_from_slice(&bytes);
        self.len += 9;
    }

    #[inline]
    fn tagged(&mut self, t: u8, bytes: &[u8]) {
        self.tag(t);
        self.bytes(bytes);
    }

    #[inline]
    fn bytes(&mut self, b: &[u8]) {
        if b.len() > FEED_BUF / 2 {
            self.flush();
            self.h.update(b);
            return;
        }
        self.room(b.len());
        self.buf[self.len..self.len + b.len()].copy_from_slice(b);
        self.len += b.len();
    }

    fn text(&mut self, t: u8, s: &[u8]) {
        self.tagged8(t, (s.len() as u64).to_le_bytes());
        self.bytes(s);
    }

    fn len(&mut self, t: u8, len: Option<usize>) {
        self.tagged8(t, len.map_or(u64::MAX, |n| n as u64).to_le_bytes());
    }
}

type R = Result<(), FeedError>;

impl<'a, 'b> serde::Serializer for &'a mut Feed<'b> {
    type Ok = ();
    type Error = FeedError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> R {
        self.tagged(1, &[v as u8]);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> R {
        self.serialize_i64(v as i64)
    }
    fn serialize_i16(self, v: i16) -> R {
        self.serialize_i64(v as i64)
    }
    fn serialize_i32(self, v: i32) -> R {
        self.serialize_i64(v as i64)
    }
    fn serialize_i64(self, v: i64) -> R {
        self.tagged8(2, v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> R {
        self.serialize_u64(v as u64)
    }
    fn serialize_u16(self, v: u16) -> R {
        self.serialize_u64(v as u64)
    }
    fn serialize_u32(self, v: u32) -> R {
        self.serialize_u64(v as u64)
    }
    fn serialize_u64(self, v: u64) -> R {
        self.tagged8(3, v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> R {
        self.tagged(4, &v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> R {
        self.tagged8(5, v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> R {
        self.tagged(6, &(v as u32).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> R {
        self.text(7, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        self.text(8, v);
        Ok(())
    }
    fn serialize_none(self) -> R {
        self.tag(9);
        Ok(())
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, value: &T) -> R {
        self.tag(10);
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        self.tag(11);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> R {
        self.tag(11);
        Ok(())
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> R {
        self.text(12, variant.as_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> R {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> R {
        self.text(13, variant.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, FeedError> {
        self.len(14, len);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, FeedError> {
        self.len(15, Some(len));
        Ok(self)
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, FeedError> {
        self.len(15, Some(len));
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, FeedError> {
        self.text(13, variant.as_bytes());
        self.len(15, Some(len));
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, FeedError> {
        self.len(16, len);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Self, FeedError> {
        self.len(17, Some(len));
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, FeedError> {
        self.text(13, variant.as_bytes());
        self.len(17, Some(len));
        Ok(self)
    }
}

/// Compound values: each item after a tag, an end tag after the last (so a
/// sequence of unknown length cannot run into what follows).
macro_rules! compound {
    ($trait:ident, $method:ident) => {
        impl<'a, 'b> serde::ser::$trait for &'a mut Feed<'b> {
            type Ok = ();
            type Error = FeedError;
            fn $method<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> R {
                self.tag(18);
                value.serialize(&mut **self)
            }
            fn end(self) -> R {
                self.tag(19);
                Ok(())
            }
        }
    };
}
compound!(SerializeSeq, serialize_element);
compound!(SerializeTuple, serialize_element);
compound!(SerializeTupleStruct, serialize_field);
compound!(SerializeTupleVariant, serialize_field);

impl<'a, 'b> serde::ser::SerializeMap for &'a mut Feed<'b> {
    type Ok = ();
    type Error = FeedError;
    fn serialize_key<T: serde::Serialize + ?Sized>(&mut self, key: &T) -> R {
        self.tag(20);
        key.serialize(&mut **self)
    }
    fn serialize_value<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        self.tag(19);
        Ok(())
    }
}

macro_rules! fields {
    ($trait:ident) => {
        impl<'a, 'b> serde::ser::$trait for &'a mut Feed<'b> {
            type Ok = ();
            type Error = FeedError;
            fn serialize_field<T: serde::Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> R {
                self.text(21, key.as_bytes());
                value.serialize(&mut **self)
            }
            fn skip_field(&mut self, key: &'static str) -> R {
                self.text(22, key.as_bytes());
                Ok(())
            }
            fn end(self) -> R {
                self.tag(19);
                Ok(())
            }
        }
    };
}
fields!(SerializeStruct);
fields!(SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference values come from the xxHash library itself (Debian's
    /// libxxhash0 0.8.1, `XXH64(buf, len, seed)` called through Python's
    /// ctypes) for the inputs named; the longer inputs are the bytes i mod 251
    /// (i = 0, 1, …), cut to the length named.
    #[test]
    fn matches_the_reference_library() {
        let long: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
        let cases: &[(&[u8], u64, u64)] = &[
            (b"", 0, REF_EMPTY),
            (b"a", 0, REF_A),
            (b"abc", 0, REF_ABC),
            (b"0123456789abcdef0123456789abcdef", 0, REF_32),
            (&long[..37], 0, REF_37),
            (&long[..255], 0, REF_255),
            (&long, 0, REF_1000),
            (&long[..100], 2024, REF_100_SEED),
        ];
        for (input, seed, want) in cases {
            let mut h = Xxh64::new(*seed);
            h.update(input);
            assert_eq!(h.digest(), *want, "{} bytes, seed {seed}", input.len());
        }
    }

    #[test]
    fn streaming_in_any_pieces_gives_the_one_shot_digest() {
        let long: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 256) as u8).collect();
        let whole = xxh64(&long);
        for piece in [1, 3, 7, 8, 31, 32, 33, 100] {
            let mut h = Xxh64::default();
            for c in long.chunks(piece) {
                h.update(c);
            }
            assert_eq!(h.digest(), whole, "pieces of {piece}");
        }
        assert_ne!(xxh64(&long[..999]), whole);
    }

    #[test]
    fn a_value_digest_sees_every_field_and_the_shape() {
        #[derive(serde::Serialize, Clone)]
        struct Row {
            id: String,
            x: f64,
            y: Option<f64>,
            flags: Vec<String>,
        }
        let row = Row {
            id: "0114".into(),
            x: 1.5,
            y: None,
            flags: vec!["outlier".into()],
        };
        let d = digest_of(&row);
        assert_eq!(d, digest_of(&row.clone()));
        let mut other = row.clone();
        other.x = f64::from_bits(1.5f64.to_bits() + 1);
        assert_ne!(digest_of(&other), d, "last bit of a number");
        let mut other = row.clone();
        other.y = Some(0.0);
        assert_ne!(digest_of(&other), d, "None and Some");
        // The same characters split differently between fields.
        let a = (String::from("ab"), String::from("c"));
        let b = (String::from("a"), String::from("bc"));
        assert_ne!(digest_of(&a), digest_of(&b));
        // An item moved from one list to the next.
        let a: (Vec<u8>, Vec<u8>) = (vec![1, 2], vec![3]);
        let b: (Vec<u8>, Vec<u8>) = (vec![1], vec![2, 3]);
        assert_ne!(digest_of(&a), digest_of(&b));
    }

    /// The digest of a value is XXH64 of its serde stream as laid out by
    /// hand here (tags, lengths, bits), whatever the buffering: many items,
    /// texts longer than the buffer and pieces across its end.
    #[test]
    fn a_value_digest_is_the_hash_of_its_tagged_stream() {
        #[derive(serde::Serialize)]
        struct Row {
            id: String,
            x: f64,
            y: Option<f64>,
            n: Vec<u32>,
        }
        let rows: Vec<Row> = (0..3000u32)
            .map(|i| Row {
                id: "å".repeat((i as usize * 37) % 3000),
                x: f64::from(i) * 0.1,
                y: (i % 3 == 0).then_some(-f64::from(i)),
                n: (0..i % 5).collect(),
            })
            .collect();
        let mut s: Vec<u8> = Vec::new();
        let text = |s: &mut Vec<u8>, t: u8, b: &[u8]| {
            s.push(t);
            s.extend_from_slice(&(b.len() as u64).to_le_bytes());
            s.extend_from_slice(b);
        };
        s.push(14);
        s.extend_from_slice(&(rows.len() as u64).to_le_bytes());
        for r in &rows {
            s.push(18);
            s.push(17);
            s.extend_from_slice(&4u64.to_le_bytes());
            text(&mut s, 21, b"id");
            text(&mut s, 7, r.id.as_bytes());
            text(&mut s, 21, b"x");
            s.push(5);
            s.extend_from_slice(&r.x.to_bits().to_le_bytes());
            text(&mut s, 21, b"y");
            match r.y {
                None => s.push(9),
                Some(y) => {
                    s.push(10);
                    s.push(5);
                    s.extend_from_slice(&y.to_bits().to_le_bytes());
                }
            }
            text(&mut s, 21, b"n");
            s.push(14);
            s.extend_from_slice(&(r.n.len() as u64).to_le_bytes());
            for v in &r.n {
                s.push(18);
                s.push(3);
                s.extend_from_slice(&u64::from(*v).to_le_bytes());
            }
            s.push(19);
            s.push(19);
        }
        s.push(19);
        assert!(s.len() > 10 * FEED_BUF);
        assert_eq!(digest_of(&rows), xxh64(&s));
        assert_eq!(digest_of(&rows[..1]), {
            let mut h = Xxh64::default();
            h.update(&[14]);
            h.update(&1u64.to_le_bytes());
            h.update(&s[9..9 + row_len(&rows[0])]);
            h.update(&[19]);
            h.digest()
        });
        fn row_len(r: &Row) -> usize {
            1 + 9
                + (9 + 2)
                + (9 + r.id.len())
                + (9 + 1)
                + 9
                + (9 + 1)
                + if r.y.is_some() { 10 } else { 1 }
                + (9 + 1)
                + 9
                + 10 * r.n.len()
                + 2
        }
    }

    const REF_EMPTY: u64 = 0xef46_db37_51d8_e999;
    const REF_A: u64 = 0xd24e_c4f1_a98c_6e5b;
    const REF_ABC: u64 = 0x44bc_2cf5_ad77_0999;
    const REF_32: u64 = 0x642a_9495_8e71_e6c5;
    const REF_37: u64 = 0xd93f_a2df_ee5c_24c9;
    const REF_255: u64 = 0x566d_96b8_32b9_67c1;
    const REF_1000: u64 = 0xf306_f04a_a88b_54d3;
    const REF_100_SEED: u64 = 0x4712_35c3_a7f7_d5d9;
}
