//! The question model: what the bank holds, what practice asks and what attempts refer to.
//!
//! The enums here carry their wire names (the kebab-case strings of DESIGN.md §6) in one place,
//! [`named_enum!`], so parsing, printing and JSON can never disagree.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Declares a fieldless enum whose variants have fixed wire names, with `ALL`, `as_str`, `label`,
/// `FromStr`, `Display` and serde support all derived from that one table.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal / $label:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The wire name, as used in JSON, URLs, the CLI and data files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)+ }
            }

            /// A short human label for pages and terminal output.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::question::UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($wire => Ok($name::$variant),)+
                    _ => Err($crate::question::UnknownName {
                        what: stringify!($name),
                        given: s.chars().take(60).collect(),
                        expected: &[$($wire,)+],
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow::<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use named_enum;

/// A name that is not one of an enum's wire names; its message lists the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    pub(crate) what: &'static str,
    pub(crate) given: String,
    pub(crate) expected: &'static [&'static str],
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.what {
            "QuestionKind" => "question kind",
            "RoleFamily" => "role family",
            "Seniority" => "seniority",
            "Difficulty" => "difficulty",
            "StarPart" => "STAR part",
            "Round" => "round",
            "Persona" => "persona",
            "Mode" => "mode",
            other => other,
        };
        write!(
            f,
            "unknown {what} {:?}; expected one of: {}",
            self.given,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

named_enum! {
    /// The five interview kinds of the guide; the bank is typed by them.
    QuestionKind {
        Behavioral = "behavioral" / "Behavioral",
        Technical = "technical" / "Technical",
        SystemDesign = "system-design" / "System design",
        TakeHome = "take-home" / "Take-home",
        Case = "case" / "Case study",
    }
}

named_enum! {
    /// The role families of DESIGN.md §6.
    RoleFamily {
        SoftwareEngineering = "software-engineering" / "Software engineering",
        MlEngineering = "ml-engineering" / "ML / AI engineering",
        DataScience = "data-science" / "Data science",
        DataAnalysis = "data-analysis" / "Data analysis",
        ProductManagement = "product-management" / "Product management",
        EngineeringManagement = "engineering-management" / "Engineering management",
        Design = "design" / "Design",
        Healthcare = "healthcare" / "Healthcare",
        Sales = "sales" / "Sales",
        Marketing = "marketing" / "Marketing",
        Hr = "hr" / "HR",
        Education = "education" / "Education",
        Retail = "retail" / "Retail",
        Finance = "finance" / "Finance",
        CustomerSuccess = "customer-success" / "Customer success",
        Operations = "operations" / "Operations",
        Other = "other" / "Other",
    }
}

named_enum! {
    /// Seniority levels of DESIGN.md §6.
    Seniority {
        Entry = "entry" / "Entry level",
        Mid = "mid" / "Mid level",
        Senior = "senior" / "Senior",
        Staff = "staff" / "Staff / principal",
        Manager = "manager" / "Manager",
        Director = "director" / "Director",
    }
}

named_enum! {
    /// How hard a question is to answer well.
    Difficulty {
        Easy = "easy" / "Easy",
        Medium = "medium" / "Medium",
        Hard = "hard" / "Hard",
    }
}

/// A question's stable identifier, e.g. `beh-conflict-coworker`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct QuestionId(pub String);

impl QuestionId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One interview question with the reference material that feedback uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: QuestionId,
    pub kind: QuestionKind,
    /// The role families it suits; empty means every role.
    pub role_families: Vec<RoleFamily>,
    /// Competencies from the shared vocabulary (behavioral) or the skills it tests.
    pub competencies: Vec<String>,
    /// Technical topics, as lowercase slugs.
    pub topics: Vec<String>,
    /// The levels it suits; empty means every level.
    pub seniority: Vec<Seniority>,
    pub difficulty: Difficulty,
    /// One of the five most common behavioral questions.
    pub common: bool,
    pub text: String,
    /// What the interviewer learns from the answer.
    pub tests: String,
    /// What a strong answer covers; for technical questions, the reference points checked.
    pub key_points: Vec<String>,
    pub follow_ups: Vec<String>,
    pub pitfalls: Vec<String>,
    /// System design: the scale the design must meet ("50 million daily users, ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// How answers are judged, strongest expectation first (system design, case, take-home).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rubric: Vec<String>,
}

impl Question {
    /// Whether the question suits this role family (questions with no families suit every role).
    pub fn suits_role(&self, role: RoleFamily) -> bool {
        self.role_families.is_empty() || self.role_families.contains(&role)
    }
}

/// Which questions to show: every `Some` field must match.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QuestionFilter {
    pub kind: Option<QuestionKind>,
    pub role: Option<RoleFamily>,
}

impl QuestionFilter {
    /// Whether `question` passes the filter.
    pub fn matches(&self, question: &Question) -> bool {
        self.kind.is_none_or(|kind| question.kind == kind)
            && self.role.is_none_or(|role| question.suits_role(role))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_for_every_enum_value() {
        for kind in QuestionKind::ALL {
            assert_eq!(kind.as_str().parse::<QuestionKind>(), Ok(*kind));
        }
        for role in RoleFamily::ALL {
            assert_eq!(role.as_str().parse::<RoleFamily>(), Ok(*role));
        }
        for level in Seniority::ALL {
            assert_eq!(level.as_str().parse::<Seniority>(), Ok(*level));
        }
        assert_eq!(RoleFamily::ALL.len(), 17);
    }

    #[test]
    fn unknown_names_list_the_accepted_ones() {
        let error = "sytem-design".parse::<QuestionKind>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown question kind \"sytem-design\"; expected one of: behavioral, technical, \
             system-design, take-home, case"
        );
    }

    #[test]
    fn enums_serialize_as_their_wire_names() {
        let json =
            serde_json::to_string(&[QuestionKind::SystemDesign, QuestionKind::TakeHome]).unwrap();
        assert_eq!(json, r#"["system-design","take-home"]"#);
        let back: Vec<QuestionKind> = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back,
            vec![QuestionKind::SystemDesign, QuestionKind::TakeHome]
        );
        assert!(serde_json::from_str::<QuestionKind>(r#""coding""#).is_err());
    }
}
