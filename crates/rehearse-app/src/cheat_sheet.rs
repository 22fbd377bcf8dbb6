//! The story bank on one printable page: each story's title, competencies and one line per STAR
//! part — its first sentence or two, whole, never cut mid-sentence (the result's first three,
//! since its numbers are what the user must remember). The same entries
//! feed the web page (printed with a print stylesheet) and a PDF written here.
//!
//! The PDF is written by hand — a few hundred bytes of structure around text in the standard
//! Helvetica fonts, which every PDF reader has — rather than with a PDF library: nothing to
//! embed, nothing to download, and the layout is a column of wrapped lines.

use rehearse_core::story_bank::{Story, label};

/// One story on the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetEntry {
    pub title: String,
    pub competencies: Vec<String>,
    /// (part label, its line): "S", "T", "A", "R", "L" (the lesson).
    pub lines: Vec<(&'static str, String)>,
}

/// The sheet's entries, in bank order.
pub fn entries(stories: &[Story]) -> Vec<SheetEntry> {
    stories
        .iter()
        .map(|story| {
            let fields = &story.fields;
            let mut lines = Vec::new();
            // Whole sentences only: a reference sheet must not cut the user's words mid-thought.
            for (short, part, sentences) in [
                ("S", "situation", 1),
                ("T", "task", 1),
                ("A", "action", 2),
                ("R", "result", 3),
                ("L", "reflection", 1),
            ] {
                let text = fields.part(part).trim();
                if text.is_empty() {
                    continue;
                }
                let spans = rehearse_core::text::sentences(text);
                let end = spans
                    .get(sentences.min(spans.len()).saturating_sub(1))
                    .map_or(text.len(), |span| span.end);
                let line = text[..end].split_whitespace().collect::<Vec<_>>().join(" ");
                lines.push((short, line));
            }
            SheetEntry {
                title: fields.title.clone(),
                competencies: fields.competencies.iter().map(|name| label(name)).collect(),
                lines,
            }
        })
        .collect()
}

// ------------------------------------------------------------------------------------- PDF

/// Advance widths of Helvetica's printable ASCII characters (32–126), in thousandths of the font
/// size, from the font's published metrics.
#[rustfmt::skip]
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// A character in the fonts' WinAnsi encoding: Latin-1 and the typographic marks people type
/// (curly quotes, dashes, bullets, the ellipsis, the euro); anything else becomes "?" (the web
/// page shows every script; the PDF is for the common case).
fn win_ansi(c: char) -> u8 {
    match c {
        '\u{20}'..='\u{7e}' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '™' => 0x99,
        '\t' | '\n' | '\r' => b' ',
        _ => b'?',
    }
}

/// The width of an encoded character, in thousandths of the font size (bold is wider).
fn width(byte: u8, bold: bool) -> f32 {
    let base = match byte {
        32..=126 => f32::from(HELVETICA[usize::from(byte - 32)]),
        0x85 => 1000.0,
        0x91..=0x94 => 333.0,
        0x95 => 350.0,
        0x96 => 556.0,
        0x97 => 1000.0,
        _ => 556.0,
    };
    if bold { base * 1.06 } else { base }
}

/// One line of text placed on a page.
struct Placed {
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    text: Vec<u8>,
}

