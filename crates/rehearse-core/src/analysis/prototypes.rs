//! What each competency and each framework step sounds like, in a few plain sentences of our own:
//! the sentence model compares an answer's sentences with these to judge what a story shows and
//! which step a note does, in whatever words the candidate uses.

/// A competency as a story that shows it would tell it, one prototype per competency of the
/// vocabulary (`lexicon::COMPETENCY_CUES`), in the same names.
pub(super) const COMPETENCIES: &[(&str, &str)] = &[
    (
        "challenge",
        "I faced a hard problem at work, with obstacles in the way, and I worked through the difficulty until I overcame it.",
    ),
    (
        "conflict",
        "I disagreed with a colleague and there was tension between us; I talked it through with them and we resolved the conflict.",
    ),
    (
        "leadership",
        "I led a team or a project, set the direction, organised the people and got the group to deliver.",
    ),
    (
        "failure",
        "Something I was responsible for went wrong and failed; I owned the mistake, fixed what I could and learned from it.",
    ),
    (
        "learning",
        "I had to learn a new skill or subject quickly, studied it, practised and was soon able to use it.",
    ),
    (
        "disagreement",
        "I disagreed with a decision made by my manager or leadership, raised my concerns respectfully with evidence, and then committed to the outcome.",
    ),
    (
        "achievement",
        "This is the accomplishment I am proudest of: a significant result I delivered that made a real difference.",
    ),
    (
        "ownership",
        "I took ownership of a problem nobody owned, treated it as my responsibility and saw it through to the end.",
    ),
    (
        "influence",
        "I had no authority over them, but I persuaded other people to change their minds and support my idea.",
    ),
    (
        "prioritization",
        "I had too much to do and competing deadlines, so I decided what mattered most, prioritised and dropped or delayed the rest.",
    ),
    (
        "ambiguity",
        "The goal was unclear and information was missing, so I made sense of the uncertainty, made assumptions and moved forward.",
    ),
    (
        "customer-focus",
        "I listened to a customer or client, understood what they needed and went out of my way to solve their problem.",
    ),
    (
        "feedback",
        "I received critical feedback on my work, accepted it, and changed how I work; or I gave someone difficult feedback.",
    ),
    (
        "ethics",
        "I was asked or tempted to do something dishonest or unsafe, and I refused and did the right thing despite the pressure.",
    ),
    (
        "motivation",
        "This is why I want this job and what drives me in my work and career.",
    ),
    (
        "career-change",
        "I moved from a different field into this one and carried my skills over to the new career.",
    ),
    (
        "teamwork",
        "I worked closely with my teammates, shared the work, helped others and we collaborated to reach a shared goal.",
    ),
    (
        "communication",
        "I had to explain something complex to people who did not understand it, so I made the message clear and simple for that audience.",
    ),
    (
        "adaptability",
        "Circumstances changed suddenly, and I adapted my plan and way of working to the new situation.",
    ),
    (
        "problem-solving",
        "I investigated a problem, found its root cause by analysing it step by step, and fixed it.",
    ),
    (
        "pressure",
        "I was under intense pressure with a tight deadline and high stakes, stayed calm and delivered on time.",
    ),
    (
        "initiative",
        "Without being asked, I noticed an opportunity or a problem and started something on my own to improve it.",
    ),
    (
        "mentoring",
        "I coached and mentored a junior colleague, helped them learn and grow, and they became more capable.",
    ),
    (
        "stakeholder-management",
        "I managed several stakeholders with different interests, kept them informed and aligned on expectations.",
    ),
    (
        "decision-making",
        "I had to make a difficult decision with trade-offs, weighed the options and chose, and explained why.",
    ),
    (
        "self-awareness",
        "I know my own strengths and weaknesses and I am working to improve the weak spots.",
    ),
    (
        "technical-depth",
        "I explained in technical detail how the system or algorithm works and why it behaves that way.",
    ),
    (
        "system-design",
        "I designed the architecture of a system: its components, data flow, scaling and trade-offs.",
    ),
    (
        "analytical-thinking",
        "I analysed the data and numbers, found patterns and drew conclusions that guided the decision.",
    ),
    (
        "business-acumen",
        "I understood the business model, revenue and costs, and made a decision that served the company's commercial goals.",
    ),
    (
        "safety",
        "I noticed a risk to someone's safety, followed the safety procedure and protected the patient, customer or colleague from harm.",
    ),
];

