//! Documents made by code for tests and benchmarks: a PDF with real text, one with none.

/// A PDF whose pages show `pages` (one string per line, each page a list of lines), in Helvetica:
/// a real, valid file with a cross-reference table, as a word processor would write it.
pub fn pdf(pages: &[Vec<String>]) -> Vec<u8> {
    let mut objects: Vec<String> = Vec::new();
    let page_count = pages.len();
    // 1: catalog, 2: pages, 3: font, then for each page: page object and content stream.
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".to_owned());
    let kids: Vec<String> = (0..page_count)
        .map(|index| format!("{} 0 R", 4 + index * 2))
        .collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {page_count} >>",
        kids.join(" ")
    ));
    objects.push(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_owned(),
    );
    for (index, lines) in pages.iter().enumerate() {
        let content_id = 5 + index * 2;
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
        ));
        let mut stream = String::from("BT /F1 11 Tf 14 TL 72 740 Td\n");
        for line in lines {
            let escaped = line
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            stream.push_str(&format!("({escaped}) Tj T*\n"));
        }
        stream.push_str("ET");
        objects.push(format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ));
    }
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{object}\nendobj\n", index + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

/// A three-page resume as a PDF, about 1,400 words (30 lines a page).
pub fn three_page_resume() -> Vec<u8> {
    let mut pages = Vec::new();
    for page in 0..3 {
        let mut lines = vec![
            format!("Jordan Example - page {}", page + 1),
            "EXPERIENCE".to_owned(),
        ];
        for role in 0..4 {
            lines.push(format!(
                "Senior Data Analyst at Company {} | Jan 20{} - Dec 20{}",
                page * 4 + role,
                10 + role,
                11 + role
            ));
            for bullet in 0..6 {
                lines.push(format!(
                    "- Built a SQL and Python pipeline that cut reporting time by {}% for {} store managers",
                    10 + bullet * 5,
                    20 + role * 10
                ));
            }
        }
        pages.push(lines);
    }
    pdf(&pages)
}
