//! The widget's JSON, without a JSON library: the browser parses and prints it (`JSON.parse`,
//! `JSON.stringify`) and this module maps the browser's values to our `serde` types and back.
//!
//! Its one error, [`Unreadable`], carries no text. The caller only needs to know that a value is
//! not what it expected (a body that is not ours is `ApiFailure::Network`), and serde's messages
//! ("invalid type: floating point `1.5`, expected ...") would bring number formatting and every
//! type's description into the shopper's download: about 12 KB brotli.

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::{
    de::{self, DeserializeOwned, IntoDeserializer, Visitor},
    forward_to_deserialize_any,
    ser::{self, Impossible, Serialize},
};
use wasm_bindgen::{JsCast, JsValue};

/// `value` (from `JSON.parse`) as a `T`; `None` when it does not have `T`'s shape.
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    T::deserialize(Value(value)).ok()
}

/// `value` as the plain object, array, string, number... that `JSON.parse` would give for its
/// JSON; `None` when it has no JSON form here (a number beyond 2^53, bytes, a map keyed by a
/// non-string).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Option<JsValue> {
    value.serialize(ToValue).ok()
}

/// A value that is not what the caller expected, or that has no JSON form.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Unreadable;

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not the expected JSON")
    }
}

impl fmt::Debug for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unreadable")
    }
}

impl std::error::Error for Unreadable {}

impl de::Error for Unreadable {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Unreadable
    }
}

impl ser::Error for Unreadable {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Unreadable
    }
}

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Whether a JavaScript number is a whole one that it holds exactly: what an integer field takes,
/// here and in the first screen's hand readers (`answers`).
pub(crate) fn is_exact_whole(number: f64) -> bool {
    number.trunc() == number && number.abs() <= MAX_SAFE_INTEGER
}

/// A value of the browser's, read by serde.
struct Value(JsValue);

impl<'de> de::Deserializer<'de> for Value {
    type Error = Unreadable;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match Kind::of(self.0) {
            Kind::Nothing => visitor.visit_unit(),
            Kind::Flag(flag) => visitor.visit_bool(flag),
            Kind::Whole(number) => visitor.visit_u64(number),
            Kind::Negative(number) => visitor.visit_i64(number),
            Kind::Fraction(number) => visitor.visit_f64(number),
            Kind::Text(text) => visitor.visit_string(text),
            Kind::Items(items) => visitor.visit_seq(Items { items, next: 0 }),
            Kind::Entries(entries) => visitor.visit_map(Entries {
                entries,
                next: 0,
                value: None,
            }),
            Kind::Other => Err(Unreadable),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    /// Our enums travel as their variant's name (the others are tagged inside an object, which
    /// serde reads through `deserialize_any`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        match self.0.as_string() {
            Some(variant) => visitor.visit_enum(variant.into_deserializer()),
            None => Err(Unreadable),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// What a value of the browser's is, told apart once (not in each visitor's copy of
/// `deserialize_any`).
enum Kind {
    /// `null` or `undefined`.
    Nothing,
    Flag(bool),
    /// A whole number, as one so that integer fields take it.
    Whole(u64),
    Negative(i64),
    /// Any other number.
    Fraction(f64),
    Text(String),
    /// An array.
    Items(Array),
    /// An object's `[key, value]` pairs, as `Object.entries` lists them.
    Entries(Array),
    /// A function, a symbol, a bigint...
    Other,
}

impl Kind {
    fn of(value: JsValue) -> Kind {
        if value.is_null() || value.is_undefined() {
            Kind::Nothing
        } else if let Some(flag) = value.as_bool() {
            Kind::Flag(flag)
        } else if let Some(number) = value.as_f64() {
            Kind::number(number)
        } else if let Some(text) = value.as_string() {
            Kind::Text(text)
        } else if Array::is_array(&value) {
            Kind::Items(value.unchecked_into())
        } else if value.is_object() {
            Kind::Entries(Object::entries(value.unchecked_ref()))
        } else {
            Kind::Other
        }
    }

    fn number(number: f64) -> Kind {
        let whole = is_exact_whole(number);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Checked just above.
        match (whole, number >= 0.0) {
            (true, true) => Kind::Whole(number as u64),
            (true, false) => Kind::Negative(number as i64),
            (false, _) => Kind::Fraction(number),
        }
    }
}

/// An array's items, in order.
struct Items {
    items: Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Unreadable;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unreadable> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        let item = self.items.get(self.next);
        self.next += 1;
        seed.deserialize(Value(item)).map(Some)
    }
}

/// An object's `[key, value]` pairs, as `Object.entries` lists them.
struct Entries {
    entries: Array,
    next: u32,
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Unreadable;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unreadable> {
        if self.next >= self.entries.length() {
            return Ok(None);
        }
        let entry: Array = self.entries.get(self.next).unchecked_into();
        self.next += 1;
        self.value = Some(entry.get(1));
        seed.deserialize(Value(entry.get(0))).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Unreadable> {
        match self.value.take() {
            Some(value) => seed.deserialize(Value(value)),
            None => Err(Unreadable),
        }
    }
}

/// Writes a value as the browser's: objects, arrays, strings, numbers, booleans and `null`.
struct ToValue;

/// A number as JavaScript holds it, refused beyond 2^53 where it would change.
fn number(value: f64) -> Result<JsValue, Unreadable> {
    if value.abs() <= MAX_SAFE_INTEGER {
        Ok(JsValue::from_f64(value))
    } else {
        Err(Unreadable)
    }
}

impl ser::Serializer for ToValue {
    type Ok = JsValue;
    type Error = Unreadable;
    type SerializeSeq = ArrayBuilder;
    type SerializeTuple = ArrayBuilder;
    type SerializeTupleStruct = ArrayBuilder;
    type SerializeTupleVariant = Impossible<JsValue, Unreadable>;
    type SerializeMap = ObjectBuilder;
    type SerializeStruct = ObjectBuilder;
    type SerializeStructVariant = Impossible<JsValue, Unreadable>;