/// Lays out encoded text in lines no wider than `max_width` points.
fn wrap(text: &[u8], size: f32, bold: bool, max_width: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    let mut line_width = 0.0;
    for word in text
        .split(|byte| *byte == b' ')
        .filter(|word| !word.is_empty())
    {
        let word_width: f32 = word.iter().map(|b| width(*b, bold)).sum::<f32>() * size / 1000.0;
        let space = width(b' ', bold) * size / 1000.0;
        if !line.is_empty() && line_width + space + word_width > max_width {
            lines.push(std::mem::take(&mut line));
            line_width = 0.0;
        }
        if !line.is_empty() {
            line.push(b' ');
            line_width += space;
        }
        line.extend_from_slice(word);
        line_width += word_width;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The sheet as a PDF (A4, as many pages as the stories need).
pub fn pdf(entries: &[SheetEntry], heading: &str) -> Vec<u8> {
    const WIDTH: f32 = 595.0;
    const HEIGHT: f32 = 842.0;
    const MARGIN: f32 = 40.0;
    let encode = |text: &str| text.chars().map(win_ansi).collect::<Vec<u8>>();
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = HEIGHT - MARGIN;
    let place = |pages: &mut Vec<Vec<Placed>>,
                 y: &mut f32,
                 x: f32,
                 size: f32,
                 bold: bool,
                 text: Vec<u8>| {
        let leading = size * 1.25;
        if *y - leading < MARGIN {
            pages.push(Vec::new());
            *y = HEIGHT - MARGIN;
        }
        *y -= leading;
        pages.last_mut().expect("a page").push(Placed {
            x,
            y: *y,
            size,
            bold,
            text,
        });
    };
    for line in wrap(&encode(heading), 14.0, true, WIDTH - 2.0 * MARGIN) {
        place(&mut pages, &mut y, MARGIN, 14.0, true, line);
    }
    y -= 4.0;
    for entry in entries {
        y -= 5.0;
        for line in wrap(&encode(&entry.title), 10.5, true, WIDTH - 2.0 * MARGIN) {
            place(&mut pages, &mut y, MARGIN, 10.5, true, line);
        }
        if !entry.competencies.is_empty() {
            let tags = encode(&entry.competencies.join(" · "));
            for line in wrap(&tags, 7.5, false, WIDTH - 2.0 * MARGIN) {
                place(&mut pages, &mut y, MARGIN, 7.5, false, line);
            }
        }
        for (short, text) in &entry.lines {
            let mut first = true;
            for line in wrap(&encode(text), 8.5, false, WIDTH - 2.0 * MARGIN - 14.0) {
                if first {
                    place(
                        &mut pages,
                        &mut y,
                        MARGIN,
                        8.5,
                        true,
                        short.as_bytes().to_vec(),
                    );
                    // The part's text starts on the same baseline as its letter.
                    y += 8.5 * 1.25;
                    first = false;
                }
                place(&mut pages, &mut y, MARGIN + 14.0, 8.5, false, line);
            }
        }
    }

    // Objects: 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, then page + content per page.
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    let mut kids = Vec::new();
    for page in &pages {
        let page_id = objects.len() + 1;
        kids.push(format!("{page_id} 0 R"));
        let mut content: Vec<u8> = Vec::new();
        for placed in page {
            content.extend_from_slice(
                format!(
                    "BT /{} {:.1} Tf {:.1} {:.1} Td (",
                    if placed.bold { "F2" } else { "F1" },
                    placed.size,
                    placed.x,
                    placed.y
                )
                .as_bytes(),
            );
            for byte in &placed.text {
                if matches!(byte, b'(' | b')' | b'\\') {
                    content.push(b'\\');
                }
                content.push(*byte);
            }
            content.extend_from_slice(b") Tj ET\n");
        }
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] /Contents {} 0 R /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>",
                page_id + 1
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(&content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    )
    .into_bytes();

    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use rehearse_core::story_bank::{StoryFields, StoryId};

    use super::*;

    fn story(title: &str, result: &str) -> Story {
        Story {
            id: StoryId(1),
            fields: StoryFields {
                title: title.to_owned(),
                situation: "Our report was late every week. Nobody knew why.".to_owned(),
                action: "I traced the steps. I automated the copy. I wrote a guide.".to_owned(),
                result: result.to_owned(),
                competencies: vec!["failure".to_owned(), "ownership".to_owned()],
                ..StoryFields::default()
            },
            created_at: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
            updated_at: Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap(),
        }
    }

    #[test]
    fn entries_keep_one_line_per_part_and_the_whole_result() {
        let sheet = entries(&[story(
            "Late report (fixed)",
            "Reports went out on time. We saved 6 hours a week.",
        )]);
        assert_eq!(
            sheet[0].competencies,
            ["A failure and its lesson", "ownership"]
        );
        assert_eq!(
            sheet[0].lines,
            [
                ("S", "Our report was late every week.".to_owned()),
                ("A", "I traced the steps. I automated the copy.".to_owned()),
                (
                    "R",
                    "Reports went out on time. We saved 6 hours a week.".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_long_sentence_is_kept_whole() {
        let mut long = story("Long", "It worked.");
        long.fields.situation = "In my second year at the logistics company, our weekly revenue report for the twelve regional managers arrived a full day late because two analysts copied the same figures by hand from three systems. Then more.".to_owned();
        let sheet = entries(&[long]);
        let situation = &sheet[0].lines[0].1;
        assert!(situation.ends_with("from three systems."), "{situation}");
        assert!(!situation.contains('…'));
    }

    #[test]
    fn the_pdf_is_readable_text_over_several_pages() {
        let many: Vec<Story> = (0..40)
            .map(|index| {
                story(
                    &format!("Story {index} — “quoted” (x)"),
                    &"We saved 6 hours a week. ".repeat(6),
                )
            })
            .collect();
        let bytes = pdf(&entries(&many), "My stories: 40 — 日本");
        let text = pdf_extract::extract_text_from_mem(&bytes).expect("a valid PDF");
        assert!(text.contains("Story 39"), "{text}");
        assert!(text.contains("“quoted” (x)"), "{text}");
        assert!(text.contains("My stories: 40 — ??"), "{text}");
        let pages = bytes
            .windows(b"/Type /Page ".len())
            .filter(|w| *w == b"/Type /Page ")
            .count();
        assert!(pages >= 2, "{pages} pages");
    }
}