/// How interviewers ask about each competency: two questions of our own each, for reading what a
/// question probes when it shares no cue word with the vocabulary.
pub(super) const QUESTIONS: &[(&str, &[&str])] = &[
    (
        "challenge",
        &[
            "Tell me about the hardest problem you have faced at work.",
            "Describe an obstacle that stood in your way and how you got past it.",
        ],
    ),
    (
        "conflict",
        &[
            "Tell me about a time you had a conflict with a coworker.",
            "Describe a time you had to deal with a difficult or angry person.",
        ],
    ),
    (
        "leadership",
        &[
            "Tell me about a time you led a team through a project.",
            "Describe a time you took charge of a group to get something done.",
        ],
    ),
    (
        "failure",
        &[
            "Tell me about a time you failed.",
            "Describe a mistake you made and what you did about it.",
        ],
    ),
    (
        "learning",
        &[
            "Tell me about a time you had to learn something new quickly.",
            "How did you get up to speed on a subject you knew nothing about?",
        ],
    ),
    (
        "disagreement",
        &[
            "Tell me about a time you disagreed with your manager's decision.",
            "Describe a time you pushed back on a direction you thought was wrong.",
        ],
    ),
    (
        "achievement",
        &[
            "What is the accomplishment you are proudest of?",
            "Tell me about your biggest success at work.",
        ],
    ),
    (
        "ownership",
        &[
            "Tell me about a time you took responsibility for something outside your role.",
            "Describe a time you owned a problem from start to finish.",
        ],
    ),
    (
        "influence",
        &[
            "Tell me about a time you persuaded people who did not report to you.",
            "Describe a time you won people over to your idea without any authority.",
        ],
    ),
    (
        "prioritization",
        &[
            "Tell me about a time you had too many things to do at once.",
            "How did you decide what to work on when everything was urgent?",
        ],
    ),
    (
        "ambiguity",
        &[
            "Tell me about a time you had to act without all the information you needed.",
            "Describe a project where the goal was unclear.",
        ],
    ),
    (
        "customer-focus",
        &[
            "Tell me about a time you went out of your way for a customer.",
            "Describe how you handled a client whose needs you had to understand.",
        ],
    ),
    (
        "feedback",
        &[
            "Tell me about a time you received critical feedback.",
            "Describe a time you had to give someone difficult feedback.",
        ],
    ),
    (
        "ethics",
        &[
            "Tell me about a time you were asked to do something you thought was wrong.",
            "Describe a time you had to choose between the easy way and the right way.",
        ],
    ),
    (
        "motivation",
        &[
            "Why do you want this job?",
            "What motivates you in your work?",
        ],
    ),
    (
        "career-change",
        &[
            "Why are you changing careers?",
            "How does your experience in another field prepare you for this role?",
        ],
    ),
    (
        "teamwork",
        &[
            "Tell me about a time you worked well as part of a team.",
            "Describe how you collaborated with colleagues to reach a shared goal.",
        ],
    ),
    (
        "communication",
        &[
            "Tell me about a time you explained something complicated to someone without your background.",
            "Describe a time you had to present to a difficult audience.",
        ],
    ),
    (
        "adaptability",
        &[
            "Tell me about a time your plans changed suddenly.",
            "Describe a time you had to adapt to a big change at work.",
        ],
    ),
    (
        "problem-solving",
        &[
            "Tell me about a time you solved a difficult problem.",
            "Describe how you found the root cause of an issue.",
        ],
    ),
    (
        "pressure",
        &[
            "Tell me about a time you worked under intense pressure.",
            "Describe how you handled a very tight deadline.",
        ],
    ),
    (
        "initiative",
        &[
            "Tell me about a time you did something without being asked.",
            "Describe an improvement you started on your own.",
        ],
    ),
    (
        "mentoring",
        &[
            "Tell me about a time you helped a less experienced colleague grow.",
            "Describe how you coached or trained someone new.",
        ],
    ),
    (
        "stakeholder-management",
        &[
            "Tell me about a time you managed stakeholders with competing interests.",
            "How do you keep several groups aligned on a project?",
        ],
    ),
    (
        "decision-making",
        &[
            "Tell me about a difficult decision you had to make.",
            "Describe a time you chose between two hard options.",
        ],
    ),
    (
        "self-awareness",
        &[
            "What is your greatest weakness?",
            "What would your colleagues say you need to improve?",
        ],
    ),
    (
        "technical-depth",
        &[
            "Explain how this technology works under the hood.",
            "Walk me through the technical details of a system you built.",
        ],
    ),
    (
        "system-design",
        &[
            "How would you design a large-scale system like this?",
            "Describe the architecture you would choose and why.",
        ],
    ),
    (
        "analytical-thinking",
        &[
            "Tell me about a time you used data to make a decision.",
            "Describe how you analysed a complex problem.",
        ],
    ),
    (
        "business-acumen",
        &[
            "Tell me about a time you improved the business's results.",
            "How do you think about cost, revenue and the company's goals?",
        ],
    ),
    (
        "safety",
        &[
            "Tell me about a time you noticed something unsafe.",
            "Describe how you protected a patient or colleague from harm.",
        ],
    ),
];

/// The prototype of a competency, by name.
pub(super) fn competency(name: &str) -> Option<&'static str> {
    COMPETENCIES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, text)| *text)
}