    fn serialize_bool(self, value: bool) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_bool(value))
    }

    fn serialize_i8(self, value: i8) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_f64(value.into()))
    }

    fn serialize_i16(self, value: i16) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_f64(value.into()))
    }

    fn serialize_i32(self, value: i32) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_f64(value.into()))
    }

    #[allow(clippy::cast_precision_loss)] // Refused by `number` when it would lose precision.
    fn serialize_i64(self, value: i64) -> Result<JsValue, Unreadable> {
        number(value as f64)
    }

    fn serialize_u8(self, value: u8) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_f64(value.into()))
    }

    fn serialize_u16(self, value: u16) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_f64(value.into()))
    }

    fn serialize_u32(self, value: u32) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_f64(value.into()))
    }

    #[allow(clippy::cast_precision_loss)] // Refused by `number` when it would lose precision.
    fn serialize_u64(self, value: u64) -> Result<JsValue, Unreadable> {
        number(value as f64)
    }

    fn serialize_f32(self, value: f32) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_f64(value.into()))
    }

    fn serialize_f64(self, value: f64) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_f64(value))
    }

    fn serialize_char(self, value: char) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_str(value.encode_utf8(&mut [0; 4])))
    }

    fn serialize_str(self, value: &str) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_str(value))
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<JsValue, Unreadable> {
        Err(Unreadable)
    }

    fn serialize_none(self) -> Result<JsValue, Unreadable> {
        Ok(JsValue::NULL)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<JsValue, Unreadable> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<JsValue, Unreadable> {
        Ok(JsValue::NULL)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<JsValue, Unreadable> {
        Ok(JsValue::NULL)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<JsValue, Unreadable> {
        Ok(JsValue::from_str(variant))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<JsValue, Unreadable> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<JsValue, Unreadable> {
        let object = ObjectBuilder::new();
        object.set(variant, value.serialize(self)?)?;
        Ok(object.object.into())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<ArrayBuilder, Unreadable> {
        Ok(ArrayBuilder(Array::new()))
    }

    fn serialize_tuple(self, _len: usize) -> Result<ArrayBuilder, Unreadable> {
        Ok(ArrayBuilder(Array::new()))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<ArrayBuilder, Unreadable> {
        Ok(ArrayBuilder(Array::new()))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Unreadable> {
        Err(Unreadable)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<ObjectBuilder, Unreadable> {
        Ok(ObjectBuilder::new())
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<ObjectBuilder, Unreadable> {
        Ok(ObjectBuilder::new())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Unreadable> {
        Err(Unreadable)
    }
}

/// An array being written.
struct ArrayBuilder(Array);

impl ArrayBuilder {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unreadable> {
        self.0.push(&value.serialize(ToValue)?);
        Ok(())
    }
}

impl ser::SerializeSeq for ArrayBuilder {
    type Ok = JsValue;
    type Error = Unreadable;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unreadable> {
        self.push(value)
    }

    fn end(self) -> Result<JsValue, Unreadable> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTuple for ArrayBuilder {
    type Ok = JsValue;
    type Error = Unreadable;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unreadable> {
        self.push(value)
    }

    fn end(self) -> Result<JsValue, Unreadable> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTupleStruct for ArrayBuilder {
    type Ok = JsValue;
    type Error = Unreadable;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unreadable> {
        self.push(value)
    }

    fn end(self) -> Result<JsValue, Unreadable> {
        Ok(self.0.into())
    }
}

/// An object being written; a map's keys must be strings, as in JSON.
struct ObjectBuilder {
    object: Object,
    key: Option<JsValue>,
}

impl ObjectBuilder {
    fn new() -> ObjectBuilder {
        ObjectBuilder {
            object: Object::new(),
            key: None,
        }
    }

    fn set(&self, key: &str, value: JsValue) -> Result<(), Unreadable> {
        set(&self.object, &JsValue::from_str(key), &value)
    }
}

fn set(object: &Object, key: &JsValue, value: &JsValue) -> Result<(), Unreadable> {
    match Reflect::set(object, key, value) {
        Ok(true) => Ok(()),
        _ => Err(Unreadable),
    }
}

impl ser::SerializeMap for ObjectBuilder {
    type Ok = JsValue;
    type Error = Unreadable;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unreadable> {
        let key = key.serialize(ToValue)?;
        if !key.is_string() {
            return Err(Unreadable);
        }
        self.key = Some(key);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unreadable> {
        let key = self.key.take().ok_or(Unreadable)?;
        set(&self.object, &key, &value.serialize(ToValue)?)
    }

    fn end(self) -> Result<JsValue, Unreadable> {
        Ok(self.object.into())
    }
}

impl ser::SerializeStruct for ObjectBuilder {
    type Ok = JsValue;
    type Error = Unreadable;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unreadable> {
        self.set(key, value.serialize(ToValue)?)
    }

    fn end(self) -> Result<JsValue, Unreadable> {
        Ok(self.object.into())
    }
}
