//! What the browser tests of the widget's hand-written JSON share.

/// The JSON object of `fields` (name, JSON text), with `field` written as `value`: replaced when
/// it is one of them, added when it is not, left out when `value` is `None`.
pub fn object_with(fields: &[(&str, &str)], field: &str, value: Option<&str>) -> String {
    let mut written: Vec<String> = fields
        .iter()
        .filter_map(|&(name, original)| {
            let text = if name == field { value? } else { original };
            Some(format!(r#""{name}":{text}"#))
        })
        .collect();
    if let Some(value) = value.filter(|_| fields.iter().all(|&(name, _)| name != field)) {
        written.push(format!(r#""{field}":{value}"#));
    }
    format!("{{{}}}", written.join(","))
}
