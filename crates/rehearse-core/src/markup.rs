//! Turning a saved web page (HTML) into plain text with its line structure kept: block elements
//! and list items become lines, scripts and styles disappear, entities are decoded.
//!
//! Not an HTML parser: postings are simple documents, and a page this does not understand still
//! comes out as readable text. Linear in the input, no recursion, no panics on broken markup.

/// Whether a text looks like HTML rather than plain text or Markdown.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(2000)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html")
        || head.contains("<body")
        || head.contains("<div")
        || head.contains("<p>")
        || head.contains("<ul")
        || head.contains("<br")
        || head.contains("<!doctype")
}

/// Tags whose start or end begins a new line.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "dt",
    "dd",
    "dl",
    "blockquote",
    "pre",
    "hr",
    "title",
    "form",
    "td",
    "th",
];

/// Elements whose content is never text for a reader (a site's menu is not part of the posting).
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "nav",
];

/// Converts HTML to text: one line per block, "- " before list items.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    let mut skipping: Option<String> = None;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            if skipping.is_none() {
                push_text(&mut out, rest);
            }
            break;
        };
        if skipping.is_none() {
            push_text(&mut out, &rest[..open]);
        }
        rest = &rest[open..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[1..close];
        rest = &rest[close + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(skipped) = &skipping {
            if closing && name == *skipped {
                skipping = None;
            }
            continue;
        }
        if !closing && SKIPPED.contains(&name.as_str()) && !tag.ends_with('/') {
            skipping = Some(name);
            continue;
        }
        if BLOCK_TAGS.contains(&name.as_str()) {
            new_line(&mut out);
            if name == "li" && !closing {
                out.push_str("- ");
            }
        }
    }
    tidy(&out)
}

fn new_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends text with entities decoded and whitespace collapsed to single spaces.
fn push_text(out: &mut String, text: &str) {
    let decoded = decode_entities(text);
    for piece in decoded.split_whitespace() {
        if !(out.is_empty() || out.ends_with('\n') || out.ends_with(' ') || out.ends_with("- ")) {
            out.push(' ');
        }
        out.push_str(piece);
    }
    if decoded.ends_with(char::is_whitespace) && !out.ends_with([' ', '\n']) && !out.is_empty() {
        out.push(' ');
    }
}

/// Trims every line and keeps at most one empty line in a row.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line == "-" {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = 0;
    }
    out
}

/// Decodes the common named entities and every numeric one.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(index, _)| index);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let character = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" | "#160" => Some(' '),
                "rsquo" | "lsquo" => Some('’'),
                "ldquo" | "rdquo" => Some('"'),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "hellip" => Some('…'),
                "bull" | "middot" => Some('•'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| {
                        name.strip_prefix('#')
                            .and_then(|decimal| decimal.parse().ok())
                    })
                    .and_then(char::from_u32),
            };
            character.map(|character| (character, end))
        });
        match decoded {
            Some((character, end)) => {
                out.push(character);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_lists_bullets() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body><nav>Home | Jobs</nav>\
            <h2>What you&rsquo;ll do</h2><ul><li>Build <b>APIs</b> &amp; services</li><li>Own on-call</li></ul>\
            <script>alert(1)</script><p>Salary: &#163;40,000</p><!-- hidden --></body></html>";
        assert_eq!(
            html_to_text(html),
            "What you’ll do\n- Build APIs & services\n- Own on-call\nSalary: £40,000"
        );
        assert!(looks_like_html(html));
        assert!(!looks_like_html("Plain posting\n- Build APIs"));
    }

    #[test]
    fn broken_markup_does_not_panic() {
        for html in [
            "<",
            "<div",
            "<script>never closed",
            "&",
            "&#xZZ;",
            "&#99999999;",
            "a < b > c",
            "<li>é&nbsp;ü",
            "&ééééééééééé;",
        ] {
            let _ = html_to_text(html);
        }
    }
}
