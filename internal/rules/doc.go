// Package rules is Kiroku's library of legal summaries and its taxonomy of
// incident categories.
//
// # The data
//
// The library is data, not code: JSON files embedded from assets/rules
// (assets.Rules) and described field by field in docs/RULES.md. Load reads
// and validates them; Default returns the library built into the binary.
//
//   - library.json: the schema version, the notice every rule page carries,
//     and the kinds of rule (definitions, employer duties, Rousai...).
//   - sources.json: the documents the rules cite, with their edition or date.
//   - categories.json: the categories a diary entry can be tagged with
//     (stable kebab-case ids such as "power-harassment"), in groups, with
//     labels, descriptions and keywords for Suggest.
//   - rules/*.json: the rules, in reading order (files by name, then rules
//     in file order). Each has a stable kebab-case id, a title, a summary,
//     key points and the evidence that matters, all in Japanese and English,
//     the sources it summarises (document, section, page) and the categories
//     it relates to. Rules that summarise an item of the health ministry's
//     psychological-load evaluation table also carry that item: its number,
//     average strength (I to III) and examples of weak, medium and strong.
//
// Everything is checked when loading: ids, both languages of every text,
// every citation against sources.json, every category link in both
// directions. A library that fails is refused as a whole; tests guarantee
// the embedded one loads.
//
// # Editorial policy
//
// Summaries are written in the project's own words from the cited sources:
// facts carry over, sentences do not (a test compares every text with the
// source documents and fails on long shared passages). Each rule names the
// edition it summarises. Where a source is older than the law in force the
// rule says so in its caution: the Rousai evaluation table summarised here
// is the 2020 edition, replaced on 2023-09-01. Phone numbers and dates from
// old sources are never presented as current.
//
// # Not legal advice
//
// The rules are summaries for orientation, not legal advice. Every rule
// carries the library's notice (Rule.Notice) and the app must show it
// wherever a rule is shown. Category suggestions are suggestions only: the
// user decides which categories an entry has.
package rules
