//! Data-driven tests of the analysis: each case is an answer and a snapshot of what the engine
//! says about it, rendered compactly. Update snapshots with `UPDATE_EXPECT=1 cargo test`, and
//! read the diff: a changed snapshot is a changed behaviour.

use expect_test::{Expect, expect};

use super::*;

fn render(analysis: &Analysis, answer: &str) -> String {
    let mut out = format!(
        "words {} · {:.0}s · quantified {} · I {} / we {}{}\n",
        analysis.word_count,
        analysis.speaking_seconds,
        analysis.result_quantified,
        analysis.ownership.i,
        analysis.ownership.we,
        if analysis.ownership.we_heavy {
            " (we-heavy)"
        } else {
            ""
        },
    );
    for sentence in &analysis.sentences {
        out += &format!(
            "  {:<10} {}\n",
            sentence.part.as_str(),
            &answer[sentence.start..sentence.end]
        );
    }
    if !analysis.fillers.is_empty() {
        let fillers: Vec<&str> = analysis
            .fillers
            .iter()
            .map(|filler| filler.quote.as_str())
            .collect();
        out += &format!("fillers: {}\n", fillers.join(" | "));
    }
    match &analysis.scores {
        Some(scores) => {
            out += &format!("scores overall {}:", scores.overall);
            for (name, score) in scores.named() {
                out += &format!(" {name} {score}");
            }
            out += "\n";
        }
        None => out += "not scored\n",
    }
    for finding in &analysis.findings {
        out += &format!(
            "  {:?} {:?} «{}»\n",
            finding.severity, finding.code, finding.quote
        );
    }
    out
}

/// Only the verdict and the finding codes, for cases where that is what matters.
fn check_codes(
    question: &str,
    kind: QuestionKind,
    competencies: &[&str],
    key_points: &[&str],
    answer: &str,
    expected: Expect,
) {
    let competencies: Vec<String> = competencies.iter().map(|c| c.to_string()).collect();
    let key_points: Vec<String> = key_points.iter().map(|point| point.to_string()).collect();
    let analysis = analyze(&AnalysisInput {
        question,
        kind,
        competencies: &competencies,
        key_points: &key_points,
        answer,
    });
    assert_invariants(&analysis, answer);
    let codes: Vec<String> = analysis
        .findings
        .iter()
        .map(|finding| format!("{:?}", finding.code))
        .collect();
    let verdict = match analysis.overall_score() {
        Some(score) => format!("score {score}"),
        None => "not scored".to_owned(),
    };
    expected.assert_eq(&format!(
        "{verdict}, on topic {}: {}",
        analysis.on_topic,
        codes.join(" ")
    ));
}

fn check(kind: QuestionKind, key_points: &[&str], answer: &str, expected: Expect) {
    let key_points: Vec<String> = key_points.iter().map(|point| point.to_string()).collect();
    let analysis = analyze(&AnalysisInput {
        competencies: &[],
        question: "Q?",
        kind,
        key_points: &key_points,
        answer,
    });
    assert_invariants(&analysis, answer);
    expected.assert_eq(&render(&analysis, answer));
}

/// The contract every analysis keeps, whatever the input.
fn assert_invariants(analysis: &Analysis, answer: &str) {
    let quote_ok = |start: usize, end: usize, quote: &str| {
        start <= end && end <= answer.len() && answer.get(start..end) == Some(quote)
    };
    for finding in &analysis.findings {
        assert!(
            quote_ok(finding.start, finding.end, &finding.quote),
            "finding {finding:?}"
        );
    }
    for filler in &analysis.fillers {
        assert!(
            quote_ok(filler.start, filler.end, &filler.quote),
            "filler {filler:?}"
        );
    }
    for sentence in &analysis.sentences {
        assert!(
            answer.get(sentence.start..sentence.end).is_some(),
            "sentence {sentence:?}"
        );
    }
}

const STRONG_STAR: &str = "Last year I was the only data analyst on a team of six at a regional grocery chain. \
My task was to find out why online orders were being cancelled at twice the normal rate. \
I pulled three months of order logs and I joined them with the stock feed from each store. \
I found that the website kept showing items as in stock for four hours after the shelves were empty. \
I then wrote a short proposal, walked the operations manager through the numbers, and I built a \
script that refreshed stock every fifteen minutes. I also set up a daily report so the store \
managers could see substitutions before customers did. \
As a result, cancellations fell by 38% within six weeks and we kept about $120,000 a year in \
orders that used to be lost.";

