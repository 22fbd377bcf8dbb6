//! Server-sent events, as both APIs stream them: `event:` and `data:` lines, an empty line ends an
//! event. Bytes arrive in arbitrary chunks; this keeps the unfinished line between them.

/// One event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Event {
    pub event: Option<String>,
    pub data: String,
}

/// Splits a byte stream into events.
#[derive(Debug, Default)]
pub(crate) struct Parser {
    line: Vec<u8>,
    event: Option<String>,
    data: Vec<String>,
}

/// An event larger than this is not something we asked for.
const MAX_LINE_BYTES: usize = 1024 * 1024;

impl Parser {
    /// Feeds a chunk; returns the events it completed.
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Result<Vec<Event>, String> {
        let mut out = Vec::new();
        for &byte in chunk {
            if byte != b'\n' {
                self.line.push(byte);
                if self.line.len() > MAX_LINE_BYTES {
                    return Err("a streamed line is too long".to_owned());
                }
                continue;
            }
            let mut line = std::mem::take(&mut self.line);
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            let line = String::from_utf8(line).map_err(|_| "a streamed line is not UTF-8")?;
            if line.is_empty() {
                if !self.data.is_empty() || self.event.is_some() {
                    out.push(Event {
                        event: self.event.take(),
                        data: std::mem::take(&mut self.data).join("\n"),
                    });
                }
                continue;
            }
            if line.starts_with(':') {
                continue; // a comment, used as a keep-alive
            }
            let (field, value) = line.split_once(':').unwrap_or((line.as_str(), ""));
            let value = value.strip_prefix(' ').unwrap_or(value);
            match field {
                "event" => self.event = Some(value.to_owned()),
                "data" => self.data.push(value.to_owned()),
                _ => {}
            }
        }
        Ok(out)
    }

    /// What is left when the stream ends: an event not closed by an empty line still counts.
    pub(crate) fn finish(&mut self) -> Option<Event> {
        if !self.line.is_empty() {
            let line = String::from_utf8_lossy(&std::mem::take(&mut self.line)).into_owned();
            if let Some(value) = line.strip_prefix("data:") {
                self.data.push(value.trim_start().to_owned());
            }
        }
        (!self.data.is_empty()).then(|| Event {
            event: self.event.take(),
            data: std::mem::take(&mut self.data).join("\n"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_survive_any_chunking() {
        let stream = b"event: message_start\ndata: {\"a\":1}\n\n: keep-alive\n\ndata: one\r\ndata: two\r\n\r\ndata: [DONE]\n\n";
        for size in 1..stream.len() {
            let mut parser = Parser::default();
            let mut events = Vec::new();
            for chunk in stream.chunks(size) {
                events.extend(parser.push(chunk).unwrap());
            }
            assert_eq!(
                events,
                [
                    Event {
                        event: Some("message_start".into()),
                        data: "{\"a\":1}".into()
                    },
                    Event {
                        event: None,
                        data: "one\ntwo".into()
                    },
                    Event {
                        event: None,
                        data: "[DONE]".into()
                    },
                ],
                "chunks of {size}"
            );
        }
        let mut parser = Parser::default();
        parser.push(b"data: cut").unwrap();
        assert_eq!(parser.finish().unwrap().data, "cut");
    }
}
