//! Just enough HTTP/1.1 for the bench's set-up calls (open sessions, get a token), with the
//! standard library only: one request per connection, `Connection: close`, and a flat JSON reader.
//! The measured traffic itself comes from `wrk`, not from here.

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
    time::Duration,
};

/// An answer: status code and body.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// Sends `method path` to `addr` with `headers` and `body`, and reads the whole answer.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<Answer, String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|error| format!("cannot connect to {addr}: {error}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|error| error.to_string())?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream
        .write_all(request.as_bytes())
        .map_err(|error| format!("{method} {path}: {error}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|error| format!("{method} {path}: {error}"))?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("{method} {path}: no HTTP answer"))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("{method} {path}: no status line"))?;
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        unchunk(body)
    } else {
        body.to_owned()
    };
    Ok(Answer { status, body })
}

/// Sends a JSON `body`, failing unless the answer is a success.
pub fn post_json(
    addr: SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<String, String> {
    let mut all = vec![("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    let answer = send(addr, "POST", path, &all, body)?;
    if (200..300).contains(&answer.status) {
        Ok(answer.body)
    } else {
        Err(format!("POST {path}: {} {}", answer.status, answer.body))
    }
}

/// The string value of the top-level `"field"` of a flat JSON object (no escapes in the value:
/// tokens and ids here are plain ASCII).
pub fn json_string(json: &str, field: &str) -> Option<String> {
    let key = format!("\"{field}\"");
    let rest = &json[json.find(&key)? + key.len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let value = rest.strip_prefix('"')?;
    Some(value[..value.find('"')?].to_owned())
}

fn unchunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || after.len() < size {
            break;
        }
        out.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_string_field_of_flat_json() {
        let json = r#"{"id":"cs_1","client_token": "abc.def","n":3}"#;
        assert_eq!(
            json_string(json, "client_token").as_deref(),
            Some("abc.def")
        );
        assert_eq!(json_string(json, "id").as_deref(), Some("cs_1"));
        assert_eq!(json_string(json, "n"), None);
        assert_eq!(json_string(json, "missing"), None);
    }

    #[test]
    fn joins_chunks() {
        assert_eq!(unchunk("3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"), "abcde");
    }
}