#[test]
fn strong_star_answer_is_tagged_and_scored() {
    check(
        QuestionKind::Behavioral,
        &[],
        STRONG_STAR,
        expect![[r#"
            words 137 · 55s · quantified true · I 6 / we 0
              situation  Last year I was the only data analyst on a team of six at a regional grocery chain.
              task       My task was to find out why online orders were being cancelled at twice the normal rate.
              action     I pulled three months of order logs and I joined them with the stock feed from each store.
              action     I found that the website kept showing items as in stock for four hours after the shelves were empty.
              action     I then wrote a short proposal, walked the operations manager through the numbers, and I built a script that refreshed stock every fifteen minutes.
              action     I also set up a daily report so the store managers could see substitutions before customers did.
              result     As a result, cancellations fell by 38% within six weeks and we kept about $120,000 a year in orders that used to be lost.
            scores overall 83: structure 100 ownership 100 impact 95 concision 100 delivery 100
              Warn ShortOfTarget «Last year I was the only data analyst on a team of six at a regional grocery chain. My task was to find out why online orders were being cancelled at twice the normal rate. I pulled three months of order logs and I joined them with the stock feed from each store. I found that the website kept showing items as in stock for four hours after the shelves were empty. I then wrote a short proposal, walked the operations manager through the numbers, and I built a script that refreshed stock every fifteen minutes. I also set up a daily report so the store managers could see substitutions before customers did. As a result, cancellations fell by 38% within six weeks and we kept about $120,000 a year in orders that used to be lost.»
              Strength ResultQuantified «38%»
              Strength OwnActions «I pulled three months of order logs and I joined them with the stock feed from each store.»
        "#]],
    );
}

#[test]
fn we_heavy_answer_without_a_number_is_told_so() {
    check(
        QuestionKind::Behavioral,
        &[],
        "Our team was behind on a big release at my last company. We had to ship the new billing page \
         before the end of the quarter. We split the work, we met every morning, and we cut two features \
         that were not needed. We also asked the design team for help with the screens. In the end we \
         launched on time and the client was happy with it.",
        expect![[r#"
            words 68 · 27s · quantified false · I 0 / we 4 (we-heavy)
              situation  Our team was behind on a big release at my last company.
              task       We had to ship the new billing page before the end of the quarter.
              action     We split the work, we met every morning, and we cut two features that were not needed.
              action     We also asked the design team for help with the screens.
              result     In the end we launched on time and the client was happy with it.
            scores overall 47: structure 100 ownership 8 impact 50 concision 100 delivery 100
              Warn ShortOfTarget «Our team was behind on a big release at my last company. We had to ship the new billing page before the end of the quarter. We split the work, we met every morning, and we cut two features that were not needed. We also asked the design team for help with the screens. In the end we launched on time and the client was happy with it.»
              Warn NumbersOnlyInSetup «In the end we launched on time and the client was happy with it.»
              Warn WeHeavy «We split the work, we met every morning, and we cut two features that were not needed.»
        "#]],
    );
}

/// A short spoken story packs task, action and result into one sentence joined by ", so I" and
/// ", and we": each clause is read as its own part, so "I made posters" is an action and "we got
/// 200 followers" a measured result, not "no actions of your own".
#[test]
fn clauses_joined_by_so_and_and_we_are_parts_of_their_own() {
    check(
        QuestionKind::Behavioral,
        &[],
        "Last summer our baking club ran a charity bake sale for a local hospice. I was responsible \
         for the marketing, so I made posters and an Instagram page, and we got 200 followers in two \
         weeks.",
        expect![[r#"
            words 36 · 14s · quantified true · I 1 / we 0
              situation  Last summer our baking club ran a charity bake sale for a local hospice.
              task       I was responsible for the marketing
              action     so I made posters and an Instagram page
              result     and we got 200 followers in two weeks.
            scores overall 60: structure 65 ownership 100 impact 95 concision 100 delivery 100
              Warn ShortOfTarget «Last summer our baking club ran a charity bake sale for a local hospice. I was responsible for the marketing, so I made posters and an Instagram page, and we got 200 followers in two weeks.»
              Warn ActionTooThin «so I made posters and an Instagram page»
              Strength ResultQuantified «200 followers»
        "#]],
    );
}

#[test]
fn one_word_answer_is_not_scored() {
    check(
        QuestionKind::Behavioral,
        &[],
        "Teamwork.",
        expect![[r#"
            words 1 · 0s · quantified false · I 0 / we 0
              situation  Teamwork.
            not scored
              Major TooShort «Teamwork.»
        "#]],
    );
}

#[test]
fn empty_answer_is_not_scored_and_points_nowhere_outside_the_text() {
    check(
        QuestionKind::Technical,
        &[],
        "",
        expect![[r#"
        words 0 · 0s · quantified false · I 0 / we 0
        not scored
          Major TooShort «»
    "#]],
    );
}

#[test]
fn fillers_are_found_but_grammatical_like_is_not() {
    check(
        QuestionKind::Behavioral,
        &[],
        "Um, so I like working with data, and tools like Spark felt like magic at first. It was, like, \
         really slow, you know. Uh, I rewrote the job and it ran in 10 minutes instead of an hour.",
        expect![[r#"
            words 38 · 15s · quantified false · I 1 / we 0
              situation  Um, so I like working with data, and tools like Spark felt like magic at first.
              situation  It was, like, really slow, you know.
              action     Uh, I rewrote the job and it ran in 10 minutes instead of an hour.
            fillers: Um | like | you know | Uh
            scores overall 32: structure 40 ownership 100 impact 10 concision 100 delivery 15
              Warn ShortOfTarget «Um, so I like working with data, and tools like Spark felt like magic at first. It was, like, really slow, you know. Uh, I rewrote the job and it ran in 10 minutes instead of an hour.»
              Info MissingTask «Um, so I like working with data, and tools like Spark felt like magic at first.»
              Warn MissingResult «Uh, I rewrote the job and it ran in 10 minutes instead of an hour.»
              Warn FillerWords «Um»
        "#]],
    );
}

#[test]
fn technical_answer_is_checked_against_key_points() {
    check(
        QuestionKind::Technical,
        &[
            "An index is a separate sorted data structure, usually a B-tree",
            "Indexes speed up reads but slow down writes",
            "Composite index column order matters for which queries can use it",
        ],
        "An index is a separate data structure, usually a B-tree, kept sorted by the indexed column, \
         so the database can find rows without scanning the whole table. The cost is that every insert \
         and update has to maintain the index too, so writes get slower and the index takes disk space.",
        expect![[r#"
            words 52 · 21s · quantified false · I 0 / we 0
              other      An index is a separate data structure, usually a B-tree, kept sorted by the indexed column, so the database can find rows without scanning the whole table.
              other      The cost is that every insert and update has to maintain the index too, so writes get slower and the index takes disk space.
            scores overall 40: concision 100 relevance 31 delivery 100
              Warn ShortOfTarget «An index is a separate data structure, usually a B-tree, kept sorted by the indexed column, so the database can find rows without scanning the whole table. The cost is that every insert and update has to maintain the index too, so writes get slower and the index takes disk space.»
              Strength KeyPointCovered «An index is a separate data structure, usually a B-tree, kept sorted by the indexed column, so the database can find rows without scanning the whole table.»
              Major KeyPointContradicted «An index is a separate data structure, usually a B-tree, kept sorted by the indexed column, so the database can find rows without scanning the whole table. The cost is that every insert and update has to maintain the index too, so writes get slower and the index takes disk space.»
              Warn KeyPointMissed «An index is a separate data structure, usually a B-tree, kept sorted by the indexed column, so the database can find rows without scanning the whole table. The cost is that every insert and update has to maintain the index too, so writes get slower and the index takes disk space.»
        "#]],
    );
}

#[test]
fn analysis_is_deterministic() {
    let input = AnalysisInput {
        competencies: &[],
        question: "Q?",
        kind: QuestionKind::Behavioral,
        key_points: &[],
        answer: STRONG_STAR,
    };
    assert_eq!(analyze(&input), analyze(&input));
}

#[test]
fn analysis_round_trips_through_json() {
    let input = AnalysisInput {
        competencies: &[],
        question: "Q?",
        kind: QuestionKind::Behavioral,
        key_points: &[],
        answer: STRONG_STAR,
    };
    let analysis = analyze(&input);
    let json = serde_json::to_string(&analysis).unwrap();
    let back: Analysis = serde_json::from_str(&json).unwrap();
    assert_eq!(back, analysis);
}

#[test]
fn json_has_the_contract_fields() {
    let input = AnalysisInput {
        competencies: &[],
        question: "Q?",
        kind: QuestionKind::Behavioral,
        key_points: &[],
        answer: STRONG_STAR,
    };
    let json = serde_json::to_value(analyze(&input)).unwrap();
    for field in [
        "kind",
        "word_count",
        "speaking_seconds",
        "sentences",
        "star",
        "result_quantified",
        "ownership",
        "fillers",
        "on_topic",
        "scores",
        "findings",
    ] {
        assert!(json.get(field).is_some(), "missing {field}");
    }
    for part in ["situation", "task", "action", "result"] {
        for field in ["present", "sentences", "words", "share"] {
            assert!(
                json["star"][part].get(field).is_some(),
                "missing star.{part}.{field}"
            );
        }
    }
    assert_eq!(json["kind"], "behavioral");
    assert!(json["scores"]["overall"].is_u64());
}

#[test]
fn no_panic_and_valid_spans_on_odd_text() {
    for answer in [
        "\0\0\0",
        "e\u{301}\u{301}\u{301} .  . ! ?",
        "שלום עולם. مرحبا بالعالم! 😀😀 I did it.",
        "line one\r\nline two\r\n- bullet\r\n",
        "......!!!???",
        "I I I I we we we",
        "$$$ 100% %%% ,,, 1,2,3.4.5",
    ] {
        for kind in QuestionKind::ALL {
            let key_points = vec!["a b c".to_owned(), String::new()];
            let analysis = analyze(&AnalysisInput {
                competencies: &[],
                question: "",
                kind: *kind,
                key_points: &key_points,
                answer,
            });
            assert_invariants(&analysis, answer);
        }
    }
}

const TIME_CONFLICT: &str = "Tell me about a time you had a conflict with a coworker.";

#[test]
fn a_hypothetical_is_not_a_story() {
    check_codes(
        TIME_CONFLICT,
        QuestionKind::Behavioral,
        &["conflict"],
        &[],
        "If I had a conflict with a coworker, I would first talk to them privately to understand their side. \
         I would listen carefully and try to find common ground. If that did not work, I would involve my manager. \
         I think communication is the key to resolving any disagreement, so I would make sure we both feel heard.",
        expect!["score 24, on topic true: ShortOfTarget Hypothetical"],
    );
}

#[test]
fn a_story_of_who_disagreed_is_a_conflict_story() {
    // "disagreed" keeps its -eed (so "need" and "speed" stay whole); the lexicon names the form.
    check_codes(
        TIME_CONFLICT,
        QuestionKind::Behavioral,
        &["conflict"],
        &[],
        "Last year a coworker and I disagreed about how to launch a billing feature. He wanted to ship it to every \
         customer at once, and I thought that was too risky. I asked him for a meeting, I listened to his reasons, \
         and I showed him the error rates from our last launch. Then I proposed a release to ten percent of \
         customers first, and I wrote the rollout plan myself.",
        expect!["score 43, on topic true: ShortOfTarget MissingTask MissingResult OwnActions"],
    );
}

#[test]
fn a_habit_is_not_a_story() {
    check_codes(
        TIME_CONFLICT,
        QuestionKind::Behavioral,
        &["conflict"],
        &[],
        "I always try to deal with disagreements early. Whenever there is tension on the team, I make sure to talk \
         to the person directly and I usually suggest we look at the facts together. I tend to stay calm and I never \
         let a conflict become personal, because in my experience that is what makes it worse.",
        expect!["score 25, on topic true: ShortOfTarget Habitual"],
    );
}

#[test]
fn a_deflection_is_named() {
    check_codes(
        "Tell me about a time you failed.",
        QuestionKind::Behavioral,
        &["failure"],
        &[],
        "Honestly I can't think of a real failure. I am a very careful person and I always double check my work, \
         so things usually go to plan. I suppose I sometimes take on too much, but that is because I care a lot.",
        expect!["score 20, on topic true: ShortOfTarget Deflection"],
    );
}

#[test]
fn a_polished_story_on_the_wrong_competency_is_off_topic_and_unscored() {
    check_codes(
        TIME_CONFLICT,
        QuestionKind::Behavioral,
        &["conflict"],
        &[],
        "Last year I was the only analyst on our sales operations team. My task was to speed up the weekly revenue \
         report. I mapped every step, I automated the data pull with a scheduled query, and I wrote a short guide for \
         the two people who used to do it by hand. As a result the report now goes out on Monday at nine instead of \
         Tuesday afternoon, which saves about six hours of work every week.",
        expect!["not scored, on topic false: OffTopic ShortOfTarget ResultQuantified OwnActions"],
    );
}

#[test]
fn numbers_in_the_setup_do_not_quantify_the_result() {
    check_codes(
        "Tell me about a project you led.",
        QuestionKind::Behavioral,
        &["leadership"],
        &[],
        "At my last company I led a team of 12 engineers across 3 offices, supporting 4,000 customers. \
         My goal was to move our billing system to the new platform before the old contract ended. \
         I split the work into four streams, I ran a weekly review with each lead, and I negotiated a two week \
         freeze with the sales team. In the end we moved everything over and the launch went smoothly.",
        expect!["score 61, on topic true: ShortOfTarget NumbersOnlyInSetup OwnActions"],
    );
}

#[test]
fn an_answer_in_another_language_is_named_not_scored() {
    check_codes(
        TIME_CONFLICT,
        QuestionKind::Behavioral,
        &["conflict"],
        &[],
        "El año pasado tuve un conflicto con un compañero de trabajo sobre el plan del proyecto. \
         Hablé con él y encontramos una solución que funcionó para los dos y para el equipo.",
        expect!["not scored, on topic true: NotEnglish"],
    );
}

#[test]
fn saying_i_dont_know_and_stopping_is_coached() {
    check_codes(
        "How would you design a cache for a read-heavy API?",
        QuestionKind::Technical,
        &[],
        &[
            "Use a cache-aside pattern with a time to live",
            "Invalidate or update entries on writes",
        ],
        "I don't know, I have never used a cache like that.",
        expect!["not scored, on topic true: TooShort DontKnow"],
    );
}

#[test]
fn reasoning_aloud_is_recognised() {
    check_codes(
        "How would you design a cache for a read-heavy API?",
        QuestionKind::Technical,
        &[],
        &[
            "Use a cache-aside pattern with a time to live",
            "Invalidate or update entries on writes",
        ],
        "I haven't built one myself, but I'd start by asking which reads are hot and how stale they can be. \
         My guess is I would put a cache in front of the database, read from it first, and on a miss load from \
         the database and store the result with a time to live. I would also need to invalidate the entry \
         whenever a write changes it, otherwise readers could see old data.",
        expect![
            "score 86, on topic true: ShortOfTarget ReasoningAloud KeyPointCovered KeyPointCovered"
        ],
    );
}

#[test]
fn the_right_words_used_wrongly_are_a_contradiction() {
    check_codes(
        "How does a database index speed up reads, and what does it cost?",
        QuestionKind::Technical,
        &[],
        &["Indexes speed up reads but slow down writes, because every index must be maintained"],
        "An index is a sorted copy of a column, so reads are faster, and it also makes writes faster because \
         the database already knows where each new row goes, so there is no downside to indexing every column.",
        expect!["score 24, on topic true: ShortOfTarget KeyPointContradicted"],
    );
}

#[test]
fn a_measured_result_is_quoted_with_what_it_counts() {
    let answer = "Last year I was the support lead for a team of six at a software company. My task was to bring down the time new hires took before they could answer tickets alone. I wrote a checklist of the twenty most common ticket types, I recorded short videos for each one, and I paired every new hire with a senior agent for their first week. I reviewed their first fifty answers myself and I gave feedback the same day. As a result, new hires now answer tickets alone after two weeks instead of six, and the team kept its response time through a busy season.";
    let analysis = analyze(&AnalysisInput {
        question: "Tell me about a time you improved a process.",
        kind: QuestionKind::Behavioral,
        competencies: &[],
        key_points: &[],
        answer,
    });
    let measured = analysis
        .findings
        .iter()
        .find(|finding| finding.code == FindingCode::ResultQuantified)
        .expect("the result is measured");
    assert_eq!(&answer[measured.start..measured.end], "two weeks");
}

#[test]
fn a_shorter_answer_is_never_less_concise() {
    let long = "Last year I was the support lead for a team of six. My task was to cut the time new hires took to answer tickets alone. I wrote a checklist of the common ticket types and I paired each new hire with a senior agent. As a result, new hires now work alone after two weeks instead of six.";
    let short = "I was the support lead. I paired each new hire with a senior agent, and they now work alone after two weeks instead of six.";
    let concision = |answer: &str| {
        analyze(&AnalysisInput {
            question: "Tell me about a time you improved a process.",
            kind: QuestionKind::Behavioral,
            competencies: &[],
            key_points: &[],
            answer,
        })
        .scores
        .unwrap()
        .concision
    };
    assert!(concision(short) >= concision(long));
    // Running long still costs.
    let rambling = format!("{long} ").repeat(9);
    assert!(concision(&rambling) < concision(long));
}

#[test]
fn a_number_inside_a_name_does_not_measure_the_result() {
    let answer = "Last winter I was the nurse in charge of a busy medical ward of eight patients. My task was to keep everyone safe on a short-staffed night. I checked every patient's observations myself, I escalated one patient with sepsis to the registrar, and I rearranged the breaks so the bay was never left alone. By the end of the shift the patient's NEWS2 had dropped and nobody else deteriorated.";
    let analysis = analyze(&AnalysisInput {
        question: "Tell me about a time you worked under pressure.",
        kind: QuestionKind::Behavioral,
        competencies: &[],
        key_points: &[],
        answer,
    });
    assert!(
        analysis
            .findings
            .iter()
            .all(|finding| finding.code != FindingCode::ResultQuantified),
        "{:?}",
        analysis.findings
    );
}