/// What each step of the system-design framework sounds like in a candidate's notes: a few
/// sentences each, in different words, so one unusual phrasing is not the only way in.
pub(super) const DESIGN_STEPS: &[(&str, &[&str])] = &[
    (
        "requirements",
        &[
            "First I clarify the requirements: what the system must do for users and which features are in scope.",
            "Functional requirements and non-functional requirements such as latency, availability and consistency.",
            "I would ask who the users are, how they use it, and what is out of scope.",
        ],
    ),
    (
        "estimation",
        &[
            "Back-of-the-envelope estimate: 10 million daily users, about 1,000 requests per second, 2 terabytes of storage a year.",
            "Rough numbers: writes per second, reads per second, storage per day and bandwidth.",
        ],
    ),
    (
        "high_level",
        &[
            "The high-level design: clients talk to a load balancer, then stateless application servers, a database and a cache.",
            "The main components and how data flows between them, from the API to the storage.",
        ],
    ),
    (
        "deep_dive",
        &[
            "Going deeper into the key component: the data model, the schema and the algorithm it uses.",
            "In detail, the table has these columns and this index, and the service generates ids this way.",
        ],
    ),
    (
        "bottlenecks",
        &[
            "The bottleneck is the database, which becomes the hot spot under heavy load.",
            "Where the system will be slow or overloaded first, and the single points of contention.",
        ],
    ),
    (
        "scalability",
        &[
            "To scale, shard the data across many machines, add read replicas and scale the servers horizontally.",
            "As traffic grows ten times, partition the data and add more nodes behind the load balancer.",
        ],
    ),
    (
        "failure_modes",
        &[
            "When a server or a whole data centre goes down, requests fail over to a replica and retries are safe.",
            "What happens when a machine dies or the network breaks: redundancy, replication and recovery.",
        ],
    ),
    (
        "tradeoffs",
        &[
            "The trade-off: choosing availability over strong consistency, which costs us stale reads.",
            "I chose this option over the alternative because it is simpler, accepting that it is slower.",
        ],
    ),
];

/// What each item of the design checklist (`drill::design_checklist_with`) sounds like, in the
/// item's own words and in plainer ones. The framework's steps lend theirs where an item is one.
pub(super) const DESIGN_CHECKS: &[(&str, &[&str])] = &[
    (
        "components",
        &[
            "The main components are a web server, an application service, a database and a message queue.",
            "Requests go through an API gateway to the service, which reads and writes the data store.",
        ],
    ),
    (
        "sharding",
        &[
            "Shard the data by user id so each database node holds only part of the rows.",
            "Split the table across several machines by a key, and rebalance the partitions when one grows too big.",
        ],
    ),
    (
        "caching",
        &[
            "Put a cache such as Redis in front of the database for the hot reads, with a time to live.",
            "Keep a copy of the most requested results in memory so most reads never reach the database.",
            "Answers that are asked for again and again are held close at hand and expire after a while.",
        ],
    ),
    (
        "cdn",
        &[
            "Serve images and static files from a content delivery network close to the users.",
            "Copies of the media sit at edge locations around the world, so a download comes from a nearby server.",
        ],
    ),
    (
        "failure_handling",
        &[
            "If a server crashes, another copy takes over and the clients retry, so users barely notice.",
        ],
    ),
    (
        "async",
        &[
            "Put the slow work on a queue and let background workers process it asynchronously.",
            "The request returns at once and the heavy job is handed to workers that pick it up later from a list of jobs.",
        ],
    ),
];

/// The same for the five steps of a case interview.
pub(super) const CASE_STEPS: &[(&str, &[&str])] = &[
    (
        "clarify",
        &[
            "First I would clarify the goal: what does the client want, what counts as success, and over what time frame.",
            "Let me check my understanding of the question and ask about the client and the objective.",
        ],
    ),
    (
        "structure",
        &[
            "I would structure the problem into branches: revenue and costs, then customers, competitors and the company.",
            "My framework breaks the question into three parts that I will go through in turn.",
        ],
    ),
    (
        "hypotheses",
        &[
            "My hypothesis is that profits fell because costs rose, and I would test that first.",
            "I suspect the cause is falling prices; if that is true we should see it in the data.",
        ],
    ),
    (
        "analysis",
        &[
            "Doing the maths: 2 million customers times 30 dollars is 60 million in revenue, which is a 10 percent drop.",
            "Looking at the numbers, margins fell from 20 to 12 percent while volume stayed flat.",
        ],
    ),
    (
        "recommendation",
        &[
            "My recommendation is to enter the market, because the numbers show it pays back in two years; the risk is a price war.",
            "So I would advise the client to cut the product line and invest in the other one.",
        ],
    ),
];

/// What a sentence that states the task sounds like: the speaker's own responsibility or goal.
pub(super) const TASK: &[&str] = &[
    "My job was to fix it before the deadline.",
    "I was responsible for getting the project delivered on time.",
    "The goal I had to reach was to cut the waiting time in half.",
    "I had to find out why it kept failing and stop it happening again.",
];

/// What a sentence that states the result sounds like: an outcome that happened.
pub(super) const RESULT: &[&str] = &[
    "As a result, the report went out on time every week.",
    "In the end, the customer renewed the contract.",
    "The outcome was that errors dropped by half over the next quarter.",
    "It worked: the team hit the target and the complaints stopped.",
];
